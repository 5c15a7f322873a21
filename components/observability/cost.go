package observability

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/budgets"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/costexplorer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CostArgs configures the cost alerts. Both go to the Medium topic.
type CostArgs struct {
	// MonthlyBudgetUSD is the stack's monthly cost limit, in US dollars. The budget notifies
	// at BudgetActualPercent of it spent and at BudgetForecastPercent forecast. Required.
	MonthlyBudgetUSD int
	// BudgetTag limits the budget to costs carrying this tag, e.g. Stack=prod-eu, so stacks
	// sharing an account each keep their own budget. The tag key must be an active cost
	// allocation tag. Defaults to none: the budget counts the whole account.
	BudgetTag *CostTag
	// AnomalyMonitor creates the account's Cost Anomaly Detection monitor of AWS services and
	// its alert subscription. An account has one such monitor, so exactly one stack per
	// account sets it. Defaults to false.
	AnomalyMonitor bool
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

func (a *CostArgs) validate() error {
	var errs []error
	if a.MonthlyBudgetUSD <= 0 {
		errs = append(errs, fmt.Errorf("Cost.MonthlyBudgetUSD %d must be a positive number of US dollars", a.MonthlyBudgetUSD))
	}
	if a.BudgetTag != nil && (a.BudgetTag.Key == "" || a.BudgetTag.Value == "") {
		errs = append(errs, errors.New("Cost.BudgetTag needs both Key and Value"))
	}
	if a.AnomalyThresholdPercent < 1 || a.AnomalyThresholdPercent > 1000 {
		errs = append(errs, fmt.Errorf("Cost.AnomalyThresholdPercent %d is not 1 to 1000", a.AnomalyThresholdPercent))
	}
	return errors.Join(errs...)
}

// newCostAlerts creates the stack's monthly budget and, when asked, the account's anomaly
// monitor with an immediate subscription, both notifying topic. It returns the budget.
func newCostAlerts(ctx *pulumi.Context, name, prefix string, a *CostArgs, topic pulumi.StringOutput, opts ...pulumi.ResourceOption) (*budgets.Budget, error) {
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
	if a.BudgetTag != nil {
		filters = budgets.BudgetCostFilterArray{budgets.BudgetCostFilterArgs{
			Name:   pulumi.String("TagKeyValue"),
			Values: pulumi.StringArray{pulumi.String(fmt.Sprintf("user:%s$%s", a.BudgetTag.Key, a.BudgetTag.Value))},
		}}
	}
	budget, err := budgets.NewBudget(ctx, name+"-monthly", &budgets.BudgetArgs{
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
	if err != nil || !a.AnomalyMonitor {
		return budget, err
	}
	monitor, err := costexplorer.NewAnomalyMonitor(ctx, name+"-services", &costexplorer.AnomalyMonitorArgs{
		Name:             pulumi.String(prefix + "-services"),
		MonitorType:      pulumi.String("DIMENSIONAL"),
		MonitorDimension: pulumi.String("SERVICE"),
	}, opts...)
	if err != nil {
		return nil, err
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
	return budget, err
}
