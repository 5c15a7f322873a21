package observability

import (
	"fmt"
	"strings"
)

// Priority is how urgently an alert needs a human; each priority has its own SNS topic.
type Priority string

const (
	// Critical: customers are affected now (the service is down, the database is filling up).
	// Pages on-call at any hour.
	Critical Priority = "critical"
	// High: the service is degraded or will be soon (latency, errors, capacity). Act within hours.
	High Priority = "high"
	// Medium: needs attention in working hours (cost, certificates, cache pressure).
	Medium Priority = "medium"
)

// Priorities lists the priorities, most urgent first.
func Priorities() []Priority { return []Priority{Critical, High, Medium} }

// Kind is a kind of watched thing; each rule of the alert table applies to one kind.
type Kind string

const (
	HealthChecks     Kind = "route53-health-check"    // Watched.HealthChecks (us-east-1 only)
	Distributions    Kind = "cloudfront-distribution" // Watched.Distributions (us-east-1 only)
	LoadBalancers    Kind = "load-balancer"           // Watched.LoadBalancers
	TargetGroups     Kind = "target-group"            // Watched.TargetGroups
	Certificates     Kind = "acm-certificate"         // Watched.Certificates
	Databases        Kind = "rds-instance"            // every entry of Watched.Databases
	DatabaseReplicas Kind = "rds-replica"             // the entries of Watched.Databases with Replica set
	Caches           Kind = "cache"                   // Watched.Caches
	DeadLetterQueues Kind = "dead-letter-queue"       // Watched.DeadLetterQueues
	Services         Kind = "ecs-service"             // Watched.Services
	WorkQueues       Kind = "work-queue"              // Watched.WorkQueues (graphed, no alarm)
	// BucketSizes are Watched.Buckets as the sum of their storage classes' sizes.
	BucketSizes Kind = "s3-bucket-size"
	// BucketObjects are Watched.Buckets as their object counts.
	BucketObjects Kind = "s3-bucket-objects"
)

// Global reports whether the kind's metrics exist only in us-east-1 (Route 53 and CloudFront
// publish there whatever region the resources serve), so its alarms and their topics must
// live there too.
func (k Kind) Global() bool { return k == HealthChecks || k == Distributions }

// Baseline is what a relative threshold is a percentage of; it comes from the watched thing.
type Baseline string

const (
	// Absolute thresholds are in the metric's own unit.
	Absolute Baseline = ""
	// AllocatedStorage is the database's allocated storage (Database.AllocatedStorageGiB),
	// compared in bytes as FreeStorageSpace is.
	AllocatedStorage Baseline = "allocated storage"
	// MinimumTasks is the service's minimum task count (Service.MinTasks).
	MinimumTasks Baseline = "minimum task count"
	// ProvisionedIOPS is the database volume's provisioned IOPS (Database.ProvisionedIOPS).
	ProvisionedIOPS Baseline = "provisioned IOPS"
	// ExpectedSize is the bucket's expected size in bytes (Bucket.ExpectedSizeBytes).
	ExpectedSize Baseline = "expected size"
	// ExpectedObjects is the bucket's expected object count (Bucket.ExpectedObjects).
	ExpectedObjects Baseline = "expected object count"
)

// How the members of a thing with several (cache nodes, a blue/green pair of target groups,
// a bucket's storage classes) combine into the alarmed series.
const (
	// Worst: the worst member decides (MAX), the default.
	Worst = ""
	// Total: the members are parts of a whole and add up (SUM, a missing part counting 0).
	Total = "total"
)

// Comparison operators and missing-data treatments the table uses (CloudWatch's values).
const (
	GreaterThan               = "GreaterThanThreshold"
	LessThan                  = "LessThanThreshold"
	GreaterThanUpperThreshold = "GreaterThanUpperThreshold"

	// Breaching: silence from something that must report (health, running tasks, replica
	// lag) is itself the failure.
	Breaching = "breaching"
	// NotBreaching: the metric is only published when something happens (requests, errors,
	// messages), so no data means nothing is wrong.
	NotBreaching = "notBreaching"
	// Missing: a gauge that stops reporting goes to INSUFFICIENT_DATA (visible, no page).
	Missing = "missing"
	// Ignore: the metric is published once a day at a varying time; a missing day keeps the
	// current state.
	Ignore = "ignore"
)

// Metric is one CloudWatch metric a rule reads, with the dimensions the watched thing gives.
type Metric struct {
	// ID names the metric in the rule's Expression ("requests"); "m1" when there is no
	// Expression.
	ID        string
	Namespace string
	Name      string
	// Stat is the statistic: Average, Sum, Minimum, Maximum or a percentile such as p90.
	Stat string
}

// Rule is one row of the alert table: what to watch on every thing of a kind, when to alarm
// and whom to tell.
type Rule struct {
	// ID names the rule; alarm names are <NamePrefix>-<ID>-<thing>.
	ID string
	// Alert is the requirement the rule implements, e.g. "Service down".
	Alert string
	// Watches is the kind of thing the rule applies to, once per thing.
	Watches Kind
	// Priority picks the topic that alarm and OK notifications go to.
	Priority Priority
	// Metrics are the metrics read: one, or several combined by Expression.
	Metrics []Metric
	// Expression is CloudWatch metric math over the Metrics' IDs giving the alarmed series;
	// empty alarms on the single metric. Things with several members are combined as
	// Combine says.
	Expression string
	// Combine is how a thing's members combine: Worst (MAX) or Total (SUM).
	Combine string
	// Band, when above zero, makes an anomaly-detection alarm: the alarm fires when the
	// metric leaves ANOMALY_DETECTION_BAND(m1, Band), Band standard deviations wide, and
	// Threshold is unused.
	Band float64
	// Comparison is CloudWatch's comparison operator.
	Comparison string
	// Threshold is the alarm threshold, in the metric's unit, or a percentage of Of.
	Threshold float64
	// Of is what a relative Threshold is a percentage of; Absolute otherwise.
	Of Baseline
	// Period is the length of one evaluated data point, in seconds.
	Period int
	// EvaluationPeriods and DatapointsToAlarm: the alarm fires when DatapointsToAlarm of the
	// last EvaluationPeriods points breach.
	EvaluationPeriods, DatapointsToAlarm int
	// TreatMissingData is how a period without data counts (see Breaching and the others).
	TreatMissingData string
	// Runbook is the first thing to do when the alarm fires, one sentence; the alarm's
	// description carries it.
	Runbook string
}

// The requirements' alert names.
const (
	ServiceDown            = "Service down"
	PerformanceDegradation = "Performance degradation"
	ErrorRate              = "Error rate"
	CertificateExpiry      = "Certificate expiry"
	StorageSize            = "Storage size"
	DatabaseHealth         = "Database health"
	CacheHealth            = "Cache health"
	FailedMessages         = "Failed messages"
	Capacity               = "Capacity"
	// VerticalScaling: a sustained load that calls for a bigger instance, node or task size
	// (the requirements' vertical-scaling triggers); an alarm, not automatic scaling.
	VerticalScaling = "Vertical scaling"
	// ReadScaling: reads near the volume's limit, the requirements' trigger for adding a read
	// replica.
	ReadScaling = "Read scaling"
)

// scalingPeriod and scalingEvaluations are the requirements' "for 15 minutes" of the scaling
// triggers: three periods of five minutes, every one above the threshold.
const (
	scalingPeriod      = 300
	scalingEvaluations = 3
)

// LatencyBand is the width of the latency anomaly band, in standard deviations. The
// requirement is "latency above 2x its baseline for 5 minutes"; CloudWatch's model gives an
// expected value and a spread, not a ratio. The p90 latency of a web service typically
// varies around its expected value with a standard deviation of about a third of it, so
// 3 deviations above expected is about 2x expected; the model also learns daily and weekly
// seasonality, so the baseline is the usual latency at that hour. Revisit once real
// traffic has trained the model (the alarm description names the band).
const LatencyBand = 3

// MinRequestsPerMinute is the traffic below which an error rate does not alarm: at one
// request a minute one failure is 100%, which is noise, and a total outage is caught by
// the service-down alarms.
const MinRequestsPerMinute = 10

// alertTable is the requirements' alert table plus the platform's own health alarms.
var alertTable = []Rule{
	// Service down: 2 consecutive health-check failures → critical.
	{
		ID: "health-check-failing", Alert: ServiceDown, Watches: HealthChecks, Priority: Critical,
		Metrics:    []Metric{{Namespace: "AWS/Route53", Name: "HealthCheckStatus", Stat: "Minimum"}},
		Comparison: LessThan, Threshold: 1, Period: 60, EvaluationPeriods: 2, DatapointsToAlarm: 2,
		TreatMissingData: Breaching,
		Runbook:          "Check the region's API target health and its last deployment; if the region is lost, follow docs/failover.md.",
	},
	{
		ID: "unhealthy-hosts", Alert: ServiceDown, Watches: TargetGroups, Priority: Critical,
		Metrics:    []Metric{{Namespace: "AWS/ApplicationELB", Name: "UnHealthyHostCount", Stat: "Maximum"}},
		Comparison: GreaterThan, Threshold: 0, Period: 60, EvaluationPeriods: 2, DatapointsToAlarm: 2,
		TreatMissingData: NotBreaching,
		Runbook:          "Read the failing tasks' logs and stopped reasons; roll back the last deployment if it started then.",
	},
	{
		ID: "no-healthy-hosts", Alert: ServiceDown, Watches: TargetGroups, Priority: Critical,
		Metrics:    []Metric{{Namespace: "AWS/ApplicationELB", Name: "HealthyHostCount", Stat: "Minimum"}},
		Comparison: LessThan, Threshold: 1, Period: 60, EvaluationPeriods: 2, DatapointsToAlarm: 2,
		TreatMissingData: Breaching,
		Runbook:          "No task answers /health/: read the service's events and stopped tasks, check the database and caches; roll back the last deployment if it started then.",
	},
	// Performance degradation: latency > 2x baseline for 5 minutes → high.
	{
		ID: "latency-anomaly", Alert: PerformanceDegradation, Watches: LoadBalancers, Priority: High,
		Metrics: []Metric{{Namespace: "AWS/ApplicationELB", Name: "TargetResponseTime", Stat: "p90"}},
		Band:    LatencyBand, Comparison: GreaterThanUpperThreshold, Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 5,
		TreatMissingData: NotBreaching,
		Runbook:          "Compare with the database, cache and task scaling alarms of the region; find slow queries in Performance Insights.",
	},
	{
		ID: "origin-latency-anomaly", Alert: PerformanceDegradation, Watches: Distributions, Priority: High,
		Metrics: []Metric{{Namespace: "AWS/CloudFront", Name: "OriginLatency", Stat: "p90"}},
		Band:    LatencyBand, Comparison: GreaterThanUpperThreshold, Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 5,
		TreatMissingData: NotBreaching,
		Runbook:          "The origins are slow: see the regions' load-balancer latency alarms and the storefront host's status.",
	},
	// Error rate > 5% for 5 minutes → high.
	{
		ID: "5xx-rate", Alert: ErrorRate, Watches: LoadBalancers, Priority: High,
		Metrics: []Metric{
			{ID: "requests", Namespace: "AWS/ApplicationELB", Name: "RequestCount", Stat: "Sum"},
			{ID: "target5xx", Namespace: "AWS/ApplicationELB", Name: "HTTPCode_Target_5XX_Count", Stat: "Sum"},
			{ID: "elb5xx", Namespace: "AWS/ApplicationELB", Name: "HTTPCode_ELB_5XX_Count", Stat: "Sum"},
		},
		Expression: fmt.Sprintf("IF(requests >= %d, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)", MinRequestsPerMinute),
		Comparison: GreaterThan, Threshold: 5, Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 5,
		TreatMissingData: NotBreaching,
		Runbook:          "Read the API logs for the failing requests; roll back the last deployment if it started then.",
	},
	{
		ID: "cdn-5xx-rate", Alert: ErrorRate, Watches: Distributions, Priority: High,
		Metrics: []Metric{
			{ID: "requests", Namespace: "AWS/CloudFront", Name: "Requests", Stat: "Sum"},
			{ID: "rate", Namespace: "AWS/CloudFront", Name: "5xxErrorRate", Stat: "Average"},
		},
		Expression: fmt.Sprintf("IF(requests >= %d, rate, 0)", MinRequestsPerMinute),
		Comparison: GreaterThan, Threshold: 5, Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 5,
		TreatMissingData: NotBreaching,
		Runbook:          "Tell origin errors (the regions' 5xx alarms) from CloudFront's own in the distribution's logs.",
	},
	// Certificate expiry 30 days before → medium.
	{
		ID: "certificate-expiry", Alert: CertificateExpiry, Watches: Certificates, Priority: Medium,
		Metrics:    []Metric{{Namespace: "AWS/CertificateManager", Name: "DaysToExpiry", Stat: "Minimum"}},
		Comparison: LessThan, Threshold: 30, Period: 86400, EvaluationPeriods: 1, DatapointsToAlarm: 1,
		TreatMissingData: Ignore,
		Runbook:          "ACM renews DNS-validated certificates itself: check that the validation record is still in the hosted zone.",
	},
	// Database. Vertical scaling: CPU > 70% for 15 minutes → a bigger class.
	{
		ID: "db-cpu", Alert: VerticalScaling, Watches: Databases, Priority: High,
		Metrics:    []Metric{{Namespace: "AWS/RDS", Name: "CPUUtilization", Stat: "Average"}},
		Comparison: GreaterThan, Threshold: 70, Period: scalingPeriod, EvaluationPeriods: scalingEvaluations, DatapointsToAlarm: scalingEvaluations,
		TreatMissingData: Missing,
		Runbook:          "Find the heaviest queries in Performance Insights; if the load is real, move the instance to a bigger class in the maintenance window.",
	},
	{
		ID: "db-free-storage", Alert: DatabaseHealth, Watches: Databases, Priority: Critical,
		Metrics:    []Metric{{Namespace: "AWS/RDS", Name: "FreeStorageSpace", Stat: "Minimum"}},
		Comparison: LessThan, Threshold: 10, Of: AllocatedStorage, Period: 300, EvaluationPeriods: 1, DatapointsToAlarm: 1,
		TreatMissingData: Missing,
		Runbook:          "Storage autoscaling has reached its ceiling or cannot keep up: raise the ceiling or free space (bloat, old partitions).",
	},
	{
		ID: "db-replica-lag", Alert: DatabaseHealth, Watches: DatabaseReplicas, Priority: High,
		Metrics:    []Metric{{Namespace: "AWS/RDS", Name: "ReplicaLag", Stat: "Maximum"}},
		Comparison: GreaterThan, Threshold: 60, Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 5,
		TreatMissingData: Breaching,
		Runbook:          "Check the writer's write load and the replica's CPU and IOPS; reads from a lagging replica are stale.",
	},
	// Read scaling: read IOPS > 80% of the volume's IOPS for 15 minutes → another replica.
	{
		ID: "db-read-iops", Alert: ReadScaling, Watches: Databases, Priority: High,
		Metrics:    []Metric{{Namespace: "AWS/RDS", Name: "ReadIOPS", Stat: "Average"}},
		Comparison: GreaterThan, Threshold: 80, Of: ProvisionedIOPS, Period: scalingPeriod, EvaluationPeriods: scalingEvaluations, DatapointsToAlarm: scalingEvaluations,
		TreatMissingData: Missing,
		Runbook:          "Reads near the volume's IOPS limit: add a read replica (saleor:dbReplicaCount) and move heavy reads to DATABASE_URL_REPLICA.",
	},
	// Cache. Vertical scaling: memory > 70% for 15 minutes → a bigger node.
	{
		ID: "cache-memory", Alert: VerticalScaling, Watches: Caches, Priority: High,
		Metrics:    []Metric{{Namespace: "AWS/ElastiCache", Name: "DatabaseMemoryUsagePercentage", Stat: "Maximum"}},
		Comparison: GreaterThan, Threshold: 70, Period: scalingPeriod, EvaluationPeriods: scalingEvaluations, DatapointsToAlarm: scalingEvaluations,
		TreatMissingData: Missing,
		Runbook:          "Check key growth and TTLs; if the working set is real, move the cache to a bigger node type (modified in place, no data loss).",
	},
	{
		ID: "cache-evictions", Alert: CacheHealth, Watches: Caches, Priority: Medium,
		Metrics:    []Metric{{Namespace: "AWS/ElastiCache", Name: "Evictions", Stat: "Sum"}},
		Comparison: GreaterThan, Threshold: 0, Period: 300, EvaluationPeriods: 3, DatapointsToAlarm: 3,
		TreatMissingData: NotBreaching,
		Runbook:          "Keys leave before their TTL: see the cache's memory alarm; a bigger node or shorter TTLs.",
	},
	// Queues.
	{
		ID: "dlq-messages", Alert: FailedMessages, Watches: DeadLetterQueues, Priority: High,
		Metrics:    []Metric{{Namespace: "AWS/SQS", Name: "ApproximateNumberOfMessagesVisible", Stat: "Maximum"}},
		Comparison: GreaterThan, Threshold: 0, Period: 300, EvaluationPeriods: 1, DatapointsToAlarm: 1,
		TreatMissingData: NotBreaching,
		Runbook:          "Read the dead letters and the worker logs, fix the cause, then redrive the messages to their source queue.",
	},
	// Services: fewer tasks running than the service's minimum (Container Insights).
	{
		ID: "tasks-below-minimum", Alert: Capacity, Watches: Services, Priority: High,
		Metrics:    []Metric{{Namespace: "ECS/ContainerInsights", Name: "RunningTaskCount", Stat: "Average"}},
		Comparison: LessThan, Threshold: 100, Of: MinimumTasks, Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 5,
		TreatMissingData: Breaching,
		Runbook:          "ECS cannot keep the minimum running: read the service's events (capacity, image pull, failing health checks).",
	},
	// Services, vertical scaling: the tasks' CPU (on average: autoscaling adds tasks, so a
	// sustained high average means the task size is too small or the maximum count is reached)
	// and the busiest task's memory (each task runs out of memory on its own) > 80% for 15
	// minutes → a bigger task size.
	{
		ID: "task-cpu", Alert: VerticalScaling, Watches: Services, Priority: High,
		Metrics:    []Metric{{Namespace: "AWS/ECS", Name: "CPUUtilization", Stat: "Average"}},
		Comparison: GreaterThan, Threshold: 80, Period: scalingPeriod, EvaluationPeriods: scalingEvaluations, DatapointsToAlarm: scalingEvaluations,
		TreatMissingData: Missing,
		Runbook:          "If the service runs its maximum task count, give its tasks more CPU (a task definition update); otherwise check why autoscaling does not add tasks.",
	},
	{
		ID: "task-memory", Alert: VerticalScaling, Watches: Services, Priority: High,
		Metrics:    []Metric{{Namespace: "AWS/ECS", Name: "MemoryUtilization", Stat: "Maximum"}},
		Comparison: GreaterThan, Threshold: 80, Period: scalingPeriod, EvaluationPeriods: scalingEvaluations, DatapointsToAlarm: scalingEvaluations,
		TreatMissingData: Missing,
		Runbook:          "A task is near its memory limit and will be stopped when it reaches it: give the service's tasks more memory (a task definition update), or find the leak.",
	},
	// Storage size: a bucket outgrows its expected size or object count. S3 publishes these
	// metrics once a day, stamped at midnight UTC and delivered up to a day later, so the
	// alarms look at the last two days and a day without data is not a breach.
	{
		ID: "bucket-size", Alert: StorageSize, Watches: BucketSizes, Priority: Medium,
		Metrics: []Metric{{Namespace: "AWS/S3", Name: "BucketSizeBytes", Stat: "Average"}},
		Combine: Total, Comparison: GreaterThan, Threshold: 100, Of: ExpectedSize, Period: 86400, EvaluationPeriods: 2, DatapointsToAlarm: 1,
		TreatMissingData: NotBreaching,
		Runbook:          "Find what grew (S3 Storage Lens, the noncurrent versions), remove what should not be there, or revise the expected growth and its cost.",
	},
	{
		ID: "bucket-objects", Alert: StorageSize, Watches: BucketObjects, Priority: Medium,
		Metrics:    []Metric{{Namespace: "AWS/S3", Name: "NumberOfObjects", Stat: "Average"}},
		Comparison: GreaterThan, Threshold: 100, Of: ExpectedObjects, Period: 86400, EvaluationPeriods: 2, DatapointsToAlarm: 1,
		TreatMissingData: NotBreaching,
		Runbook:          "Find what writes so many objects (a job in a loop, thumbnails, unfinished uploads), or revise the expected growth.",
	},
}

// AlertTable returns the alert table, one Rule per row, in order.
func AlertTable() []Rule { return append([]Rule(nil), alertTable...) }

// Condition describes when the rule alarms, e.g. "HTTPCode_Target_5XX_Count... > 5 for 5 of
// 5 periods of 60 s".
func (r Rule) Condition() string {
	var what string
	switch {
	case r.Band > 0:
		what = fmt.Sprintf("%s %s above its anomaly band (%g standard deviations)", r.Metrics[0].Name, r.Metrics[0].Stat, r.Band)
	default:
		what = r.Metrics[0].Name + " " + r.Metrics[0].Stat
		if r.Combine == Total {
			what += " summed over its parts"
		}
		if r.Expression != "" {
			what = r.Expression
		}
		op := map[string]string{GreaterThan: ">", LessThan: "<"}[r.Comparison]
		what += fmt.Sprintf(" %s %g", op, r.Threshold)
		if r.Of != Absolute {
			what += "% of the " + string(r.Of)
		}
	}
	return fmt.Sprintf("%s for %d of %d periods of %d s", what, r.DatapointsToAlarm, r.EvaluationPeriods, r.Period)
}

// Description is the description of the rule's alarm on thing: the requirement, the
// condition, the route and the runbook.
func (r Rule) Description(thing string) string {
	return strings.Join([]string{
		fmt.Sprintf("%s: %s %s.", r.Alert, string(r.Watches), thing),
		"Alarms when " + r.Condition() + ".",
		fmt.Sprintf("Priority %s (rule %s).", r.Priority, r.ID),
		"Runbook: " + r.Runbook,
	}, " ")
}
