package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/cache"
	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/components/storage"
)

// newPrimaryStack builds a primary: its regions' foundations, what it keeps in each replica
// region, the data tier, the zone and, once it is delegated, the application and the edge;
// then observability and its outputs, the contract among them.
func newPrimaryStack(ctx *pulumi.Context, cfg *Config, p *providers) error {
	primary, secondary, global, err := newFoundations(ctx, cfg, p)
	if err != nil {
		return err
	}
	replicas, err := newReplicaRegions(ctx, cfg, p)
	if err != nil {
		return err
	}
	data, err := newDataTier(ctx, cfg, p, primary, secondary, replicas)
	if err != nil {
		return err
	}
	if err := newSearch(ctx, cfg, p, primary); err != nil {
		return err
	}
	zone, err := newZone(ctx, cfg, p)
	if err != nil {
		return err
	}
	w := watchedTiers{data: data}
	if cfg.Edge.CertificatesValidate() {
		if w.names, err = newCertificates(ctx, cfg, p, zone.ZoneID); err != nil {
			return err
		}
		if w.app, err = newCompute(ctx, cfg, home(cfg, p, primary), primaryAppData(cfg, data, replicas, secondary), w.names.api.Arn); err != nil {
			return err
		}
		if cfg.Failover.DRCompute.Runs() {
			if w.dr, err = newDRRuntime(ctx, cfg, p, secondary, data, w.app, w.names); err != nil {
				return err
			}
		}
		if w.edge, err = newEdge(ctx, cfg, p, primary, global, primaryOrigins(data), w.app, w.names, standbyEndpoint(cfg, w.dr)); err != nil {
			return err
		}
	} else {
		if err := data.keepMediaPrivate(ctx); err != nil {
			return err
		}
		if err := ctx.Log.Warn(delegationPending(cfg), nil); err != nil {
			return err
		}
	}
	if err := newObservability(ctx, cfg, p, primary, secondary, global, w); err != nil {
		return err
	}
	if err := newConfigRecorders(ctx, cfg, p, primary, data, replicas); err != nil {
		return err
	}
	if err := newDelivery(ctx, cfg, p); err != nil {
		return err
	}
	exportOutputs(ctx, cfg, primary, secondary, zone, w)
	origin := pulumi.String("").ToStringOutput()
	if w.app != nil {
		origin = w.app.OriginVerifySecret
	}
	return exportContract(ctx, primaryContractOutputs(cfg, primary, data, zone, w.app, replicas), map[string]pulumi.StringOutput{
		databaseURLOutput: data.app.url, originVerifyOutput: origin,
	})
}

// primaryOrigins are the primary's own media and logs buckets and, with a DR region, the
// media replica there, which the distribution fails over to; each media bucket's policy
// admits exactly the distribution.
func primaryOrigins(d *dataTier) edgeOrigins {
	buckets := d.storage.Buckets
	origins := edgeOrigins{
		media: buckets[storage.Media].RegionalDomainName, logs: buckets[storage.Logs].DomainName,
		serveMedia: d.serveMediaThrough,
	}
	if d.drStorage != nil {
		origins.mediaFailover = d.drStorage.Buckets[storage.Media].RegionalDomainName
	}
	return origins
}

// mediaStores are the storage tiers whose media bucket's policy waits for the distribution:
// the primary's and, with a DR region, its replica's.
func (d *dataTier) mediaStores() []*storage.Storage {
	if d.drStorage == nil {
		return []*storage.Storage{d.storage}
	}
	return []*storage.Storage{d.storage, d.drStorage}
}

// serveMediaThrough lets the distribution read every media bucket it serves.
func (d *dataTier) serveMediaThrough(ctx *pulumi.Context, distributionArn pulumi.StringInput) error {
	for _, s := range d.mediaStores() {
		if err := s.ServeMediaThrough(ctx, distributionArn); err != nil {
			return err
		}
	}
	return nil
}

// keepMediaPrivate gives every media bucket its TLS-only policy alone, until the
// distribution exists.
func (d *dataTier) keepMediaPrivate(ctx *pulumi.Context) error {
	for _, s := range d.mediaStores() {
		if err := s.KeepMediaPrivate(ctx); err != nil {
			return err
		}
	}
	return nil
}

// primaryAppData is the primary's own data as its application uses it: its buckets and
// secrets, the generated shared secrets replicated to the replica regions and, for its DR
// runtime, the DR region.
func primaryAppData(cfg *Config, d *dataTier, replicas []*replicaRegion, dr *foundation) appData {
	buckets := d.storage.Buckets
	return appData{
		buckets: compute.Buckets{
			MediaName: buckets[storage.Media].Name, MediaArn: buckets[storage.Media].Arn,
			AssetsName: buckets[storage.Assets].Name, AssetsArn: buckets[storage.Assets].Arn,
			LogsName: buckets[storage.Logs].Name,
		},
		secrets: compute.Secrets{
			DatabaseURL:        d.app.urlSecretArn,
			DatabaseReplicaURL: d.app.replicaURLSecretArn,
			CacheURL:           d.caches.URLSecretArn(cache.API),
		},
		secretReplicas: append(secretReplicas(replicas), drSecretReplica(cfg, dr)...),
		// CloudFront serves the media bucket under /media/ on the storefront's domain.
		mediaHost: cfg.Domain,
	}
}
