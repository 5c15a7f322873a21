package compute

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// apiHealthGraceSeconds is how long ECS ignores failing ALB health checks of a new API
// task while Django loads.
const apiHealthGraceSeconds = 60

// CodeDeployOwned are the inputs of a CODE_DEPLOY-controlled service that its deployments
// own: each comes from the AppSpec's ECS target (TaskDefinition; LoadBalancerInfo's container
// name and port; NetworkConfiguration; CapacityProviderStrategy; PlatformVersion) and lives in
// CodeDeploy's task sets. ECS refuses to change them through UpdateService, and after a
// deployment the service reports the new task set's values, so Pulumi leaves them be; the
// AppSpec of a deployment carries them instead.
var CodeDeployOwned = []string{"capacityProviderStrategies", "loadBalancers", "networkConfiguration", "platformVersion", "taskDefinition"}

// serviceShape is what differs between the tier's services.
type serviceShape struct {
	desired        int
	securityGroup  pulumi.StringInput
	spot           bool
	scaled         bool
	minHealthyPct  int
	maxPct         int
	loadBalancers  ecs.ServiceLoadBalancerArray
	codeDeploy     bool
	dependsOnRoute pulumi.Resource
}

// apiMinTasks is the API's desired count and scaling floor: the catalog's, and at least 2
// when multi-AZ; 0 in PilotLight.
func apiMinTasks(a *ComputeArgs) int {
	switch {
	case a.Standby == PilotLight:
		return 0
	case a.HA.IsMultiAZ():
		return max(2, a.APITasks.Min)
	}
	return a.APITasks.Min
}

// workerMinTasks is a worker service's desired count and scaling floor: the catalog's; 0
// in PilotLight.
func workerMinTasks(a *ComputeArgs) int {
	if a.Standby == PilotLight {
		return 0
	}
	return a.WorkerTasks.Min
}

// beatTasks is beat's count: one where the runtime serves and sends the environment's
// periodic tasks, else none.
func beatTasks(a *ComputeArgs) int {
	if a.Standby == Serving && !a.BeatElsewhere {
		return 1
	}
	return 0
}

// shapes returns the services' shapes by workload; the migration task has no service.
func shapes(a *ComputeArgs, alb *loadBalancer) map[string]serviceShape {
	return map[string]serviceShape{
		apiWorkload: {
			desired: apiMinTasks(a), securityGroup: a.Network.APISecurityGroupID, scaled: true,
			minHealthyPct: 100, maxPct: 200, codeDeploy: a.APIDeployment == BlueGreen, dependsOnRoute: alb.rules[0],
			loadBalancers: ecs.ServiceLoadBalancerArray{&ecs.ServiceLoadBalancerArgs{
				TargetGroupArn: alb.targetGroups[0].Arn, ContainerName: pulumi.String(apiWorkload), ContainerPort: pulumi.Int(AppPort),
			}},
		},
		workerWorkload: {
			desired: workerMinTasks(a), securityGroup: a.Network.WorkerSecurityGroupID, spot: a.WorkersOnSpot, scaled: true,
			minHealthyPct: 100, maxPct: 200,
		},
		webhookWorkload: {
			desired: workerMinTasks(a), securityGroup: a.Network.WorkerSecurityGroupID, spot: a.WorkersOnSpot, scaled: true,
			minHealthyPct: 100, maxPct: 200,
		},
		// Exactly one beat, ever: a deployment stops the old one before starting the new one,
		// or every periodic task would be sent twice.
		beatWorkload: {
			desired: beatTasks(a), securityGroup: a.Network.WorkerSecurityGroupID, minHealthyPct: 0, maxPct: 100,
		},
	}
}

// newService runs a workload's task definition in the private subnets, without public IPs,
// spread over the zones.
func newService(ctx *pulumi.Context, name string, w workload, s serviceShape, a *ComputeArgs, cluster *cluster,
	taskDefinition *ecs.TaskDefinition, opts ...pulumi.ResourceOption) (*ecs.Service, error) {
	args := &ecs.ServiceArgs{
		Cluster:                    cluster.Arn,
		TaskDefinition:             taskDefinition.Arn,
		DesiredCount:               pulumi.Int(s.desired),
		CapacityProviderStrategies: capacityStrategy(s.spot, max(1, a.WorkerTasks.Min)),
		NetworkConfiguration: &ecs.ServiceNetworkConfigurationArgs{
			Subnets:        a.Network.PrivateSubnetIDs,
			SecurityGroups: pulumi.StringArray{s.securityGroup},
			AssignPublicIp: pulumi.Bool(false),
		},
		LoadBalancers:        s.loadBalancers,
		EnableEcsManagedTags: pulumi.Bool(true),
		PropagateTags:        pulumi.String("SERVICE"),
		EnableExecuteCommand: pulumi.Bool(false),
		Tags:                 pulumi.StringMap{"Role": pulumi.String(w.name)},
	}
	if len(s.loadBalancers) > 0 {
		args.HealthCheckGracePeriodSeconds = pulumi.Int(apiHealthGraceSeconds)
	}
	var ignore []string
	if s.scaled {
		ignore = append(ignore, "desiredCount") // the scaling policies own it
	}
	if s.codeDeploy {
		args.DeploymentController = &ecs.ServiceDeploymentControllerArgs{Type: pulumi.String("CODE_DEPLOY")}
		ignore = append(ignore, CodeDeployOwned...)
	} else {
		args.DeploymentController = &ecs.ServiceDeploymentControllerArgs{Type: pulumi.String("ECS")}
		args.DeploymentCircuitBreaker = &ecs.ServiceDeploymentCircuitBreakerArgs{Enable: pulumi.Bool(true), Rollback: pulumi.Bool(true)}
		args.DeploymentMinimumHealthyPercent = pulumi.Int(s.minHealthyPct)
		args.DeploymentMaximumPercent = pulumi.Int(s.maxPct)
		if s.maxPct > 100 {
			// ECS moves tasks back into a zone that lost them; it needs room above 100%.
			args.AvailabilityZoneRebalancing = pulumi.String("ENABLED")
		}
	}
	if len(ignore) > 0 {
		opts = append(opts, pulumi.IgnoreChanges(ignore))
	}
	ready := []pulumi.Resource{cluster.capacity}
	if s.dependsOnRoute != nil {
		ready = append(ready, s.dependsOnRoute)
	}
	opts = append(opts, pulumi.DependsOn(ready))
	return ecs.NewService(ctx, name+"-"+w.name, args, opts...)
}
