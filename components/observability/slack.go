package observability

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/chatbot"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/validate"
)

// SlackChannelArgs configures a SlackChannel.
type SlackChannelArgs struct {
	// ConfigurationName names the Chatbot configuration, unique in the account, e.g.
	// "saleor-prod-eu-alerts". Required: 1 to 128 letters, digits, dashes and underscores.
	ConfigurationName string
	// WorkspaceID is the Slack workspace (team) ID, e.g. "T07EA123LEP", of a workspace
	// already authorized in the AWS Chatbot console (a one-time OAuth step no API can do).
	// Required.
	WorkspaceID string
	// ChannelID is the Slack channel ID, e.g. "C07EZ1ABC23"; invite the AWS app to private
	// channels. Required.
	ChannelID string
	// TopicArns are the alert topics the channel receives, from any region (typically every
	// Observability instance's Topics()). At least one.
	TopicArns []pulumi.StringInput
	// LoggingLevel is Chatbot's logging: "ERROR", "INFO" or "NONE". Chatbot writes to log
	// groups it creates itself in us-east-1, outside this program's KMS and retention, so it
	// defaults to "NONE".
	LoggingLevel string
}

func (a SlackChannelArgs) withDefaults() SlackChannelArgs {
	if a.LoggingLevel == "" {
		a.LoggingLevel = "NONE"
	}
	return a
}

// Patterns of the Chatbot API's CreateSlackChannelConfiguration.
var (
	configurationName = regexp.MustCompile(`^[A-Za-z0-9-_]{1,128}$`)
	slackTeamID       = regexp.MustCompile(`^[0-9A-Z]{1,255}$`)
	slackChannelID    = regexp.MustCompile(`^[A-Za-z0-9]{1,255}$`)
)

func (a SlackChannelArgs) validate(p *validate.Problems) {
	p.Match("ConfigurationName", a.ConfigurationName, configurationName, "1 to 128 letters, digits, dashes and underscores")
	p.Match("WorkspaceID", a.WorkspaceID, slackTeamID, `a Slack workspace ID such as "T07EA123LEP"`)
	p.Match("ChannelID", a.ChannelID, slackChannelID, `a Slack channel ID such as "C07EZ1ABC23"`)
	p.Required("TopicArns", len(a.TopicArns) > 0, "at least one topic")
	validate.OneOf(p, "LoggingLevel", a.LoggingLevel, []string{"ERROR", "INFO", "NONE"})
}

// SlackChannel routes alert topics to a Slack channel through AWS Chatbot.
type SlackChannel struct {
	pulumi.ResourceState

	// ConfigurationArn is the Chatbot channel configuration's ARN.
	ConfigurationArn pulumi.StringOutput
}

// slackChannelType is the component's Pulumi type token.
const slackChannelType = "saleor:observability:SlackChannel"

// NewSlackChannel creates an AWS Chatbot Slack channel configuration subscribed to the
// topics, with a role that lets Chatbot read CloudWatch to render alarm notifications, and
// a CloudWatch read-only guardrail on anything run from the channel. The Chatbot API exists
// only in us-east-2, us-west-2, eu-west-1 and ap-southeast-1 (the provider calls us-west-2
// from any other region): pass a provider of one of those, eu-west-1 for EU stacks, so the
// configuration is stored in the EU.
func NewSlackChannel(ctx *pulumi.Context, name string, args *SlackChannelArgs, opts ...pulumi.ResourceOption) (*SlackChannel, error) {
	a, err := validate.Args(slackChannelType, name, args, SlackChannelArgs.withDefaults, SlackChannelArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &SlackChannel{}
	if err := ctx.RegisterComponentResource(slackChannelType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	env, err := awsenv.Lookup(ctx, parent)
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.String("AWS Chatbot: read CloudWatch to render alert notifications"),
		AssumeRolePolicy: pulumi.String(iampolicy.AssumeRole("chatbot.amazonaws.com")),
	}, parent)
	if err != nil {
		return nil, err
	}
	// Chatbot's notification permissions; CloudWatch's read APIs take no resource ARNs.
	if _, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: pulumi.String(iampolicy.New(iampolicy.Allow("ReadCloudWatchForNotifications",
			[]string{"cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*"}, "*")).String()),
	}, parent); err != nil {
		return nil, err
	}
	topics := make(pulumi.StringArray, len(a.TopicArns))
	copy(topics, a.TopicArns)
	config, err := chatbot.NewSlackChannelConfiguration(ctx, name, &chatbot.SlackChannelConfigurationArgs{
		ConfigurationName:         pulumi.String(a.ConfigurationName),
		SlackTeamId:               pulumi.String(a.WorkspaceID),
		SlackChannelId:            pulumi.String(a.ChannelID),
		IamRoleArn:                role.Arn,
		SnsTopicArns:              topics,
		GuardrailPolicyArns:       pulumi.StringArray{pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/CloudWatchReadOnlyAccess", env.Partition))},
		UserAuthorizationRequired: pulumi.Bool(true),
		LoggingLevel:              pulumi.String(a.LoggingLevel),
	}, parent)
	if err != nil {
		return nil, err
	}
	c.ConfigurationArn = config.ChatConfigurationArn
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"configurationArn": c.ConfigurationArn})
}
