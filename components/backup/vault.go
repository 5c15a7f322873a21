// Package backup is the backup tier: an AWS Backup vault per region encrypted with that
// region's backup key, and in the primary region a plan that backs up the data stores daily
// and continuously (point-in-time restore) and copies the daily recovery points to the
// disaster-recovery region's vault.
package backup

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/validate"
)

// LockMode is how a vault lock binds.
type LockMode string

const (
	// LockNone leaves the vault unlocked: whoever IAM allows may delete recovery points.
	LockNone LockMode = "none"
	// LockGovernance enforces the lock's retention range on every recovery point and stops
	// early deletion, but principals allowed backup:DeleteBackupVaultLockConfiguration can
	// still remove the lock. Reversible: the safe choice for production.
	LockGovernance LockMode = "governance"
	// LockCompliance is a governance lock that becomes immutable after ChangeableForDays:
	// from then on no one (not the account root, not AWS) can remove the lock, shorten
	// retention or delete a recovery point early, and the vault cannot be deleted while it
	// holds any. Irreversible; for regulatory WORM requirements only.
	LockCompliance LockMode = "compliance"
)

// VaultLock is a vault's lock.
type VaultLock struct {
	// Mode is the lock's mode. Defaults to LockNone.
	Mode LockMode
	// MinRetentionDays is the shortest retention a recovery point may ask for; AWS Backup
	// fails jobs that ask for less. Defaults to 7 days.
	MinRetentionDays int
	// MaxRetentionDays is the longest retention a recovery point may ask for; 0 sets no
	// maximum. Defaults to 0.
	MaxRetentionDays int
	// ChangeableForDays is a compliance lock's grace period, in days, during which it can
	// still be removed; at least 3 (the AWS minimum). Defaults to 3 days for LockCompliance;
	// must be 0 otherwise.
	ChangeableForDays int
}

func (l VaultLock) withDefaults() VaultLock {
	if l.Mode == "" {
		l.Mode = LockNone
	}
	if l.Mode == LockNone {
		return l
	}
	if l.MinRetentionDays == 0 {
		l.MinRetentionDays = 7
	}
	if l.Mode == LockCompliance && l.ChangeableForDays == 0 {
		l.ChangeableForDays = 3
	}
	return l
}

func (l VaultLock) validate(p *validate.Problems) {
	switch l.Mode {
	case LockNone:
		return
	case LockGovernance, LockCompliance:
	default:
		validate.OneOf(p, "Mode", l.Mode, []LockMode{LockNone, LockGovernance, LockCompliance})
		return
	}
	p.AtLeast("MinRetentionDays", l.MinRetentionDays, 1, "days")
	if l.MaxRetentionDays != 0 && l.MaxRetentionDays < l.MinRetentionDays {
		p.Add("MaxRetentionDays", "%d days is below Lock.MinRetentionDays (%d); want 0 (no maximum) or at least the minimum", l.MaxRetentionDays, l.MinRetentionDays)
	}
	switch {
	case l.Mode == LockCompliance && l.ChangeableForDays < 3:
		p.Add("ChangeableForDays", "%d days; a compliance lock's grace period is at least 3 days", l.ChangeableForDays)
	case l.Mode == LockGovernance && l.ChangeableForDays != 0:
		p.Add("ChangeableForDays", "%d days on a %q lock; only a %q lock has a grace period", l.ChangeableForDays, LockGovernance, LockCompliance)
	}
}

// VaultArgs configures a Vault.
type VaultArgs struct {
	// KMSKeyArn is the region's backup key (security.Backup); it encrypts the recovery
	// points. Required.
	KMSKeyArn pulumi.StringInput
	// Lock is the vault lock. Defaults to no lock (LockNone).
	Lock VaultLock
	// DeletionProtection marks the vault `protect` and leaves forceDestroy off, so neither
	// destroy nor a replacement can delete its recovery points. Set it in production.
	// Defaults to false: the vault is destroyed with its recovery points.
	DeletionProtection bool
}

func (a VaultArgs) withDefaults() VaultArgs {
	a.Lock = a.Lock.withDefaults()
	return a
}

func (a VaultArgs) validate(p *validate.Problems) {
	p.Required("KMSKeyArn", a.KMSKeyArn != nil, "the backup key of the vault's region")
	a.Lock.validate(p.At("Lock"))
}

// Vault is an AWS Backup vault in the region of its provider.
type Vault struct {
	pulumi.ResourceState

	// Name is the vault's name.
	Name pulumi.StringOutput
	// Arn is the vault's ARN, e.g. for another region's copy action.
	Arn pulumi.StringOutput
}

// vaultType is the component's Pulumi type token.
const vaultType = "saleor:backup:Vault"

// NewVault creates a vault, locked if Lock asks, in the region of the component's provider.
func NewVault(ctx *pulumi.Context, name string, args *VaultArgs, opts ...pulumi.ResourceOption) (*Vault, error) {
	a, err := validate.Args(vaultType, name, args, VaultArgs.withDefaults, VaultArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &Vault{}
	if err := ctx.RegisterComponentResource(vaultType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	vault, err := backup.NewVault(ctx, name, &backup.VaultArgs{
		KmsKeyArn:    a.KMSKeyArn,
		ForceDestroy: pulumi.Bool(!a.DeletionProtection),
	}, parent, pulumi.Protect(a.DeletionProtection))
	if err != nil {
		return nil, err
	}
	c.Name, c.Arn = vault.Name, vault.Arn
	if err := newLock(ctx, name, vault, a.Lock, parent); err != nil {
		return nil, err
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"name": c.Name, "arn": c.Arn})
}

// newLock locks the vault as l asks; LockNone creates nothing.
func newLock(ctx *pulumi.Context, name string, vault *backup.Vault, l VaultLock, opts ...pulumi.ResourceOption) error {
	if l.Mode == LockNone {
		return nil
	}
	args := &backup.VaultLockConfigurationArgs{
		BackupVaultName:  vault.Name,
		MinRetentionDays: pulumi.Int(l.MinRetentionDays),
	}
	if l.MaxRetentionDays > 0 {
		args.MaxRetentionDays = pulumi.Int(l.MaxRetentionDays)
	}
	// AWS Backup makes a lock with a grace period a compliance lock, one without a
	// governance lock.
	if l.Mode == LockCompliance {
		args.ChangeableForDays = pulumi.Int(l.ChangeableForDays)
	}
	_, err := backup.NewVaultLockConfiguration(ctx, name+"-lock", args, opts...)
	return err
}
