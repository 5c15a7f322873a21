package observability_test

import (
	"fmt"
	"testing"
)

func TestBudgetNotifiesMediumTopic(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	budgets := inv.OfType("aws:budgets/budget:Budget")
	if len(budgets) != 1 {
		t.Fatalf("%d budgets, want 1", len(budgets))
	}
	b := budgets[0]
	if b.String("name") != "saleor-test-monthly" || b.String("budgetType") != "COST" || b.String("timeUnit") != "MONTHLY" ||
		b.String("limitAmount") != "5000" || b.String("limitUnit") != "USD" {
		t.Errorf("budget %s %s %s %s %s", b.String("name"), b.String("budgetType"), b.String("timeUnit"), b.String("limitAmount"), b.String("limitUnit"))
	}
	if b.String("costFilters[0].name") != "TagKeyValue" || b.Strings("costFilters[0].values")[0] != "user:Stack$test" {
		t.Errorf("budget filter %v", b.Get("costFilters"))
	}
	want := map[string]float64{"ACTUAL": 80, "FORECASTED": 100}
	notifications := b.Get("notifications").ArrayValue()
	if len(notifications) != len(want) {
		t.Fatalf("%d notifications, want %d", len(notifications), len(want))
	}
	for i := range notifications {
		at := func(k string) string { return fmt.Sprintf("notifications[%d].%s", i, k) }
		kind := b.String(at("notificationType"))
		if b.Number(at("threshold")) != want[kind] || b.String(at("thresholdType")) != "PERCENTAGE" || b.String(at("comparisonOperator")) != "GREATER_THAN" {
			t.Errorf("%s notification at %v %s", kind, b.Number(at("threshold")), b.String(at("thresholdType")))
		}
		if topic := inv.ByID(b.Strings(at("subscriberSnsTopicArns"))[0]); topic == nil || topic.Name != "observability-medium" {
			t.Errorf("%s notification goes to %v, want the medium topic", kind, b.Strings(at("subscriberSnsTopicArns")))
		}
	}
	if output(t, inv, "budgetName") != "saleor-test-monthly" {
		t.Errorf("BudgetName = %v", output(t, inv, "budgetName"))
	}
}

func TestCostAnomalySubscriptionImmediateToMediumTopic(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	monitors := inv.OfType("aws:costexplorer/anomalyMonitor:AnomalyMonitor")
	if len(monitors) != 1 || monitors[0].String("monitorType") != "DIMENSIONAL" || monitors[0].String("monitorDimension") != "SERVICE" {
		t.Fatalf("anomaly monitors %v", monitors)
	}
	subs := inv.OfType("aws:costexplorer/anomalySubscription:AnomalySubscription")
	if len(subs) != 1 {
		t.Fatalf("%d anomaly subscriptions", len(subs))
	}
	s := subs[0]
	if s.String("frequency") != "IMMEDIATE" || s.String("subscribers[0].type") != "SNS" || len(s.Get("subscribers").ArrayValue()) != 1 {
		t.Errorf("subscription %s to %v", s.String("frequency"), s.Get("subscribers"))
	}
	if topic := inv.ByID(s.String("subscribers[0].address")); topic == nil || topic.Name != "observability-medium" {
		t.Errorf("anomalies go to %q, want the medium topic", s.String("subscribers[0].address"))
	}
	if s.Strings("monitorArnLists")[0] != monitors[0].Outputs["arn"].StringValue() {
		t.Errorf("subscription watches %v", s.Strings("monitorArnLists"))
	}
	if s.String("thresholdExpression.dimension.key") != "ANOMALY_TOTAL_IMPACT_PERCENTAGE" ||
		s.Strings("thresholdExpression.dimension.matchOptions")[0] != "GREATER_THAN_OR_EQUAL" ||
		s.Strings("thresholdExpression.dimension.values")[0] != "20" {
		t.Errorf("threshold %v", s.Get("thresholdExpression"))
	}

	r := regional()
	r.Cost.AnomalyMonitor = false
	inv, _ = runBoth(t, r, global())
	if n := len(inv.OfType("aws:costexplorer/anomalyMonitor:AnomalyMonitor")) + len(inv.OfType("aws:costexplorer/anomalySubscription:AnomalySubscription")); n != 0 {
		t.Errorf("AnomalyMonitor false still creates %d anomaly resources", n)
	}
	if len(inv.OfType("aws:budgets/budget:Budget")) != 1 {
		t.Error("AnomalyMonitor false drops the budget")
	}
}
