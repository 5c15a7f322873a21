package compute

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Fargate capacity providers.
const (
	fargate     = "FARGATE"
	fargateSpot = "FARGATE_SPOT"
)

// cluster is the ECS cluster and its capacity providers' association, which every service
// with a capacity provider strategy must wait for: ECS refuses a strategy naming a provider
// not yet associated with the cluster.
type cluster struct {
	*ecs.Cluster
	capacity *ecs.ClusterCapacityProviders
}

// newCluster creates the cluster with Container Insights, able to place tasks on FARGATE and
// FARGATE_SPOT; a task started without a strategy (the migration run) goes to FARGATE.
func newCluster(ctx *pulumi.Context, name string, a *ComputeArgs, opts ...pulumi.ResourceOption) (*cluster, error) {
	c, err := ecs.NewCluster(ctx, name, &ecs.ClusterArgs{
		Name: pulumi.String(a.NamePrefix),
		Settings: ecs.ClusterSettingArray{&ecs.ClusterSettingArgs{
			Name: pulumi.String("containerInsights"), Value: pulumi.String("enabled"),
		}},
	}, opts...)
	if err != nil {
		return nil, err
	}
	capacity, err := ecs.NewClusterCapacityProviders(ctx, name, &ecs.ClusterCapacityProvidersArgs{
		ClusterName:       c.Name,
		CapacityProviders: pulumi.ToStringArray([]string{fargate, fargateSpot}),
		DefaultCapacityProviderStrategies: ecs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArray{
			&ecs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArgs{CapacityProvider: pulumi.String(fargate), Weight: pulumi.Int(1)},
		},
	}, opts...)
	return &cluster{Cluster: c, capacity: capacity}, err
}

// capacityStrategy returns where a service's tasks run: on FARGATE, or with spot, the first
// base tasks (the service's floor) on FARGATE and every further task on FARGATE_SPOT, so a
// Spot reclaim never takes the service below its floor. A reclaimed worker gets SIGTERM two
// minutes ahead (its stopTimeout), finishes or abandons its task, and SQS returns any
// message it had not acknowledged once the visibility timeout expires.
func capacityStrategy(spot bool, base int) ecs.ServiceCapacityProviderStrategyArray {
	if !spot {
		return ecs.ServiceCapacityProviderStrategyArray{&ecs.ServiceCapacityProviderStrategyArgs{
			CapacityProvider: pulumi.String(fargate), Weight: pulumi.Int(1),
		}}
	}
	return ecs.ServiceCapacityProviderStrategyArray{
		&ecs.ServiceCapacityProviderStrategyArgs{CapacityProvider: pulumi.String(fargate), Base: pulumi.Int(base), Weight: pulumi.Int(0)},
		&ecs.ServiceCapacityProviderStrategyArgs{CapacityProvider: pulumi.String(fargateSpot), Weight: pulumi.Int(1)},
	}
}
