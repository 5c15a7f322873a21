package observability_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/iampolicy"
	o "github.com/saleor-platform/infra/components/observability"
	"github.com/saleor-platform/infra/internal/harness"
)

// runSlack runs both instances and a Slack channel on an eu-west-1 provider subscribed to
// every topic of both.
func runSlack(t *testing.T, args o.SlackChannelArgs, opts ...harness.Option) (*harness.Inventory, error) {
	t.Helper()
	r, g := regional(), global()
	return harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		primary, err := o.NewObservability(ctx, "observability", &r, pulumi.Providers(p[0]))
		if err != nil {
			return err
		}
		edge, err := o.NewObservability(ctx, "observability-global", &g, pulumi.Providers(p[1]))
		if err != nil {
			return err
		}
		if args.TopicArns == nil {
			args.TopicArns = append(primary.Topics(), edge.Topics(o.Critical)...)
		}
		_, err = o.NewSlackChannel(ctx, "slack", &args, pulumi.Providers(p[2]))
		return err
	}, "eu-central-1", "us-east-1", "eu-west-1"), harness.ComponentStack(), opts...)
}

func slackArgs() o.SlackChannelArgs {
	return o.SlackChannelArgs{ConfigurationName: "saleor-test-alerts", WorkspaceID: "T07EA123LEP", ChannelID: "C07EZ1ABC23"}
}

func TestSlackChannelReceivesTheTopicsWithAReadOnlyGuardrail(t *testing.T) {
	inv, err := runSlack(t, slackArgs())
	if err != nil {
		t.Fatal(err)
	}
	configs := inv.OfType("aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration")
	if len(configs) != 1 {
		t.Fatalf("%d Slack configurations", len(configs))
	}
	c := configs[0]
	if c.String("configurationName") != "saleor-test-alerts" || c.String("slackTeamId") != "T07EA123LEP" || c.String("slackChannelId") != "C07EZ1ABC23" {
		t.Errorf("configuration %s for %s/%s", c.String("configurationName"), c.String("slackTeamId"), c.String("slackChannelId"))
	}
	var topics []string
	for _, arn := range c.Strings("snsTopicArns") {
		if topic := inv.ByID(arn); topic != nil {
			topics = append(topics, topic.Name)
		}
	}
	want := []string{"observability-critical", "observability-high", "observability-medium", "observability-global-critical"}
	if !slices.Equal(topics, want) {
		t.Errorf("channel receives %v, want %v", topics, want)
	}
	if !slices.Equal(c.Strings("guardrailPolicyArns"), []string{"arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"}) ||
		!c.Bool("userAuthorizationRequired") || c.String("loggingLevel") != "NONE" {
		t.Errorf("guardrails %v, user authorization %v, logging %q", c.Strings("guardrailPolicyArns"), c.Bool("userAuthorizationRequired"), c.String("loggingLevel"))
	}
	role := inv.ByID(c.String("iamRoleArn"))
	if role == nil {
		t.Fatalf("channel role %q is not a role of the run", c.String("iamRoleArn"))
	}
	var trust, policy iampolicy.Document
	if err := role.JSON("assumeRolePolicy", &trust); err != nil || trust.Statement[0].Principal["Service"].([]any)[0] != "chatbot.amazonaws.com" {
		t.Errorf("role trust %+v (%v)", trust, err)
	}
	if err := inv.Named("aws:iam/rolePolicy:RolePolicy", "slack").JSON("policy", &policy); err != nil {
		t.Fatal(err)
	}
	for _, s := range policy.Statement {
		for _, action := range s.Action {
			if !strings.HasPrefix(action, "cloudwatch:Describe") && !strings.HasPrefix(action, "cloudwatch:Get") && !strings.HasPrefix(action, "cloudwatch:List") {
				t.Errorf("channel role may %s", action)
			}
		}
	}
}

func TestSlackChannelValidation(t *testing.T) {
	_, err := runSlack(t, o.SlackChannelArgs{ConfigurationName: "bad name", WorkspaceID: "t-lower", ChannelID: "#alerts", LoggingLevel: "DEBUG", TopicArns: []pulumi.StringInput{}})
	for _, want := range []string{"ConfigurationName", "WorkspaceID", "ChannelID", "TopicArns", "LoggingLevel"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name %s", err, want)
		}
	}
}
