package release

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/saleor-platform/infra/internal/release/target"
)

// fakeAWS is ECR, ECS, CodeDeploy and the load balancer of one region, recording each call
// as one line in calls.
type fakeAWS struct {
	calls []string

	missing, mutable bool
	// exitCodes are the one-off tasks' exit codes by command ("" for the task definition's own).
	exitCodes map[string]int
	// unstable fails WaitStable for a service.
	unstable string
	// deployFails fails the CodeDeploy deployment before traffic shifts.
	deployFails bool
	// states are the targets' health states.
	states []string
	// failRollback fails UpdateService during a rollback (after a StopAndRollBack or a failed wait).
	failRollback bool
	rollingBack  bool
	// appSpecs are the AppSpecs deployed.
	appSpecs []string
}

func (f *fakeAWS) record(format string, args ...any) {
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
}

func (f *fakeAWS) Image(_ context.Context, repository, tag string) (Image, error) {
	f.record("ecr image %s:%s", repository, tag)
	if f.missing {
		return Image{}, ErrImageNotFound
	}
	return Image{Digest: "sha256:" + strings.Repeat("a", 64), Immutable: !f.mutable}, nil
}

func (f *fakeAWS) ServiceTaskDefinition(_ context.Context, cluster, service string) (string, error) {
	f.record("ecs describe %s", service)
	return "td/" + service + ":1", nil
}

func (f *fakeAWS) RegisterWithImage(_ context.Context, td, image string) (string, error) {
	f.record("ecs register %s with %s", td, image)
	return td + "+" + image[strings.LastIndex(image, ":")+1:], nil
}

func (f *fakeAWS) Run(_ context.Context, task OneOff) (int, error) {
	command := strings.Join(task.Command, " ")
	f.record("ecs run %s %q in %v", task.TaskDefinition, command, task.Network.SecurityGroups)
	return f.exitCodes[command], nil
}

func (f *fakeAWS) UpdateService(_ context.Context, cluster, service, td string) error {
	f.record("ecs update %s to %s", service, td)
	if f.rollingBack && f.failRollback {
		return errors.New("throttled")
	}
	return nil
}

func (f *fakeAWS) WaitStable(_ context.Context, cluster string, services map[string]string) error {
	names := slices.Sorted(maps.Keys(services))
	f.record("ecs wait %s", strings.Join(names, " "))
	if f.unstable != "" && slices.Contains(names, f.unstable) && !f.rollingBack {
		f.rollingBack = true
		return fmt.Errorf("%s: the circuit breaker rolled the deployment back", f.unstable)
	}
	return nil
}

func (f *fakeAWS) Deploy(_ context.Context, app, group, spec string) (string, error) {
	f.record("codedeploy deploy %s/%s", app, group)
	f.appSpecs = append(f.appSpecs, spec)
	return "d-1", nil
}

func (f *fakeAWS) WaitTrafficShifted(_ context.Context, id string) error {
	f.record("codedeploy wait %s", id)
	if f.deployFails {
		f.rollingBack = true
		return errors.New("deployment failed: tasks did not become healthy")
	}
	return nil
}

func (f *fakeAWS) StopAndRollBack(_ context.Context, id string) error {
	f.record("codedeploy stop %s with rollback", id)
	f.rollingBack = true
	return nil
}

func (f *fakeAWS) States(_ context.Context, tg string) ([]string, error) {
	f.record("elb health %s", tg)
	if f.states == nil {
		return []string{"healthy", "healthy"}, nil
	}
	return f.states, nil
}

// runtime returns a serving runtime whose API deploys with deployment.
func runtime(deployment string) target.Target {
	t := target.Target{
		Region: "eu-central-1", Cluster: "saleor-test",
		Repository: "111111111111.dkr.ecr.eu-central-1.amazonaws.com/saleor-test/saleor",
		Image:      "111111111111.dkr.ecr.eu-central-1.amazonaws.com/saleor-test/saleor:3.21.4",
		Services: []target.Service{
			{Workload: "worker", Name: "worker", TaskDefinition: "td/worker:5"},
			{Workload: "webhooks", Name: "webhooks", TaskDefinition: "td/webhooks:5"},
			{Workload: "beat", Name: "beat", TaskDefinition: "td/beat:5"},
		},
		MigrationTaskDefinition: "td/migrate:5",
		StaticTaskDefinition:    "td/worker:5",
		TaskNetwork:             target.Network{Subnets: []string{"subnet-a"}, SecurityGroups: []string{"sg-worker"}},
		Serving:                 true,
		API: target.API{
			Service: "api", TaskDefinition: "td/api:5", Deployment: deployment,
			ContainerName: "api", ContainerPort: 8000, TargetGroupArns: []string{"tg/blue"},
			Network:          target.Network{Subnets: []string{"subnet-a"}, SecurityGroups: []string{"sg-api"}},
			CapacityProvider: "FARGATE",
		},
	}
	if deployment == target.BlueGreen {
		t.API.CodeDeployApplication, t.API.CodeDeployDeploymentGroup = "app", "group"
		t.API.TargetGroupArns = append(t.API.TargetGroupArns, "tg/green")
	}
	return t
}
