// Package observability makes the platform watchable and auditable: alert topics by
// priority, the requirements' alert table as CloudWatch alarms, a dashboard per region, the
// account's CloudTrail trail, cost alerts, and a Slack route for the topics.
//
// Observability runs in the region of its provider and watches what lives there. Route 53
// and CloudFront publish their metrics only in us-east-1, and an alarm can notify only a
// topic of its own region, so a stack creates one more Observability with its us-east-1
// provider for its health checks, distribution and CloudFront certificate; that instance
// has its own topics with the same recipients. SlackChannel subscribes one Slack channel to
// the topics of every region.
package observability

import (
	"regexp"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/validate"
)

// ObservabilityArgs configures an Observability.
type ObservabilityArgs struct {
	// NamePrefix starts the names AWS needs unique per account: alarms
	// (<NamePrefix>-<rule>-<thing>), the dashboard (<NamePrefix>-<region>), the budget and the
	// trail, e.g. "saleor-prod-eu". Required: a lower-case letter or digit, then up to 39
	// lower-case letters, digits and dashes.
	NamePrefix string
	// Alerting configures the topics. Alerting.KMSKeyArn is required.
	Alerting AlertingArgs
	// Watch lists what to alarm on and graph. Defaults to nothing: topics and an empty
	// dashboard only.
	Watch Watched
	// Business adds the business row to the dashboard, in the region where the application
	// runs. Defaults to nil: no business row.
	Business *BusinessArgs
	// Audit creates the account's multi-region CloudTrail trail. Defaults to nil: no trail
	// (one stack per account owns it).
	Audit *AuditArgs
	// Cost creates the stack's budget and, when asked, the account's cost anomaly monitor.
	// Defaults to nil: neither.
	Cost *CostArgs
	// Logs keeps the trail's log group as an Audit-class log. Required with Audit.
	Logs logging.Settings
	// BusinessHours limits the alarms' notifications to these hours, with EventBridge
	// Scheduler schedules that enable and disable the alarms' actions. Defaults to nil: the
	// alarms notify at all hours.
	BusinessHours *BusinessHours
}

var namePrefix = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// checkNamePrefix reports a NamePrefix namePrefix does not match.
func checkNamePrefix(p *validate.Problems, prefix string) {
	p.Match("NamePrefix", prefix, namePrefix, "a lower-case letter or digit followed by up to 39 lower-case letters, digits and dashes")
}

func (a ObservabilityArgs) withDefaults(ctx *pulumi.Context) ObservabilityArgs {
	if a.Business != nil {
		b := *a.Business
		if b.Namespace == "" {
			b.Namespace = "Saleor/Business"
		}
		if b.Stack == "" {
			b.Stack = ctx.Stack()
		}
		a.Business = &b
	}
	if a.Cost != nil {
		c := *a.Cost
		c.withDefaults()
		a.Cost = &c
	}
	a.Watch.Buckets = slices.Clone(a.Watch.Buckets)
	for i, b := range a.Watch.Buckets {
		if len(b.StorageClasses) == 0 {
			a.Watch.Buckets[i].StorageClasses = []string{"STANDARD"}
		}
	}
	return a
}

func (a ObservabilityArgs) validate(p *validate.Problems) {
	checkNamePrefix(p, a.NamePrefix)
	a.Alerting.validate(p.At("Alerting"))
	a.Watch.validate(p.At("Watch"))
	if a.Audit != nil {
		a.Audit.validate(p, a.Logs)
	}
	if a.Cost != nil {
		a.Cost.validate(p.At("Cost"))
	}
	if a.BusinessHours != nil {
		a.BusinessHours.Check(p.At("BusinessHours"))
	}
}

// Observability is the observability tier of one region.
type Observability struct {
	pulumi.ResourceState

	// TopicArns holds each priority's topic ARN.
	TopicArns map[Priority]pulumi.StringOutput
	// Alarms lists the alarms created, in alert-table order, with their rule, thing and
	// threshold: what the plan prints.
	Alarms []Alarm
	// AlarmNames are the alarms' names.
	AlarmNames pulumi.StringArrayOutput
	// DashboardName is the dashboard's name.
	DashboardName pulumi.StringOutput
	// TrailArn is the trail's ARN; unset when Args.Audit is nil.
	TrailArn pulumi.StringOutput
	// BudgetName is the budget's name; unset when Args.Cost is nil.
	BudgetName pulumi.StringOutput
}

// Topics returns the topic ARNs of the priorities, or of every priority when none is named,
// most urgent first; e.g. for SlackChannelArgs.TopicArns.
func (o *Observability) Topics(priorities ...Priority) []pulumi.StringInput {
	if len(priorities) == 0 {
		priorities = Priorities()
	}
	out := make([]pulumi.StringInput, len(priorities))
	for i, p := range priorities {
		out[i] = o.TopicArns[p]
	}
	return out
}

// observabilityType is the component's Pulumi type token.
const observabilityType = "saleor:observability:Observability"

// NewObservability creates the topics, the alarms of the alert table for everything
// watched, the dashboard and, when asked, the trail and cost alerts, in the region of the
// component's AWS provider.
func NewObservability(ctx *pulumi.Context, name string, args *ObservabilityArgs, opts ...pulumi.ResourceOption) (*Observability, error) {
	defaults := func(a ObservabilityArgs) ObservabilityArgs { return a.withDefaults(ctx) }
	a, err := validate.Args(observabilityType, name, args, defaults, ObservabilityArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &Observability{}
	if err := ctx.RegisterComponentResource(observabilityType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	env, err := awsenv.Lookup(ctx, parent)
	if err != nil {
		return nil, err
	}
	if err := a.Watch.checkRegion(name, env.Region); err != nil {
		return nil, err
	}

	if c.TopicArns, err = newTopics(ctx, name, a.NamePrefix, a.Alerting, env, parent); err != nil {
		return nil, err
	}
	targets := a.Watch.targets()
	alarms, resources, err := newAlarms(ctx, name, a.NamePrefix, targets, c.TopicArns, parent)
	if err != nil {
		return nil, err
	}
	names := make(pulumi.StringArray, len(resources))
	listed := make([]pulumi.Resource, len(resources))
	for i, r := range resources {
		names[i], listed[i] = r.Name, r
	}
	c.Alarms, c.AlarmNames = alarms, names.ToStringArrayOutput()
	if a.BusinessHours != nil {
		if err := newBusinessHours(ctx, name, a.NamePrefix, *a.BusinessHours, env, alarms, listed, parent); err != nil {
			return nil, err
		}
	}
	// The dashboard lists the alarms by ARN, so it follows them.
	dash, err := newDashboard(ctx, name, a.NamePrefix, env, targets, alarms, a.Business, parent, pulumi.DependsOn(listed))
	if err != nil {
		return nil, err
	}
	c.DashboardName = dash.DashboardName

	outputs := pulumi.Map{"alarmNames": c.AlarmNames, "dashboardName": c.DashboardName}
	for p, arn := range c.TopicArns {
		outputs[string(p)+"TopicArn"] = arn
	}
	if a.Audit != nil {
		trail, err := newTrail(ctx, name, a.NamePrefix, a.Audit, a.Logs, parent)
		if err != nil {
			return nil, err
		}
		c.TrailArn = trail.Arn
		outputs["trailArn"] = c.TrailArn
	}
	if a.Cost != nil {
		budget, err := newCostAlerts(ctx, name, a.NamePrefix, a.Cost, c.TopicArns[Medium], parent)
		if err != nil {
			return nil, err
		}
		c.BudgetName = budget.Name
		outputs["budgetName"] = c.BudgetName
	}
	return c, ctx.RegisterResourceOutputs(c, outputs)
}
