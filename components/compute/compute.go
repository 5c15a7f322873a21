package compute

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/validate"
)

// Queue is a broker queue and its dead-letter queue.
type Queue struct {
	// Name and DLQName are the SQS names (the CloudWatch QueueName dimension).
	Name, DLQName string
	// URL, Arn, DLQURL and DLQArn locate them.
	URL, Arn, DLQURL, DLQArn pulumi.StringOutput
}

// Service is one ECS service of the tier.
type Service struct {
	// Workload is the service's workload: "api", "beat", "webhooks" or "worker".
	Workload string
	// Name is the service's name (the ServiceName dimension).
	Name pulumi.StringOutput
	// MinTasks is the service's desired count and scaling floor.
	MinTasks int
}

// Compute is the application tier of one region.
type Compute struct {
	pulumi.ResourceState

	// ClusterName and ClusterArn are the ECS cluster's.
	ClusterName pulumi.StringOutput `pulumi:"clusterName"`
	ClusterArn  pulumi.StringOutput `pulumi:"clusterArn"`
	// APIServiceName, WorkerServiceName, WebhookWorkerServiceName and BeatServiceName are
	// the ECS services (the ServiceName dimension).
	APIServiceName           pulumi.StringOutput `pulumi:"apiServiceName"`
	WorkerServiceName        pulumi.StringOutput `pulumi:"workerServiceName"`
	WebhookWorkerServiceName pulumi.StringOutput `pulumi:"webhookWorkerServiceName"`
	BeatServiceName          pulumi.StringOutput `pulumi:"beatServiceName"`
	// Services lists every service with its minimum task count, by workload name.
	Services []Service
	// APITaskDefinitionArn is the API's latest revision (the AppSpec's with BlueGreen);
	// MigrationTaskDefinitionArn is the revision `aws ecs run-task` runs before a deploy.
	APITaskDefinitionArn       pulumi.StringOutput `pulumi:"apiTaskDefinitionArn"`
	MigrationTaskDefinitionArn pulumi.StringOutput `pulumi:"migrationTaskDefinitionArn"`
	// LoadBalancerArn, LoadBalancerArnSuffix (the LoadBalancer dimension), LoadBalancerDNSName
	// and LoadBalancerZoneID are the ALB's: the WAF association, alarms, CloudFront origin
	// and alias records use them.
	LoadBalancerArn       pulumi.StringOutput `pulumi:"loadBalancerArn"`
	LoadBalancerArnSuffix pulumi.StringOutput `pulumi:"loadBalancerArnSuffix"`
	LoadBalancerDNSName   pulumi.StringOutput `pulumi:"loadBalancerDnsName"`
	LoadBalancerZoneID    pulumi.StringOutput `pulumi:"loadBalancerZoneId"`
	// TargetGroupArnSuffixes are the API's target groups (the TargetGroup dimension): the
	// production one first, then BlueGreen's second.
	TargetGroupArnSuffixes pulumi.StringArrayOutput `pulumi:"targetGroupArnSuffixes"`
	// HTTPSListenerArn is the production listener, HTTPListenerArn the redirect;
	// TestListenerArn is BlueGreen's test listener ("" otherwise).
	HTTPSListenerArn pulumi.StringOutput `pulumi:"httpsListenerArn"`
	HTTPListenerArn  pulumi.StringOutput `pulumi:"httpListenerArn"`
	TestListenerArn  pulumi.StringOutput `pulumi:"testListenerArn"`
	// DefaultQueue and WebhookQueue are the broker queues.
	DefaultQueue, WebhookQueue Queue
	// RepositoryURL is the ECR repository CI pushes the Saleor image to.
	RepositoryURL pulumi.StringOutput `pulumi:"repositoryUrl"`
	// OriginVerifySecret is the X-Origin-Verify header value CloudFront must send (secret).
	OriginVerifySecret pulumi.StringOutput `pulumi:"originVerifySecret"`
	// SecretKeyArn and RSAPrivateKeyArn are the SECRET_KEY and RSA_PRIVATE_KEY secrets the
	// tasks read: generated here, or Secrets.Shared.
	SecretKeyArn     pulumi.StringOutput `pulumi:"secretKeyArn"`
	RSAPrivateKeyArn pulumi.StringOutput `pulumi:"rsaPrivateKeyArn"`
	// CodeDeployApplication and CodeDeployDeploymentGroup deploy the API with BlueGreen
	// ("" otherwise).
	CodeDeployApplication     pulumi.StringOutput `pulumi:"codeDeployApplication"`
	CodeDeployDeploymentGroup pulumi.StringOutput `pulumi:"codeDeployDeploymentGroup"`
	// Release is the runtime as cmd/release reads it, a target.Target.
	Release pulumi.AnyOutput `pulumi:"release"`
}

// computeType is the component's Pulumi type token.
const computeType = "saleor:compute:Compute"

// NewCompute creates the application tier in the region of the component's AWS provider.
func NewCompute(ctx *pulumi.Context, name string, args *ComputeArgs, opts ...pulumi.ResourceOption) (*Compute, error) {
	a, err := validate.Args(computeType, name, args, ComputeArgs.withDefaults, ComputeArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &Compute{}
	if err := ctx.RegisterComponentResource(computeType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	env, err := awsenv.Lookup(ctx, parent)
	if err != nil {
		return nil, err
	}
	repo, err := newRepository(ctx, name, &a, parent)
	if err != nil {
		return nil, err
	}
	queues, err := newQueues(ctx, name, &a, parent)
	if err != nil {
		return nil, err
	}
	cluster, err := newCluster(ctx, name, &a, parent)
	if err != nil {
		return nil, err
	}
	alb, err := newLoadBalancer(ctx, name, &a, parent)
	if err != nil {
		return nil, err
	}
	generated, err := newGeneratedSecrets(ctx, name, &a, parent)
	if err != nil {
		return nil, err
	}
	cfg, err := newAppConfig(ctx, name, &a, env, settingValues(&a, env, queues), generated, parent)
	if err != nil {
		return nil, err
	}
	c.SecretKeyArn = generated[envSecretKey].ToStringOutput()
	c.RSAPrivateKeyArn = generated[envRSAPrivateKey].ToStringOutput()
	img, err := newImageSource(ctx, name, a.Image, repo, env, parent)
	if err != nil {
		return nil, err
	}
	services, taskDefinitions, err := newWorkloads(ctx, name, &a, env, img, queues, cluster, alb, cfg, parent)
	if err != nil {
		return nil, err
	}

	c.ClusterName, c.ClusterArn = cluster.Name, cluster.Arn
	for w, shape := range shapes(&a, alb) {
		c.Services = append(c.Services, Service{Workload: w, Name: services[w].Name, MinTasks: shape.desired})
	}
	slices.SortFunc(c.Services, func(x, y Service) int { return strings.Compare(x.Workload, y.Workload) })
	c.APIServiceName, c.WorkerServiceName = services[apiWorkload].Name, services[workerWorkload].Name
	c.WebhookWorkerServiceName, c.BeatServiceName = services[webhookWorkload].Name, services[beatWorkload].Name
	c.APITaskDefinitionArn, c.MigrationTaskDefinitionArn = taskDefinitions[apiWorkload].Arn, taskDefinitions[migrateWorkload].Arn
	c.LoadBalancerArn, c.LoadBalancerArnSuffix = alb.alb.Arn, alb.alb.ArnSuffix
	c.LoadBalancerDNSName, c.LoadBalancerZoneID = alb.alb.DnsName, alb.alb.ZoneId
	var suffixes pulumi.StringArray
	for _, tg := range alb.targetGroups {
		suffixes = append(suffixes, tg.ArnSuffix)
	}
	c.TargetGroupArnSuffixes = suffixes.ToStringArrayOutput()
	c.HTTPSListenerArn, c.HTTPListenerArn = alb.https.Arn, alb.http.Arn
	none := pulumi.String("").ToStringOutput()
	c.TestListenerArn, c.CodeDeployApplication, c.CodeDeployDeploymentGroup = none, none, none
	if a.APIDeployment == BlueGreen {
		bg, err := newBlueGreen(ctx, name, &a, env, alb, cluster, services[apiWorkload], parent)
		if err != nil {
			return nil, err
		}
		c.TestListenerArn = alb.test.Arn
		c.CodeDeployApplication, c.CodeDeployDeploymentGroup = bg.application, bg.deploymentGroup
	}
	c.DefaultQueue, c.WebhookQueue = queues[defaultQueue].exported(), queues[webhookQueue].exported()
	c.RepositoryURL = repo.url
	c.OriginVerifySecret = pulumi.ToSecret(alb.originSecret).(pulumi.StringOutput)
	c.Release = releaseTarget(&a, env, repo, img, cluster, services, taskDefinitions, alb, c.CodeDeployApplication, c.CodeDeployDeploymentGroup)

	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"clusterName":                c.ClusterName,
		"apiServiceName":             c.APIServiceName,
		"workerServiceName":          c.WorkerServiceName,
		"webhookWorkerServiceName":   c.WebhookWorkerServiceName,
		"beatServiceName":            c.BeatServiceName,
		"apiTaskDefinitionArn":       c.APITaskDefinitionArn,
		"migrationTaskDefinitionArn": c.MigrationTaskDefinitionArn,
		"loadBalancerArn":            c.LoadBalancerArn,
		"loadBalancerDnsName":        c.LoadBalancerDNSName,
		"targetGroupArnSuffixes":     c.TargetGroupArnSuffixes,
		"httpsListenerArn":           c.HTTPSListenerArn,
		"defaultQueueUrl":            c.DefaultQueue.URL,
		"webhookQueueUrl":            c.WebhookQueue.URL,
		"repositoryUrl":              c.RepositoryURL,
		"originVerifySecret":         c.OriginVerifySecret,
	})
}

// newWorkloads creates every workload's log group, task role and task definition, and the
// services and scaling of those that run continuously.
func newWorkloads(ctx *pulumi.Context, name string, a *ComputeArgs, env awsenv.Environment, img imageSource, queues map[string]*queue,
	cluster *cluster, alb *loadBalancer, cfg *appConfig, opts ...pulumi.ResourceOption) (map[string]*ecs.Service, map[string]*ecs.TaskDefinition, error) {
	all := workloads(a)
	logGroups := map[string]string{}
	var logGroupArns []pulumi.StringInput
	for _, w := range all {
		logGroups[w.name] = a.Logs.Name("ecs/" + w.name)
		group, err := a.Logs.NewGroup(ctx, name+"-"+w.name, logGroups[w.name], logging.Application, opts...)
		if err != nil {
			return nil, nil, err
		}
		logGroupArns = append(logGroupArns, group.Arn)
	}
	secretKeys := []pulumi.StringInput{a.Keys.Secrets}
	if a.Keys.SharedSecrets != nil {
		secretKeys = append(secretKeys, a.Keys.SharedSecrets)
	}
	execution, err := newExecutionRole(ctx, name, env, img, logGroupArns, cfg, secretKeys, opts...)
	if err != nil {
		return nil, nil, err
	}
	shape := shapes(a, alb)
	services, taskDefinitions := map[string]*ecs.Service{}, map[string]*ecs.TaskDefinition{}
	for _, w := range all {
		role, err := newTaskRole(ctx, name, w, a, env, queues, opts...)
		if err != nil {
			return nil, nil, err
		}
		td, err := newTaskDefinition(ctx, name, w, a, env, img.reference, logGroups[w.name], cfg, execution.Arn, role.Arn, opts...)
		if err != nil {
			return nil, nil, err
		}
		taskDefinitions[w.name] = td
		s, ok := shape[w.name]
		if !ok {
			continue
		}
		svc, err := newService(ctx, name, w, s, a, cluster, td, opts...)
		if err != nil {
			return nil, nil, err
		}
		services[w.name] = svc
		switch {
		case w.name == apiWorkload:
			err = newCPUScaling(ctx, name+"-"+w.name, a, cluster, svc, opts...)
		case w.consumes != "":
			err = newQueueScaling(ctx, name+"-"+w.name, w, a, queues[w.consumes], cluster, svc, opts...)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	return services, taskDefinitions, nil
}

// exported returns the queue as the component exports it.
func (q *queue) exported() Queue {
	return Queue{Name: q.name, DLQName: q.dlqName, URL: q.url, Arn: q.arn, DLQURL: q.dlqURL, DLQArn: q.dlqArn}
}
