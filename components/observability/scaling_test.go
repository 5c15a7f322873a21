package observability_test

import (
	"maps"
	"strings"
	"testing"

	o "github.com/saleor-platform/infra/components/observability"
)

// TestScalingTriggersAsStated: the requirements' vertical-scaling and read-replica triggers
// are alarms on the stated metric of the right resource, above the stated threshold in every
// period for 15 minutes, routed to the high topic, with a runbook in their description.
func TestScalingTriggersAsStated(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	got := alarms(t, inv)
	for _, c := range []struct {
		alarm, namespace, metric, stat string
		threshold                      float64
		dims                           map[string]string
	}{
		{"db-cpu-primary", "AWS/RDS", "CPUUtilization", "Average", 70, map[string]string{"DBInstanceIdentifier": "saleor-test-primary"}},
		{"db-read-iops-replica-1", "AWS/RDS", "ReadIOPS", "Average", 2400, map[string]string{"DBInstanceIdentifier": "saleor-test-replica-1"}},
		{"cache-memory-graphql", "AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "Maximum", 70, map[string]string{"CacheClusterId": "saleor-test-graphql-001"}},
		{"task-cpu-api", "AWS/ECS", "CPUUtilization", "Average", 80, map[string]string{"ClusterName": "saleor-test", "ServiceName": "api"}},
		{"task-cpu-worker", "AWS/ECS", "CPUUtilization", "Average", 80, map[string]string{"ClusterName": "saleor-test", "ServiceName": "worker"}},
		{"task-memory-api", "AWS/ECS", "MemoryUtilization", "Maximum", 80, map[string]string{"ClusterName": "saleor-test", "ServiceName": "api"}},
		{"task-memory-worker", "AWS/ECS", "MemoryUtilization", "Maximum", 80, map[string]string{"ClusterName": "saleor-test", "ServiceName": "worker"}},
	} {
		a, ok := got["saleor-test-"+c.alarm]
		if !ok {
			t.Errorf("no alarm %s", c.alarm)
			continue
		}
		if a.Namespace != c.namespace || a.MetricName != c.metric || a.Statistic != c.stat || !maps.Equal(a.Dimensions, c.dims) {
			t.Errorf("%s reads %s %s %s of %v, want %s %s %s of %v", c.alarm, a.Namespace, a.MetricName, a.Statistic, a.Dimensions,
				c.namespace, c.metric, c.stat, c.dims)
		}
		if a.ComparisonOperator != o.GreaterThan || a.Threshold == nil || *a.Threshold != c.threshold {
			t.Errorf("%s: %s %v, want > %v", c.alarm, a.ComparisonOperator, a.Threshold, c.threshold)
		}
		if a.Period*a.EvaluationPeriods != 15*60 || a.DatapointsToAlarm != a.EvaluationPeriods {
			t.Errorf("%s: %d of %d periods of %d s, want every period for 15 minutes", c.alarm, a.DatapointsToAlarm, a.EvaluationPeriods, a.Period)
		}
		if topic := inv.ByID(a.AlarmActions[0]); topic == nil || topic.Name != "observability-high" {
			t.Errorf("%s notifies %v, want the high topic", c.alarm, a.AlarmActions)
		}
		if d := a.resource.String("alarmDescription"); !strings.Contains(d, "Runbook: ") {
			t.Errorf("%s: description %q has no runbook", c.alarm, d)
		}
	}
}

// TestEveryRuleHasARunbookThatFits: every row of the table says what to do, and the
// description it makes stays within CloudWatch's 1024 characters for the longest thing name.
func TestEveryRuleHasARunbookThatFits(t *testing.T) {
	longest := strings.Repeat("x", 32) // a Watched Name is a label of at most 32 characters
	for _, r := range o.AlertTable() {
		if strings.TrimSpace(r.Runbook) == "" || !strings.HasSuffix(r.Runbook, ".") {
			t.Errorf("rule %s: runbook %q, want one sentence", r.ID, r.Runbook)
		}
		if n := len(r.Description(longest)); n > 1024 {
			t.Errorf("rule %s: description of %d characters, CloudWatch allows 1024", r.ID, n)
		}
	}
}
