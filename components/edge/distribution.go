package edge

import (
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/validate"
)

// PriceClass is the set of CloudFront edge locations a distribution serves from.
type PriceClass string

const (
	// PriceClass100 serves from North America, Europe and Israel: the cheapest.
	PriceClass100 PriceClass = "PriceClass_100"
	// PriceClass200 adds most of Asia, the Middle East and Africa.
	PriceClass200 PriceClass = "PriceClass_200"
	// PriceClassAll serves from every edge location.
	PriceClassAll PriceClass = "PriceClass_All"
)

// PriceClasses lists the price classes.
func PriceClasses() []PriceClass { return []PriceClass{PriceClass100, PriceClass200, PriceClassAll} }

// maxBehaviors is CloudFront's default quota of cache behaviors per distribution.
const maxBehaviors = 25

// maxAliases is CloudFront's default quota of alternate domain names per distribution.
const maxAliases = 100

var languagePattern = regexp.MustCompile(`^[a-z]{2,3}$`)

// DistributionArgs configures a Distribution.
type DistributionArgs struct {
	// Domain is the storefront's apex domain, e.g. "shop.example.com". Required.
	Domain string
	// RegionalDomains are the regional subdomain labels, e.g. "nl", "be", "de"; with the apex
	// and www they are the distribution's aliases (SiteHostnames). Defaults to none.
	RegionalDomains []string
	// Sites is which of the domain's names the distribution serves (its aliases). Defaults to
	// AllSites; a regional stack's distribution serves RegionalSites.
	Sites SiteScope
	// CertificateArn is a us-east-1 ACM certificate covering Sites.Hostnames(Domain,
	// RegionalDomains): a Certificate made ForCloudFront. Required.
	CertificateArn pulumi.StringInput
	// WebACLArn is the CLOUDFRONT-scoped web ACL (a WebACL of CloudFrontScope). Required.
	WebACLArn pulumi.StringInput
	// OriginVerifySecret is the X-Origin-Verify value the load balancers require (compute's
	// OriginVerifySecret). Required; it stays secret.
	OriginVerifySecret pulumi.StringInput
	// MediaBucketDomainName is the media bucket's regional domain name; /media/* reads it
	// through origin access control. Required.
	MediaBucketDomainName pulumi.StringInput
	// MediaFailoverBucketDomainName is the regional domain name of the media bucket's replica
	// in the disaster-recovery region; when set, /media/* reads an origin group that retries
	// on the replica, through origin access control too, when the media bucket answers 403,
	// 404, 500, 502, 503 or 504 or not at all. Defaults to nil: no failover.
	MediaFailoverBucketDomainName pulumi.StringInput
	// AssetsBucketDomainName is the static files bucket's regional domain name; when set,
	// /static/* reads it through origin access control, else /static/* goes to the API.
	// Defaults to nil.
	AssetsBucketDomainName pulumi.StringInput
	// AssetsFailoverBucketDomainName is the assets bucket's replica in the disaster-recovery
	// region, which /static/* fails over to as /media/* does to MediaFailoverBucketDomainName.
	// Needs AssetsBucketDomainName. Defaults to nil: no failover.
	AssetsFailoverBucketDomainName pulumi.StringInput
	// StorefrontOrigin is the storefront's host name (Hosting.StorefrontOrigin: an Amplify
	// branch domain, or an external host such as a Vercel deployment). Required.
	StorefrontOrigin pulumi.StringInput
	// DashboardOrigin is the dashboard's host name (Hosting.DashboardOrigin), served under
	// /dashboard/. Defaults to nil: no dashboard path.
	DashboardOrigin pulumi.StringInput
	// LogsBucketDomainName is the logs bucket's domain name (<bucket>.s3.amazonaws.com), where
	// CloudFront writes standard logs. Required.
	LogsBucketDomainName pulumi.StringInput
	// LogPrefix starts the standard logs' object keys. Defaults to "cloudfront/".
	LogPrefix string
	// OriginShieldRegion is the Origin Shield's region, the stack's primary region; one of
	// catalog.OriginShieldRegions(). Required.
	OriginShieldRegion string
	// PriceClass is where CloudFront serves from. Defaults to PriceClass100.
	PriceClass PriceClass
	// LanguagePrefixes are the storefront's language path prefixes, e.g. "nl", "de", "fr";
	// each gets a /<language>/* behavior to the storefront. Defaults to none.
	LanguagePrefixes []string
	// DefaultLanguage is the language of pages without a prefix when neither the NEXT_LOCALE
	// cookie nor Accept-Language names one of LanguagePrefixes. Defaults to "en".
	DefaultLanguage string
	// AssetTTLSeconds is how long /media/* and /static/* objects are cached when their origin
	// sends no Cache-Control. Defaults to 86400 (24 h).
	AssetTTLSeconds int
}

func (a DistributionArgs) withDefaults() DistributionArgs {
	if a.LogPrefix == "" {
		a.LogPrefix = "cloudfront/"
	}
	if a.PriceClass == "" {
		a.PriceClass = PriceClass100
	}
	if a.DefaultLanguage == "" {
		a.DefaultLanguage = "en"
	}
	if a.AssetTTLSeconds == 0 {
		a.AssetTTLSeconds = 24 * 60 * 60
	}
	return a
}

func (a DistributionArgs) validate(p *validate.Problems) {
	p.Hostname("Domain", a.Domain)
	checkLabels(p, "RegionalDomains", a.RegionalDomains)
	switch n := len(a.Sites.Hostnames(a.Domain, a.RegionalDomains)); {
	case n > maxAliases:
		p.Add("RegionalDomains", "%d aliases: CloudFront's default quota is %d", n, maxAliases)
	case n == 0:
		p.Add("RegionalDomains", "none: a distribution serving %s names needs at least one regional domain", a.Sites)
	}
	p.Required("CertificateArn", a.CertificateArn != nil, "a us-east-1 ACM certificate covering the site's host names")
	p.Required("WebACLArn", a.WebACLArn != nil, "the CLOUDFRONT-scoped web ACL's ARN")
	p.Required("OriginVerifySecret", a.OriginVerifySecret != nil, "the X-Origin-Verify value the load balancers require")
	p.Required("MediaBucketDomainName", a.MediaBucketDomainName != nil, "the media bucket's regional domain name")
	if a.AssetsFailoverBucketDomainName != nil && a.AssetsBucketDomainName == nil {
		p.Add("AssetsFailoverBucketDomainName", "is a replica of nothing: set AssetsBucketDomainName, the bucket it replicates")
	}
	p.Required("StorefrontOrigin", a.StorefrontOrigin != nil, "the storefront's origin host name")
	p.Required("LogsBucketDomainName", a.LogsBucketDomainName != nil, "the logs bucket's domain name")
	if strings.HasPrefix(a.LogPrefix, "/") {
		p.Add("LogPrefix", "%q must not start with \"/\"", a.LogPrefix)
	}
	if !slices.Contains(catalog.OriginShieldRegions(), a.OriginShieldRegion) {
		p.Add("OriginShieldRegion", "%q has no Origin Shield; use the stack's primary region if it is one of %v, else the nearest of them",
			a.OriginShieldRegion, catalog.OriginShieldRegions())
	}
	validate.OneOf(p, "PriceClass", a.PriceClass, PriceClasses())
	for i, lang := range a.LanguagePrefixes {
		switch {
		case !languagePattern.MatchString(lang):
			p.Add("LanguagePrefixes", "%q is not a lower-case ISO 639 language code such as \"nl\"", lang)
		case slices.Contains(a.LanguagePrefixes[:i], lang):
			p.Add("LanguagePrefixes", "%q is listed twice", lang)
		}
	}
	if n := len(a.LanguagePrefixes) + fixedBehaviors; n > maxBehaviors {
		p.Add("LanguagePrefixes", "%d languages make %d cache behaviors: CloudFront's default quota is %d",
			len(a.LanguagePrefixes), n, maxBehaviors)
	}
	p.Match("DefaultLanguage", a.DefaultLanguage, languagePattern, `a lower-case ISO 639 language code such as "en"`)
	p.Range("AssetTTLSeconds", a.AssetTTLSeconds, 1, oneYear, "seconds (a year)")
}

// Distribution is the CloudFront distribution in front of the API, media, static files, the
// storefront and the dashboard, with the WAF web ACL, TLS 1.2+ over SNI, HTTP/2 and HTTP/3,
// security headers, Origin Shield, standard logging and, for buckets with a
// disaster-recovery replica, origin failover to the replica.
type Distribution struct {
	pulumi.ResourceState

	// DistributionID is the distribution's ID.
	DistributionID pulumi.StringOutput `pulumi:"distributionId"`
	// Arn is the distribution's ARN, which the media bucket's policy admits
	// (Storage.ServeMediaThrough).
	Arn pulumi.StringOutput `pulumi:"arn"`
	// DomainName is the distribution's *.cloudfront.net name, the target of the site records.
	DomainName pulumi.StringOutput `pulumi:"domainName"`
	// HostedZoneID is CloudFront's hosted zone ID for alias records.
	HostedZoneID pulumi.StringOutput `pulumi:"hostedZoneId"`
}

// distributionType is the component's Pulumi type token.
const distributionType = "saleor:edge:Distribution"

// NewDistribution creates the distribution and its origin access control, functions and
// policies. CloudFront is global; pass the stack's us-east-1 provider so its tags name the
// region CloudFront is managed from.
func NewDistribution(ctx *pulumi.Context, name string, args *DistributionArgs, opts ...pulumi.ResourceOption) (*Distribution, error) {
	a, err := validate.Args(distributionType, name, args, DistributionArgs.withDefaults, DistributionArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &Distribution{}
	if err := ctx.RegisterComponentResource(distributionType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	oac, err := cloudfront.NewOriginAccessControl(ctx, name+"-oac", &cloudfront.OriginAccessControlArgs{
		Description:                   pulumi.Sprintf("Saleor %s buckets", a.Domain),
		OriginAccessControlOriginType: pulumi.String("s3"),
		SigningBehavior:               pulumi.String("always"),
		SigningProtocol:               pulumi.String("sigv4"),
	}, parent)
	if err != nil {
		return nil, err
	}
	pol, err := newPolicies(ctx, name, a.AssetTTLSeconds, parent)
	if err != nil {
		return nil, err
	}
	storefront, err := newFunction(ctx, name+"-storefront", "Viewer host and normalized language for the storefront cache key",
		storefrontFunction(a.LanguagePrefixes, a.DefaultLanguage), parent)
	if err != nil {
		return nil, err
	}
	stripPrefix, err := newFunction(ctx, name+"-strip-prefix", "Drops /media or /static before the bucket",
		stripPrefixFunctionCode, parent)
	if err != nil {
		return nil, err
	}
	b := a.behaviors(pol, storefront.Arn, stripPrefix.Arn)
	dist, err := cloudfront.NewDistribution(ctx, name+"-distribution", &cloudfront.DistributionArgs{
		Comment:       pulumi.Sprintf("Saleor %s", a.Domain),
		Enabled:       pulumi.Bool(true),
		IsIpv6Enabled: pulumi.Bool(true),
		HttpVersion:   pulumi.String("http2and3"),
		PriceClass:    pulumi.String(string(a.PriceClass)),
		Aliases:       pulumi.ToStringArray(a.Sites.Hostnames(a.Domain, a.RegionalDomains)),
		ViewerCertificate: cloudfront.DistributionViewerCertificateArgs{
			AcmCertificateArn:      a.CertificateArn,
			SslSupportMethod:       pulumi.String("sni-only"),
			MinimumProtocolVersion: pulumi.String("TLSv1.2_2021"),
		},
		WebAclId: a.WebACLArn,
		LoggingConfig: cloudfront.DistributionLoggingConfigArgs{
			Bucket:         a.LogsBucketDomainName,
			Prefix:         pulumi.String(a.LogPrefix),
			IncludeCookies: pulumi.Bool(false),
		},
		Restrictions: cloudfront.DistributionRestrictionsArgs{
			GeoRestriction: cloudfront.DistributionRestrictionsGeoRestrictionArgs{RestrictionType: pulumi.String("none")},
		},
		Origins:               a.origins(oac.ID()),
		OriginGroups:          a.originGroups(),
		DefaultCacheBehavior:  b.defaultBehavior(pol.securityHeaders),
		OrderedCacheBehaviors: b.orderedBehaviors(pol.securityHeaders),
		Tags:                  pulumi.StringMap{"Name": pulumi.String(a.Domain)},
	}, parent)
	if err != nil {
		return nil, err
	}
	// Additional metrics (OriginLatency, per-status error rates) for the latency alarms and
	// dashboards; billed per distribution.
	if _, err := cloudfront.NewMonitoringSubscription(ctx, name+"-metrics", &cloudfront.MonitoringSubscriptionArgs{
		DistributionId: dist.ID(),
		MonitoringSubscription: cloudfront.MonitoringSubscriptionMonitoringSubscriptionArgs{
			RealtimeMetricsSubscriptionConfig: cloudfront.MonitoringSubscriptionMonitoringSubscriptionRealtimeMetricsSubscriptionConfigArgs{
				RealtimeMetricsSubscriptionStatus: pulumi.String("Enabled"),
			},
		},
	}, parent); err != nil {
		return nil, err
	}
	c.DistributionID = dist.ID().ToStringOutput()
	c.Arn, c.DomainName, c.HostedZoneID = dist.Arn, dist.DomainName, dist.HostedZoneId
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"distributionId": c.DistributionID, "arn": c.Arn, "domainName": c.DomainName, "hostedZoneId": c.HostedZoneID,
	})
}
