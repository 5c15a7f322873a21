package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/database"
)

// appDatabase is the database instance a primary's application uses (saleor:databaseActive):
// what it is backed up as and the secrets it is reached through.
type appDatabase struct {
	// arn is the instance AWS Backup backs up and copies to the DR vault.
	arn pulumi.StringOutput
	// url is its DATABASE_URL (secret), which regional stacks write through.
	url pulumi.StringOutput
	// urlSecretArn and replicaURLSecretArn hold DATABASE_URL and DATABASE_URL_REPLICA.
	urlSecretArn, replicaURLSecretArn pulumi.StringOutput
}

// activeDatabase is the writer, or with saleor:databaseActive restored, the restored
// instance for both URLs: the writer's read replicas replicate what the restore undoes.
func activeDatabase(cfg *Config, pg *database.Postgres) appDatabase {
	if r := pg.Restored; cfg.Data.Recovery.Active == Restored && r != nil {
		return appDatabase{arn: r.Arn, url: r.URL, urlSecretArn: r.DatabaseURLSecretArn, replicaURLSecretArn: r.DatabaseURLSecretArn}
	}
	return appDatabase{arn: pg.Arn, url: pg.URL, urlSecretArn: pg.DatabaseURLSecretArn, replicaURLSecretArn: pg.DatabaseURLReplicaSecretArn}
}

// restoreArgs are the component's Restore and Source for saleor:databaseRestore and
// saleor:databaseSource; nil for an unset key.
func restoreArgs(r RecoveryConfig) (*database.Restore, *database.SnapshotSource) {
	var restore *database.Restore
	if r.Restore != nil {
		restore = &database.Restore{PointInTime: r.Restore.PointInTime, SnapshotArn: r.Restore.Snapshot}
	}
	var source *database.SnapshotSource
	if r.Source != nil {
		source = &database.SnapshotSource{SnapshotArn: r.Source.Snapshot}
		if r.Source.KMSKeyArn != "" {
			source.KMSKeyArn = pulumi.String(r.Source.KMSKeyArn)
		}
	}
	return restore, source
}
