package observability

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/budgets"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/costexplorer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/validate"
)

// CostArgs configures the cost alerts. Both go to the Medium topic.
type CostArgs struct {
	// MonthlyBudgetUSD is the stack's monthly cost limit, in US dollars. The budget notifies
	// at BudgetActualPercent of it spent and at BudgetForecastPercent forecast. Required.
	MonthlyBudgetUSD int
	// Tag scopes the budget and the cost anomaly monitor to the costs carrying this tag, e.g.
	// Stack=prod-eu, so stacks sharing an account each watch their own costs. AWS counts a
	// tag only once it is an active cost allocation tag (see ActivateTags). Defaults to nil:
	// the budget counts the whole account and there is no anomaly monitor (the account's
	// own AWS-services monitor, which AWS allows once per account, is left to whoever made it).
	Tag *CostTag
	// ActivateTags activates these user-defined tag keys as cost allocation tags. Activation
	// is account-wide: one stack per account does it, from a standalone or management account
	// (a linked account cannot), once the tags show in Billing (up to 24 hours after the
	// first resource carries them; AWS refuses to activate a tag it has not seen). The budget
	// and the monitor wait for the activation. Defaults to none.
	ActivateTags []string
	// AnomalyThresholdPercent is how far above its expected spend an anomaly must be to alert,
	// in percent. Defaults to 20.
	AnomalyThresholdPercent int
}

// CostTag is a cost allocation tag and its value.
type CostTag struct{ Key, Value string }

// The budget's notification thresholds, in percent of the monthly limit.
const (
	BudgetActualPercent   = 80
	BudgetForecastPercent = 100
)

func (a *CostArgs) withDefaults() {
	if a.AnomalyThresholdPercent == 0 {
		a.AnomalyThresholdPercent = 20
	}
}

func (a *CostArgs) validate(p *validate.Problems) {
	p.AtLeast("MonthlyBudgetUSD", a.MonthlyBudgetUSD, 1, "US dollars")
	if a.Tag != nil && (a.Tag.Key == "" || a.Tag.Value == "") {
		p.Add("Tag", "needs both Key and Value")
	}
	for i, k := range a.ActivateTags {
		if k == "" || strings.HasPrefix(k, "aws:") {
			p.Add(validate.Index("ActivateTags", i), "%q is not a user-defined tag key", k)
		}
	}
	p.Range("AnomalyThresholdPercent", a.AnomalyThresholdPercent, 1, 1000, "percent")
}

// newCostAlerts creates the tag activations, the stack's monthly budget and, with a Tag, a
// custom anomaly monitor of the tagged costs with an immediate subscription, notifying topic.
// It returns the budget.
func newCostAlerts(ctx *pulumi.Context, name, prefix string, a *CostArgs, topic pulumi.StringOutput, opts ...pulumi.ResourceOption) (*budgets.Budget, error) {
	var activations []pulumi.Resource
	for _, key := range a.ActivateTags {
		tag, err := costexplorer.NewCostAllocationTag(ctx, name+"-tag-"+strings.ToLower(key), &costexplorer.CostAllocationTagArgs{
			TagKey: pulumi.String(key),
			Status: pulumi.String("Active"),
		}, opts...)
		if err != nil {
			return nil, err
		}
		activations = append(activations, tag)
	}
	opts = append(opts, pulumi.DependsOn(activations))
	budget, err := newBudget(ctx, name, prefix, a, topic, opts...)
	if err != nil || a.Tag == nil {
		return budget, err
	}
	return budget, newAnomalyAlerts(ctx, name, prefix, a, topic, opts...)
}

// newBudget creates the monthly budget, over the tagged costs or the whole account.
func newBudget(ctx *pulumi.Context, name, prefix string, a *CostArgs, topic pulumi.StringOutput, opts ...pulumi.ResourceOption) (*budgets.Budget, error) {
	notify := func(kind string, percent int) budgets.BudgetNotificationArgs {
		return budgets.BudgetNotificationArgs{
			NotificationType:       pulumi.String(kind),
			ComparisonOperator:     pulumi.String("GREATER_THAN"),
			Threshold:              pulumi.Float64(float64(percent)),
			ThresholdType:          pulumi.String("PERCENTAGE"),
			SubscriberSnsTopicArns: pulumi.StringArray{topic},
		}
	}
	var filters budgets.BudgetCostFilterArray
	if a.Tag != nil {
		filters = budgets.BudgetCostFilterArray{budgets.BudgetCostFilterArgs{
			Name:   pulumi.String("TagKeyValue"),
			Values: pulumi.StringArray{pulumi.String(fmt.Sprintf("user:%s$%s", a.Tag.Key, a.Tag.Value))},
		}}
	}
	return budgets.NewBudget(ctx, name+"-monthly", &budgets.BudgetArgs{
		Name:        pulumi.String(prefix + "-monthly"),
		BudgetType:  pulumi.String("COST"),
		TimeUnit:    pulumi.String("MONTHLY"),
		LimitAmount: pulumi.String(fmt.Sprintf("%d", a.MonthlyBudgetUSD)),
		LimitUnit:   pulumi.String("USD"),
		CostFilters: filters,
		Notifications: budgets.BudgetNotificationArray{
			notify("ACTUAL", BudgetActualPercent),
			notify("FORECASTED", BudgetForecastPercent),
		},
	}, opts...)
}

// anomalyMonitorSpec is a custom monitor's specification: the costs carrying tag. It spells
// out every field of the Cost Explorer expression, null where unused, as AWS returns it.
func anomalyMonitorSpec(tag CostTag) string {
	spec, _ := json.Marshal(map[string]any{
		"And": nil, "CostCategories": nil, "Dimensions": nil, "Not": nil, "Or": nil,
		"Tags": map[string]any{"Key": tag.Key, "MatchOptions": []string{"EQUALS"}, "Values": []string{tag.Value}},
	})
	return string(spec)
}

// newAnomalyAlerts creates a CUSTOM Cost Anomaly Detection monitor of the tagged costs and its
// immediate subscription. Custom monitors coexist (AWS allows many per account) with the
// single DIMENSIONAL monitor of AWS services that many accounts already have, which another
// DIMENSIONAL monitor would collide with.
func newAnomalyAlerts(ctx *pulumi.Context, name, prefix string, a *CostArgs, topic pulumi.StringOutput, opts ...pulumi.ResourceOption) error {
	monitor, err := costexplorer.NewAnomalyMonitor(ctx, name+"-spend", &costexplorer.AnomalyMonitorArgs{
		Name:                 pulumi.String(prefix + "-spend"),
		MonitorType:          pulumi.String("CUSTOM"),
		MonitorSpecification: pulumi.String(anomalyMonitorSpec(*a.Tag)),
	}, opts...)
	if err != nil {
		return err
	}
	// IMMEDIATE, because only it can notify an SNS topic (DAILY and WEEKLY send e-mail
	// only); the monitor still judges daily spend, and the topic routes the alert like every
	// other (e-mail, SMS, Slack).
	_, err = costexplorer.NewAnomalySubscription(ctx, name+"-anomalies", &costexplorer.AnomalySubscriptionArgs{
		Name:            pulumi.String(prefix + "-anomalies"),
		Frequency:       pulumi.String("IMMEDIATE"),
		MonitorArnLists: pulumi.StringArray{monitor.Arn},
		Subscribers: costexplorer.AnomalySubscriptionSubscriberArray{costexplorer.AnomalySubscriptionSubscriberArgs{
			Type:    pulumi.String("SNS"),
			Address: topic,
		}},
		ThresholdExpression: costexplorer.AnomalySubscriptionThresholdExpressionArgs{
			Dimension: costexplorer.AnomalySubscriptionThresholdExpressionDimensionArgs{
				Key:          pulumi.String("ANOMALY_TOTAL_IMPACT_PERCENTAGE"),
				MatchOptions: pulumi.StringArray{pulumi.String("GREATER_THAN_OR_EQUAL")},
				Values:       pulumi.StringArray{pulumi.String(fmt.Sprintf("%d", a.AnomalyThresholdPercent))},
			},
		},
	}, opts...)
	return err
}
