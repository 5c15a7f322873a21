package harness

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ComponentStack is the stack component tests run as: project "saleor", stack "test", no
// config.
func ComponentStack() Stack {
	return Stack{Project: "saleor", Name: "test", Config: map[string]string{}}
}

// TestTags are the default tags InRegions' providers carry.
var TestTags = map[string]string{"Project": "saleor", "Environment": "test", "ManagedBy": "pulumi"}

// InRegions returns a program that creates one explicit AWS provider per region (named
// "aws-<region>", tagging with TestTags) and hands them to body in order. Component tests use
// it to run a component alone.
func InRegions(body func(ctx *pulumi.Context, providers []*aws.Provider) error, regions ...string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		var providers []*aws.Provider
		for _, region := range regions {
			p, err := aws.NewProvider(ctx, "aws-"+region, &aws.ProviderArgs{
				Region:      pulumi.String(region),
				DefaultTags: aws.ProviderDefaultTagsArgs{Tags: pulumi.ToStringMap(TestTags)},
			})
			if err != nil {
				return err
			}
			providers = append(providers, p)
		}
		return body(ctx, providers)
	}
}
