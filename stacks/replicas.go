package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/secretstore"
	"github.com/saleor-platform/infra/components/security"
	"github.com/saleor-platform/infra/components/storage"
)

// replicaRegion is what a primary keeps in one of its saleor:replicaRegions for the regional
// stack there: the keys its shared secrets and bucket replicas are encrypted with, and the
// bucket replicas.
type replicaRegion struct {
	region   string
	security *security.Security
	storage  *storage.Storage
}

// replicaKeyClasses are the keys a primary makes in a replica region.
var replicaKeyClasses = []security.DataClass{security.Secrets, security.Storage}

// newReplicaRegions creates, in each of saleor:replicaRegions, the primary's keys and bucket
// replicas there ("security-<region>", "storage-<region>"), with the account's threat
// detection where this stack owns the account's services.
func newReplicaRegions(ctx *pulumi.Context, cfg *Config, p *providers) ([]*replicaRegion, error) {
	var out []*replicaRegion
	for _, region := range cfg.ReplicaRegions {
		on := pulumi.Providers(p.replicas[region])
		sec, err := security.NewSecurity(ctx, "security-"+region, &security.SecurityArgs{
			DataClasses:         replicaKeyClasses,
			AliasPrefix:         cfg.aliasPrefix(),
			DeletionProtection:  cfg.Environment.IsProduction(),
			SkipThreatDetection: !cfg.ManageAccountSecurity,
		}, on)
		if err != nil {
			return nil, err
		}
		st, err := storage.NewStorage(ctx, "storage-"+region, &storage.StorageArgs{
			Mode: storage.Replica, KMSKeyArn: sec.KeyArn(security.Storage), ServedToAccountDistributions: true,
			DeletionProtection: cfg.Environment.IsProduction(),
		}, on)
		if err != nil {
			return nil, err
		}
		out = append(out, &replicaRegion{region: region, security: sec, storage: st})
	}
	return out, nil
}

// secretReplicas are the shared secrets' replicas: one per replica region, with its key.
func secretReplicas(regions []*replicaRegion) []secretstore.Replica {
	var out []secretstore.Replica
	for _, r := range regions {
		out = append(out, secretstore.Replica{Region: r.region, KMSKeyArn: r.security.KeyArn(security.Secrets)})
	}
	return out
}

// bucketReplicas are the replication targets of the replica regions, named by region.
func bucketReplicas(regions []*replicaRegion) []*storage.Replication {
	var out []*storage.Replication
	for _, r := range regions {
		out = append(out, r.storage.ReplicationTarget(r.region))
	}
	return out
}
