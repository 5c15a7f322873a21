package observability_test

import (
	"encoding/json"
	"fmt"
	"slices"
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

// TestCostAnomaliesWatchTheTaggedCosts: the monitor is a CUSTOM one over the costs carrying
// the stack's tag (AWS allows one DIMENSIONAL monitor of AWS services per account, which many
// accounts already have; custom monitors coexist), its subscription notifies the medium topic
// immediately above 20%.
func TestCostAnomaliesWatchTheTaggedCosts(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	monitors := inv.OfType("aws:costexplorer/anomalyMonitor:AnomalyMonitor")
	if len(monitors) != 1 || monitors[0].String("monitorType") != "CUSTOM" || monitors[0].Has("monitorDimension") {
		t.Fatalf("anomaly monitors %v", monitors)
	}
	var spec struct {
		Tags struct {
			Key          string
			MatchOptions []string
			Values       []string
		}
		Dimensions, CostCategories any
	}
	if err := json.Unmarshal([]byte(monitors[0].String("monitorSpecification")), &spec); err != nil {
		t.Fatal(err)
	}
	if spec.Tags.Key != "Stack" || !slices.Equal(spec.Tags.Values, []string{"test"}) || !slices.Equal(spec.Tags.MatchOptions, []string{"EQUALS"}) ||
		spec.Dimensions != nil || spec.CostCategories != nil {
		t.Errorf("monitor watches %+v, want the costs tagged Stack=test", spec)
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
}

// TestUntaggedCostsBudgetTheAccount: without an active tag the budget counts the whole
// account (not $0 under an inactive tag) and no anomaly monitor is made.
func TestUntaggedCostsBudgetTheAccount(t *testing.T) {
	r := regional()
	r.Cost.Tag = nil
	inv, _ := runBoth(t, r, global())
	if n := len(inv.OfType("aws:costexplorer/anomalyMonitor:AnomalyMonitor")) + len(inv.OfType("aws:costexplorer/anomalySubscription:AnomalySubscription")); n != 0 {
		t.Errorf("no tag still creates %d anomaly resources", n)
	}
	budgets := inv.OfType("aws:budgets/budget:Budget")
	if len(budgets) != 1 || budgets[0].Has("costFilters") {
		t.Errorf("budgets %v, want one over the whole account", budgets)
	}
}

// TestTagActivationComesFirst: the stack that activates the cost allocation tags does so
// before the budget and the monitor that filter on them.
func TestTagActivationComesFirst(t *testing.T) {
	r := regional()
	r.Cost.ActivateTags = []string{"Stack", "Environment"}
	inv, _ := runBoth(t, r, global())
	tags := inv.OfType("aws:costexplorer/costAllocationTag:CostAllocationTag")
	var keys []string
	for _, tag := range tags {
		keys = append(keys, tag.String("tagKey"))
		if tag.String("status") != "Active" {
			t.Errorf("tag %s is %s", tag.String("tagKey"), tag.String("status"))
		}
	}
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"Environment", "Stack"}) {
		t.Errorf("activated %v", keys)
	}
	for _, typ := range []string{"aws:budgets/budget:Budget", "aws:costexplorer/anomalyMonitor:AnomalyMonitor"} {
		for _, r := range inv.OfType(typ) {
			for _, tag := range tags {
				if !slices.Contains(r.Dependencies, tag.URN) {
					t.Errorf("%s %s does not wait for the activation of %s", typ, r.Name, tag.String("tagKey"))
				}
			}
		}
	}
}
