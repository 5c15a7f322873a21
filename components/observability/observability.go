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
	"errors"
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/components/logging"
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
}

var namePrefix = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

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
	return a
}

func (a ObservabilityArgs) validate() error {
	var errs []error
	if !namePrefix.MatchString(a.NamePrefix) {
		errs = append(errs, fmt.Errorf("NamePrefix %q is not a lower-case letter or digit followed by up to 39 lower-case letters, digits and dashes", a.NamePrefix))
	}
	errs = append(errs, a.Alerting.validate(), a.Watch.validate())
	if a.Audit != nil {
		errs = append(errs, a.Audit.validate(a.Logs))
	}
	if a.Cost != nil {
		errs = append(errs, a.Cost.validate())
	}
	return errors.Join(errs...)
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

// NewObservability creates the topics, the alarms of the alert table for everything
// watched, the dashboard and, when asked, the trail and cost alerts, in the region of the
// component's AWS provider.
func NewObservability(ctx *pulumi.Context, name string, args *ObservabilityArgs, opts ...pulumi.ResourceOption) (*Observability, error) {
	a := args.withDefaults(ctx)
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("observability %s: %w", name, err)
	}
	c := &Observability{}
	if err := ctx.RegisterComponentResource("saleor:observability:Observability", name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	env, err := awsenv.Lookup(ctx, parent)
	if err != nil {
		return nil, err
	}
	if a.Watch.hasGlobal() && env.Region != catalog.GlobalServicesRegion {
		return nil, fmt.Errorf("observability %s: Watch.HealthChecks and Watch.Distributions publish metrics only in %s; give them to the instance created with the %s provider, not this %s one",
			name, catalog.GlobalServicesRegion, catalog.GlobalServicesRegion, env.Region)
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
