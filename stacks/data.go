package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/backup"
	"github.com/saleor-platform/infra/components/cache"
	"github.com/saleor-platform/infra/components/database"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/observability"
	"github.com/saleor-platform/infra/components/security"
	"github.com/saleor-platform/infra/components/storage"
)

// dataTier is what the data tier hands to the tiers that use it.
type dataTier struct {
	storage *storage.Storage
	// drStorage holds the replicas of the media and assets buckets in the DR region; nil
	// without a DR region.
	drStorage *storage.Storage
	database  *database.Postgres
	// app is the instance of database the application uses (saleor:databaseActive).
	app appDatabase
	// drReplica is the cross-region replica; nil without a DR region.
	drReplica *database.CrossRegionReplica
	// replica is a regional stack's cross-region replica of its primary's writer, which its
	// application reads; the regional stack has no database of its own (database is nil).
	replica *database.CrossRegionReplica
	caches  *cache.Cache
}

// namePrefix starts the AWS names that must be unique per account and region, so stacks can
// share an account: "<project>-<stack>", e.g. "saleor-prod-eu".
func (c *Config) namePrefix() string { return c.Project + "-" + c.Stack }

// pathPrefix starts the stack's SSM parameter paths and log group names:
// "/<project>/<stack>", e.g. "/saleor/prod-eu".
func (c *Config) pathPrefix() string { return "/" + c.Project + "/" + c.Stack }

// aliasPrefix starts the stack's KMS key aliases: "<project>/<stack>" (alias/saleor/prod-eu/...).
func (c *Config) aliasPrefix() string { return c.Project + "/" + c.Stack }

// newDataTier creates the buckets, PostgreSQL, the caches and the backups, with their
// disaster-recovery copies when the stack has a DR region, and the replicas of the buckets
// and the database secrets in the replica regions.
func newDataTier(ctx *pulumi.Context, cfg *Config, p *providers, primary, secondary *foundation, replicaRegions []*replicaRegion) (*dataTier, error) {
	prod := cfg.Environment.IsProduction()
	onPrimary := pulumi.Providers(p.primary)
	d := &dataTier{}

	var replicas []*storage.Replication
	if cfg.HasDisasterRecovery() {
		// The distribution fails over to the DR media replica, whose policy admits it.
		dr, err := storage.NewStorage(ctx, "storage-dr", &storage.StorageArgs{
			Mode: storage.Replica, KMSKeyArn: secondary.security.KeyArn(security.Storage), DeletionProtection: prod,
			MediaServedByCloudFront: true,
		}, pulumi.Providers(p.secondary))
		if err != nil {
			return nil, err
		}
		d.drStorage = dr
		replicas = append(replicas, dr.ReplicationTarget("disaster-recovery"))
	}
	replicas = append(replicas, bucketReplicas(replicaRegions)...)
	storageArgs := &storage.StorageArgs{
		KMSKeyArn:               primary.security.KeyArn(security.Storage),
		Replicas:                replicas,
		MediaServedByCloudFront: true,
		DeletionProtection:      prod,
	}
	if cfg.ManageAccountSecurity {
		storageArgs.CloudTrailName = observability.TrailName(cfg.namePrefix())
	}
	var err error
	if d.storage, err = storage.NewStorage(ctx, "storage", storageArgs, onPrimary); err != nil {
		return nil, err
	}

	restore, source := restoreArgs(cfg.Data.Recovery)
	if d.database, err = database.NewPostgres(ctx, "database", &database.PostgresArgs{
		NamePrefix:             cfg.namePrefix(),
		EngineVersion:          cfg.Data.PostgresVersion,
		InstanceClass:          cfg.Sizes.DatabasePrimary.Name,
		ReplicaInstanceClass:   cfg.Sizes.DatabaseReplica.Name,
		AllocatedStorageGiB:    cfg.Sizes.DatabaseStorageGiB,
		MaxAllocatedStorageGiB: cfg.Sizes.DatabaseMaxStorageGiB,
		HA:                     cfg.HA,
		ReplicaCount:           cfg.Data.ReplicaCount,
		SubnetIDs:              primary.network.IsolatedSubnetIDs,
		SecurityGroupID:        primary.network.SecurityGroups.Database,
		KMSKeyArn:              primary.security.KeyArn(security.Database),
		SecretsKMSKeyArn:       primary.security.KeyArn(security.Secrets),
		Logs:                   primary.logs,
		BackupRetentionDays:    cfg.Data.BackupRetentionDays,
		ContinuousBackup:       true,
		SecretReplicas:         secretReplicas(replicaRegions),
		DeletionProtection:     prod,
		Source:                 source,
		Restore:                restore,
	}, onPrimary); err != nil {
		return nil, err
	}
	d.app = activeDatabase(cfg, d.database)
	if cfg.HasDisasterRecovery() {
		if d.drReplica, err = database.NewCrossRegionReplica(ctx, "database-dr", &database.CrossRegionReplicaArgs{
			NamePrefix:             cfg.namePrefix(),
			SourceArn:              d.database.Arn,
			EngineVersion:          cfg.Data.PostgresVersion,
			InstanceClass:          cfg.Sizes.DatabaseReplica.Name,
			MaxAllocatedStorageGiB: cfg.Sizes.DatabaseMaxStorageGiB,
			SubnetIDs:              secondary.network.IsolatedSubnetIDs,
			SecurityGroupID:        secondary.network.SecurityGroups.Database,
			KMSKeyArn:              secondary.security.KeyArn(security.Database),
			Logs:                   secondary.logs,
			DeletionProtection:     prod,
			Promoted:               cfg.Failover.PromoteReplica,
			BackupRetentionDays:    promotedRetention(cfg),
			HA:                     drReplicaHA(cfg),
			PrimaryURL:             drRuntimeURL(cfg, d.database),
			SecretsKMSKeyArn:       secondary.security.KeyArn(security.Secrets),
		}, pulumi.Providers(p.secondary)); err != nil {
			return nil, err
		}
	}

	if d.caches, err = newCaches(ctx, cfg, home(cfg, p, primary), cfg.HA); err != nil {
		return nil, err
	}
	return d, newBackups(ctx, cfg, p, primary, secondary, d)
}

// newCaches creates the stack's caches, in its region: caches, sessions and queues are
// regional in every role.
func newCaches(ctx *pulumi.Context, cfg *Config, s site, level ha.Level) (*cache.Cache, error) {
	f := s.f
	return cache.NewCache(ctx, "cache"+s.suffix, &cache.CacheArgs{
		NamePrefix:                   cfg.namePrefix() + s.suffix,
		NodeClass:                    cfg.Sizes.CacheNode.Name,
		HA:                           level,
		SubnetIDs:                    f.network.IsolatedSubnetIDs,
		SecurityGroupID:              f.network.SecurityGroups.Cache,
		KMSKeyArn:                    f.security.KeyArn(security.Cache),
		SecretsKMSKeyArn:             f.security.KeyArn(security.Secrets),
		Logs:                         f.logs,
		SessionSnapshotRetentionDays: dataDefaults[cfg.Environment].sessionSnapshotDays,
		ParameterPrefix:              cfg.pathPrefix(),
		DeletionProtection:           cfg.Environment.IsProduction(),
	}, pulumi.Providers(s.provider))
}

// drRuntimeURL is the writer's URL the DR replica keeps its own from (its URL secret, the DR
// runtime's DATABASE_URL), when the DR region runs the application; nil otherwise.
func drRuntimeURL(cfg *Config, writer *database.Postgres) pulumi.StringInput {
	if !cfg.Failover.DRCompute.Runs() {
		return nil
	}
	return writer.URL
}

// drReplicaHA is the DR replica's availability: one zone while it is a copy, the stack's
// once promoted to the writer.
func drReplicaHA(cfg *Config) ha.Level {
	if cfg.Failover.PromoteReplica {
		return cfg.HA
	}
	return ha.SingleAZ
}

// newBackups creates the backup vault and plan, and the DR vault the plan copies to. The
// plan backs up the database instance the application uses.
func newBackups(ctx *pulumi.Context, cfg *Config, p *providers, primary, secondary *foundation, d *dataTier) error {
	prod := cfg.Environment.IsProduction()
	lock := backup.VaultLock{Mode: cfg.Data.VaultLock}
	var copyTo pulumi.StringInput
	if cfg.HasDisasterRecovery() {
		drVault, err := backup.NewVault(ctx, "backup-dr", &backup.VaultArgs{
			KMSKeyArn: secondary.security.KeyArn(security.Backup), Lock: lock, DeletionProtection: prod,
		}, pulumi.Providers(p.secondary))
		if err != nil {
			return err
		}
		copyTo = drVault.Arn
	}
	_, err := backup.NewBackup(ctx, "backup", &backup.BackupArgs{
		KMSKeyArn:               primary.security.KeyArn(security.Backup),
		DatabaseArn:             d.app.arn,
		BucketArns:              pulumi.StringArray{d.storage.Buckets[storage.Media].Arn, d.storage.Buckets[storage.Backups].Arn},
		DailyRetentionDays:      cfg.Data.BackupRetentionDays,
		ContinuousRetentionDays: min(cfg.Data.BackupRetentionDays, maxContinuousBackupDays),
		CopyToVaultArn:          copyTo,
		Lock:                    lock,
		DeletionProtection:      prod,
	}, pulumi.Providers(p.primary))
	return err
}
