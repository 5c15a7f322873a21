package stacks_test

// Issue 7 (observability) as deployed by the real stacks: log retention by class, the
// alert table over everything the stack runs, the topics, the audit trail and cost alerts.
// What each alarm must watch is derived from the inventory (every ALB, target group,
// distribution, health check, certificate, database, cache, dead-letter queue and service),
// never from a list.

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/observability"
	"github.com/saleor-platform/infra/components/security"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

const (
	anomalyMonitorType      = "aws:costexplorer/anomalyMonitor:AnomalyMonitor"
	anomalySubscriptionType = "aws:costexplorer/anomalySubscription:AnomalySubscription"
	budgetType              = "aws:budgets/budget:Budget"
	distributionType        = "aws:cloudfront/distribution:Distribution"
	flowLogType             = "aws:ec2/flowLog:FlowLog"
	healthCheckType         = "aws:route53/healthCheck:HealthCheck"
	monitoringSubType       = "aws:cloudfront/monitoringSubscription:MonitoringSubscription"
	topicPolicyType         = "aws:sns/topicPolicy:TopicPolicy"
	topicType               = "aws:sns/topic:Topic"
	trailType               = "aws:cloudtrail/trail:Trail"
	wafLoggingType          = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
)

// logDays is how long each environment keeps application, infrastructure and CDN logs;
// audit logs are kept auditLogDays everywhere. qa, development and demo as the program
// defaults them (stacks/environment.go).
var logDays = map[string]int{"production": 90, "staging": 30, "qa": 14, "development": 14, "demo": 7}

const auditLogDays = 365

func TestLogGroupsKeepTheRetentionOfTheirClass(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		days, ok := logDays[inv.Stack.Config["saleor:environment"]]
		if !ok {
			t.Fatalf("no log retention stated for environment %q", inv.Stack.Config["saleor:environment"])
		}
		want := map[logging.Class]int{logging.Application: days, logging.Infrastructure: days, logging.CDN: days, logging.Audit: auditLogDays}
		classes := logClasses(t, inv)
		groups := inv.OfType(logGroupType)
		if len(groups) == 0 {
			t.Fatal("no log groups")
		}
		for _, g := range groups {
			class, ok := classes[logGroupKey{g.Region, g.String("name")}]
			if !ok {
				t.Errorf("log group %s in %s: nothing in the stack writes to it, so it has no class", g.String("name"), g.Region)
				continue
			}
			if got := int(g.Number("retentionInDays")); got == 0 || got != want[class] {
				t.Errorf("%s log group %s keeps %d days (0 = never expires), want %d", class, g.String("name"), got, want[class])
			}
		}
	})
}

func TestLogGroupsUseTheLogsKeyOfTheirRegion(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		for _, g := range inv.OfType(logGroupType) {
			key := byARN(inv, kmsKeyType, g.String("kmsKeyId"))
			if key == nil || key.Region != g.Region || keyClass(inv, key) != security.Logs {
				t.Errorf("log group %s (%s) is encrypted with %q, not the %s logs key", g.String("name"), g.Region, g.String("kmsKeyId"), g.Region)
			}
		}
	})
}

// requiredAlert is a row of the requirements' alert table: an alarm on a metric of every
// watched thing of a kind, with what the requirements state about it (zero values: not
// stated; the component's table decides, see TestAlarmsFollowTheAlertTable).
type requiredAlert struct {
	alert             string
	kind              observability.Kind
	namespace, metric string
	priority          observability.Priority
	comparison        string
	threshold         float64
	// of, when set, makes threshold a percentage of the watched thing's baseline.
	of observability.Baseline
	// anomaly: the threshold is an anomaly band (the "2x baseline" of the requirements).
	anomaly bool
	// per is the request count a rate is computed over.
	per string
	// minutes: every evaluated period breaches, over this many minutes.
	minutes int
	// consecutive: this many evaluated periods, all breaching.
	consecutive int
}

var requiredAlerts = []requiredAlert{
	{alert: "Service down", kind: observability.HealthChecks, namespace: "AWS/Route53", metric: "HealthCheckStatus",
		priority: observability.Critical, comparison: "LessThanThreshold", threshold: 1, consecutive: 2},
	{alert: "Service down", kind: observability.TargetGroups, namespace: "AWS/ApplicationELB", metric: "HealthyHostCount",
		priority: observability.Critical, comparison: "LessThanThreshold", threshold: 1, consecutive: 2},
	{alert: "Service down", kind: observability.TargetGroups, namespace: "AWS/ApplicationELB", metric: "UnHealthyHostCount",
		priority: observability.Critical, comparison: "GreaterThanThreshold", threshold: 0, consecutive: 2},
	{alert: "Performance degradation", kind: observability.LoadBalancers, namespace: "AWS/ApplicationELB", metric: "TargetResponseTime",
		priority: observability.High, anomaly: true, minutes: 5},
	{alert: "Performance degradation", kind: observability.Distributions, namespace: "AWS/CloudFront", metric: "OriginLatency",
		priority: observability.High, anomaly: true, minutes: 5},
	{alert: "Error rate", kind: observability.LoadBalancers, namespace: "AWS/ApplicationELB", metric: "HTTPCode_Target_5XX_Count",
		priority: observability.High, comparison: "GreaterThanThreshold", threshold: 5, per: "RequestCount", minutes: 5},
	{alert: "Error rate", kind: observability.Distributions, namespace: "AWS/CloudFront", metric: "5xxErrorRate",
		priority: observability.High, comparison: "GreaterThanThreshold", threshold: 5, minutes: 5},
	{alert: "Certificate expiry", kind: observability.Certificates, namespace: "AWS/CertificateManager", metric: "DaysToExpiry",
		priority: observability.Medium, comparison: "LessThanThreshold", threshold: 30},
	// Vertical scaling: database CPU and cache memory above 70% for 15 minutes; ECS tasks'
	// CPU and memory constraints (80%, the platform's choice) per service.
	{alert: "Database CPU", kind: observability.Databases, namespace: "AWS/RDS", metric: "CPUUtilization",
		priority: observability.High, comparison: "GreaterThanThreshold", threshold: 70, minutes: 15},
	// Read replicas: read IOPS above 80% of the volume's for 15 minutes.
	{alert: "Read IOPS", kind: observability.Databases, namespace: "AWS/RDS", metric: "ReadIOPS",
		priority: observability.High, comparison: "GreaterThanThreshold", threshold: 80, of: observability.ProvisionedIOPS, minutes: 15},
	{alert: "Database storage", kind: observability.Databases, namespace: "AWS/RDS", metric: "FreeStorageSpace"},
	{alert: "Replica lag", kind: observability.DatabaseReplicas, namespace: "AWS/RDS", metric: "ReplicaLag"},
	{alert: "Cache memory", kind: observability.Caches, namespace: "AWS/ElastiCache", metric: "DatabaseMemoryUsagePercentage",
		priority: observability.High, comparison: "GreaterThanThreshold", threshold: 70, minutes: 15},
	{alert: "Task CPU", kind: observability.Services, namespace: "AWS/ECS", metric: "CPUUtilization",
		priority: observability.High, comparison: "GreaterThanThreshold", threshold: 80, minutes: 15},
	{alert: "Task memory", kind: observability.Services, namespace: "AWS/ECS", metric: "MemoryUtilization",
		priority: observability.High, comparison: "GreaterThanThreshold", threshold: 80, minutes: 15},
	{alert: "Cache evictions", kind: observability.Caches, namespace: "AWS/ElastiCache", metric: "Evictions"},
	{alert: "DLQ depth", kind: observability.DeadLetterQueues, namespace: "AWS/SQS", metric: "ApproximateNumberOfMessagesVisible"},
	{alert: "Tasks below desired", kind: observability.Services, namespace: "ECS/ContainerInsights", metric: "RunningTaskCount"},
}

// TestRequiredAlertsCoverEveryWatchedThing: every row of the requirements' table alarms on
// every thing of its kind the stack runs, with the stated condition and the stated
// priority's topic of the alarm's region; a standing-by DR runtime's things have no alarm
// but its certificate's (alarmsWanted).
func TestRequiredAlertsCoverEveryWatchedThing(t *testing.T) {
	forEachStack(t, checkRequiredAlerts)
}

// checkRequiredAlerts checks the stack's alarms against the requirements' table
// (TestRequiredAlertsCoverEveryWatchedThing).
func checkRequiredAlerts(t *testing.T, inv *harness.Inventory) {
	t.Helper()
	alarms := alarmsOf(t, inv)
	for _, req := range requiredAlerts {
		things := watchedThings(t, inv, req.kind)
		if len(things) == 0 && !mayHaveNone(t, inv, req.kind) {
			t.Errorf("%s: the stack has no %s to watch", req.alert, req.kind)
		}
		for _, th := range things {
			want := alarmsWanted(th, req.kind)
			for _, member := range th.members {
				found := alarmsReading(alarms, th.region, req.namespace, req.metric, member)
				if len(found) != want {
					t.Errorf("%s: %s (%v%s) has %d %s alarms in %s, want %d", req.alert, th.what, member, th.standingBy(), len(found), req.metric, th.region, want)
					continue
				}
				if want > 0 {
					checkStated(t, inv, req, th, found[0])
				}
			}
		}
	}
}

// alarmsWanted is how many alarms of a rule watching kind a thing must have: one, but none
// for a standing-by DR runtime's things other than its certificate. A pilot-light runtime
// runs no task and its load balancer and health check are unhealthy by design, a warm one
// gets traffic only once the primary region fails: their service-down, error-rate, latency
// and task-count alarms would fire forever or page for no customer, and their caches and
// queues hold nothing. Its
// certificate must be valid the day it takes over, and its expiry alarm never fires by
// itself. Promotion removes the Standby tag: the runtime is then watched like any other.
func alarmsWanted(th watchedThing, kind observability.Kind) int {
	switch {
	case th.standby != "" && kind != observability.Certificates:
		return 0
	case kind == observability.Services && th.baselines[observability.MinimumTasks] == 0:
		return 0 // a service meant to run no task (a regional stack's beat) has none to miss
	}
	return 1
}

// mayHaveNone reports whether a stack may run nothing of a kind the requirements' table
// watches: database replicas (a primary may have none), distributions (an API-only stack).
func mayHaveNone(t *testing.T, inv *harness.Inventory, kind observability.Kind) bool {
	switch kind {
	case observability.DatabaseReplicas:
		return true
	case observability.Distributions:
		return !stackConfig(t, inv).ServesStorefront()
	}
	return false
}

func checkStated(t *testing.T, inv *harness.Inventory, req requiredAlert, th watchedThing, a alarmView) {
	t.Helper()
	r := a.r
	threshold := req.threshold
	if req.of != observability.Absolute {
		threshold = req.threshold / 100 * th.baselines[req.of]
	}
	evaluations, datapoints := int(r.Number("evaluationPeriods")), int(r.Number("datapointsToAlarm"))
	period := a.metric(req.namespace, req.metric).period
	switch {
	case req.anomaly && (r.String("comparisonOperator") != "GreaterThanUpperThreshold" || !a.hasExpression("ANOMALY_DETECTION_BAND(")):
		t.Errorf("%s: %s is no upper anomaly-band alarm (%s)", req.alert, r.Name, r.String("comparisonOperator"))
	case req.comparison != "" && (r.String("comparisonOperator") != req.comparison || r.Number("threshold") != threshold ||
		req.of != observability.Absolute && threshold <= 0):
		t.Errorf("%s: %s alarms %s %v, want %s %v", req.alert, r.Name, r.String("comparisonOperator"), r.Number("threshold"), req.comparison, threshold)
	}
	if req.minutes > 0 && (datapoints != evaluations || period*datapoints != req.minutes*60) {
		t.Errorf("%s: %s alarms on %d of %d periods of %d s, want every period for %d minutes", req.alert, r.Name, datapoints, evaluations, period, req.minutes)
	}
	if req.consecutive > 0 && (evaluations != req.consecutive || datapoints != req.consecutive) {
		t.Errorf("%s: %s alarms on %d of %d periods, want %d consecutive", req.alert, r.Name, datapoints, evaluations, req.consecutive)
	}
	if req.per != "" && a.metric(req.namespace, req.per).name == "" {
		t.Errorf("%s: %s is not a rate over %s", req.alert, r.Name, req.per)
	}
	if req.priority != "" {
		checkNotifies(t, inv, a, req.priority)
	}
}

// TestAlarmsFollowTheAlertTable: every rule of the component's alert table is applied to
// every thing of its kind in the stack, with the rule's statistic, period, evaluation,
// missing-data treatment and threshold (a relative threshold resolved against the thing:
// allocated storage, desired tasks), notifying the rule's priority topic of its region.
func TestAlarmsFollowTheAlertTable(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) { checkAlertTable(t, inv) })
}

// checkAlertTable checks the stack's alarms against the rules of the alert table with the
// given IDs, every rule when none are given (TestAlarmsFollowTheAlertTable).
func checkAlertTable(t *testing.T, inv *harness.Inventory, ids ...string) {
	t.Helper()
	alarms := alarmsOf(t, inv)
	for _, rule := range observability.AlertTable() {
		if len(ids) > 0 && !slices.Contains(ids, rule.ID) {
			continue
		}
		m := rule.Metrics[0]
		for _, th := range watchedThings(t, inv, rule.Watches) {
			want := alarmsWanted(th, rule.Watches)
			for _, member := range th.members {
				found := alarmsReading(alarms, th.region, m.Namespace, m.Name, member)
				if len(found) != want {
					t.Errorf("rule %s: %s (%v%s) has %d %s alarms in %s, want %d", rule.ID, th.what, member, th.standingBy(), len(found), m.Name, th.region, want)
					continue
				}
				if want > 0 {
					checkRule(t, inv, rule, th, found[0])
				}
			}
		}
	}
}

func checkRule(t *testing.T, inv *harness.Inventory, rule observability.Rule, th watchedThing, a alarmView) {
	t.Helper()
	r, m := a.r, a.metric(rule.Metrics[0].Namespace, rule.Metrics[0].Name)
	if r.String("comparisonOperator") != rule.Comparison || int(r.Number("evaluationPeriods")) != rule.EvaluationPeriods ||
		int(r.Number("datapointsToAlarm")) != rule.DatapointsToAlarm || r.String("treatMissingData") != rule.TreatMissingData {
		t.Errorf("rule %s: %s alarms %s on %v of %v periods, missing data %s; want %s on %d of %d, %s", rule.ID, r.Name,
			r.String("comparisonOperator"), r.Number("datapointsToAlarm"), r.Number("evaluationPeriods"), r.String("treatMissingData"),
			rule.Comparison, rule.DatapointsToAlarm, rule.EvaluationPeriods, rule.TreatMissingData)
	}
	if m.period != rule.Period || m.stat != rule.Metrics[0].Stat {
		t.Errorf("rule %s: %s reads %s %s over %d s, want %s over %d s", rule.ID, r.Name, m.name, m.stat, m.period, rule.Metrics[0].Stat, rule.Period)
	}
	want := rule.Threshold
	if rule.Of != observability.Absolute {
		want = rule.Threshold / 100 * th.baselines[rule.Of]
	}
	switch {
	case rule.Band > 0:
		if !a.hasExpression("ANOMALY_DETECTION_BAND(") || r.String("thresholdMetricId") == "" {
			t.Errorf("rule %s: %s is no anomaly-band alarm", rule.ID, r.Name)
		}
	case want <= 0 && rule.Of != observability.Absolute:
		t.Errorf("rule %s: %s has no %s to take %v%% of", rule.ID, th.what, rule.Of, rule.Threshold)
	case math.Abs(r.Number("threshold")-want) > 1e-6*math.Max(1, want):
		t.Errorf("rule %s: %s threshold %v, want %v", rule.ID, r.Name, r.Number("threshold"), want)
	}
	checkNotifies(t, inv, a, rule.Priority)
}

// TestOriginLatencyIsPublished: CloudFront publishes OriginLatency only for distributions
// with additional metrics enabled (a monitoring subscription); without one an alarm on it
// never sees data and, treating missing data as not breaching, never fires.
func TestOriginLatencyIsPublished(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		alarms := alarmsOf(t, inv)
		for _, d := range inv.OfType(distributionType) {
			watched := false
			for _, a := range alarms {
				watched = watched || a.readsAny("AWS/CloudFront", "OriginLatency", "DistributionId", d.ID)
			}
			if !watched {
				continue
			}
			enabled := false
			for _, s := range inv.OfType(monitoringSubType) {
				enabled = enabled || s.String("distributionId") == d.ID &&
					s.String("monitoringSubscription.realtimeMetricsSubscriptionConfig.realtimeMetricsSubscriptionStatus") == "Enabled"
			}
			if !enabled {
				t.Errorf("distribution %s: OriginLatency is alarmed on, but no monitoring subscription enables additional metrics, so the alarm never gets data", d.Name)
			}
		}
	})
}

func TestTopicsAreEncryptedWithTheMessagingKey(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		topics := inv.OfType(topicType)
		if len(topics) == 0 {
			t.Fatal("no topics")
		}
		for _, topic := range topics {
			key := byARN(inv, kmsKeyType, topic.String("kmsMasterKeyId"))
			if key == nil || key.Region != topic.Region || keyClass(inv, key) != security.Messaging {
				t.Errorf("topic %s (%s) is encrypted with %q, not the messaging key of its region", topic.Name, topic.Region, topic.String("kmsMasterKeyId"))
			}
		}
	})
}

// TestPublishersCanUseEncryptedTopics: whatever publishes to a topic (alarms, budgets, cost
// anomaly alerts) may do so by the topic policy and may use the topic's key by the key policy;
// otherwise the alert is dropped silently.
func TestPublishersCanUseEncryptedTopics(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		for topic, services := range topicPublishers(t, inv) {
			key := byARN(inv, kmsKeyType, topic.String("kmsMasterKeyId"))
			if key == nil {
				continue // TestTopicsAreEncryptedWithTheMessagingKey reports it
			}
			keyPolicy := policyDocumentOf(t, key, "policy")
			var topicPolicy policyDocument
			for _, p := range inv.OfType(topicPolicyType) {
				if p.String("arn") == topic.Output("arn") {
					topicPolicy = policyDocumentOf(t, p, "policy")
				}
			}
			for service := range services {
				for _, action := range []string{"kms:GenerateDataKey", "kms:Decrypt"} {
					if !grants(keyPolicy, service, action) {
						t.Errorf("topic %s: %s publishes to it but the key policy of %s does not grant it %s", topic.Name, service, key.Name, action)
					}
				}
				if !grants(topicPolicy, service, "sns:Publish") {
					t.Errorf("topic %s: %s publishes to it but the topic policy does not grant it sns:Publish", topic.Name, service)
				}
			}
		}
	})
}

// TestCloudTrailIsMultiRegionValidatedAndKeptAYear: the trail records every region, validates
// its log files, encrypts them with the audit key, sends them to CloudWatch Logs and delivers
// them to a bucket whose lifecycle keeps them 365 days and whose policy admits this trail.
func TestCloudTrailIsMultiRegionValidatedAndKeptAYear(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		trails := inv.OfType(trailType)
		if !stackConfig(t, inv).ManageAccountSecurity {
			if len(trails) > 0 {
				t.Errorf("%d trails in a stack that does not manage account security", len(trails))
			}
			return
		}
		if len(trails) != 1 {
			t.Fatalf("%d trails, want 1", len(trails))
		}
		trail := trails[0]
		for _, field := range []string{"isMultiRegionTrail", "includeGlobalServiceEvents", "enableLogFileValidation", "enableLogging"} {
			if !trail.Bool(field) {
				t.Errorf("trail %s: %s is not true", trail.Name, field)
			}
		}
		if key := byARN(inv, kmsKeyType, trail.String("kmsKeyId")); key == nil || key.Region != trail.Region || keyClass(inv, key) != security.Audit {
			t.Errorf("trail %s is encrypted with %q, not the audit key of %s", trail.Name, trail.String("kmsKeyId"), trail.Region)
		}
		group := byARN(inv, logGroupType, strings.TrimSuffix(trail.String("cloudWatchLogsGroupArn"), ":*"))
		if group == nil || byARN(inv, roleType, trail.String("cloudWatchLogsRoleArn")) == nil {
			t.Errorf("trail %s sends to log group %q with role %q, not the stack's", trail.Name, trail.String("cloudWatchLogsGroupArn"), trail.String("cloudWatchLogsRoleArn"))
		}
		var bucket *harness.Resource
		for _, b := range inv.OfType(bucketType) {
			if b.Output("bucket") == trail.String("s3BucketName") {
				bucket = b
			}
		}
		if bucket == nil {
			t.Fatalf("trail %s delivers to %q, no bucket of the stack", trail.Name, trail.String("s3BucketName"))
		}
		if days := expirationDays(t, inv, bucket); len(days) != 1 || days[0] != auditLogDays {
			t.Errorf("audit bucket %s expires objects after %v days, want exactly one expiry at %d", bucket.Name, days, auditLogDays)
		}
		admits := false
		for _, s := range bucketPolicyOf(t, inv, bucket).Statement {
			admits = admits || s.Effect == "Allow" && s.Action.has("s3:PutObject") && s.principals()["Service"].has("cloudtrail.amazonaws.com") &&
				s.Condition["StringEquals"]["aws:SourceArn"] == trail.Output("arn")
		}
		if !admits {
			t.Errorf("audit bucket %s does not let trail %s write", bucket.Name, trail.Output("arn"))
		}
	})
}

func TestBudgetNotifiesTheMediumTopic(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		budgets := inv.OfType(budgetType)
		if len(budgets) != 1 {
			t.Fatalf("%d budgets, want 1", len(budgets))
		}
		b := budgets[0]
		limit, _ := strconv.ParseFloat(b.String("limitAmount"), 64)
		want := float64(stackConfig(t, inv).Observability.MonthlyBudgetUSD) // a demo stack's defaults
		if limit != want || b.String("limitUnit") != "USD" || b.String("timeUnit") != "MONTHLY" || b.String("budgetType") != "COST" {
			t.Errorf("budget %s: %s %s per %s (%s), want a monthly cost budget of %v USD", b.Name, b.String("limitAmount"), b.String("limitUnit"),
				b.String("timeUnit"), b.String("budgetType"), want)
		}
		var notifications []struct {
			SubscriberSnsTopicArns []string `json:"subscriberSnsTopicArns"`
		}
		decode(t, b, "notifications", &notifications)
		if len(notifications) == 0 {
			t.Errorf("budget %s notifies nobody", b.Name)
		}
		for _, n := range notifications {
			checkTopics(t, inv, "budget "+b.Name, b.Region, n.SubscriberSnsTopicArns, observability.Medium)
		}
		// Until the Stack tag is an active cost allocation tag a filter on it counts $0: the
		// budget counts the whole account instead.
		var filters []struct {
			Name   string   `json:"name"`
			Values []string `json:"values"`
		}
		decode(t, b, "costFilters", &filters)
		tagged := len(filters) == 1 && filters[0].Name == "TagKeyValue" && len(filters[0].Values) == 1 &&
			filters[0].Values[0] == "user:Stack$"+inv.Stack.Name
		if active := inv.Stack.Config["saleor:costAllocationTags"] != "pending"; tagged != active || (!tagged && len(filters) > 0) {
			t.Errorf("budget %s filters %+v with cost allocation tags %s", b.Name, filters, inv.Stack.Config["saleor:costAllocationTags"])
		}
	})
}

// TestCostAnomaliesNotifyTheMediumTopic: daily spend 20% above its baseline reaches the
// medium topic (IMMEDIATE is the only frequency that can notify SNS).
func TestCostAnomaliesNotifyTheMediumTopic(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		subs := inv.OfType(anomalySubscriptionType)
		if inv.Stack.Config["saleor:costAllocationTags"] == "pending" {
			if len(subs)+len(inv.OfType(anomalyMonitorType)) != 0 {
				t.Errorf("cost allocation tags pending, yet %d anomaly subscriptions watch untagged costs", len(subs))
			}
			return
		}
		if len(subs) != 1 {
			t.Fatalf("%d cost anomaly subscriptions, want 1", len(subs))
		}
		s := subs[0]
		var threshold struct {
			Dimension struct {
				Key          string   `json:"key"`
				MatchOptions []string `json:"matchOptions"`
				Values       []string `json:"values"`
			} `json:"dimension"`
		}
		decode(t, s, "thresholdExpression", &threshold)
		d := threshold.Dimension
		if d.Key != "ANOMALY_TOTAL_IMPACT_PERCENTAGE" || len(d.Values) != 1 || d.Values[0] != "20" || len(d.MatchOptions) != 1 || !strings.HasPrefix(d.MatchOptions[0], "GREATER_THAN") {
			t.Errorf("subscription %s alerts on %s %v %v, want ANOMALY_TOTAL_IMPACT_PERCENTAGE above 20", s.Name, d.Key, d.MatchOptions, d.Values)
		}
		if s.String("frequency") != "IMMEDIATE" {
			t.Errorf("subscription %s is %s; only IMMEDIATE notifies SNS", s.Name, s.String("frequency"))
		}
		monitors := s.Strings("monitorArnLists")
		for _, arn := range monitors {
			if byARN(inv, anomalyMonitorType, arn) == nil {
				t.Errorf("subscription %s follows %s, no monitor of the stack", s.Name, arn)
			}
		}
		var subscribers []struct {
			Type    string `json:"type"`
			Address string `json:"address"`
		}
		decode(t, s, "subscribers", &subscribers)
		var topics []string
		for _, sub := range subscribers {
			if sub.Type == "SNS" {
				topics = append(topics, sub.Address)
			}
		}
		if len(monitors) == 0 || len(topics) == 0 {
			t.Errorf("subscription %s: monitors %v, SNS subscribers %v", s.Name, monitors, topics)
		}
		checkTopics(t, inv, "subscription "+s.Name, s.Region, topics, observability.Medium)
	})
}

// ---- Alarms ----

// alarmMetric is one metric an alarm reads.
type alarmMetric struct {
	namespace, name, stat string
	period                int
	dims                  map[string]string
}

// alarmView is a metric alarm with the metrics and expressions it reads.
type alarmView struct {
	r           *harness.Resource
	metrics     []alarmMetric
	expressions []string
}

func alarmsOf(t *testing.T, inv *harness.Inventory) []alarmView {
	t.Helper()
	var out []alarmView
	for _, r := range inv.OfType(metricAlarmType) {
		a := alarmView{r: r}
		if r.String("metricName") != "" {
			var dims map[string]string
			decode(t, r, "dimensions", &dims)
			stat := r.String("statistic") + r.String("extendedStatistic")
			a.metrics = append(a.metrics, alarmMetric{r.String("namespace"), r.String("metricName"), stat, int(r.Number("period")), dims})
		}
		var queries []struct {
			Expression string `json:"expression"`
			Metric     *struct {
				Namespace  string            `json:"namespace"`
				MetricName string            `json:"metricName"`
				Stat       string            `json:"stat"`
				Period     int               `json:"period"`
				Dimensions map[string]string `json:"dimensions"`
			} `json:"metric"`
		}
		decode(t, r, "metricQueries", &queries)
		for _, q := range queries {
			if q.Metric != nil {
				a.metrics = append(a.metrics, alarmMetric{q.Metric.Namespace, q.Metric.MetricName, q.Metric.Stat, q.Metric.Period, q.Metric.Dimensions})
			}
			if q.Expression != "" {
				a.expressions = append(a.expressions, q.Expression)
			}
		}
		out = append(out, a)
	}
	return out
}

// metric returns the alarm's metric of a name, the zero metric when it reads none.
func (a alarmView) metric(namespace, name string) alarmMetric {
	for _, m := range a.metrics {
		if m.namespace == namespace && m.name == name {
			return m
		}
	}
	return alarmMetric{}
}

// reads reports whether the alarm reads the metric with exactly these dimensions.
func (a alarmView) reads(namespace, name string, dims map[string]string) bool {
	for _, m := range a.metrics {
		if m.namespace == namespace && m.name == name && maps.Equal(m.dims, dims) {
			return true
		}
	}
	return false
}

// readsAny reports whether the alarm reads the metric with a dimension of this value.
func (a alarmView) readsAny(namespace, name, dimension, value string) bool {
	for _, m := range a.metrics {
		if m.namespace == namespace && m.name == name && m.dims[dimension] == value {
			return true
		}
	}
	return false
}

func (a alarmView) hasExpression(prefix string) bool {
	for _, e := range a.expressions {
		if strings.HasPrefix(e, prefix) {
			return true
		}
	}
	return false
}

func alarmsReading(alarms []alarmView, region, namespace, name string, dims map[string]string) []alarmView {
	var out []alarmView
	for _, a := range alarms {
		if a.r.Region == region && a.reads(namespace, name, dims) {
			out = append(out, a)
		}
	}
	return out
}

// notifiesOnly reports whether every action of the alarm is an SNS topic of the stack.
func notifiesOnly(inv *harness.Inventory, a alarmView) bool {
	actions := a.r.Strings("alarmActions")
	for _, arn := range actions {
		if byARN(inv, topicType, arn) == nil {
			return false
		}
	}
	return len(actions) > 0
}

// checkNotifies checks that an enabled alarm notifies the topic of a priority in the alarm's
// own region.
func checkNotifies(t *testing.T, inv *harness.Inventory, a alarmView, p observability.Priority) {
	t.Helper()
	if !a.r.Bool("actionsEnabled") {
		t.Errorf("alarm %s has its actions disabled", a.r.Name)
	}
	checkTopics(t, inv, "alarm "+a.r.Name, a.r.Region, a.r.Strings("alarmActions"), p)
	if ok := a.r.Strings("okActions"); len(ok) > 0 { // recovery notices, when sent, go to the same topic
		checkTopics(t, inv, "alarm "+a.r.Name+" (OK)", a.r.Region, ok, p)
	}
}

// checkTopics checks that arns are exactly one topic: the priority's topic of the region.
func checkTopics(t *testing.T, inv *harness.Inventory, what, region string, arns []string, p observability.Priority) {
	t.Helper()
	if len(arns) != 1 {
		t.Errorf("%s notifies %v, want the %s topic", what, arns, p)
		return
	}
	topic := byARN(inv, topicType, arns[0])
	if topic == nil || topic.Region != region || topicPriority(topic) != p {
		t.Errorf("%s notifies %s, want the %s topic of %s", what, arns[0], p, region)
	}
}

// topicPriority is the priority a topic carries (its logical name ends in it).
func topicPriority(topic *harness.Resource) observability.Priority {
	for _, p := range observability.Priorities() {
		if strings.HasSuffix(topic.Name, "-"+string(p)) {
			return p
		}
	}
	return ""
}

// topicPublishers maps each topic to the AWS services that publish to it.
func topicPublishers(t *testing.T, inv *harness.Inventory) map[*harness.Resource]map[string]bool {
	t.Helper()
	out := map[*harness.Resource]map[string]bool{}
	add := func(service string, arns ...string) {
		for _, arn := range arns {
			if topic := byARN(inv, topicType, arn); topic != nil {
				if out[topic] == nil {
					out[topic] = map[string]bool{}
				}
				out[topic][service] = true
			}
		}
	}
	for _, a := range inv.OfType(metricAlarmType) {
		add("cloudwatch.amazonaws.com", append(a.Strings("alarmActions"), a.Strings("okActions")...)...)
	}
	for _, b := range inv.OfType(budgetType) {
		var notifications []struct {
			SubscriberSnsTopicArns []string `json:"subscriberSnsTopicArns"`
		}
		decode(t, b, "notifications", &notifications)
		for _, n := range notifications {
			add("budgets.amazonaws.com", n.SubscriberSnsTopicArns...)
		}
	}
	for _, s := range inv.OfType(anomalySubscriptionType) {
		var subscribers []struct {
			Address string `json:"address"`
		}
		decode(t, s, "subscribers", &subscribers)
		for _, sub := range subscribers {
			add("costalerts.amazonaws.com", sub.Address)
		}
	}
	if len(out) == 0 {
		t.Fatal("nothing publishes to any topic")
	}
	return out
}

// grants reports whether a policy allows a service principal an action (Action patterns
// with a trailing * included).
func grants(doc policyDocument, service, action string) bool {
	for _, s := range doc.Statement {
		if s.Effect != "Allow" || !s.principals()["Service"].has(service) {
			continue
		}
		for _, pattern := range s.Action {
			if pattern == action || pattern == "*" || strings.HasSuffix(pattern, "*") && strings.HasPrefix(action, strings.TrimSuffix(pattern, "*")) {
				return true
			}
		}
	}
	return false
}

func (s strs) has(v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// ---- What the alarms watch, from the inventory ----

// watchedThing is one thing in the inventory a rule of its kind must alarm on.
type watchedThing struct {
	what string
	// region is where its metrics are published, so where its alarms live.
	region string
	// members are the dimension sets of its metrics: one per cache node, else one.
	members []map[string]string
	// baselines are what relative thresholds are percentages of (bytes of allocated storage,
	// the volume's IOPS, desired tasks).
	baselines map[observability.Baseline]float64
	// standby is the Standby tag of a DR runtime's thing that stands by (a health check's is
	// its load balancer's), "" for a thing that serves.
	standby string
}

// standingBy says, for a message, that the thing stands by.
func (th watchedThing) standingBy() string {
	if th.standby == "" {
		return ""
	}
	return ", standing by " + th.standby
}

// standbyOf is the Standby tag a resource carries ("" for none).
func standbyOf(r *harness.Resource) string { return r.String("tagsAll." + stacks.StandbyTag) }

func watchedThings(t *testing.T, inv *harness.Inventory, kind observability.Kind) []watchedThing {
	t.Helper()
	var out []watchedThing
	add := func(r *harness.Resource, region string, baselines map[observability.Baseline]float64, members ...map[string]string) {
		out = append(out, watchedThing{what: r.Type + " " + r.Name, region: region, members: members, baselines: baselines, standby: standbyOf(r)})
	}
	switch kind {
	case observability.HealthChecks: // Route 53 publishes in us-east-1 only
		for _, r := range inv.OfType(healthCheckType) {
			add(r, catalog.GlobalServicesRegion, nil, map[string]string{"HealthCheckId": r.ID})
			for _, lb := range inv.OfType(loadBalancerType) {
				if lb.Output("dnsName") == r.String("fqdn") {
					out[len(out)-1].standby = standbyOf(lb)
				}
			}
		}
	case observability.Distributions: // so does CloudFront
		for _, r := range inv.OfType(distributionType) {
			add(r, catalog.GlobalServicesRegion, nil, map[string]string{"DistributionId": r.ID, "Region": "Global"})
		}
	case observability.LoadBalancers:
		for _, r := range inv.OfType(loadBalancerType) {
			add(r, r.Region, nil, map[string]string{"LoadBalancer": r.Output("arnSuffix")})
		}
	case observability.TargetGroups:
		for _, r := range inv.OfType(targetGroupType) {
			lb := loadBalancerOfTargetGroup(inv, r)
			if lb == nil {
				t.Errorf("target group %s is attached to no load balancer", r.Name)
				continue
			}
			add(r, r.Region, nil, map[string]string{"TargetGroup": r.Output("arnSuffix"), "LoadBalancer": lb.Output("arnSuffix")})
		}
	case observability.Certificates:
		for _, r := range inv.OfType(certificateType) {
			add(r, r.Region, nil, map[string]string{"CertificateArn": r.Output("arn")})
		}
	case observability.Databases, observability.DatabaseReplicas:
		for _, r := range inv.OfType(rdsInstanceType) {
			if kind == observability.DatabaseReplicas && !r.Has("replicateSourceDb") {
				continue
			}
			gib := allocatedStorageGiB(t, inv, r)
			add(r, r.Region, map[observability.Baseline]float64{observability.AllocatedStorage: gib * (1 << 30), observability.ProvisionedIOPS: gp3IOPS(gib)},
				map[string]string{"DBInstanceIdentifier": r.Output("identifier")})
		}
	case observability.Caches: // ElastiCache publishes per node
		for _, r := range inv.OfType(replicationGroupType) {
			var members []map[string]string
			for _, node := range outputStrings(r, "memberClusters") {
				members = append(members, map[string]string{"CacheClusterId": node})
			}
			if len(members) == 0 {
				t.Errorf("cache %s has no member clusters", r.Name)
			}
			add(r, r.Region, nil, members...)
		}
	case observability.DeadLetterQueues:
		for _, r := range inv.OfType(queueType) {
			if deadLetterQueues(t, inv)[r] {
				add(r, r.Region, nil, map[string]string{"QueueName": r.String("name")})
			}
		}
	case observability.Services:
		for _, r := range inv.OfType(serviceType) {
			cluster := byARN(inv, clusterType, r.String("cluster"))
			if cluster == nil {
				t.Errorf("service %s runs in %q, no cluster of the stack", r.Name, r.String("cluster"))
				continue
			}
			add(r, r.Region, map[observability.Baseline]float64{observability.MinimumTasks: r.Number("desiredCount")},
				map[string]string{"ClusterName": cluster.String("name"), "ServiceName": r.String("name")})
		}
	case observability.BucketSizes, observability.BucketObjects:
		for _, r := range filledBuckets(t, inv) {
			role := r.String("tags.Role")
			growth := catalog.BucketGrowth[role]
			if kind == observability.BucketObjects {
				add(r, r.Region, map[observability.Baseline]float64{observability.ExpectedObjects: growth.ExpectedObjects()},
					map[string]string{"BucketName": r.Output("bucket"), "StorageType": "AllStorageTypes"})
				continue
			}
			var members []map[string]string
			for _, storageType := range bucketStorageTypes(t, inv, r) {
				members = append(members, map[string]string{"BucketName": r.Output("bucket"), "StorageType": storageType})
			}
			add(r, r.Region, map[observability.Baseline]float64{observability.ExpectedSize: growth.ExpectedBytes()}, members...)
		}
	case observability.WorkQueues: // graphed, not alarmed
	default:
		t.Fatalf("the alert table watches %q, which this test cannot find in the inventory", kind)
	}
	return out
}

// sizeMonitored are the environments whose buckets alarm on their size: the requirements ask
// "size monitoring" of production and staging.
var sizeMonitored = map[string]bool{"production": true, "staging": true}

// filledBuckets are the buckets the platform fills in the stack's own region (media, assets,
// backups, as their Role tag says; not the logs and audit buckets, nor replicas elsewhere),
// when the stack's environment monitors their size.
func filledBuckets(t *testing.T, inv *harness.Inventory) []*harness.Resource {
	t.Helper()
	if !sizeMonitored[inv.Stack.Config["saleor:environment"]] {
		return nil
	}
	var out []*harness.Resource
	for _, r := range inv.OfType(bucketType) {
		if role := r.String("tags.Role"); r.Region == stackConfig(t, inv).Region && (role == "media" || role == "assets" || role == "backups") {
			out = append(out, r)
		}
	}
	return out
}

// bucketStorageTypes are the StorageType dimensions of a bucket's size: STANDARD's, where S3
// writes objects, and those of the classes its lifecycle moves them to.
func bucketStorageTypes(t *testing.T, inv *harness.Inventory, bucket *harness.Resource) []string {
	t.Helper()
	dimension := map[string]string{"STANDARD": "StandardStorage", "GLACIER_IR": "GlacierInstantRetrievalStorage"}
	out := []string{dimension["STANDARD"]}
	for _, lc := range inv.OfType(lifecycleConfigType) {
		if lc.String("bucket") != bucket.Output("bucket") && lc.String("bucket") != bucket.ID {
			continue
		}
		for i := range len(lc.Get("rules").ArrayValue()) {
			if class := lc.String(fmt.Sprintf("rules[%d].transitions[0].storageClass", i)); class != "" {
				if dimension[class] == "" {
					t.Fatalf("bucket %s moves objects to %s, whose StorageType this test does not know", bucket.Name, class)
				}
				out = append(out, dimension[class])
			}
		}
	}
	return out
}

// loadBalancerOfTargetGroup is the load balancer whose listener (or listener rule) forwards
// to the target group.
func loadBalancerOfTargetGroup(inv *harness.Inventory, tg *harness.Resource) *harness.Resource {
	forwardsTo := func(r *harness.Resource, path string) bool {
		v := r.Get(path)
		if !v.IsArray() {
			return false
		}
		for _, action := range v.ArrayValue() {
			if action.IsObject() && action.ObjectValue()["targetGroupArn"].IsString() &&
				action.ObjectValue()["targetGroupArn"].StringValue() == tg.Output("arn") {
				return true
			}
		}
		return false
	}
	for _, l := range inv.OfType(listenerType) {
		forwards := forwardsTo(l, "defaultActions")
		for _, rule := range inv.OfType(listenerRuleType) {
			forwards = forwards || rule.String("listenerArn") == l.Output("arn") && forwardsTo(rule, "actions")
		}
		if forwards {
			return byARN(inv, loadBalancerType, l.String("loadBalancerArn"))
		}
	}
	return nil
}

// gp3IOPS is the IOPS of an RDS gp3 volume of gib without provisioned IOPS: 3,000, and
// 12,000 from 400 GiB, where RDS stripes it over four volumes (RDS User Guide, gp3 storage).
func gp3IOPS(gib float64) float64 {
	if gib >= 400 {
		return 12000
	}
	return 3000
}

// allocatedStorageGiB is an instance's allocated storage, a replica's being its source's:
// in the stack, or, for a regional stack's replica, in its primary. A promoted replica (no
// storage of its own, no source any more) keeps the storage it had as a replica of the
// environment's writer: the stack's own (a primary's DR replica) or its primary's.
func allocatedStorageGiB(t *testing.T, inv *harness.Inventory, db *harness.Resource) float64 {
	cfg := stackConfig(t, inv)
	runs := []*harness.Inventory{inv}
	if cfg.IsRegional() {
		runs = append(runs, primaryRun(t, inv))
	}
	if db != nil && !db.Has("allocatedStorage") && !db.Has("replicateSourceDb") {
		if cfg.IsRegional() {
			db = sourceDatabase(runs, cfg.Primary.Contract.DatabaseArn)
		} else {
			db = primaryDatabase(t, inv, cfg.Region)
		}
	}
	for db != nil && !db.Has("allocatedStorage") && db.Has("replicateSourceDb") {
		db = sourceDatabase(runs, db.String("replicateSourceDb"))
	}
	if db == nil {
		return 0
	}
	return db.Number("allocatedStorage")
}

// sourceDatabase is the RDS instance of runs that a replicateSourceDb names, by ARN or
// identifier, or nil.
func sourceDatabase(runs []*harness.Inventory, src string) *harness.Resource {
	for _, run := range runs {
		if db := byARN(run, rdsInstanceType, src); db != nil {
			return db
		}
		for _, r := range run.OfType(rdsInstanceType) {
			if r.Output("identifier") == src {
				return r
			}
		}
	}
	return nil
}

func outputStrings(r *harness.Resource, key string) []string {
	var out []string
	v := r.Outputs[resource.PropertyKey(key)]
	if !v.IsArray() {
		return nil
	}
	for _, e := range v.ArrayValue() {
		if e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

// ---- Logs, keys, lifecycle ----

type logGroupKey struct{ region, name string }

// logClasses classifies the stack's log groups by what writes to them: the containers of
// every runtime (application), flow logs and database and cache exports (infrastructure), WAF (CDN) and
// CloudTrail (audit).
func logClasses(t *testing.T, inv *harness.Inventory) map[logGroupKey]logging.Class {
	t.Helper()
	out := map[logGroupKey]logging.Class{}
	set := func(k logGroupKey, c logging.Class) {
		if prev, ok := out[k]; ok && prev != c {
			t.Errorf("log group %s in %s receives both %s and %s logs", k.name, k.region, prev, c)
		}
		out[k] = c
	}
	for _, rt := range runtimesOf(t, inv) {
		for _, w := range workloads(t, inv, rt.region) {
			opts := w.container.LogConfiguration.Options
			set(logGroupKey{opts["awslogs-region"], opts["awslogs-group"]}, logging.Application)
		}
	}
	for _, f := range inv.OfType(flowLogType) {
		set(logGroupFromARN(f.String("logDestination")), logging.Infrastructure)
	}
	for _, db := range inv.OfType(rdsInstanceType) {
		for _, export := range db.Strings("enabledCloudwatchLogsExports") {
			set(logGroupKey{db.Region, "/aws/rds/instance/" + db.Output("identifier") + "/" + export}, logging.Infrastructure)
		}
	}
	for _, rg := range inv.OfType(replicationGroupType) {
		var deliveries []struct {
			Destination     string `json:"destination"`
			DestinationType string `json:"destinationType"`
		}
		decode(t, rg, "logDeliveryConfigurations", &deliveries)
		for _, d := range deliveries {
			if d.DestinationType == "cloudwatch-logs" {
				set(logGroupKey{rg.Region, d.Destination}, logging.Infrastructure)
			}
		}
	}
	for _, l := range inv.OfType(wafLoggingType) {
		for _, arn := range l.Strings("logDestinationConfigs") {
			set(logGroupFromARN(arn), logging.CDN)
		}
	}
	for _, trail := range inv.OfType(trailType) {
		set(logGroupFromARN(trail.String("cloudWatchLogsGroupArn")), logging.Audit)
	}
	return out
}

// logGroupFromARN reads arn:<partition>:logs:<region>:<account>:log-group:<name>[:*].
func logGroupFromARN(arn string) logGroupKey {
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) < 7 || !strings.HasPrefix(parts[5], "log-group") {
		return logGroupKey{}
	}
	_, name, _ := strings.Cut(arn, ":log-group:")
	return logGroupKey{parts[3], strings.TrimSuffix(name, ":*")}
}

// keyClass is the data class of a KMS key, read from its alias alias/<prefix>/<class>.
func keyClass(inv *harness.Inventory, key *harness.Resource) security.DataClass {
	for _, a := range inv.OfType(kmsAliasType) {
		if target := a.String("targetKeyId"); a.Region == key.Region && (target == key.ID || target == key.Output("keyId") || target == key.Output("arn")) {
			name := a.String("name")
			return security.DataClass(name[strings.LastIndex(name, "/")+1:])
		}
	}
	return ""
}

// expirationDays lists the day counts after which the bucket's enabled lifecycle rules
// expire current objects.
func expirationDays(t *testing.T, inv *harness.Inventory, bucket *harness.Resource) []int {
	t.Helper()
	var out []int
	for _, lc := range inv.OfType(lifecycleConfigType) {
		if lc.String("bucket") != bucket.Output("bucket") {
			continue
		}
		var rules []struct {
			Status     string `json:"status"`
			Expiration *struct {
				Days int `json:"days"`
			} `json:"expiration"`
		}
		decode(t, lc, "rules", &rules)
		for _, r := range rules {
			if r.Status == "Enabled" && r.Expiration != nil && r.Expiration.Days > 0 {
				out = append(out, r.Expiration.Days)
			}
		}
	}
	return out
}
