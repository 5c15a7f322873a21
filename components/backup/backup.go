package backup

import (
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/validate"
)

// MaxContinuousRetentionDays is the longest AWS Backup keeps continuous backups (the reach of
// point-in-time restore).
const MaxContinuousRetentionDays = 35

// BackupArgs configures a Backup.
type BackupArgs struct {
	// KMSKeyArn is the region's backup key (security.Backup); it encrypts this region's
	// vault. Required.
	KMSKeyArn pulumi.StringInput
	// DatabaseArn is the ARN of the RDS instance to back up: the primary. DatabaseArn or
	// BucketArns is required.
	DatabaseArn pulumi.StringInput
	// BucketArns are the ARNs of the S3 buckets to back up (they must be versioned, as the
	// storage tier's are). DatabaseArn or BucketArns is required.
	BucketArns pulumi.StringArrayInput
	// Schedule is when the daily backup starts: an AWS Backup cron expression, in UTC.
	// Defaults to "cron(0 3 * * ? *)" (03:00 UTC).
	Schedule string
	// DailyRetentionDays is how long a daily recovery point is kept, in days. Defaults to
	// 30 days.
	DailyRetentionDays int
	// ContinuousRetentionDays is how far back point-in-time restore reaches, in days: 1 to
	// MaxContinuousRetentionDays. Defaults to 35 days.
	ContinuousRetentionDays int
	// CopyToVaultArn is the ARN of the vault in the disaster-recovery region (a Vault on that
	// region's provider) that receives a copy of every daily recovery point. Defaults to nil:
	// no copy (a stack without a disaster-recovery region).
	CopyToVaultArn pulumi.StringInput
	// CopyRetentionDays is how long a copy is kept in the disaster-recovery vault, in days.
	// Defaults to DailyRetentionDays.
	CopyRetentionDays int
	// Lock is this region's vault lock. Its MinRetentionDays may not exceed the shortest
	// retention above (AWS Backup would fail those jobs). Defaults to no lock (LockNone).
	Lock VaultLock
	// DeletionProtection protects the vault (see VaultArgs). Set it in production. Defaults
	// to false.
	DeletionProtection bool
}

func (a BackupArgs) withDefaults() BackupArgs {
	if a.Schedule == "" {
		a.Schedule = "cron(0 3 * * ? *)"
	}
	if a.DailyRetentionDays == 0 {
		a.DailyRetentionDays = 30
	}
	if a.ContinuousRetentionDays == 0 {
		a.ContinuousRetentionDays = MaxContinuousRetentionDays
	}
	if a.CopyRetentionDays == 0 {
		a.CopyRetentionDays = a.DailyRetentionDays
	}
	a.Lock = a.Lock.withDefaults()
	return a
}

// cronExpression is the shape of an AWS Backup schedule: cron(<6 fields>).
var cronExpression = regexp.MustCompile(`^cron\(\S+( \S+){5}\)$`)

func (a BackupArgs) validate(p *validate.Problems) {
	a.vaultArgs().validate(p)
	if a.DatabaseArn == nil && a.BucketArns == nil {
		p.Add("DatabaseArn", "is required unless BucketArns is set: the selection would be empty")
	}
	p.Match("Schedule", a.Schedule, cronExpression, `an AWS Backup cron expression such as "cron(0 3 * * ? *)"`)
	p.AtLeast("DailyRetentionDays", a.DailyRetentionDays, 1, "days")
	p.Range("ContinuousRetentionDays", a.ContinuousRetentionDays, 1, MaxContinuousRetentionDays, "days (AWS Backup's limit for continuous backups)")
	p.AtLeast("CopyRetentionDays", a.CopyRetentionDays, 1, "days")
	if shortest := min(a.DailyRetentionDays, a.ContinuousRetentionDays); a.Lock.Mode != LockNone && a.Lock.MinRetentionDays > shortest {
		p.Add("Lock.MinRetentionDays", "%d days exceeds the plan's shortest retention (%d days); the vault would refuse those backups", a.Lock.MinRetentionDays, shortest)
	}
	if longest := max(a.DailyRetentionDays, a.ContinuousRetentionDays); a.Lock.Mode != LockNone && a.Lock.MaxRetentionDays != 0 && a.Lock.MaxRetentionDays < longest {
		p.Add("Lock.MaxRetentionDays", "%d days is below the plan's longest retention (%d days); the vault would refuse those backups", a.Lock.MaxRetentionDays, longest)
	}
}

// vaultArgs are the arguments of this region's vault.
func (a BackupArgs) vaultArgs() VaultArgs {
	return VaultArgs{KMSKeyArn: a.KMSKeyArn, Lock: a.Lock, DeletionProtection: a.DeletionProtection}
}

// Backup is the backup tier of the primary region: its vault, the plan and the selection.
type Backup struct {
	pulumi.ResourceState

	// Vault is this region's vault.
	Vault *Vault
	// PlanArn is the backup plan's ARN.
	PlanArn pulumi.StringOutput
	// RoleArn is the role AWS Backup assumes to back up and restore the selected resources.
	RoleArn pulumi.StringOutput
}

// backupType is the component's Pulumi type token.
const backupType = "saleor:backup:Backup"

// NewBackup creates the vault, the plan and the selection in the region of the component's
// provider.
func NewBackup(ctx *pulumi.Context, name string, args *BackupArgs, opts ...pulumi.ResourceOption) (*Backup, error) {
	a, err := validate.Args(backupType, name, args, BackupArgs.withDefaults, BackupArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &Backup{}
	if err := ctx.RegisterComponentResource(backupType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	vaultArgs := a.vaultArgs()
	vault, err := NewVault(ctx, name+"-vault", &vaultArgs, parent)
	if err != nil {
		return nil, err
	}
	c.Vault = vault
	plan, err := newPlan(ctx, name, vault, &a, parent)
	if err != nil {
		return nil, err
	}
	c.PlanArn = plan.Arn
	if c.RoleArn, err = newSelection(ctx, name, plan, &a, parent); err != nil {
		return nil, err
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"vaultName": vault.Name,
		"vaultArn":  vault.Arn,
		"planArn":   c.PlanArn,
		"roleArn":   c.RoleArn,
	})
}
