package compute

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/internal/release/target"
)

// APIContainer is the API task definition's container, which the load balancer targets on
// AppPort (a BlueGreen deployment's AppSpec names both).
const APIContainer = apiWorkload

// staticWorkload is the workload whose task role may write the assets bucket and whose task
// definition runs collectstatic.
const staticWorkload = workerWorkload

// releaseTarget is the runtime as cmd/release reads it (target.Target): what it rolls, how,
// and where its one-off tasks run.
func releaseTarget(a *ComputeArgs, env awsenv.Environment, repo *repository, img imageSource, cluster *cluster,
	services map[string]*ecs.Service, taskDefinitions map[string]*ecs.TaskDefinition, alb *loadBalancer,
	codeDeployApp, codeDeployGroup pulumi.StringOutput) pulumi.AnyOutput {
	var groups pulumi.StringArray
	for _, tg := range alb.targetGroups {
		groups = append(groups, tg.Arn)
	}
	others := []string{workerWorkload, webhookWorkload, beatWorkload}
	inputs := []any{
		cluster.Name, repo.url, img.reference, services[apiWorkload].Name,
		taskDefinitions[migrateWorkload].Arn, taskDefinitions[staticWorkload].Arn,
		a.Network.PrivateSubnetIDs, a.Network.WorkerSecurityGroupID, a.Network.APISecurityGroupID,
		groups, codeDeployApp, codeDeployGroup,
	}
	inputs = append(inputs, taskDefinitions[apiWorkload].Arn)
	for _, w := range others {
		inputs = append(inputs, services[w].Name, taskDefinitions[w].Arn)
	}
	return pulumi.All(inputs...).ApplyT(func(v []any) target.Target {
		subnets := v[6].([]string)
		t := target.Target{
			Region:                  env.Region,
			Cluster:                 v[0].(string),
			Repository:              v[1].(string),
			Image:                   v[2].(string),
			MigrationTaskDefinition: v[4].(string),
			StaticTaskDefinition:    v[5].(string),
			TaskNetwork:             target.Network{Subnets: subnets, SecurityGroups: []string{v[7].(string)}},
			Serving:                 a.Standby == Serving,
			API: target.API{
				Service:                   v[3].(string),
				TaskDefinition:            v[12].(string),
				Deployment:                string(a.APIDeployment),
				CodeDeployApplication:     v[10].(string),
				CodeDeployDeploymentGroup: v[11].(string),
				ContainerName:             APIContainer,
				ContainerPort:             AppPort,
				TargetGroupArns:           v[9].([]string),
				Network:                   target.Network{Subnets: subnets, SecurityGroups: []string{v[8].(string)}},
				CapacityProvider:          fargate,
			},
		}
		for i, w := range others {
			t.Services = append(t.Services, target.Service{Workload: w, Name: v[13+2*i].(string), TaskDefinition: v[14+2*i].(string)})
		}
		return t
	}).(pulumi.AnyOutput)
}
