package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/codedeploy"
	cdtypes "github.com/aws/aws-sdk-go-v2/service/codedeploy/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/saleor-platform/infra/internal/release"
)

// clients implements release's Registry, Cluster, Deployer and Targets with the AWS SDK for
// Go v2, in one region.
type clients struct {
	ecr    *ecr.Client
	ecs    *ecs.Client
	deploy *codedeploy.Client
	elb    *elb.Client
	// maxWait bounds each wait (a one-off task, a service deployment, a traffic shift);
	// poll is how often CodeDeploy is asked.
	maxWait, poll time.Duration
}

func newClients(cfg aws.Config, maxWait time.Duration) *clients {
	return &clients{
		ecr: ecr.NewFromConfig(cfg), ecs: ecs.NewFromConfig(cfg), deploy: codedeploy.NewFromConfig(cfg), elb: elb.NewFromConfig(cfg),
		maxWait: maxWait, poll: 15 * time.Second,
	}
}

// repositoryURL splits <registry>.dkr.ecr.<region>.amazonaws.com/<name>.
var repositoryURL = regexp.MustCompile(`^([0-9]{12})\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/(.+)$`)

func (c *clients) Image(ctx context.Context, url, tag string) (release.Image, error) {
	m := repositoryURL.FindStringSubmatch(url)
	if m == nil {
		return release.Image{}, fmt.Errorf("%q is not an ECR repository URL", url)
	}
	registry, name := m[1], m[2]
	repos, err := c.ecr.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RegistryId: &registry, RepositoryNames: []string{name}})
	if err != nil {
		return release.Image{}, err
	}
	if len(repos.Repositories) != 1 {
		return release.Image{}, fmt.Errorf("repository %s: %d found", url, len(repos.Repositories))
	}
	images, err := c.ecr.DescribeImages(ctx, &ecr.DescribeImagesInput{
		RegistryId: &registry, RepositoryName: &name, ImageIds: []ecrtypes.ImageIdentifier{{ImageTag: &tag}},
	})
	var notFound *ecrtypes.ImageNotFoundException
	switch {
	case errors.As(err, &notFound):
		return release.Image{}, release.ErrImageNotFound
	case err != nil:
		return release.Image{}, err
	case len(images.ImageDetails) != 1:
		return release.Image{}, release.ErrImageNotFound
	}
	return release.Image{
		Digest:    aws.ToString(images.ImageDetails[0].ImageDigest),
		Immutable: repos.Repositories[0].ImageTagMutability == ecrtypes.ImageTagMutabilityImmutable,
	}, nil
}

// service describes one ECS service.
func (c *clients) service(ctx context.Context, cluster, name string) (ecstypes.Service, error) {
	out, err := c.ecs.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: &cluster, Services: []string{name}})
	if err != nil {
		return ecstypes.Service{}, err
	}
	if len(out.Services) != 1 {
		return ecstypes.Service{}, fmt.Errorf("service %s in cluster %s: not found %v", name, cluster, out.Failures)
	}
	return out.Services[0], nil
}

func (c *clients) ServiceTaskDefinition(ctx context.Context, cluster, name string) (string, error) {
	svc, err := c.service(ctx, cluster, name)
	return aws.ToString(svc.TaskDefinition), err
}

func (c *clients) RegisterWithImage(ctx context.Context, taskDefinition, image string) (string, error) {
	out, err := c.ecs.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{
		TaskDefinition: &taskDefinition, Include: []ecstypes.TaskDefinitionField{ecstypes.TaskDefinitionFieldTags},
	})
	if err != nil {
		return "", err
	}
	td := out.TaskDefinition
	for i := range td.ContainerDefinitions {
		td.ContainerDefinitions[i].Image = &image
	}
	var tags []ecstypes.Tag
	if len(out.Tags) > 0 {
		tags = out.Tags
	}
	reg, err := c.ecs.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{
		Family: td.Family, ContainerDefinitions: td.ContainerDefinitions,
		TaskRoleArn: td.TaskRoleArn, ExecutionRoleArn: td.ExecutionRoleArn, NetworkMode: td.NetworkMode,
		RequiresCompatibilities: td.RequiresCompatibilities, Cpu: td.Cpu, Memory: td.Memory,
		RuntimePlatform: td.RuntimePlatform, Volumes: td.Volumes, PlacementConstraints: td.PlacementConstraints,
		EphemeralStorage: td.EphemeralStorage, PidMode: td.PidMode, IpcMode: td.IpcMode,
		ProxyConfiguration: td.ProxyConfiguration, InferenceAccelerators: td.InferenceAccelerators,
		EnableFaultInjection: td.EnableFaultInjection, Tags: tags,
	})
	if err != nil {
		return "", err
	}
	return aws.ToString(reg.TaskDefinition.TaskDefinitionArn), nil
}

func (c *clients) Run(ctx context.Context, task release.OneOff) (int, error) {
	in := &ecs.RunTaskInput{
		Cluster: &task.Cluster, TaskDefinition: &task.TaskDefinition, Count: aws.Int32(1),
		CapacityProviderStrategy: []ecstypes.CapacityProviderStrategyItem{{CapacityProvider: aws.String("FARGATE"), Weight: 1}},
		NetworkConfiguration: &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{
			Subnets: task.Network.Subnets, SecurityGroups: task.Network.SecurityGroups, AssignPublicIp: ecstypes.AssignPublicIpDisabled,
		}},
		StartedBy: aws.String("saleor-release"),
	}
	if task.Command != nil {
		td, err := c.ecs.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: &task.TaskDefinition})
		if err != nil {
			return 0, err
		}
		if n := len(td.TaskDefinition.ContainerDefinitions); n != 1 {
			return 0, fmt.Errorf("%s has %d containers; a command override needs exactly one", task.TaskDefinition, n)
		}
		in.Overrides = &ecstypes.TaskOverride{ContainerOverrides: []ecstypes.ContainerOverride{{
			Name: td.TaskDefinition.ContainerDefinitions[0].Name, Command: task.Command,
		}}}
	}
	run, err := c.ecs.RunTask(ctx, in)
	if err != nil {
		return 0, err
	}
	if len(run.Tasks) != 1 {
		return 0, fmt.Errorf("the task did not start: %+v", run.Failures)
	}
	describe := &ecs.DescribeTasksInput{Cluster: &task.Cluster, Tasks: []string{aws.ToString(run.Tasks[0].TaskArn)}}
	if err := ecs.NewTasksStoppedWaiter(c.ecs).Wait(ctx, describe, c.maxWait); err != nil {
		return 0, fmt.Errorf("task %s: %w", aws.ToString(run.Tasks[0].TaskArn), err)
	}
	stopped, err := c.ecs.DescribeTasks(ctx, describe)
	if err != nil {
		return 0, err
	}
	if len(stopped.Tasks) != 1 || len(stopped.Tasks[0].Containers) == 0 || stopped.Tasks[0].Containers[0].ExitCode == nil {
		reason := ""
		if len(stopped.Tasks) == 1 {
			reason = aws.ToString(stopped.Tasks[0].StoppedReason)
		}
		return 0, fmt.Errorf("task %s stopped without an exit code: %s", aws.ToString(run.Tasks[0].TaskArn), reason)
	}
	return int(*stopped.Tasks[0].Containers[0].ExitCode), nil
}

func (c *clients) UpdateService(ctx context.Context, cluster, service, taskDefinition string) error {
	_, err := c.ecs.UpdateService(ctx, &ecs.UpdateServiceInput{Cluster: &cluster, Service: &service, TaskDefinition: &taskDefinition})
	return err
}

func (c *clients) WaitStable(ctx context.Context, cluster string, services map[string]string) error {
	var names []string
	for name := range services {
		names = append(names, name)
	}
	describe := &ecs.DescribeServicesInput{Cluster: &cluster, Services: names}
	if err := ecs.NewServicesStableWaiter(c.ecs).Wait(ctx, describe, c.maxWait); err != nil {
		return err
	}
	out, err := c.ecs.DescribeServices(ctx, describe)
	if err != nil {
		return err
	}
	var errs []error
	for _, svc := range out.Services {
		want := services[aws.ToString(svc.ServiceName)]
		for _, d := range svc.Deployments {
			if aws.ToString(d.Status) != "PRIMARY" {
				continue
			}
			if aws.ToString(d.TaskDefinition) != want || (d.RolloutState != "" && d.RolloutState != ecstypes.DeploymentRolloutStateCompleted) {
				errs = append(errs, fmt.Errorf("%s runs %s (%s: %s), not %s: the deployment circuit breaker rolled it back",
					aws.ToString(svc.ServiceName), aws.ToString(d.TaskDefinition), d.RolloutState, aws.ToString(d.RolloutStateReason), want))
			}
		}
	}
	return errors.Join(errs...)
}

func (c *clients) Deploy(ctx context.Context, application, group, appSpec string) (string, error) {
	sum := sha256.Sum256([]byte(appSpec))
	out, err := c.deploy.CreateDeployment(ctx, &codedeploy.CreateDeploymentInput{
		ApplicationName: &application, DeploymentGroupName: &group,
		Description: aws.String("cmd/release"),
		Revision: &cdtypes.RevisionLocation{
			RevisionType:   cdtypes.RevisionLocationTypeAppSpecContent,
			AppSpecContent: &cdtypes.AppSpecContent{Content: &appSpec, Sha256: aws.String(hex.EncodeToString(sum[:]))},
		},
	})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.DeploymentId), nil
}

// afterAllowTraffic is the ECS deployment's lifecycle event after which production traffic
// is on the replacement task set.
const afterAllowTraffic = "AfterAllowTraffic"

func (c *clients) WaitTrafficShifted(ctx context.Context, id string) error {
	ctx, cancel := context.WithTimeout(ctx, c.maxWait)
	defer cancel()
	for {
		d, err := c.deploy.GetDeployment(ctx, &codedeploy.GetDeploymentInput{DeploymentId: &id})
		if err != nil {
			return err
		}
		switch info := d.DeploymentInfo; info.Status {
		case cdtypes.DeploymentStatusFailed, cdtypes.DeploymentStatusStopped:
			msg := ""
			if info.ErrorInformation != nil {
				msg = aws.ToString(info.ErrorInformation.Message)
			}
			return fmt.Errorf("%s (CodeDeploy rolls it back): %s", info.Status, msg)
		case cdtypes.DeploymentStatusSucceeded, cdtypes.DeploymentStatusBaking:
			return nil
		}
		if shifted, err := c.trafficAllowed(ctx, id); err != nil || shifted {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("traffic not shifted after %s: %w", c.maxWait, ctx.Err())
		case <-time.After(c.poll):
		}
	}
}

// trafficAllowed reports whether the deployment's ECS target passed AfterAllowTraffic.
func (c *clients) trafficAllowed(ctx context.Context, id string) (bool, error) {
	targets, err := c.deploy.ListDeploymentTargets(ctx, &codedeploy.ListDeploymentTargetsInput{DeploymentId: &id})
	if err != nil || len(targets.TargetIds) == 0 {
		return false, err
	}
	t, err := c.deploy.GetDeploymentTarget(ctx, &codedeploy.GetDeploymentTargetInput{DeploymentId: &id, TargetId: &targets.TargetIds[0]})
	if err != nil || t.DeploymentTarget == nil || t.DeploymentTarget.EcsTarget == nil {
		return false, err
	}
	for _, e := range t.DeploymentTarget.EcsTarget.LifecycleEvents {
		if aws.ToString(e.LifecycleEventName) == afterAllowTraffic && e.Status == cdtypes.LifecycleEventStatusSucceeded {
			return true, nil
		}
	}
	return false, nil
}

func (c *clients) StopAndRollBack(ctx context.Context, id string) error {
	_, err := c.deploy.StopDeployment(ctx, &codedeploy.StopDeploymentInput{DeploymentId: &id, AutoRollbackEnabled: aws.Bool(true)})
	return err
}

func (c *clients) States(ctx context.Context, targetGroupArn string) ([]string, error) {
	out, err := c.elb.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: &targetGroupArn})
	if err != nil {
		return nil, err
	}
	var states []string
	for _, d := range out.TargetHealthDescriptions {
		if d.TargetHealth != nil {
			states = append(states, string(d.TargetHealth.State))
		}
	}
	return states, nil
}
