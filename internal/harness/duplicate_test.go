package harness

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TestDuplicateURNFailsTheRun: two resources of one type and name under the same parent type
// fail the run, in both modes, as the engine fails the deployment; distinct names pass.
func TestDuplicateURNFailsTheRun(t *testing.T) {
	topics := func(names ...string) pulumi.RunFunc {
		return InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
			for _, n := range names {
				if _, err := sns.NewTopic(ctx, n, &sns.TopicArgs{}, pulumi.Provider(p[0])); err != nil {
					return err
				}
			}
			return nil
		}, "eu-central-1")
	}
	for _, opts := range [][]Option{nil, {Preview()}} {
		_, err := Run(topics("alerts", "alerts"), ComponentStack(), opts...)
		problems := strictProblems(t, err)
		if len(problems) != 1 || !strings.Contains(problems[0], "Duplicate resource URN") || !strings.Contains(problems[0], "aws:sns/topic:Topic::alerts") {
			t.Errorf("problems %q, want the duplicate topic", problems)
		}
		if _, err := Run(topics("alerts", "warnings"), ComponentStack(), opts...); err != nil {
			t.Errorf("distinct names: %v", err)
		}
	}
}
