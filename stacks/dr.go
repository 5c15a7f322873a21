package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/cache"
	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/components/edge"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/secretstore"
	"github.com/saleor-platform/infra/components/security"
	"github.com/saleor-platform/infra/components/storage"
)

// drSite is a stack's disaster-recovery region as a runtime site: it rolls the API out
// with ECS (a standby needs no canary) and waits as saleor:drCompute says, until
// saleor:promoteReplica makes a primary's serve (a regional stack's secondary region stands
// by for its clients: promotion is its home replica's).
func drSite(cfg *Config, p *providers, dr *foundation) site {
	standby := compute.PilotLight
	switch {
	case cfg.Failover.PromoteReplica && !cfg.IsRegional():
		standby = compute.Serving
	case cfg.Failover.DRCompute == DRWarm:
		standby = compute.Warm
	}
	return site{suffix: "-dr", provider: p.standby, f: dr, deployment: compute.Rolling, standby: standby}
}

// drRuntime is a primary's DR runtime as observability and the edge see it.
type drRuntime struct {
	app    *compute.Compute
	caches *cache.Cache
	// certificateArn is its load balancer's API certificate, of the DR region.
	certificateArn pulumi.StringOutput
	// serving is true once saleor:promoteReplica makes it serve; it stands by until then.
	serving bool
}

// newDRRuntime creates the application runtime a primary keeps in its DR region
// (saleor:drCompute pilot-light or warm): caches (one node each until it serves), the
// compute tier on the DR replica (DATABASE_URL and DATABASE_URL_REPLICA both: a replica
// until promoted, the writer after), the shared secrets' replicas and the DR buckets,
// behind an API certificate of its region and a regional web ACL. The primary's records make
// it the failover partner of the primary region's API (edge.APIEndpoint.Standby): Route 53
// sends the primary region's clients there once its load balancer is unhealthy and this one
// healthy, which a pilot-light runtime becomes when it is scaled up.
func newDRRuntime(ctx *pulumi.Context, cfg *Config, p *providers, dr *foundation, d *dataTier, app *compute.Compute, names *dns) (*drRuntime, error) {
	replica := func(arn pulumi.StringOutput) pulumi.StringOutput {
		return secretstore.ReplicaArn(arn, cfg.SecondaryRegion)
	}
	buckets := d.drStorage.Buckets
	return newStandbyRuntime(ctx, cfg, p, dr, names, func(caches *cache.Cache) appData {
		return appData{
			buckets: compute.Buckets{
				MediaName: buckets[storage.Media].Name, MediaArn: buckets[storage.Media].Arn,
				AssetsName: buckets[storage.Assets].Name, AssetsArn: buckets[storage.Assets].Arn,
				LogsName: buckets[storage.Logs].Name, KMSKeyArn: dr.security.KeyArn(security.Storage),
			},
			secrets: compute.Secrets{
				DatabaseURL:        d.drReplica.DatabaseURLReplicaSecretArn,
				DatabaseReplicaURL: d.drReplica.DatabaseURLReplicaSecretArn,
				CacheURL:           caches.URLSecretArn(cache.API),
				Shared:             &compute.SharedSecrets{SecretKey: replica(app.SecretKeyArn), RSAPrivateKey: replica(app.RSAPrivateKeyArn)},
			},
			sharedKey:          dr.security.KeyArn(security.Secrets),
			originVerifySecret: app.OriginVerifySecret,
			mediaHost:          cfg.Domain,
		}
	})
}

// newStandbyRuntime creates an application runtime in the stack's DR region (drSite): its
// caches (one node each while pilot-light), its API certificate, the compute tier on the
// data dataFor gives it, and a regional web ACL on its load balancer.
func newStandbyRuntime(ctx *pulumi.Context, cfg *Config, p *providers, dr *foundation, names *dns,
	dataFor func(caches *cache.Cache) appData) (*drRuntime, error) {
	s := drSite(cfg, p, dr)
	level := cfg.HA
	if s.standby == compute.PilotLight {
		level = ha.SingleAZ
	}
	caches, err := newCaches(ctx, cfg, s, level)
	if err != nil {
		return nil, err
	}
	cert, err := edge.NewCertificate(ctx, "edge-certificate-dr", &edge.CertificateArgs{
		DomainName: edge.APIHostname(cfg.Domain), ZoneID: names.zoneID,
	}, pulumi.Providers(p.standby))
	if err != nil {
		return nil, err
	}
	drApp, err := newCompute(ctx, cfg, s, dataFor(caches), cert.Arn)
	if err != nil {
		return nil, err
	}
	if _, err = edge.NewWebACL(ctx, "edge-waf-dr", &edge.WebACLArgs{
		Scope: edge.RegionalScope, BehindCloudFront: true, Logs: dr.logs,
		ProtectedResourceArns: []pulumi.StringInput{drApp.LoadBalancerArn},
	}, pulumi.Providers(p.standby)); err != nil {
		return nil, err
	}
	return &drRuntime{app: drApp, caches: caches, certificateArn: cert.Arn, serving: s.standby == compute.Serving}, nil
}

// drSecretReplica is where the shared secrets replicate for the DR runtime: the DR region,
// with its secrets key; none without a DR runtime.
func drSecretReplica(cfg *Config, dr *foundation) []secretstore.Replica {
	if !cfg.Failover.DRCompute.Runs() {
		return nil
	}
	return []secretstore.Replica{{Region: cfg.SecondaryRegion, KMSKeyArn: dr.security.KeyArn(security.Secrets)}}
}

// standbyEndpoint is the DR runtime's load balancer: the primary region's failover partner
// while it stands by, a region of the API name with its own latency record once promoted;
// nil without a DR runtime.
func standbyEndpoint(cfg *Config, dr *drRuntime) *edge.APIEndpoint {
	if dr == nil {
		return nil
	}
	return &edge.APIEndpoint{
		Region: cfg.SecondaryRegion, LoadBalancerDNSName: dr.app.LoadBalancerDNSName, LoadBalancerZoneID: dr.app.LoadBalancerZoneID,
		Standby: cfg.IsRegional() || !cfg.Failover.PromoteReplica,
	}
}
