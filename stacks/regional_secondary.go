package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/cache"
	"github.com/saleor-platform/infra/components/database"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/security"
	"github.com/saleor-platform/infra/components/storage"
)

// regionalSecondary is what a regional stack keeps in its saleor:secondaryRegion, where its
// clients fail over when its own region is lost: its network, peered with the primary's for
// writes, and a replica of the primary's writer for reads.
type regionalSecondary struct {
	f       *foundation
	replica *database.CrossRegionReplica
}

// newRegionalSecondary creates a regional stack's secondary region's foundation (its keys,
// a network on two zones, NAT where a runtime runs), its peering with the primary's VPC and
// its replica of the primary's writer (one zone while it stands by); nil without a
// secondary region.
func newRegionalSecondary(ctx *pulumi.Context, cfg *Config, p *providers) (*regionalSecondary, error) {
	if !cfg.HasDisasterRecovery() {
		return nil, nil
	}
	zones, err := availabilityZones(ctx, p.secondary, "saleor:secondaryRegion", secondaryAZs)
	if err != nil {
		return nil, err
	}
	f, err := newFoundation(ctx, cfg, regionPlan{
		suffix: "-dr", provider: p.secondary, cidr: cfg.SecondaryVpcCIDR, zones: zones, nat: drNAT(cfg), keys: regionalKeyClasses,
	})
	if err != nil {
		return nil, err
	}
	if err := newPeering(ctx, cfg, p, "network-peering-dr", f, cfg.SecondaryVpcCIDR, p.secondary); err != nil {
		return nil, err
	}
	level := ha.SingleAZ
	if cfg.Failover.DRCompute == DRWarm {
		level = cfg.HA
	}
	replica, err := database.NewCrossRegionReplica(ctx, "database-dr", &database.CrossRegionReplicaArgs{
		NamePrefix:             cfg.namePrefix() + "-dr",
		Purpose:                database.RegionalReads,
		SourceArn:              pulumi.String(cfg.Primary.DatabaseArn),
		EngineVersion:          cfg.Primary.PostgresVersion,
		InstanceClass:          cfg.Sizes.DatabaseReplica.Name,
		MaxAllocatedStorageGiB: cfg.Primary.DatabaseMaxStorageGiB,
		HA:                     level,
		SubnetIDs:              f.network.IsolatedSubnetIDs,
		SecurityGroupID:        f.network.SecurityGroups.Database,
		KMSKeyArn:              f.security.KeyArn(security.Database),
		PrimaryURL:             cfg.Primary.DatabaseURL,
		SecretsKMSKeyArn:       f.security.KeyArn(security.Secrets),
		Logs:                   f.logs,
		DeletionProtection:     cfg.Environment.IsProduction(),
	}, pulumi.Providers(p.secondary))
	if err != nil {
		return nil, err
	}
	return &regionalSecondary{f: f, replica: replica}, nil
}

// newSecondaryRuntime creates, once the primary's zone is delegated and saleor:drCompute
// asks for one, the runtime of a regional stack's secondary region: its logs bucket and a
// standby runtime (newStandbyRuntime) on its replica, writing to the primary's writer and
// buckets as the stack's own region does. Its load balancer is the failover partner of the
// stack's own region in the API name; nil without one.
func newSecondaryRuntime(ctx *pulumi.Context, cfg *Config, p *providers, s *regionalSecondary, names *dns) (*drRuntime, error) {
	if s == nil || !cfg.Failover.DRCompute.Runs() {
		return nil, nil
	}
	logs, err := storage.NewStorage(ctx, "storage-dr", &storage.StorageArgs{
		Mode: storage.LogsOnly, DeletionProtection: cfg.Environment.IsProduction(),
	}, pulumi.Providers(p.secondary))
	if err != nil {
		return nil, err
	}
	return newStandbyRuntime(ctx, cfg, p, s.f, names, func(caches *cache.Cache) appData {
		return regionalAppDataIn(cfg, cfg.SecondaryRegion, s.replica, caches, logs.Buckets[storage.Logs].Name)
	})
}
