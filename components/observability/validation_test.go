package observability_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/logging"
	o "github.com/saleor-platform/infra/components/observability"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

func TestValidation(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(a *o.ObservabilityArgs)
		want   []string
	}{
		{"name prefix", func(a *o.ObservabilityArgs) { a.NamePrefix = "Saleor Prod" }, []string{"NamePrefix"}},
		{"topic key", func(a *o.ObservabilityArgs) { a.Alerting.KMSKeyArn = nil }, []string{"Alerting.KMSKeyArn"}},
		{"recipients", func(a *o.ObservabilityArgs) {
			a.Alerting.Recipients = map[o.Priority]o.Recipients{"urgent": {}, o.High: {Emails: []string{"oncall"}, SMS: []string{"0151 1234"}}}
		}, []string{`Alerting.Recipients: "urgent"`, "Alerting.Recipients[high].Emails", "Alerting.Recipients[high].SMS"}},
		{"watched names", func(a *o.ObservabilityArgs) {
			a.Watch.TargetGroups[1].Name = "api"
			a.Watch.Services[0].Name = "API"
		}, []string{`Watch.TargetGroups[1].Name: "api" is used twice`, `Watch.Services[0].Name: "API"`}},
		{"watched identifiers", func(a *o.ObservabilityArgs) {
			a.Watch.LoadBalancers[0].ArnSuffix = nil
			a.Watch.TargetGroups[0].LoadBalancerArnSuffix = nil
		}, []string{"Watch.LoadBalancers[0].ArnSuffix: is required", "Watch.TargetGroups[0].LoadBalancerArnSuffix: is required"}},
		{"watched numbers", func(a *o.ObservabilityArgs) {
			a.Watch.Databases[0].AllocatedStorageGiB = 0
			a.Watch.Databases[1].ProvisionedIOPS = 0
			a.Watch.Caches[0].Nodes = 7
			a.Watch.Services[1].MinTasks = 0
		}, []string{"Watch.Databases[0].AllocatedStorageGiB", "Watch.Databases[1].ProvisionedIOPS", "Watch.Caches[0].Nodes", "Watch.Services[1].MinTasks"}},
		{"audit", func(a *o.ObservabilityArgs) {
			a.Audit = &o.AuditArgs{}
			a.Logs = logging.Settings{}
		}, []string{"Audit.BucketName", "Audit.KMSKeyArn", "Logs.KMSKeyArn", "Logs.RetentionDays[audit]"}},
		{"cost", func(a *o.ObservabilityArgs) {
			a.Cost = &o.CostArgs{Tag: &o.CostTag{Key: "Stack"}, ActivateTags: []string{"aws:createdBy"}, AnomalyThresholdPercent: -5}
		}, []string{"Cost.MonthlyBudgetUSD", "Cost.Tag", "Cost.ActivateTags", "Cost.AnomalyThresholdPercent"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := regional()
			c.change(&args)
			err := runErr(args, "eu-central-1")
			for _, want := range c.want {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("error %v does not report %s", err, want)
				}
			}
		})
	}
}

// A user who writes a bad stack file sees every problem at once, before anything is
// registered.
func TestValidationReportsEverythingBeforeRegistering(t *testing.T) {
	args := regional()
	args.NamePrefix = ""
	args.Alerting.KMSKeyArn = nil
	args.Watch.Certificates[0].Arn = nil
	args.Cost.MonthlyBudgetUSD = 0
	args.Audit.BucketName = nil
	inv, err := runOne(args, "eu-central-1")
	for _, want := range []string{"NamePrefix", "Alerting.KMSKeyArn", "Watch.Certificates[0].Arn", "Cost.MonthlyBudgetUSD", "Audit.BucketName"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not report %s", err, want)
		}
	}
	for _, r := range inv.Resources {
		if !strings.HasPrefix(r.Type, "pulumi:providers:") {
			t.Errorf("%s %s registered before validation failed", r.Type, r.Name)
		}
	}
}

func TestNilArgs(t *testing.T) {
	harnesstest.NilArgs(t, o.NewObservability, "NamePrefix", "Alerting.KMSKeyArn")
	harnesstest.NilArgs(t, o.NewSlackChannel, "ConfigurationName", "WorkspaceID", "ChannelID", "TopicArns")
	harnesstest.NilArgs(t, o.NewConfigRecorder, "NamePrefix", "BucketName", "BucketArn", "KMSKeyArn")
}

func TestDefaults(t *testing.T) {
	args := regional()
	args.Cost.AnomalyThresholdPercent = 0
	args.Business = &o.BusinessArgs{}
	inv, _ := runBoth(t, args, global())
	if v := inv.OfType("aws:costexplorer/anomalySubscription:AnomalySubscription")[0].Strings("thresholdExpression.dimension.values"); v[0] != "20" {
		t.Errorf("anomaly threshold defaults to %v, want 20", v)
	}
	if !strings.Contains(inv.Named("aws:cloudwatch/dashboard:Dashboard", "observability").String("dashboardBody"), `"Saleor/Business","OrdersPlaced","Stack","test"`) {
		t.Error("business metrics do not default to namespace Saleor/Business and the stack name")
	}
	none := o.ObservabilityArgs{NamePrefix: "saleor-test", Alerting: o.AlertingArgs{KMSKeyArn: pulumi.String(messagingKey)}}
	if err := runErr(none, "eu-central-1"); err != nil {
		t.Errorf("topics only: %v", err)
	}
}
