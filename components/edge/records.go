package edge

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/validate"
)

// APIEndpoint is one region's API load balancer.
type APIEndpoint struct {
	// Region is the load balancer's region, the latency record's region. Required.
	Region string
	// LoadBalancerDNSName is the load balancer's DNS name (compute's output). Required.
	LoadBalancerDNSName pulumi.StringInput
	// LoadBalancerZoneID is the load balancer's canonical hosted zone ID. Required.
	LoadBalancerZoneID pulumi.StringInput
	// Standby marks a warm standby (e.g. a DR region on a read replica): it gets no latency
	// record and answers only as the failover SECONDARY when an active region fails.
	// Defaults to false: the region serves the clients nearest to it.
	Standby bool
	// Drained takes the region out of the API name's answers (no latency record, and no
	// failover partner's SECONDARY), keeping its health check: during a region failover, a
	// region whose writer is gone. Defaults to false.
	Drained bool
}

// RecordsArgs configures Records.
type RecordsArgs struct {
	// ZoneID is the hosted zone (Zone.ZoneID). Required.
	ZoneID pulumi.StringInput
	// Domain is the storefront's apex domain. Required.
	Domain string
	// RegionalDomains are the regional subdomain labels, e.g. "nl", "be", "de". Defaults to
	// none.
	RegionalDomains []string
	// Sites is which of the domain's names point at the distribution. Defaults to AllSites.
	Sites SiteScope
	// NoSites creates no site records: an API-only stack has no distribution. Defaults to
	// false.
	NoSites bool
	// DistributionDomainName and DistributionZoneID are the distribution's DomainName and
	// HostedZoneID, the site records' alias target. Required unless NoSites.
	DistributionDomainName pulumi.StringInput
	DistributionZoneID     pulumi.StringInput
	// APIEndpoints are the regions' API load balancers; the first is the primary region's and
	// must not be Standby; at most one is Standby. Required.
	APIEndpoints []APIEndpoint
	// HealthCheckPath is what the health checks request over HTTPS. Defaults to "/health/",
	// where Saleor answers.
	HealthCheckPath string
	// HealthCheckIntervalSeconds is 10 or 30. Defaults to 30.
	HealthCheckIntervalSeconds int
	// HealthCheckFailureThreshold is how many consecutive failures (1 to 10) mark a region
	// unhealthy. Defaults to 2.
	HealthCheckFailureThreshold int
}

func (a RecordsArgs) withDefaults() RecordsArgs {
	if a.HealthCheckPath == "" {
		a.HealthCheckPath = "/health/"
	}
	if a.HealthCheckIntervalSeconds == 0 {
		a.HealthCheckIntervalSeconds = 30
	}
	if a.HealthCheckFailureThreshold == 0 {
		a.HealthCheckFailureThreshold = 2
	}
	return a
}

func (a RecordsArgs) validate(p *validate.Problems) {
	p.Required("ZoneID", a.ZoneID != nil, "the hosted zone's ID")
	p.Hostname("Domain", a.Domain)
	checkLabels(p, "RegionalDomains", a.RegionalDomains)
	if !a.NoSites {
		p.Required("DistributionDomainName", a.DistributionDomainName != nil, "the distribution's domain name")
		p.Required("DistributionZoneID", a.DistributionZoneID != nil, "the distribution's hosted zone ID")
	}
	p.Required("APIEndpoints", len(a.APIEndpoints) > 0, "at least the primary region's load balancer")
	var regions []string
	standby := 0
	for i, e := range a.APIEndpoints {
		at := p.At(validate.Index("APIEndpoints", i))
		validate.OneOf(at, "Region", e.Region, catalog.RegionCodes())
		if slices.Contains(regions, e.Region) {
			at.Add("Region", "%q is listed twice", e.Region)
		}
		regions = append(regions, e.Region)
		at.Required("LoadBalancerDNSName", e.LoadBalancerDNSName != nil, "the load balancer's DNS name")
		at.Required("LoadBalancerZoneID", e.LoadBalancerZoneID != nil, "the load balancer's canonical hosted zone ID")
		if e.Standby {
			standby++
		}
	}
	if len(a.APIEndpoints) > 0 && a.APIEndpoints[0].Standby {
		p.Add("APIEndpoints[0].Standby", "the primary region's load balancer must serve, not stand by")
	}
	if standby > 1 {
		p.Add("APIEndpoints", "%d endpoints are Standby; at most one region stands by", standby)
	}
	if a.HealthCheckPath == "" || a.HealthCheckPath[0] != '/' {
		p.Add("HealthCheckPath", "%q must start with \"/\"", a.HealthCheckPath)
	}
	validate.OneOf(p, "HealthCheckIntervalSeconds", a.HealthCheckIntervalSeconds, []int{10, 30})
	p.Range("HealthCheckFailureThreshold", a.HealthCheckFailureThreshold, 1, 10, "")
}

// Records are the zone's records for the site and the API.
type Records struct {
	pulumi.ResourceState

	// HealthCheckIDs maps each API region to its Route 53 health check, for alarms.
	HealthCheckIDs map[string]pulumi.StringOutput
}

// recordsType is the component's Pulumi type token.
const recordsType = "saleor:edge:Records"

// NewRecords creates, in the zone:
//   - A and AAAA alias records for SiteHostnames to the distribution;
//   - a health check per API region (HTTPS to the load balancer), and APIHostname as latency
//     records to the regions that serve, each with its health check so a failed region drops
//     out (see newAPIRecords for the failover pairs behind them).
//
// Route 53 is global: any of the stack's providers will do.
func NewRecords(ctx *pulumi.Context, name string, args *RecordsArgs, opts ...pulumi.ResourceOption) (*Records, error) {
	a, err := validate.Args(recordsType, name, args, RecordsArgs.withDefaults, RecordsArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &Records{HealthCheckIDs: map[string]pulumi.StringOutput{}}
	if err := ctx.RegisterComponentResource(recordsType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	if err := newSiteRecords(ctx, name, &a, parent); err != nil {
		return nil, err
	}
	checks, err := newHealthChecks(ctx, name, &a, parent)
	if err != nil {
		return nil, err
	}
	if err := newAPIRecords(ctx, name, &a, checks, parent); err != nil {
		return nil, err
	}
	ids := pulumi.StringMap{}
	for region, check := range checks {
		c.HealthCheckIDs[region] = check.ID().ToStringOutput()
		ids[region] = c.HealthCheckIDs[region]
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"healthCheckIds": ids})
}

// newSiteRecords points each of SiteHostnames at the distribution, over IPv4 and IPv6.
func newSiteRecords(ctx *pulumi.Context, name string, a *RecordsArgs, parent pulumi.ResourceOrInvokeOption) error {
	if a.NoSites {
		return nil
	}
	for _, host := range a.Sites.Hostnames(a.Domain, a.RegionalDomains) {
		for _, typ := range []string{"A", "AAAA"} {
			if _, err := route53.NewRecord(ctx, fmt.Sprintf("%s-%s-%s", name, host, typ), &route53.RecordArgs{
				ZoneId: a.ZoneID,
				Name:   pulumi.String(host),
				Type:   pulumi.String(typ),
				// CloudFront aliases cannot evaluate target health.
				Aliases: route53.RecordAliasArray{route53.RecordAliasArgs{
					Name: a.DistributionDomainName, ZoneId: a.DistributionZoneID, EvaluateTargetHealth: pulumi.Bool(false),
				}},
			}, parent); err != nil {
				return err
			}
		}
	}
	return nil
}
