package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/components/edge"
	"github.com/saleor-platform/infra/components/storage"
)

// dns is the stack's validated certificates, in the zone.
type dns struct {
	zone *edge.Zone
	// cdn is the CloudFront certificate (us-east-1): apex, www and the regional domains.
	cdn *edge.Certificate
	// api is the load balancer's certificate (the stack's region): api.<domain>.
	api *edge.Certificate
}

// newZone creates or adopts the hosted zone.
func newZone(ctx *pulumi.Context, cfg *Config, p *providers) (*edge.Zone, error) {
	return edge.NewZone(ctx, "edge-zone", &edge.ZoneArgs{
		Domain: cfg.Domain, ExistingZoneID: cfg.Edge.HostedZoneID, DeletionProtection: cfg.Environment.IsProduction(),
	}, pulumi.Providers(p.primary))
}

// newCertificates requests and DNS-validates the certificates in zone, which must be
// delegated (EdgeConfig.CertificatesValidate): their validation waits for ACM.
func newCertificates(ctx *pulumi.Context, cfg *Config, p *providers, zone *edge.Zone) (*dns, error) {
	sites := edge.SiteHostnames(cfg.Domain, cfg.RegionalDomains)
	cdn, err := edge.NewCertificate(ctx, "edge-certificate-global", &edge.CertificateArgs{
		DomainName: sites[0], SubjectAlternativeNames: sites[1:], ZoneID: zone.ZoneID, ForCloudFront: true,
	}, pulumi.Providers(p.global))
	if err != nil {
		return nil, err
	}
	api, err := edge.NewCertificate(ctx, "edge-certificate", &edge.CertificateArgs{
		DomainName: edge.APIHostname(cfg.Domain), ZoneID: zone.ZoneID,
	}, pulumi.Providers(p.primary))
	if err != nil {
		return nil, err
	}
	return &dns{zone: zone, cdn: cdn, api: api}, nil
}

// edgeTier is what the edge hands to observability.
type edgeTier struct {
	distribution *edge.Distribution
	records      *edge.Records
}

// newEdge puts the application behind WAF and CloudFront and publishes the domains: the
// CLOUDFRONT web ACL (us-east-1) and a REGIONAL one on the load balancer, the hosted sites,
// the distribution, the media bucket's read grant for it, and the Route 53 records.
func newEdge(ctx *pulumi.Context, cfg *Config, p *providers, primary, global *foundation, d *dataTier, app *compute.Compute, names *dns) (*edgeTier, error) {
	cdnACL, err := edge.NewWebACL(ctx, "edge-waf-global", &edge.WebACLArgs{
		Scope: edge.CloudFrontScope, RateLimit: cfg.Edge.WAFRateLimit, Logs: global.logs,
	}, pulumi.Providers(p.global))
	if err != nil {
		return nil, err
	}
	if _, err := edge.NewWebACL(ctx, "edge-waf", &edge.WebACLArgs{
		Scope: edge.RegionalScope, BehindCloudFront: true, Logs: primary.logs,
		ProtectedResourceArns: []pulumi.StringInput{app.LoadBalancerArn},
	}, pulumi.Providers(p.primary)); err != nil {
		return nil, err
	}
	sites, err := edge.NewHosting(ctx, "edge-hosting", &edge.HostingArgs{
		Domain: cfg.Domain, Storefront: cfg.Edge.Storefront, Dashboard: cfg.Edge.Dashboard,
	}, pulumi.Providers(p.primary))
	if err != nil {
		return nil, err
	}
	buckets := d.storage.Buckets
	distribution, err := edge.NewDistribution(ctx, "edge-cdn-global", &edge.DistributionArgs{
		Domain:                cfg.Domain,
		RegionalDomains:       cfg.RegionalDomains,
		CertificateArn:        names.cdn.Arn,
		WebACLArn:             cdnACL.Arn,
		OriginVerifySecret:    app.OriginVerifySecret,
		MediaBucketDomainName: buckets[storage.Media].RegionalDomainName,
		StorefrontOrigin:      sites.StorefrontOrigin,
		DashboardOrigin:       sites.DashboardOrigin,
		LogsBucketDomainName:  buckets[storage.Logs].DomainName,
		OriginShieldRegion:    cfg.Edge.OriginShieldRegion,
		PriceClass:            cfg.Edge.PriceClass,
		LanguagePrefixes:      cfg.Edge.LanguagePrefixes,
		DefaultLanguage:       cfg.Edge.DefaultLanguage,
	}, pulumi.Providers(p.global))
	if err != nil {
		return nil, err
	}
	if err := d.storage.ServeMediaThrough(ctx, distribution.Arn); err != nil {
		return nil, err
	}
	records, err := edge.NewRecords(ctx, "edge-records", &edge.RecordsArgs{
		ZoneID: names.zone.ZoneID, Domain: cfg.Domain, RegionalDomains: cfg.RegionalDomains,
		DistributionDomainName: distribution.DomainName, DistributionZoneID: distribution.HostedZoneID,
		APIEndpoints: []edge.APIEndpoint{{
			Region: cfg.Region, LoadBalancerDNSName: app.LoadBalancerDNSName, LoadBalancerZoneID: app.LoadBalancerZoneID,
		}},
	}, pulumi.Providers(p.primary))
	if err != nil {
		return nil, err
	}
	return &edgeTier{distribution: distribution, records: records}, nil
}
