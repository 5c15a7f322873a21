package compute

import (
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
)

// newTaskDefinition registers a workload's Fargate task definition. Old revisions stay
// registered (skipDestroy), so a rollback can return to them.
func newTaskDefinition(ctx *pulumi.Context, name string, w workload, a *ComputeArgs, env awsenv.Environment, image pulumi.StringOutput,
	logGroup string, cfg *appConfig, executionRoleArn, taskRoleArn pulumi.StringInput, opts ...pulumi.ResourceOption) (*ecs.TaskDefinition, error) {
	return ecs.NewTaskDefinition(ctx, name+"-"+w.name, &ecs.TaskDefinitionArgs{
		Family:                  pulumi.String(a.NamePrefix + "-" + w.name),
		RequiresCompatibilities: pulumi.StringArray{pulumi.String("FARGATE")},
		NetworkMode:             pulumi.String("awsvpc"),
		Cpu:                     pulumi.String(strconv.Itoa(w.size.CPU)),
		Memory:                  pulumi.String(strconv.Itoa(w.size.MemoryMiB)),
		// X86_64: FARGATE_SPOT does not run ARM64 tasks.
		RuntimePlatform: &ecs.TaskDefinitionRuntimePlatformArgs{
			OperatingSystemFamily: pulumi.String("LINUX"),
			CpuArchitecture:       pulumi.String("X86_64"),
		},
		ExecutionRoleArn:     executionRoleArn,
		TaskRoleArn:          taskRoleArn,
		ContainerDefinitions: containerDefinitions(w, a, env, image, logGroup, cfg),
		SkipDestroy:          pulumi.Bool(true),
		Tags:                 pulumi.StringMap{"Role": pulumi.String(w.name)},
	}, opts...)
}
