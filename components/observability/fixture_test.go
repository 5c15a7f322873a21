package observability_test

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/logging"
	o "github.com/saleor-platform/infra/components/observability"
	"github.com/saleor-platform/infra/internal/harness"
)

const (
	messagingKey = "arn:aws:kms:eu-central-1:123456789012:key/messaging"
	globalKey    = "arn:aws:kms:us-east-1:123456789012:key/messaging"
	logsKey      = "arn:aws:kms:eu-central-1:123456789012:key/logs"
	auditKey     = "arn:aws:kms:eu-central-1:123456789012:key/audit"
	albCert      = "arn:aws:acm:eu-central-1:123456789012:certificate/alb"
	cdnCert      = "arn:aws:acm:us-east-1:123456789012:certificate/cdn"
	auditBucket  = "saleor-test-audit"
)

var recipients = map[o.Priority]o.Recipients{
	o.Critical: {Emails: []string{"oncall@example.com"}, SMS: []string{"+4915112345678", "+31612345678"}},
	o.High:     {Emails: []string{"oncall@example.com", "platform@example.com"}},
	o.Medium:   {Emails: []string{"platform@example.com"}},
}

var logs = logging.Settings{
	KMSKeyArn: pulumi.String(logsKey),
	RetentionDays: map[logging.Class]int{
		logging.Application: 90, logging.Infrastructure: 90, logging.CDN: 90, logging.Audit: 365,
	},
	Prefix: "/saleor/test",
}

// regional is the primary region's instance: two of every regional kind, so the tests can
// see one alarm per thing.
func regional() o.ObservabilityArgs {
	s := func(v string) pulumi.StringInput { return pulumi.String(v) }
	return o.ObservabilityArgs{
		NamePrefix: "saleor-test",
		Alerting:   o.AlertingArgs{KMSKeyArn: s(messagingKey), Recipients: recipients},
		Watch: o.Watched{
			LoadBalancers: []o.LoadBalancer{
				{Name: "public", ArnSuffix: s("app/saleor-public/50dc6c495c0c9188")},
				{Name: "internal", ArnSuffix: s("app/saleor-internal/6ca2d7a9b0e31f11")},
			},
			TargetGroups: []o.TargetGroup{
				{Name: "api", ArnSuffix: s("targetgroup/api/73e2d6bc24d8a067"), LoadBalancerArnSuffix: s("app/saleor-public/50dc6c495c0c9188")},
				{Name: "dashboard", ArnSuffix: s("targetgroup/dashboard/1b2c3d4e5f607182"), LoadBalancerArnSuffix: s("app/saleor-public/50dc6c495c0c9188")},
			},
			Certificates: []o.Certificate{{Name: "alb", Arn: s(albCert)}},
			Databases: []o.Database{
				{Name: "primary", Identifier: s("saleor-test-primary"), AllocatedStorageGiB: 500, ProvisionedIOPS: 12000},
				{Name: "replica-1", Identifier: s("saleor-test-replica-1"), AllocatedStorageGiB: 500, ProvisionedIOPS: 3000, Replica: true},
			},
			Caches: []o.Cache{
				{Name: "sessions", ReplicationGroupID: s("saleor-test-sessions"), Nodes: 2},
				{Name: "graphql", ReplicationGroupID: s("saleor-test-graphql"), Nodes: 1},
			},
			DeadLetterQueues: []o.Queue{{Name: "webhooks-dlq", QueueName: s("saleor-test-webhooks-dlq")}},
			WorkQueues:       []o.Queue{{Name: "celery", QueueName: s("saleor-test-celery")}},
			Services: []o.Service{
				{Name: "api", ClusterName: s("saleor-test"), ServiceName: s("api"), MinTasks: 2},
				{Name: "worker", ClusterName: s("saleor-test"), ServiceName: s("worker"), MinTasks: 1},
			},
			Buckets: []o.Bucket{
				{Name: "media", BucketName: s("saleor-test-media-0a1b2c3"), ExpectedSizeBytes: 1.1e12, ExpectedObjects: 4.4e6},
				{Name: "backups", BucketName: s("saleor-test-backups-4d5e6f7"), StorageClasses: []string{"STANDARD", "GLACIER_IR"},
					ExpectedSizeBytes: 2.2e12, ExpectedObjects: 22000},
			},
		},
		Business: &o.BusinessArgs{},
		Audit:    &o.AuditArgs{BucketName: s(auditBucket), KMSKeyArn: s(auditKey), DeletionProtection: true},
		Cost:     &o.CostArgs{MonthlyBudgetUSD: 5000, Tag: &o.CostTag{Key: "Stack", Value: "test"}},
		Logs:     logs,
	}
}

// global is the us-east-1 instance: health checks, distributions and the CloudFront
// certificate.
func global() o.ObservabilityArgs {
	s := func(v string) pulumi.StringInput { return pulumi.String(v) }
	return o.ObservabilityArgs{
		NamePrefix: "saleor-test",
		Alerting:   o.AlertingArgs{KMSKeyArn: s(globalKey), Recipients: recipients},
		Watch: o.Watched{
			HealthChecks: []o.HealthCheck{
				{Name: "storefront", ID: s("0f5a3d1e-hc-storefront")},
				{Name: "api", ID: s("7c2b9e4a-hc-api")},
			},
			Distributions: []o.Distribution{
				{Name: "storefront", ID: s("E2QWRUHAPOMQZL")},
				{Name: "media", ID: s("E3ABCDEFGHIJKL")},
			},
			Certificates: []o.Certificate{{Name: "cloudfront", Arn: s(cdnCert)}},
		},
	}
}

// deployed holds the components a run created.
type deployed struct {
	regional, global *o.Observability
}

// runBoth runs the regional instance with an eu-central-1 provider and the global one with
// a us-east-1 provider, as a stack does.
func runBoth(t *testing.T, r, g o.ObservabilityArgs, opts ...harness.Option) (*harness.Inventory, deployed) {
	t.Helper()
	var d deployed
	inv, err := harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		var err error
		if d.regional, err = o.NewObservability(ctx, "observability", &r, pulumi.Providers(p[0])); err != nil {
			return err
		}
		if d.global, err = o.NewObservability(ctx, "observability-global", &g, pulumi.Providers(p[1])); err != nil {
			return err
		}
		for p, arn := range d.regional.TopicArns {
			ctx.Export(string(p)+"TopicArn", arn)
		}
		ctx.Export("alarmNames", d.regional.AlarmNames)
		ctx.Export("dashboardName", d.regional.DashboardName)
		ctx.Export("globalDashboardName", d.global.DashboardName)
		if r.Audit != nil {
			ctx.Export("trailArn", d.regional.TrailArn)
		}
		if r.Cost != nil {
			ctx.Export("budgetName", d.regional.BudgetName)
		}
		return nil
	}, "eu-central-1", "us-east-1"), harness.ComponentStack(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return inv, d
}

// output returns a stack export of runBoth: the regional component's outputs.
func output(t *testing.T, inv *harness.Inventory, key string) any {
	t.Helper()
	out, ok := inv.Outputs[key]
	if !ok || !out.Known {
		t.Fatalf("output %s: %+v", key, out)
	}
	return out.Value
}

// runOne runs one instance with a provider of region.
func runOne(args o.ObservabilityArgs, region string) (*harness.Inventory, error) {
	return harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		_, err := o.NewObservability(ctx, "observability", &args, pulumi.Providers(p[0]))
		return err
	}, region), harness.ComponentStack())
}

// runErr runs one instance with a provider of region and returns its error.
func runErr(args o.ObservabilityArgs, region string) error {
	_, err := runOne(args, region)
	return err
}

// alarm is a metric alarm's inputs.
type alarm struct {
	Name, ComparisonOperator, TreatMissingData          string
	Namespace, MetricName, Statistic, ExtendedStatistic string
	ThresholdMetricID                                   string
	Threshold                                           *float64
	Period, EvaluationPeriods, DatapointsToAlarm        int
	ActionsEnabled                                      bool
	AlarmActions, OkActions                             []string
	Dimensions                                          map[string]string
	MetricQueries                                       []query
	region                                              string
	resource                                            *harness.Resource
}

type query struct {
	ID, Expression, Label string
	ReturnData            bool
	Metric                *struct {
		Namespace, MetricName, Stat string
		Period                      int
		Dimensions                  map[string]string
	}
}

// alarms returns every metric alarm by name.
func alarms(t *testing.T, inv *harness.Inventory) map[string]alarm {
	t.Helper()
	out := map[string]alarm{}
	for _, r := range inv.OfType("aws:cloudwatch/metricAlarm:MetricAlarm") {
		b, err := json.Marshal(r.Inputs.Mappable())
		if err != nil {
			t.Fatal(err)
		}
		var a alarm
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
		a.region, a.resource = r.Region, r
		out[a.Name] = a
	}
	return out
}

// period is the alarm's period, top-level or, for metric math, its metrics'.
func (a alarm) period() int {
	if a.Period != 0 {
		return a.Period
	}
	for _, q := range a.MetricQueries {
		if q.Metric != nil {
			return q.Metric.Period
		}
	}
	return 0
}

// query returns the alarm's metric query with an ID.
func (a alarm) query(id string) query {
	for _, q := range a.MetricQueries {
		if q.ID == id {
			return q
		}
	}
	return query{}
}
