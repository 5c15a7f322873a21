package harnesstest

import (
	"errors"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/saleor-platform/infra/internal/harness"
)

// PlatformOutputs are the outputs Platform's primary exports and its regional stacks read
// back and export again.
var PlatformOutputs = []string{"region", "dbPassword", "topicArn", "zones"}

// FailKey makes Platform fail when set, as a program fails on invalid config.
const FailKey = "saleor:fail"

// Platform is a one-program, two-role test platform for stack references. A stack without
// saleor:primaryStack exports a plain value, a secret, a list and the ARN of a topic it
// creates (unknown in preview); a stack with one reads them through a stack reference and
// exports what it read, asynchronously (GetOutput, under the same names) and synchronously
// (GetOutputDetails: regionDetail, passwordDetailIsSecret), as the real regional stacks do.
func Platform(ctx *pulumi.Context) error {
	if config.Get(ctx, FailKey) != "" {
		return errors.New("failed on purpose")
	}
	primary := config.Get(ctx, harness.PrimaryStackKey)
	if primary == "" {
		return harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
			topic, err := sns.NewTopic(ctx, "alerts", &sns.TopicArgs{}, pulumi.Provider(p[0]))
			if err != nil {
				return err
			}
			ctx.Export("region", pulumi.String("eu-central-1"))
			ctx.Export("dbPassword", pulumi.ToSecret(pulumi.String("correct horse battery staple")))
			ctx.Export("topicArn", topic.Arn)
			ctx.Export("zones", pulumi.ToStringArray([]string{"eu-central-1a", "eu-central-1b"}))
			return nil
		}, "eu-central-1")(ctx)
	}
	ref, err := pulumi.NewStackReference(ctx, "primary", &pulumi.StackReferenceArgs{Name: pulumi.String(primary)})
	if err != nil {
		return err
	}
	for _, name := range PlatformOutputs {
		ctx.Export(name, ref.GetOutput(pulumi.String(name)))
	}
	region, err := ref.GetOutputDetails("region")
	if err != nil {
		return err
	}
	password, err := ref.GetOutputDetails("dbPassword")
	if err != nil {
		return err
	}
	ctx.Export("regionDetail", pulumi.Any(region.Value))
	ctx.Export("passwordDetailIsSecret", pulumi.Bool(password.SecretValue != nil && password.Value == nil))
	return nil
}

// PlatformStack is a stack of Platform in environment; primary is its saleor:primaryStack,
// "" for a primary.
func PlatformStack(name, environment, primary string) harness.Stack {
	s := harness.ComponentStack()
	s.Name = name
	s.Config = map[string]string{harness.EnvironmentKey: environment}
	if primary != "" {
		s.Config[harness.PrimaryStackKey] = primary
		s.Config[harness.RoleKey] = "regional"
	}
	return s
}
