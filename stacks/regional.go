package stacks

import (
	"fmt"
	"net/netip"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/cache"
	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/components/database"
	"github.com/saleor-platform/infra/components/network"
	"github.com/saleor-platform/infra/components/secretstore"
	"github.com/saleor-platform/infra/components/security"
	"github.com/saleor-platform/infra/components/storage"
)

// newRegionalStack builds a regional stack attached to its primary (cfg.Primary): its keys and
// network, the private path to the primary's writer, a cross-region read replica of it, its
// caches, what it keeps in its secondary region (newRegionalSecondary) and, once the
// primary's zone is delegated, its logs bucket, its application (on the primary's shared
// secrets and buckets), its secondary region's standby runtime and its edge; then
// observability and its outputs.
func newRegionalStack(ctx *pulumi.Context, cfg *Config, p *providers) error {
	f, global, err := newRegionalFoundations(ctx, cfg, p)
	if err != nil {
		return err
	}
	if err := newPrivatePath(ctx, cfg, p, f); err != nil {
		return err
	}
	data, err := newRegionalData(ctx, cfg, p, f)
	if err != nil {
		return err
	}
	if err := newSearch(ctx, cfg, p, f); err != nil {
		return err
	}
	secondary, err := newRegionalSecondary(ctx, cfg, p)
	if err != nil {
		return err
	}
	var secondaryFoundation *foundation
	if secondary != nil {
		secondaryFoundation, data.drReplica = secondary.f, secondary.replica
	}
	w := watchedTiers{data: data}
	if cfg.Primary.ZoneDelegated {
		if data.storage, err = newRegionalLogs(ctx, cfg, p); err != nil {
			return err
		}
		if w.names, err = newCertificates(ctx, cfg, p, pulumi.String(cfg.Primary.ZoneID)); err != nil {
			return err
		}
		if w.app, err = newCompute(ctx, cfg, home(cfg, p, f), regionalAppData(cfg, data), w.names.api.Arn); err != nil {
			return err
		}
		if w.dr, err = newSecondaryRuntime(ctx, cfg, p, secondary, w.names); err != nil {
			return err
		}
		if w.edge, err = newEdge(ctx, cfg, p, f, global, regionalOrigins(cfg, data), w.app, w.names, standbyEndpoint(cfg, w.dr)); err != nil {
			return err
		}
	} else if err := ctx.Log.Warn(fmt.Sprintf("primary %s's zone %s is not delegated yet: this update builds everything "+
		"that needs no certificate; the application and the edge follow once the primary's saleor:zoneDelegated is true.",
		cfg.PrimaryStack, cfg.Domain), nil); err != nil {
		return err
	}
	if err := newObservability(ctx, cfg, p, f, secondaryFoundation, global, w); err != nil {
		return err
	}
	ctx.Export("region", pulumi.String(cfg.Region))
	ctx.Export("vpcId", f.network.VpcID)
	ctx.Export("primaryStack", pulumi.String(cfg.PrimaryStack))
	exportSecondary(ctx, cfg, secondaryFoundation)
	exportApplication(ctx, cfg, w)
	return nil
}

// newRegionalFoundations creates the stack region's foundation (the keys a regional stack
// needs, the network with NAT and endpoints by HA level) and what it keeps in us-east-1.
func newRegionalFoundations(ctx *pulumi.Context, cfg *Config, p *providers) (f, global *foundation, err error) {
	zones, err := availabilityZones(ctx, p.primary, "saleor:availabilityZones", cfg.AZCount)
	if err != nil {
		return nil, nil, err
	}
	nat := network.NatSingle
	if cfg.HA.IsMultiAZ() {
		nat = network.NatOnePerAZ
	}
	if f, err = newFoundation(ctx, cfg, regionPlan{
		provider: p.primary, cidr: cfg.VpcCIDR, zones: zones, nat: nat, endpoints: cfg.HA.IsMultiAZ(), keys: regionalKeyClasses,
	}); err != nil {
		return nil, nil, err
	}
	global, err = newGlobalFoundation(ctx, cfg, p, f)
	return f, global, err
}

// newPrivatePath peers the stack's VPC with its primary's, admitting the stack's app subnets
// into the primary's database: the write path to the one writer.
func newPrivatePath(ctx *pulumi.Context, cfg *Config, p *providers, f *foundation) error {
	return newPeering(ctx, cfg, p, "network-peering", f, cfg.VpcCIDR, p.primary)
}

// newPeering peers the VPC of f (cidr, in provider's region) with the primary's, admitting
// f's app subnets into the primary's database.
func newPeering(ctx *pulumi.Context, cfg *Config, p *providers, name string, f *foundation, cidr netip.Prefix, provider pulumi.ProviderResource) error {
	c := cfg.Primary
	peerCIDR, err := netip.ParsePrefix(c.VpcCIDR)
	if err != nil {
		return fmt.Errorf("primary %s's vpcCidr %q: %w", cfg.PrimaryStack, c.VpcCIDR, err)
	}
	_, err = network.NewPeering(ctx, name, &network.PeeringArgs{
		VpcID: f.network.VpcID, CIDR: cidr, AppSubnets: f.network.Layout.Private,
		RouteTableIDs: f.network.PrivateRouteTableIDs,
		PeerRegion:    c.Region, PeerVpcID: pulumi.String(c.VpcID), PeerCIDR: peerCIDR,
		PeerRouteTableIDs: stringInputs(c.DataRouteTableIDs),
		PeerProvider:      p.hub,
		PeerDatabase: network.PeerDatabase{
			SecurityGroupID: pulumi.String(c.DatabaseSecurityGroupID), NetworkACLID: pulumi.String(c.DataNetworkACLID), Port: database.Port,
		},
	}, pulumi.Providers(provider))
	return err
}

// newRegionalLogs creates the stack's logs bucket, with the load balancer and the distribution
// that log into it: only something writing logs into a bucket makes it a logs bucket to the
// policy pack, which otherwise holds its SSE-S3 encryption and missing access logging against
// it (mandatory), and would refuse the first deploy made while the primary's zone waits for
// its delegation.
func newRegionalLogs(ctx *pulumi.Context, cfg *Config, p *providers) (*storage.Storage, error) {
	return storage.NewStorage(ctx, "storage", &storage.StorageArgs{
		Mode: storage.LogsOnly, DeletionProtection: cfg.Environment.IsProduction(),
	}, pulumi.Providers(p.primary))
}

// newRegionalData creates the stack's cross-region read replica of the primary's writer
// (encrypted with this region's key, keeping DATABASE_URL_REPLICA for this region's
// application) and its caches; its logs bucket comes with the application (newRegionalLogs).
func newRegionalData(ctx *pulumi.Context, cfg *Config, p *providers, f *foundation) (*dataTier, error) {
	on := pulumi.Providers(p.primary)
	prod := cfg.Environment.IsProduction()
	d := &dataTier{}
	var err error
	if d.replica, err = database.NewCrossRegionReplica(ctx, "database", &database.CrossRegionReplicaArgs{
		NamePrefix:             cfg.namePrefix(),
		Purpose:                database.RegionalReads,
		Promoted:               cfg.Failover.PromoteReplica,
		BackupRetentionDays:    promotedRetention(cfg),
		SourceArn:              pulumi.String(cfg.Primary.DatabaseArn),
		EngineVersion:          cfg.Primary.PostgresVersion,
		InstanceClass:          cfg.Sizes.DatabaseReplica.Name,
		MaxAllocatedStorageGiB: cfg.Primary.DatabaseMaxStorageGiB, // the writer's: the replica follows its storage
		HA:                     cfg.HA,
		SubnetIDs:              f.network.IsolatedSubnetIDs,
		SecurityGroupID:        f.network.SecurityGroups.Database,
		KMSKeyArn:              f.security.KeyArn(security.Database),
		PrimaryURL:             cfg.Primary.DatabaseURL,
		SecretsKMSKeyArn:       f.security.KeyArn(security.Secrets),
		Logs:                   f.logs,
		DeletionProtection:     prod,
	}, on); err != nil {
		return nil, err
	}
	d.caches, err = newCaches(ctx, cfg, home(cfg, p, f), cfg.HA)
	return d, err
}

// regionalAppData is where a regional stack's application finds its data: it writes to the
// primary's buckets (with the primary's storage key), writes to the primary's writer (to
// its own replica once promoted) and signs with the shared secrets (the replicas in this
// region), and reads its own replica.
func regionalAppData(cfg *Config, d *dataTier) appData {
	data := regionalAppDataIn(cfg, cfg.Region, d.replica, d.caches, d.storage.Buckets[storage.Logs].Name)
	data.secrets.DatabaseURL = writerURL(cfg, d.replica, data.secrets.DatabaseURL)
	return data
}

// regionalAppDataIn is a regional stack's application data in one of its regions, here: the
// primary's buckets and writer, the shared secrets' replicas there, its replica of the
// writer there, its caches and logs bucket there.
func regionalAppDataIn(cfg *Config, here string, db *database.CrossRegionReplica, caches *cache.Cache, logs pulumi.StringInput) appData {
	c := cfg.Primary
	replica := func(arn string) pulumi.StringOutput { return secretstore.ReplicaArn(pulumi.String(arn), here) }
	data := appData{
		buckets: compute.Buckets{
			MediaName: pulumi.String(c.MediaBucket.Name), MediaArn: pulumi.String(c.MediaBucket.Arn),
			AssetsName: pulumi.String(c.AssetsBucket.Name), AssetsArn: pulumi.String(c.AssetsBucket.Arn),
			LogsName: logs, KMSKeyArn: pulumi.String(c.StorageKeyArn),
		},
		secrets: compute.Secrets{
			DatabaseURL:        replica(c.DatabaseURLSecretArn),
			DatabaseReplicaURL: db.DatabaseURLReplicaSecretArn,
			CacheURL:           caches.URLSecretArn(cache.API),
			Shared:             &compute.SharedSecrets{SecretKey: replica(c.SecretKeyArn), RSAPrivateKey: replica(c.RSAPrivateKeyArn)},
		},
		sharedKey:          pulumi.String(c.Replicas[here].SecretsKeyArn),
		originVerifySecret: cfg.Primary.OriginVerifySecret,
		mediaHost:          cfg.Domain,
	}
	if len(cfg.RegionalDomains) > 0 {
		// This region's distribution serves the media replica under its regional domains.
		data.mediaHost = cfg.RegionalDomains[0] + "." + cfg.Domain
	}
	return data
}

// regionalOrigins are the media replica the primary keeps in this region (its policy admits
// the account's distributions) and the stack's logs bucket.
func regionalOrigins(cfg *Config, d *dataTier) edgeOrigins {
	return edgeOrigins{
		media: pulumi.String(cfg.Primary.Replicas[cfg.Region].MediaBucket.RegionalDomainName),
		logs:  d.storage.Buckets[storage.Logs].DomainName,
	}
}

// promotedRetention is the automated backup retention of a promoted replica: the stack's
// (its environment's default on a regional stack); 0 while it is a replica.
func promotedRetention(cfg *Config) int {
	if !cfg.Failover.PromoteReplica {
		return 0
	}
	return cfg.Data.BackupRetentionDays
}

// writerURL is the DATABASE_URL secret of the application next to replica: the replica's
// own URL once saleor:promoteReplica made it the writer, else writer's.
func writerURL(cfg *Config, replica *database.CrossRegionReplica, writer pulumi.StringInput) pulumi.StringInput {
	if cfg.Failover.PromoteReplica {
		return replica.DatabaseURLReplicaSecretArn
	}
	return writer
}

// stringInputs lifts plain strings to inputs.
func stringInputs(values []string) []pulumi.StringInput {
	out := make([]pulumi.StringInput, len(values))
	for i, v := range values {
		out[i] = pulumi.String(v)
	}
	return out
}
