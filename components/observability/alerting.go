package observability

import (
	"fmt"
	"maps"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/validate"
)

// AlertingArgs configures the topics alarms and cost alerts publish to.
type AlertingArgs struct {
	// KMSKeyArn encrypts the topics: the region's messaging key, whose policy admits
	// CloudWatch, EventBridge, Budgets and Cost Anomaly Detection. Required.
	KMSKeyArn pulumi.StringInput
	// Recipients are the e-mail addresses and phone numbers subscribed to each priority's
	// topic. Defaults to none (the topics can still feed Slack through a SlackChannel).
	Recipients map[Priority]Recipients
}

// Recipients are the people one priority's alerts reach directly.
type Recipients struct {
	// Emails are e-mail addresses; each must confirm the subscription from the message SNS
	// sends it, and until then Pulumi shows the subscription as pending.
	Emails []string
	// SMS are mobile numbers in E.164 form, e.g. "+4915112345678". The account must be out
	// of the SMS sandbox to text unverified numbers.
	SMS []string
}

// publishingServices are the AWS services the topic policy lets publish, on behalf of this
// account only: CloudWatch alarms, EventBridge rules, AWS Budgets and Cost Anomaly Detection.
// The messaging key's policy admits the same services.
var publishingServices = []string{"cloudwatch.amazonaws.com", "events.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com"}

var (
	email = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	e164  = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
)

func (a AlertingArgs) validate(p *validate.Problems) {
	p.Required("KMSKeyArn", a.KMSKeyArn != nil, "the topics are encrypted with the messaging key")
	for _, priority := range slices.Sorted(maps.Keys(a.Recipients)) {
		validate.OneOf(p, "Recipients", priority, Priorities())
		r := p.At(validate.Index("Recipients", priority))
		for _, e := range a.Recipients[priority].Emails {
			r.Match("Emails", e, email, "an e-mail address")
		}
		for _, n := range a.Recipients[priority].SMS {
			r.Match("SMS", n, e164, `an E.164 number such as "+4915112345678"`)
		}
	}
}

// newTopics creates one KMS-encrypted topic per priority, its policy and its recipients'
// subscriptions, and returns the topics' ARNs.
func newTopics(ctx *pulumi.Context, name, prefix string, a AlertingArgs, env awsenv.Environment, opts ...pulumi.ResourceOption) (map[Priority]pulumi.StringOutput, error) {
	arns := map[Priority]pulumi.StringOutput{}
	for _, p := range Priorities() {
		topicName := fmt.Sprintf("%s-%s", name, p)
		topic, err := sns.NewTopic(ctx, topicName, &sns.TopicArgs{
			DisplayName:    pulumi.Sprintf("%s %s", prefix, p),
			KmsMasterKeyId: a.KMSKeyArn,
		}, opts...)
		if err != nil {
			return nil, err
		}
		policy, err := sns.NewTopicPolicy(ctx, topicName, &sns.TopicPolicyArgs{
			Arn:    topic.Arn,
			Policy: iampolicy.Render(func(v []string) iampolicy.Document { return topicPolicy(v[0], env.Account) }, topic.Arn),
		}, opts...)
		if err != nil {
			return nil, err
		}
		r := a.Recipients[p]
		for _, route := range []struct {
			protocol  string
			endpoints []string
		}{{"email", r.Emails}, {"sms", r.SMS}} {
			for _, endpoint := range route.endpoints {
				if _, err := sns.NewTopicSubscription(ctx, fmt.Sprintf("%s-%s-%s", topicName, route.protocol, endpoint), &sns.TopicSubscriptionArgs{
					Topic:    topic.Arn,
					Protocol: pulumi.String(route.protocol),
					Endpoint: pulumi.String(endpoint),
				}, opts...); err != nil {
					return nil, err
				}
			}
		}
		// The policy's arn resolves once the policy exists, so whatever publishes to the
		// topic (alarms, budgets, cost anomaly alerts) is created after it may.
		arns[p] = policy.Arn
	}
	return arns, nil
}

// topicPolicy lets the publishing services publish to the topic for this account's
// resources only. The account's own principals need no statement: same-account IAM
// permissions suffice.
func topicPolicy(topicArn, account string) iampolicy.Document {
	return iampolicy.New(iampolicy.Statement{
		Sid:       "AWSServicesPublishThisAccountsAlerts",
		Effect:    "Allow",
		Principal: iampolicy.Service(publishingServices...),
		Action:    []string{"sns:Publish"},
		Resource:  topicArn,
		Condition: map[string]map[string]any{"StringEquals": {"aws:SourceAccount": account}},
	})
}
