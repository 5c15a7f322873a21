package database

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/secretstore"
	"github.com/saleor-platform/infra/components/validate"
)

// MaxReplicas is the most in-region read replicas a Postgres may have.
const MaxReplicas = 5

// PostgresArgs configures a Postgres.
type PostgresArgs struct {
	// NamePrefix starts every AWS name that must be unique in the account and region: the
	// primary is "<NamePrefix>-postgres", replicas "<NamePrefix>-postgres-replica-<n>", and
	// their log groups "/aws/rds/instance/<identifier>/<log>". Lower-case letters, digits
	// and hyphens, e.g. "saleor-prod-eu". Required.
	NamePrefix string
	// EngineVersion is the PostgreSQL major version, one of EngineVersions. Defaults to
	// DefaultEngineVersion.
	// Raising it is a major upgrade RDS performs in place (AllowMajorVersionUpgrade is set).
	EngineVersion string
	// InstanceClass is the primary's class, one of catalog.RDSClasses. Required.
	InstanceClass string
	// ReplicaInstanceClass is the read replicas' class, one of catalog.RDSClasses. Defaults
	// to InstanceClass.
	ReplicaInstanceClass string
	// AllocatedStorageGiB is the primary's gp3 storage, 20 to 65536 GiB. Required.
	AllocatedStorageGiB int
	// MaxAllocatedStorageGiB is the storage-autoscaling ceiling of every instance, above
	// AllocatedStorageGiB. Defaults to twice AllocatedStorageGiB.
	MaxAllocatedStorageGiB int
	// HA decides whether the primary keeps a synchronous standby in another zone (Multi-AZ).
	// Defaults to ha.MultiAZ.
	HA ha.Level
	// ReplicaCount is the number of in-region read replicas, 0 to MaxReplicas. Defaults to 0.
	ReplicaCount int
	// SubnetIDs are the isolated (data) subnets of at least two zones. Required.
	SubnetIDs pulumi.StringArrayInput
	// SecurityGroupID is the database security group. Required.
	SecurityGroupID pulumi.StringInput
	// KMSKeyArn is the database key: storage, snapshots and Performance Insights. Required.
	KMSKeyArn pulumi.StringInput
	// SecretsKMSKeyArn is the secrets key, for the master password and connection URL
	// secrets. Required.
	SecretsKMSKeyArn pulumi.StringInput
	// Logs keeps the exported postgresql and upgrade logs, as infrastructure logs. Required.
	Logs logging.Settings
	// BackupRetentionDays is how long automated backups (point-in-time recovery) are kept,
	// 1 to 35 days. Defaults to 30 days.
	BackupRetentionDays int
	// BackupWindow is the daily UTC backup window, "hh:mm-hh:mm", at least 30 minutes and
	// clear of MaintenanceWindow. Defaults to "01:00-02:00".
	BackupWindow string
	// MaintenanceWindow is the weekly UTC maintenance window, "ddd:hh:mm-ddd:hh:mm".
	// Defaults to "sun:02:30-sun:03:30".
	MaintenanceWindow string
	// ContinuousBackup tells the component that AWS Backup continuous backup manages the
	// primary's backups: AWS Backup then owns backupRetentionPeriod, and the program ignores
	// changes to it. Defaults to false.
	ContinuousBackup bool
	// SecretReplicas are regions that keep a copy of the master credentials and DATABASE_URL
	// secrets (the regional stacks' regions), each with that region's secrets key, so the
	// applications there write to this primary with the same credentials. Defaults to none.
	SecretReplicas []secretstore.Replica
	// DeletionProtection protects every instance and secret: `protect`, RDS deletion
	// protection, a final snapshot of the primary (and of the restored instance) and its
	// automated backups kept after deletion. Set it in production. Defaults to false.
	DeletionProtection bool
	// Source makes the primary from an RDS snapshot instead of an empty database (a rebuild
	// from a backup). The provider replaces an existing primary whose source changes, which
	// `protect` refuses when DeletionProtection is set. Defaults to nil: an empty database.
	Source *SnapshotSource
	// Restore makes a second instance, "<NamePrefix>-postgres-restored", beside the primary
	// from the primary's backups, with its own DATABASE_URL secret (Postgres.Restored); the
	// primary is untouched. Defaults to nil: none.
	Restore *Restore
}

func (a PostgresArgs) withDefaults() PostgresArgs {
	if a.EngineVersion == "" {
		a.EngineVersion = DefaultEngineVersion
	}
	if a.ReplicaInstanceClass == "" {
		a.ReplicaInstanceClass = a.InstanceClass
	}
	if a.MaxAllocatedStorageGiB == 0 {
		a.MaxAllocatedStorageGiB = 2 * a.AllocatedStorageGiB
	}
	if a.HA == "" {
		a.HA = ha.MultiAZ
	}
	if a.BackupRetentionDays == 0 {
		a.BackupRetentionDays = 30
	}
	if a.BackupWindow == "" {
		a.BackupWindow = defaultBackupWindow
	}
	if a.MaintenanceWindow == "" {
		a.MaintenanceWindow = defaultMaintenanceWindow
	}
	if a.Source != nil && a.Source.KMSKeyArn == nil {
		source := *a.Source
		source.KMSKeyArn = a.KMSKeyArn
		a.Source = &source
	}
	return a
}

// The writer's default windows, UTC: the backup window clear of the maintenance window.
const (
	defaultBackupWindow      = "01:00-02:00"
	defaultMaintenanceWindow = "sun:02:30-sun:03:30"
)

func (a PostgresArgs) validate(p *validate.Problems) {
	checkInstance(p, a.NamePrefix, replicaSuffix(MaxReplicas), a.EngineVersion, a.InstanceClass, a.Logs)
	checkClass(p, "ReplicaInstanceClass", a.ReplicaInstanceClass)
	p.Match("BackupWindow", a.BackupWindow, validate.DailyWindow, `a UTC window such as "01:00-02:00"`)
	p.Match("MaintenanceWindow", a.MaintenanceWindow, validate.WeeklyWindow, `a UTC window such as "sun:02:30-sun:03:30"`)
	p.Range("AllocatedStorageGiB", a.AllocatedStorageGiB, 20, 65536, "GiB (gp3's limits)")
	if a.MaxAllocatedStorageGiB <= a.AllocatedStorageGiB || a.MaxAllocatedStorageGiB > 65536 {
		p.Add("MaxAllocatedStorageGiB", "%d must be above AllocatedStorageGiB (%d) and at most 65536", a.MaxAllocatedStorageGiB, a.AllocatedStorageGiB)
	}
	validate.OneOf(p, "HA", a.HA, ha.Levels())
	p.Range("ReplicaCount", a.ReplicaCount, 0, MaxReplicas, "read replicas")
	p.Range("BackupRetentionDays", a.BackupRetentionDays, 1, 35, "days of automated backups (0 would disable them and read replicas)")
	p.Required("SubnetIDs", a.SubnetIDs != nil, "the isolated (data) subnets")
	p.Required("SecurityGroupID", a.SecurityGroupID != nil, "the database security group")
	p.Required("KMSKeyArn", a.KMSKeyArn != nil, "the database key")
	p.Required("SecretsKMSKeyArn", a.SecretsKMSKeyArn != nil, "the secrets key")
	if a.Source != nil {
		a.Source.validate(p)
	}
	if a.Restore != nil {
		a.Restore.validate(p)
	}
}
