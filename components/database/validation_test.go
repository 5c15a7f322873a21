package database_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/database"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/validate"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

func TestValidation(t *testing.T) {
	tests := []struct {
		name   string
		change func(*database.PostgresArgs)
		fields []string
	}{
		{"too many replicas", func(a *database.PostgresArgs) { a.ReplicaCount = 6 }, []string{"ReplicaCount"}},
		{"negative replicas", func(a *database.PostgresArgs) { a.ReplicaCount = -1 }, []string{"ReplicaCount"}},
		{"retention above 35", func(a *database.PostgresArgs) { a.BackupRetentionDays = 36 }, []string{"BackupRetentionDays"}},
		{"negative retention", func(a *database.PostgresArgs) { a.BackupRetentionDays = -1 }, []string{"BackupRetentionDays"}},
		{"unknown class", func(a *database.PostgresArgs) { a.InstanceClass = "db.m5.2xlarge" }, []string{"InstanceClass"}},
		{"unknown replica class", func(a *database.PostgresArgs) { a.ReplicaInstanceClass = "db.x2g.large" }, []string{"ReplicaInstanceClass"}},
		{"old engine", func(a *database.PostgresArgs) { a.EngineVersion = "15" }, []string{"EngineVersion"}},
		{"minor version pinned", func(a *database.PostgresArgs) { a.EngineVersion = "16.4" }, []string{"EngineVersion"}},
		{"bad name prefix", func(a *database.PostgresArgs) { a.NamePrefix = "Saleor_Prod" }, []string{"NamePrefix"}},
		{"double hyphen", func(a *database.PostgresArgs) { a.NamePrefix = "saleor--prod" }, []string{"NamePrefix"}},
		{"name prefix too long", func(a *database.PostgresArgs) { a.NamePrefix = strings.Repeat("a", 45) }, []string{"NamePrefix"}},
		{"no name prefix", func(a *database.PostgresArgs) { a.NamePrefix = "" }, []string{"NamePrefix"}},
		{"storage too small", func(a *database.PostgresArgs) { a.AllocatedStorageGiB, a.MaxAllocatedStorageGiB = 10, 100 }, []string{"AllocatedStorageGiB"}},
		{"ceiling below storage", func(a *database.PostgresArgs) { a.MaxAllocatedStorageGiB = 400 }, []string{"MaxAllocatedStorageGiB"}},
		{"unknown HA", func(a *database.PostgresArgs) { a.HA = ha.Level("three-az") }, []string{"HA"}},
		{"backup window", func(a *database.PostgresArgs) { a.BackupWindow = "1am-2am" }, []string{"BackupWindow"}},
		{"maintenance window", func(a *database.PostgresArgs) { a.MaintenanceWindow = "sun:02:30-03:30" }, []string{"MaintenanceWindow"}},
		{"no log key", func(a *database.PostgresArgs) { a.Logs.KMSKeyArn = nil }, []string{"Logs.KMSKeyArn"}},
		{"bad log retention", func(a *database.PostgresArgs) {
			a.Logs.RetentionDays = map[logging.Class]int{logging.Infrastructure: 10}
		}, []string{"Logs.RetentionDays[infrastructure]"}},
		{"no wiring", func(a *database.PostgresArgs) {
			a.SubnetIDs, a.SecurityGroupID, a.KMSKeyArn, a.SecretsKMSKeyArn = nil, nil, nil, nil
		},
			[]string{"SubnetIDs", "SecurityGroupID", "KMSKeyArn", "SecretsKMSKeyArn"}},
		{"all at once", func(a *database.PostgresArgs) {
			a.ReplicaCount, a.BackupRetentionDays, a.InstanceClass, a.EngineVersion = 6, 40, "db.huge", "15"
		}, []string{"ReplicaCount", "BackupRetentionDays", "InstanceClass", "EngineVersion"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := production(t)
			tt.change(&args)
			inv, err := deploy(t, args, nil)
			if err == nil {
				t.Fatal("accepted")
			}
			if got := reported(err); !slices.Equal(got, slices.Sorted(slices.Values(tt.fields))) {
				t.Errorf("problems reported for %v, want %v: %v", got, tt.fields, err)
			}
			if rds := inv.OfType(instanceType); len(rds) != 0 || len(inv.OfType("saleor:database:Postgres")) != 0 {
				t.Errorf("registered resources before validating")
			}
		})
	}
}

// reported returns the Args fields an error names, sorted.
func reported(err error) []string { return slices.Sorted(slices.Values(validate.Fields(err))) }

func TestCrossRegionReplicaValidation(t *testing.T) {
	_, err := harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		args := disasterRecovery(t, 100, nil)
		args.InstanceClass, args.EngineVersion, args.MaxAllocatedStorageGiB = "db.r5.large", "14", 0
		_, err := database.NewCrossRegionReplica(ctx, "database-dr", &args, pulumi.Providers(p[0]))
		return err
	}, drRegion), harness.ComponentStack())
	if err == nil {
		t.Fatal("accepted")
	}
	if got, want := reported(err), []string{"EngineVersion", "InstanceClass", "MaxAllocatedStorageGiB", "SourceArn"}; !slices.Equal(got, want) {
		t.Errorf("problems reported for %v, want %v: %v", got, want, err)
	}
}

func TestNilArgs(t *testing.T) {
	harnesstest.NilArgs(t, database.NewPostgres, "NamePrefix", "InstanceClass", "AllocatedStorageGiB",
		"Logs.KMSKeyArn", "SubnetIDs", "SecurityGroupID", "KMSKeyArn", "SecretsKMSKeyArn")
	harnesstest.NilArgs(t, database.NewCrossRegionReplica, "NamePrefix", "InstanceClass", "MaxAllocatedStorageGiB",
		"Logs.KMSKeyArn", "SourceArn", "SubnetIDs", "SecurityGroupID", "KMSKeyArn")
}

func TestDefaults(t *testing.T) {
	args := production(t)
	args.EngineVersion, args.ReplicaInstanceClass, args.MaxAllocatedStorageGiB, args.HA, args.BackupRetentionDays = "", "", 0, "", 0
	inv := mustDeploy(t, args, nil)
	p := harnesstest.Named(t, inv, instanceType, "database-primary")
	check(t, "default engineVersion", p.String("engineVersion"), "17")
	check(t, "default maxAllocatedStorage", p.Number("maxAllocatedStorage"), 1000)
	check(t, "default multiAz", p.Bool("multiAz"), true)
	check(t, "default backupRetentionPeriod", p.Number("backupRetentionPeriod"), 30)
	check(t, "default replica class", harnesstest.Named(t, inv, instanceType, "database-replica-1").String("instanceClass"), "db.m7g.2xlarge")
}
