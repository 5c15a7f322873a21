package observability_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	o "github.com/saleor-platform/infra/components/observability"
)

// things lists a Watched's things by kind, read from the Args as a reader would.
func things(w o.Watched) map[o.Kind][]string {
	m := map[o.Kind][]string{}
	add := func(k o.Kind, name string) { m[k] = append(m[k], name) }
	for _, x := range w.HealthChecks {
		add(o.HealthChecks, x.Name)
	}
	for _, x := range w.Distributions {
		add(o.Distributions, x.Name)
	}
	for _, x := range w.LoadBalancers {
		add(o.LoadBalancers, x.Name)
	}
	for _, x := range w.TargetGroups {
		add(o.TargetGroups, x.Name)
	}
	for _, x := range w.Certificates {
		add(o.Certificates, x.Name)
	}
	for _, x := range w.Databases {
		add(o.Databases, x.Name)
		if x.Replica {
			add(o.DatabaseReplicas, x.Name)
		}
	}
	for _, x := range w.Caches {
		add(o.Caches, x.Name)
	}
	for _, x := range w.DeadLetterQueues {
		add(o.DeadLetterQueues, x.Name)
	}
	for _, x := range w.Services {
		add(o.Services, x.Name)
	}
	for _, x := range w.Buckets {
		add(o.BucketSizes, x.Name)
		add(o.BucketObjects, x.Name)
	}
	return m
}

func TestEveryRuleCoversEveryWatchedThing(t *testing.T) {
	r, g := regional(), global()
	inv, _ := runBoth(t, r, g)
	got := alarms(t, inv)
	want := 0
	for _, c := range []struct {
		args              o.ObservabilityArgs
		region, component string
	}{{r, "eu-central-1", "observability"}, {g, "us-east-1", "observability-global"}} {
		watched := things(c.args.Watch)
		for _, rule := range o.AlertTable() {
			for _, thing := range watched[rule.Watches] {
				want++
				name := "saleor-test-" + rule.ID + "-" + thing
				a, ok := got[name]
				if !ok {
					t.Errorf("no alarm %s for %s %s", name, rule.Watches, thing)
					continue
				}
				if a.region != c.region {
					t.Errorf("%s in %s, want %s", name, a.region, c.region)
				}
				if a.period() != rule.Period || a.EvaluationPeriods != rule.EvaluationPeriods || a.DatapointsToAlarm != rule.DatapointsToAlarm {
					t.Errorf("%s: %d of %d periods of %d s, want %d of %d of %d s", name, a.DatapointsToAlarm, a.EvaluationPeriods, a.period(),
						rule.DatapointsToAlarm, rule.EvaluationPeriods, rule.Period)
				}
				if a.ComparisonOperator != rule.Comparison || a.TreatMissingData != rule.TreatMissingData {
					t.Errorf("%s: %s, missing data %s; want %s, %s", name, a.ComparisonOperator, a.TreatMissingData, rule.Comparison, rule.TreatMissingData)
				}
				if rule.Band == 0 && rule.Of == o.Absolute && (a.Threshold == nil || *a.Threshold != rule.Threshold) {
					t.Errorf("%s: threshold %v, want %v", name, a.Threshold, rule.Threshold)
				}
				if !a.ActionsEnabled || len(a.AlarmActions) != 1 || !slices.Equal(a.AlarmActions, a.OkActions) {
					t.Errorf("%s: actions enabled %v, alarm actions %v, OK actions %v", name, a.ActionsEnabled, a.AlarmActions, a.OkActions)
					continue
				}
				if topic := inv.ByID(a.AlarmActions[0]); topic == nil || topic.Name != c.component+"-"+string(rule.Priority) || topic.Region != c.region {
					t.Errorf("%s notifies %s, want the %s topic of %s in %s", name, a.AlarmActions[0], rule.Priority, c.component, c.region)
				}
			}
		}
	}
	if len(got) != want {
		t.Errorf("%d alarms, want %d: one per rule and watched thing", len(got), want)
	}
}

// The requirements' table, with its numbers written out.
func TestRequirementsAlertTable(t *testing.T) {
	const eu, us = "eu-central-1", "us-east-1"
	inv, _ := runBoth(t, regional(), global())
	got := alarms(t, inv)
	for _, c := range []struct {
		alarm, metric, op string
		threshold         float64
		period, evals     int
		priority          o.Priority
		region            string
	}{
		{"health-check-failing-storefront", "HealthCheckStatus", o.LessThan, 1, 60, 2, o.Critical, us},
		{"health-check-failing-api", "HealthCheckStatus", o.LessThan, 1, 60, 2, o.Critical, us},
		{"unhealthy-hosts-api", "UnHealthyHostCount", o.GreaterThan, 0, 60, 2, o.Critical, eu},
		{"no-healthy-hosts-dashboard", "HealthyHostCount", o.LessThan, 1, 60, 2, o.Critical, eu},
		{"5xx-rate-public", "", o.GreaterThan, 5, 60, 5, o.High, eu},
		{"cdn-5xx-rate-media", "", o.GreaterThan, 5, 60, 5, o.High, us},
		{"certificate-expiry-alb", "DaysToExpiry", o.LessThan, 30, 86400, 1, o.Medium, eu},
		{"certificate-expiry-cloudfront", "DaysToExpiry", o.LessThan, 30, 86400, 1, o.Medium, us},
		{"db-cpu-replica-1", "CPUUtilization", o.GreaterThan, 70, 300, 3, o.High, eu},
		{"db-read-iops-primary", "ReadIOPS", o.GreaterThan, 0.8 * 12000, 300, 3, o.High, eu},
		{"db-read-iops-replica-1", "ReadIOPS", o.GreaterThan, 0.8 * 3000, 300, 3, o.High, eu},
		{"db-free-storage-primary", "FreeStorageSpace", o.LessThan, 0.1 * 500 * 1024 * 1024 * 1024, 300, 1, o.Critical, eu},
		{"db-replica-lag-replica-1", "ReplicaLag", o.GreaterThan, 60, 60, 5, o.High, eu},
		{"cache-memory-graphql", "DatabaseMemoryUsagePercentage", o.GreaterThan, 70, 300, 3, o.High, eu},
		{"cache-evictions-graphql", "Evictions", o.GreaterThan, 0, 300, 3, o.Medium, eu},
		{"dlq-messages-webhooks-dlq", "ApproximateNumberOfMessagesVisible", o.GreaterThan, 0, 300, 1, o.High, eu},
		{"tasks-below-minimum-api", "RunningTaskCount", o.LessThan, 2, 60, 5, o.High, eu},
		{"tasks-below-minimum-worker", "RunningTaskCount", o.LessThan, 1, 60, 5, o.High, eu},
		{"task-cpu-api", "CPUUtilization", o.GreaterThan, 80, 300, 3, o.High, eu},
		{"task-memory-worker", "MemoryUtilization", o.GreaterThan, 80, 300, 3, o.High, eu},
	} {
		a, ok := got["saleor-test-"+c.alarm]
		if !ok {
			t.Errorf("no alarm %s", c.alarm)
			continue
		}
		if a.MetricName != c.metric || a.ComparisonOperator != c.op || a.Threshold == nil || *a.Threshold != c.threshold ||
			a.period() != c.period || a.EvaluationPeriods != c.evals || a.DatapointsToAlarm != c.evals || a.region != c.region {
			t.Errorf("%s: %s %s %v, %d of %d x %d s in %s; want %s %s %v, %d x %d s in %s", c.alarm,
				a.MetricName, a.ComparisonOperator, a.Threshold, a.DatapointsToAlarm, a.EvaluationPeriods, a.period(), a.region,
				c.metric, c.op, c.threshold, c.evals, c.period, c.region)
		}
		if topic := inv.ByID(a.AlarmActions[0]); topic == nil || !strings.HasSuffix(topic.Name, "-"+string(c.priority)) {
			t.Errorf("%s notifies %v, want the %s topic", c.alarm, a.AlarmActions, c.priority)
		}
	}
	if _, ok := got["saleor-test-db-replica-lag-primary"]; ok {
		t.Error("the primary database has a replica-lag alarm")
	}
}

func TestLatencyAlarmsUseAnomalyDetection(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	got := alarms(t, inv)
	for name, dims := range map[string]map[string]string{
		"latency-anomaly-public":            {"LoadBalancer": "app/saleor-public/50dc6c495c0c9188"},
		"latency-anomaly-internal":          {"LoadBalancer": "app/saleor-internal/6ca2d7a9b0e31f11"},
		"origin-latency-anomaly-storefront": {"DistributionId": "E2QWRUHAPOMQZL", "Region": "Global"},
		"origin-latency-anomaly-media":      {"DistributionId": "E3ABCDEFGHIJKL", "Region": "Global"},
	} {
		a := got["saleor-test-"+name]
		band, m1 := a.query("band"), a.query("m1")
		if a.ThresholdMetricID != "band" || a.Threshold != nil || a.ComparisonOperator != o.GreaterThanUpperThreshold {
			t.Errorf("%s: threshold metric %q, threshold %v, %s", name, a.ThresholdMetricID, a.Threshold, a.ComparisonOperator)
		}
		if band.Expression != "ANOMALY_DETECTION_BAND(m1, 3)" || !band.ReturnData || !m1.ReturnData {
			t.Errorf("%s: band query %+v", name, band)
		}
		if m1.Metric == nil || m1.Metric.Stat != "p90" || m1.Metric.Period != 60 || !maps.Equal(m1.Metric.Dimensions, dims) {
			t.Errorf("%s: metric %+v, want p90 over 60 s of %v", name, m1.Metric, dims)
		}
		if a.EvaluationPeriods != 5 || a.DatapointsToAlarm != 5 {
			t.Errorf("%s: %d of %d periods, want 5 of 5 (5 minutes)", name, a.DatapointsToAlarm, a.EvaluationPeriods)
		}
	}
}

func TestErrorRateAlarmsUseMetricMath(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	got := alarms(t, inv)

	alb := got["saleor-test-5xx-rate-public"]
	if e := alb.query("e1"); e.Expression != "IF(requests >= 10, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)" || !e.ReturnData {
		t.Errorf("ALB error rate expression %+v", e)
	}
	for id, metric := range map[string]string{"requests": "RequestCount", "target5xx": "HTTPCode_Target_5XX_Count", "elb5xx": "HTTPCode_ELB_5XX_Count"} {
		q := alb.query(id)
		if q.Metric == nil || q.Metric.MetricName != metric || q.Metric.Stat != "Sum" || q.ReturnData ||
			q.Metric.Dimensions["LoadBalancer"] != "app/saleor-public/50dc6c495c0c9188" {
			t.Errorf("ALB error rate: query %s = %+v, want the Sum of %s", id, q, metric)
		}
	}

	cdn := got["saleor-test-cdn-5xx-rate-storefront"]
	if e := cdn.query("e1"); e.Expression != "IF(requests >= 10, rate, 0)" {
		t.Errorf("CloudFront error rate expression %+v", e)
	}
	if q := cdn.query("rate"); q.Metric == nil || q.Metric.MetricName != "5xxErrorRate" || q.Metric.Stat != "Average" ||
		!maps.Equal(q.Metric.Dimensions, map[string]string{"DistributionId": "E2QWRUHAPOMQZL", "Region": "Global"}) {
		t.Errorf("CloudFront error rate metric %+v", q)
	}
	for _, a := range []alarm{alb, cdn} {
		if a.Threshold == nil || *a.Threshold != 5 || a.ComparisonOperator != o.GreaterThan || a.MetricName != "" {
			t.Errorf("%s: %s %v on metric %q, want metric math > 5 (%%)", a.Name, a.ComparisonOperator, a.Threshold, a.MetricName)
		}
	}
}

func TestGlobalAlarmsLiveInUSEast1(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	global := 0
	for name, a := range alarms(t, inv) {
		for _, rule := range o.AlertTable() {
			if !rule.Watches.Global() || !strings.HasPrefix(name, "saleor-test-"+rule.ID+"-") {
				continue
			}
			global++
			if p := inv.ByURN(a.resource.Provider); a.region != "us-east-1" || p == nil || p.Name != "aws-us-east-1" {
				t.Errorf("%s is in %q on provider %v, want the us-east-1 provider", name, a.region, a.resource.Provider)
			}
			if topic := inv.ByID(a.AlarmActions[0]); topic == nil || topic.Region != "us-east-1" {
				t.Errorf("%s notifies %v, not a us-east-1 topic", name, a.AlarmActions)
			}
		}
	}
	if global != 6 { // 2 health checks x 1 rule + 2 distributions x 2 rules
		t.Errorf("%d Route 53 and CloudFront alarms, want 6", global)
	}
}

func TestGlobalThingsRejectedOutsideUSEast1(t *testing.T) {
	args := regional()
	args.Watch.HealthChecks = global().Watch.HealthChecks
	err := runErr(args, "eu-central-1")
	if err == nil || !strings.Contains(err.Error(), "Watch.HealthChecks") || !strings.Contains(err.Error(), "us-east-1") {
		t.Errorf("health checks watched from eu-central-1: error %v", err)
	}
}

func TestCacheAlarmsTakeTheWorstNode(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	a := alarms(t, inv)["saleor-test-cache-memory-sessions"]
	if e := a.query("e1"); e.Expression != "MAX([m1, m2])" || !e.ReturnData {
		t.Errorf("cache memory expression %+v", e)
	}
	for id, node := range map[string]string{"m1": "saleor-test-sessions-001", "m2": "saleor-test-sessions-002"} {
		if q := a.query(id); q.Metric == nil || q.Metric.Dimensions["CacheClusterId"] != node || q.Metric.MetricName != "DatabaseMemoryUsagePercentage" {
			t.Errorf("cache memory query %s = %+v, want node %s", id, q, node)
		}
	}
}

func TestExportedAlarmTable(t *testing.T) {
	inv, d := runBoth(t, regional(), global())
	got := alarms(t, inv)
	if len(d.regional.Alarms)+len(d.global.Alarms) != len(got) {
		t.Errorf("Alarms lists %d+%d alarms, the inventory has %d", len(d.regional.Alarms), len(d.global.Alarms), len(got))
	}
	for _, a := range append(d.regional.Alarms, d.global.Alarms...) {
		created, ok := got[a.Name]
		if !ok {
			t.Errorf("Alarms lists %s, which was not created", a.Name)
			continue
		}
		if a.Rule.Band == 0 && (created.Threshold == nil || *created.Threshold != a.Threshold) {
			t.Errorf("Alarms gives %s threshold %v, the alarm has %v", a.Name, a.Threshold, created.Threshold)
		}
	}
	if c := o.AlertTable()[0].Condition(); c != "HealthCheckStatus Minimum < 1 for 2 of 2 periods of 60 s" {
		t.Errorf("Condition() = %q", c)
	}
}

// TestBlueGreenTargetGroupsAlarmOnTheLiveOne: a blue/green pair's host-count alarms take the
// better of the two groups, so the idle group of the pair never pages.
func TestBlueGreenTargetGroupsAlarmOnTheLiveOne(t *testing.T) {
	r := regional()
	r.Watch.TargetGroups[0].StandbyArnSuffix = pulumi.String("targetgroup/api-green/0a1b2c3d4e5f6071")
	inv, _ := runBoth(t, r, global())
	for _, rule := range []string{"no-healthy-hosts", "unhealthy-hosts"} {
		a := alarms(t, inv)["saleor-test-"+rule+"-api"]
		if e := a.query("e1"); e.Expression != "MAX([m1, m2])" {
			t.Errorf("%s expression %+v, want MAX over the pair", rule, e)
		}
		groups := map[string]bool{}
		for _, id := range []string{"m1", "m2"} {
			if q := a.query(id); q.Metric != nil {
				groups[q.Metric.Dimensions["TargetGroup"]] = true
			}
		}
		if !groups["targetgroup/api/73e2d6bc24d8a067"] || !groups["targetgroup/api-green/0a1b2c3d4e5f6071"] {
			t.Errorf("%s watches %v, want both groups of the pair", rule, groups)
		}
	}
}
