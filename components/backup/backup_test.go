package backup_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/backup"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

const (
	primaryKey = "arn:aws:kms:eu-central-1:123456789012:key/backup-primary"
	drKey      = "arn:aws:kms:eu-west-1:123456789012:key/backup-dr"
	database   = "arn:aws:rds:eu-central-1:123456789012:db:saleor-prod-eu-primary"
	media      = "arn:aws:s3:::storage-media-0a1b2c3"
	backups    = "arn:aws:s3:::storage-backups-4d5e6f7"

	vaultType = "aws:backup/vault:Vault"
	planType  = "aws:backup/plan:Plan"
	lockType  = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
)

// stack is a test program: a Backup in eu-central-1 and, when dr is set, a Vault in
// eu-west-1 that the daily rule copies into.
type stack struct {
	args backup.BackupArgs
	dr   bool
}

func (s stack) program() pulumi.RunFunc {
	return harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		args := s.args
		if s.dr {
			vault, err := backup.NewVault(ctx, "backup-dr", &backup.VaultArgs{
				KMSKeyArn: pulumi.String(drKey), DeletionProtection: args.DeletionProtection,
			}, pulumi.Providers(p[1]))
			if err != nil {
				return err
			}
			args.CopyToVaultArn = vault.Arn
		}
		b, err := backup.NewBackup(ctx, "backup", &args, pulumi.Providers(p[0]))
		if err != nil {
			return err
		}
		ctx.Export("vaultArn", b.Vault.Arn)
		return nil
	}, "eu-central-1", "eu-west-1")
}

// defaults are valid arguments selecting a database and two buckets.
func defaults() backup.BackupArgs {
	return backup.BackupArgs{
		KMSKeyArn:   pulumi.String(primaryKey),
		DatabaseArn: pulumi.String(database),
		BucketArns:  pulumi.ToStringArray([]string{media, backups}),
	}
}

func run(t *testing.T, s stack, opts ...harness.Option) *harness.Inventory {
	t.Helper()
	inv, err := harness.Run(s.program(), harness.ComponentStack(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// one returns the only resource of typ named name.
func one(t *testing.T, inv *harness.Inventory, typ, name string) *harness.Resource {
	t.Helper()
	r := inv.Named(typ, name)
	if r == nil {
		t.Fatalf("no %s %s", typ, name)
	}
	return r
}

func TestVaultsEncryptedInTheirRegions(t *testing.T) {
	inv := run(t, stack{args: defaults(), dr: true})
	for name, want := range map[string]struct{ region, key string }{
		"backup-vault": {"eu-central-1", primaryKey},
		"backup-dr":    {"eu-west-1", drKey},
	} {
		v := one(t, inv, vaultType, name)
		if v.Region != want.region || v.String("kmsKeyArn") != want.key {
			t.Errorf("vault %s in %s with %s, want %s with %s", name, v.Region, v.String("kmsKeyArn"), want.region, want.key)
		}
		if tier := inv.Tier(v); tier == nil || tier.Type != map[bool]string{true: "saleor:backup:Backup", false: "saleor:backup:Vault"}[name == "backup-vault"] {
			t.Errorf("vault %s belongs to %v", name, tier)
		}
	}
	if got := inv.Outputs["vaultArn"].Value; got != one(t, inv, vaultType, "backup-vault").Outputs["arn"].StringValue() {
		t.Errorf("Vault.Arn = %v", got)
	}
}

func TestPlanRules(t *testing.T) {
	inv := run(t, stack{args: defaults(), dr: true})
	plan := one(t, inv, planType, "backup-plan")
	vault := one(t, inv, vaultType, "backup-vault")
	drArn := one(t, inv, vaultType, "backup-dr").Outputs["arn"].StringValue()
	if !strings.HasPrefix(drArn, "arn:aws:backup:eu-west-1:") {
		t.Fatalf("DR vault ARN %s", drArn)
	}
	if n := len(plan.Get("rules").ArrayValue()); n != 2 {
		t.Fatalf("%d rules, want daily and continuous", n)
	}
	daily, continuous := "rules[0].", "rules[1]."
	if plan.String(daily+"ruleName") != "daily" || plan.String(continuous+"ruleName") != "continuous" {
		t.Fatalf("rules %s, %s", plan.String(daily+"ruleName"), plan.String(continuous+"ruleName"))
	}
	checks := []struct {
		path string
		got  any
		want any
	}{
		{"daily schedule", plan.String(daily + "schedule"), "cron(0 3 * * ? *)"},
		{"daily vault", plan.String(daily + "targetVaultName"), vault.ID},
		{"daily retention", plan.Number(daily + "lifecycle.deleteAfter"), 30.0},
		{"daily continuous", plan.Bool(daily + "enableContinuousBackup"), false},
		{"copy destination", plan.String(daily + "copyActions[0].destinationVaultArn"), drArn},
		{"copy retention", plan.Number(daily + "copyActions[0].lifecycle.deleteAfter"), 30.0},
		{"continuous enabled", plan.Bool(continuous + "enableContinuousBackup"), true},
		{"continuous retention", plan.Number(continuous + "lifecycle.deleteAfter"), 35.0},
		{"continuous vault", plan.String(continuous + "targetVaultName"), vault.ID},
		{"continuous copies", plan.Has(continuous + "copyActions"), false},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.path, c.got, c.want)
		}
	}

	custom := defaults()
	custom.DailyRetentionDays, custom.ContinuousRetentionDays, custom.CopyRetentionDays = 14, 7, 90
	plan = one(t, run(t, stack{args: custom, dr: true}), planType, "backup-plan")
	if plan.Number(daily+"lifecycle.deleteAfter") != 14 || plan.Number(continuous+"lifecycle.deleteAfter") != 7 ||
		plan.Number(daily+"copyActions[0].lifecycle.deleteAfter") != 90 {
		t.Errorf("custom retention: %v", plan.Get("rules"))
	}
}

func TestNoCopyWithoutADRVault(t *testing.T) {
	plan := one(t, run(t, stack{args: defaults()}), planType, "backup-plan")
	if plan.Has("rules[0].copyActions") {
		t.Errorf("daily rule copies to %v without a DR vault", plan.Get("rules[0].copyActions"))
	}
}

func TestSelectionByARNThroughTheBackupRole(t *testing.T) {
	tests := []struct {
		name      string
		args      backup.BackupArgs
		resources []string
		policies  []string
	}{
		{"database and buckets", defaults(), []string{database, media, backups}, []string{
			"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
			"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
			"arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
			"arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
		}},
		{"database only", backup.BackupArgs{KMSKeyArn: pulumi.String(primaryKey), DatabaseArn: pulumi.String(database)}, []string{database}, []string{
			"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
			"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := run(t, stack{args: tt.args})
			sel := one(t, inv, "aws:backup/selection:Selection", "backup-selection")
			if got := sel.Strings("resources"); !slices.Equal(got, tt.resources) {
				t.Errorf("selection resources %v, want %v", got, tt.resources)
			}
			if sel.String("planId") != one(t, inv, planType, "backup-plan").ID {
				t.Errorf("selection is for plan %s", sel.String("planId"))
			}
			role := inv.ByID(sel.String("iamRoleArn"))
			if role == nil || !strings.Contains(role.String("assumeRolePolicy"), `"backup.amazonaws.com"`) {
				t.Fatalf("selection role %v is not assumed by AWS Backup", role)
			}
			var attached []string
			for _, a := range inv.OfType("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
				if a.String("role") == role.ID {
					attached = append(attached, a.String("policyArn"))
					if !slices.Contains(sel.Dependencies, a.URN) {
						t.Errorf("selection does not wait for %s", a.String("policyArn"))
					}
				}
			}
			if !slices.Equal(attached, tt.policies) {
				t.Errorf("role policies %v, want %v", attached, tt.policies)
			}
		})
	}
}

func TestVaultLockOnlyWhenAsked(t *testing.T) {
	tests := []struct {
		name       string
		lock       backup.VaultLock
		locked     bool
		changeable float64
	}{
		{"default", backup.VaultLock{}, false, 0},
		{"governance", backup.VaultLock{Mode: backup.LockGovernance}, true, 0},
		{"compliance", backup.VaultLock{Mode: backup.LockCompliance, MaxRetentionDays: 365}, true, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := defaults()
			args.Lock = tt.lock
			inv := run(t, stack{args: args, dr: true})
			locks := inv.OfType(lockType)
			if !tt.locked {
				if len(locks) != 0 {
					t.Errorf("%d vault locks, want none", len(locks))
				}
				return
			}
			if len(locks) != 1 {
				t.Fatalf("%d vault locks, want the primary vault's only", len(locks))
			}
			l := locks[0]
			if l.String("backupVaultName") != one(t, inv, vaultType, "backup-vault").ID || l.Number("minRetentionDays") != 7 ||
				l.Number("changeableForDays") != tt.changeable || l.Number("maxRetentionDays") != float64(tt.lock.MaxRetentionDays) {
				t.Errorf("lock on %s: min %v max %v changeable %v", l.String("backupVaultName"), l.Get("minRetentionDays"), l.Get("maxRetentionDays"), l.Get("changeableForDays"))
			}
		})
	}
}

func TestDeletionProtection(t *testing.T) {
	for _, protect := range []bool{true, false} {
		args := defaults()
		args.DeletionProtection = protect
		for _, v := range run(t, stack{args: args, dr: true}).OfType(vaultType) {
			if v.Protect != protect || v.Bool("forceDestroy") == protect {
				t.Errorf("DeletionProtection %v: vault %s protect %v forceDestroy %v", protect, v.Name, v.Protect, v.Bool("forceDestroy"))
			}
		}
	}
}

func TestValidationReportsEveryProblem(t *testing.T) {
	tests := []struct {
		name string
		args backup.BackupArgs
		want []string
	}{
		{"nothing", backup.BackupArgs{}, []string{"KMSKeyArn", "DatabaseArn: is required unless BucketArns"}},
		{"retention and schedule", backup.BackupArgs{
			KMSKeyArn: pulumi.String(primaryKey), DatabaseArn: pulumi.String(database),
			Schedule: "0 3 * * *", DailyRetentionDays: -1, ContinuousRetentionDays: 36, CopyRetentionDays: -5,
		}, []string{"Schedule", "DailyRetentionDays", "ContinuousRetentionDays: 36", "CopyRetentionDays"}},
		{"lock against retention", backup.BackupArgs{
			KMSKeyArn: pulumi.String(primaryKey), DatabaseArn: pulumi.String(database), ContinuousRetentionDays: 7,
			Lock: backup.VaultLock{Mode: backup.LockGovernance, MinRetentionDays: 14, MaxRetentionDays: 20, ChangeableForDays: 3},
		}, []string{"Lock.MinRetentionDays: 14 days exceeds", "Lock.MaxRetentionDays: 20 days is below the plan's longest retention (30", "Lock.ChangeableForDays: 3 days on a \"governance\""}},
		{"lock mode", backup.BackupArgs{
			KMSKeyArn: pulumi.String(primaryKey), DatabaseArn: pulumi.String(database), Lock: backup.VaultLock{Mode: "legal-hold"},
		}, []string{`Lock.Mode: "legal-hold"`}},
		{"compliance grace", backup.BackupArgs{
			KMSKeyArn: pulumi.String(primaryKey), DatabaseArn: pulumi.String(database),
			Lock: backup.VaultLock{Mode: backup.LockCompliance, ChangeableForDays: 1, MinRetentionDays: -1},
		}, []string{"Lock.ChangeableForDays: 1", "Lock.MinRetentionDays: -1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			harnesstest.Rejected(t, harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
				_, err := backup.NewBackup(ctx, "backup", &tt.args, pulumi.Providers(p[0]))
				return err
			}, "eu-central-1"), tt.want...)
		})
	}

	_, err := harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		_, err := backup.NewVault(ctx, "backup-dr", &backup.VaultArgs{Lock: backup.VaultLock{Mode: backup.LockCompliance, ChangeableForDays: 2}}, pulumi.Providers(p[0]))
		return err
	}, "eu-west-1"), harness.ComponentStack())
	for _, w := range []string{"KMSKeyArn", "Lock.ChangeableForDays: 2"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("vault error %v does not name %s", err, w)
		}
	}
}

func TestNilArgs(t *testing.T) {
	harnesstest.NilArgs(t, backup.NewBackup, "KMSKeyArn", "DatabaseArn")
	harnesstest.NilArgs(t, backup.NewVault, "KMSKeyArn")
}

func TestPreviewRunsCleanly(t *testing.T) {
	args := defaults()
	args.Lock = backup.VaultLock{Mode: backup.LockGovernance}
	args.DeletionProtection = true
	preview := run(t, stack{args: args, dr: true}, harness.Preview())
	update := run(t, stack{args: args, dr: true})
	if len(preview.Resources) != len(update.Resources) {
		t.Errorf("preview registers %d resources, update %d", len(preview.Resources), len(update.Resources))
	}
	if plan := one(t, preview, planType, "backup-plan"); !plan.Bool("rules[1].enableContinuousBackup") {
		t.Errorf("preview plan rules %v", plan.Get("rules"))
	}
}
