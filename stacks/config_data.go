package stacks

import (
	"time"

	"github.com/saleor-platform/infra/components/backup"
	"github.com/saleor-platform/infra/components/database"
)

// DataConfig is the configuration of the data tier.
type DataConfig struct {
	// PostgresVersion is saleor:postgresVersion, the PostgreSQL major version.
	PostgresVersion string
	// ReplicaCount is saleor:dbReplicaCount, the in-region read replicas.
	ReplicaCount int
	// BackupRetentionDays is saleor:backupRetentionDays: daily backups and point-in-time
	// recovery reach back this far (point-in-time recovery at most 35 days).
	BackupRetentionDays int
	// VaultLock is saleor:backupVaultLock, the backup vault's lock mode.
	VaultLock backup.LockMode
	// Recovery is what the database is restored from, and which instance the application
	// uses.
	Recovery RecoveryConfig
}

// dataDefaults are what an environment implies for the data tier.
var dataDefaults = map[Environment]struct {
	replicas int
	// retentionDays is both the default and the minimum backup retention.
	retentionDays int
	lock          backup.LockMode
	// sessionSnapshotDays is how long the session store's daily snapshots are kept.
	sessionSnapshotDays int
}{
	Production:  {1, 30, backup.LockGovernance, 7},
	Staging:     {0, 14, backup.LockNone, 1},
	QA:          {0, 7, backup.LockNone, 1},
	Development: {0, 7, backup.LockNone, 1},
	Demo:        {0, 7, backup.LockNone, 1},
}

// maxContinuousBackupDays is AWS Backup's limit for continuous (point-in-time) backups.
const maxContinuousBackupDays = 35

func readData(s *source, c *Config) {
	d := dataDefaults[c.Environment]
	if _, known := dataDefaults[c.Environment]; !known {
		d = dataDefaults[Production]
	}
	c.Data.PostgresVersion = oneOf(s, "saleor:postgresVersion", database.EngineVersions, database.DefaultEngineVersion)
	c.Data.ReplicaCount = s.integer("saleor:dbReplicaCount", d.replicas)
	if c.Data.ReplicaCount < 0 || c.Data.ReplicaCount > database.MaxReplicas {
		s.problems.add("saleor:dbReplicaCount", "%d read replicas: allowed 0 to %d", c.Data.ReplicaCount, database.MaxReplicas)
	}
	c.Data.BackupRetentionDays = s.integer("saleor:backupRetentionDays", d.retentionDays)
	if days := c.Data.BackupRetentionDays; days < d.retentionDays || days > maxContinuousBackupDays {
		s.problems.add("saleor:backupRetentionDays", "%d days: %s keeps backups %d to %d days", days, c.Environment, d.retentionDays, maxContinuousBackupDays)
	}
	locks := []backup.LockMode{backup.LockNone, backup.LockGovernance, backup.LockCompliance}
	c.Data.VaultLock = oneOf(s, "saleor:backupVaultLock", locks, d.lock)
	if c.Data.VaultLock == backup.LockCompliance && !c.Environment.IsProduction() {
		s.problems.add("saleor:backupVaultLock", "%q is irreversible and kept for production; use %q or %q", backup.LockCompliance, backup.LockNone, backup.LockGovernance)
	}
	if c.Environment.IsProduction() && c.Data.VaultLock == backup.LockNone {
		s.problems.add("saleor:backupVaultLock", "production locks its backup vault: %q or %q", backup.LockGovernance, backup.LockCompliance)
	}
	readRecovery(s, c, time.Now())
}
