package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/components/edge"
)

// dns is the stack's validated certificates, in the environment's zone.
type dns struct {
	zoneID pulumi.StringInput
	// cdn is the CloudFront certificate (us-east-1) of the names the stack's distribution
	// serves; nil for an API-only stack.
	cdn *edge.Certificate
	// api is the load balancer's certificate (the stack's region): api.<domain>.
	api *edge.Certificate
}

// siteScope is which of the domain's names the stack's distribution serves: all on a
// primary, the regional domains on a regional stack.
func (c *Config) siteScope() edge.SiteScope {
	if c.IsRegional() {
		return edge.RegionalSites
	}
	return edge.AllSites
}

// newZone creates or adopts the hosted zone.
func newZone(ctx *pulumi.Context, cfg *Config, p *providers) (*edge.Zone, error) {
	return edge.NewZone(ctx, "edge-zone", &edge.ZoneArgs{
		Domain: cfg.Domain, ExistingZoneID: cfg.Edge.HostedZoneID, DeletionProtection: cfg.Environment.IsProduction(),
	}, pulumi.Providers(p.primary))
}

// newCertificates requests and DNS-validates the stack's certificates in the zone, which must
// be delegated: their validation waits for ACM.
func newCertificates(ctx *pulumi.Context, cfg *Config, p *providers, zoneID pulumi.StringInput) (*dns, error) {
	names := &dns{zoneID: zoneID}
	if cfg.ServesStorefront() {
		sites := cfg.siteScope().Hostnames(cfg.Domain, cfg.RegionalDomains)
		cdn, err := edge.NewCertificate(ctx, "edge-certificate-global", &edge.CertificateArgs{
			DomainName: sites[0], SubjectAlternativeNames: sites[1:], ZoneID: zoneID, ForCloudFront: true,
		}, pulumi.Providers(p.global))
		if err != nil {
			return nil, err
		}
		names.cdn = cdn
	}
	api, err := edge.NewCertificate(ctx, "edge-certificate", &edge.CertificateArgs{
		DomainName: edge.APIHostname(cfg.Domain), ZoneID: zoneID,
	}, pulumi.Providers(p.primary))
	if err != nil {
		return nil, err
	}
	names.api = api
	return names, nil
}

// edgeTier is what the edge hands to observability.
type edgeTier struct {
	// distribution is nil for an API-only stack.
	distribution *edge.Distribution
	records      *edge.Records
}

// edgeOrigins are the buckets the stack's distribution uses besides the application: the
// media bucket (its region's copy) and the logs bucket. Static files come from the API.
type edgeOrigins struct {
	media, logs pulumi.StringInput
	// mediaFailover is the media replica /media/* fails over to (a primary's DR copy); nil:
	// no failover.
	mediaFailover pulumi.StringInput
	// serveMedia grants the distribution read on the media bucket and its failover (the
	// primary's own buckets); nil where the bucket's policy already admits the account's
	// distributions.
	serveMedia func(ctx *pulumi.Context, distributionArn pulumi.StringInput) error
}

// newEdge puts the application behind WAF and, unless API-only, CloudFront, and publishes
// the names: the REGIONAL web ACL on the load balancer, the CLOUDFRONT one (us-east-1), the
// hosted sites, the distribution and its media grant, and the Route 53 records: the stack's
// site names and its own latency record of the API name, with standby (a primary's DR
// runtime, or nil) as its failover partner.
func newEdge(ctx *pulumi.Context, cfg *Config, p *providers, f, global *foundation, origins edgeOrigins, app *compute.Compute, names *dns,
	standby *edge.APIEndpoint) (*edgeTier, error) {
	if _, err := edge.NewWebACL(ctx, "edge-waf", &edge.WebACLArgs{
		Scope: edge.RegionalScope, BehindCloudFront: true, Logs: f.logs,
		ProtectedResourceArns: []pulumi.StringInput{app.LoadBalancerArn},
	}, pulumi.Providers(p.primary)); err != nil {
		return nil, err
	}
	out := &edgeTier{}
	records := &edge.RecordsArgs{
		ZoneID: names.zoneID, Domain: cfg.Domain, RegionalDomains: cfg.RegionalDomains, Sites: cfg.siteScope(),
		NoSites: !cfg.ServesStorefront(),
		APIEndpoints: []edge.APIEndpoint{{
			Region: cfg.Region, LoadBalancerDNSName: app.LoadBalancerDNSName, LoadBalancerZoneID: app.LoadBalancerZoneID,
			Drained: cfg.Failover.DrainAPI,
		}},
	}
	if standby != nil {
		records.APIEndpoints = append(records.APIEndpoints, *standby)
	}
	if cfg.ServesStorefront() {
		distribution, err := newDistribution(ctx, cfg, p, global, origins, app, names)
		if err != nil {
			return nil, err
		}
		out.distribution = distribution
		records.DistributionDomainName, records.DistributionZoneID = distribution.DomainName, distribution.HostedZoneID
	}
	var err error
	out.records, err = edge.NewRecords(ctx, "edge-records", records, pulumi.Providers(p.primary))
	return out, err
}

// newDistribution creates the CLOUDFRONT web ACL, the hosted sites and the distribution of the
// stack's site names, and grants it the media bucket and its failover.
func newDistribution(ctx *pulumi.Context, cfg *Config, p *providers, global *foundation, origins edgeOrigins, app *compute.Compute, names *dns) (*edge.Distribution, error) {
	cdnACL, err := edge.NewWebACL(ctx, "edge-waf-global", &edge.WebACLArgs{
		Scope: edge.CloudFrontScope, RateLimit: cfg.Edge.WAFRateLimit, Custom: cfg.Edge.WAF, Logs: global.logs,
	}, pulumi.Providers(p.global))
	if err != nil {
		return nil, err
	}
	sites, err := edge.NewHosting(ctx, "edge-hosting", &edge.HostingArgs{
		Domain: cfg.Domain, Storefront: cfg.Edge.Storefront, Dashboard: cfg.Edge.Dashboard,
	}, pulumi.Providers(p.primary))
	if err != nil {
		return nil, err
	}
	distribution, err := edge.NewDistribution(ctx, "edge-cdn-global", &edge.DistributionArgs{
		Domain:                        cfg.Domain,
		RegionalDomains:               cfg.RegionalDomains,
		Sites:                         cfg.siteScope(),
		CertificateArn:                names.cdn.Arn,
		WebACLArn:                     cdnACL.Arn,
		OriginVerifySecret:            app.OriginVerifySecret,
		MediaBucketDomainName:         origins.media,
		MediaFailoverBucketDomainName: origins.mediaFailover,
		StorefrontOrigin:              sites.StorefrontOrigin,
		DashboardOrigin:               sites.DashboardOrigin,
		LogsBucketDomainName:          origins.logs,
		OriginShieldRegion:            cfg.Edge.OriginShieldRegion,
		PriceClass:                    cfg.Edge.PriceClass,
		LanguagePrefixes:              cfg.Edge.LanguagePrefixes,
		DefaultLanguage:               cfg.Edge.DefaultLanguage,
	}, pulumi.Providers(p.global))
	if err != nil {
		return nil, err
	}
	if origins.serveMedia != nil {
		if err := origins.serveMedia(ctx, distribution.Arn); err != nil {
			return nil, err
		}
	}
	return distribution, nil
}
