package edge_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/edge"
	"github.com/saleor-platform/infra/internal/harness"
)

// distArgs are a distribution's Args wired with literal values from the other tiers.
func distArgs() edge.DistributionArgs {
	return edge.DistributionArgs{
		Domain:                domain,
		RegionalDomains:       regional,
		CertificateArn:        pulumi.String(cdnCertArn),
		WebACLArn:             pulumi.String(cdnWebACLArn),
		OriginVerifySecret:    pulumi.String(originSecret),
		MediaBucketDomainName: pulumi.String(mediaBucket),
		StorefrontOrigin:      pulumi.String("storefront-acme.vercel.app"),
		DashboardOrigin:       pulumi.String("main.d2dashboard.amplifyapp.com"),
		LogsBucketDomainName:  pulumi.String(logsBucket),
		OriginShieldRegion:    "eu-central-1",
		LanguagePrefixes:      []string{"nl", "de", "fr"},
	}
}

// distribution runs a distribution made from distArgs changed by edit, on the us-east-1
// provider, and returns the inventory and the distribution resource.
func distribution(t *testing.T, edit func(*edge.DistributionArgs)) (*harness.Inventory, *harness.Resource) {
	t.Helper()
	a := distArgs()
	if edit != nil {
		edit(&a)
	}
	inv := run(t, func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewDistribution(ctx, "edge-cdn", &a, pulumi.Providers(p[0]))
		return err
	}, "us-east-1")
	return inv, only(t, inv, tDist)
}

// behaviors returns every cache behavior by path pattern; the default one under "default".
func behaviors(d *harness.Resource) map[string]resource.PropertyMap {
	out := map[string]resource.PropertyMap{"default": d.Get("defaultCacheBehavior").ObjectValue()}
	for _, b := range objects(d.Get("orderedCacheBehaviors")) {
		out[text(b, "pathPattern")] = b
	}
	return out
}

// origins returns the origins by ID.
func origins(d *harness.Resource) map[string]resource.PropertyMap {
	out := map[string]resource.PropertyMap{}
	for _, o := range objects(d.Get("origins")) {
		out[text(o, "originId")] = o
	}
	return out
}

// byOutputID finds a resource of typ whose ID is id.
func byOutputID(inv *harness.Inventory, typ, id string) *harness.Resource {
	for _, r := range inv.OfType(typ) {
		if r.ID == id {
			return r
		}
	}
	return nil
}

func TestEveryBehaviorIsHTTPSOnlyCompressedWithSecurityHeaders(t *testing.T) {
	inv, d := distribution(t, nil)
	headers := only(t, inv, tHdrPolicy)
	all := behaviors(d)
	if len(all) != 1+5+2+1+3 {
		t.Errorf("%d behaviors, want default + 5 API + media + static + dashboard + 3 languages", len(all))
	}
	for path, b := range all {
		if p := text(b, "viewerProtocolPolicy"); p != "redirect-to-https" && p != "https-only" {
			t.Errorf("%s: viewer protocol policy %q", path, p)
		}
		if !field(b, "compress").BoolValue() {
			t.Errorf("%s is not compressed", path)
		}
		if text(b, "responseHeadersPolicyId") != headers.ID {
			t.Errorf("%s has no security headers policy", path)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	inv, _ := distribution(t, nil)
	h := only(t, inv, tHdrPolicy)
	if h.Number("securityHeadersConfig.strictTransportSecurity.accessControlMaxAgeSec") < 31536000 ||
		!h.Bool("securityHeadersConfig.strictTransportSecurity.preload") || !h.Bool("securityHeadersConfig.strictTransportSecurity.includeSubdomains") {
		t.Errorf("HSTS %v, want at least a year with subdomains and preload", h.Get("securityHeadersConfig.strictTransportSecurity"))
	}
	for _, path := range []string{"contentTypeOptions", "frameOptions", "referrerPolicy", "xssProtection"} {
		if !h.Bool("securityHeadersConfig." + path + ".override") {
			t.Errorf("%s not set over the origin's", path)
		}
	}
	if !h.Bool("securityHeadersConfig.xssProtection.modeBlock") || h.String("securityHeadersConfig.referrerPolicy.referrerPolicy") != "strict-origin-when-cross-origin" {
		t.Errorf("XSS protection %v, referrer policy %v", h.Get("securityHeadersConfig.xssProtection"), h.Get("securityHeadersConfig.referrerPolicy"))
	}
}

func TestTLSWAFLoggingHTTP3(t *testing.T) {
	_, d := distribution(t, nil)
	if d.String("viewerCertificate.minimumProtocolVersion") != "TLSv1.2_2021" || d.String("viewerCertificate.sslSupportMethod") != "sni-only" ||
		d.String("viewerCertificate.acmCertificateArn") != cdnCertArn || d.Bool("viewerCertificate.cloudfrontDefaultCertificate") {
		t.Errorf("viewer certificate %v, want the us-east-1 certificate over SNI with TLSv1.2_2021", d.Get("viewerCertificate"))
	}
	if d.String("webAclId") != cdnWebACLArn {
		t.Errorf("web ACL %q, want the CLOUDFRONT ACL", d.String("webAclId"))
	}
	if d.String("loggingConfig.bucket") != logsBucket || d.String("loggingConfig.prefix") != "cloudfront/" || d.Bool("loggingConfig.includeCookies") {
		t.Errorf("standard logging %v, want the logs bucket under cloudfront/ without cookies", d.Get("loggingConfig"))
	}
	if d.String("httpVersion") != "http2and3" || !d.Bool("isIpv6Enabled") || !d.Bool("enabled") {
		t.Errorf("http %q, IPv6 %v, enabled %v", d.String("httpVersion"), d.Get("isIpv6Enabled"), d.Get("enabled"))
	}
	want := []string{domain, "www." + domain, "nl." + domain, "be." + domain, "de." + domain}
	if !slices.Equal(d.Strings("aliases"), want) || d.String("priceClass") != "PriceClass_100" {
		t.Errorf("aliases %v, price class %q; want %v, PriceClass_100", d.Strings("aliases"), d.String("priceClass"), want)
	}
	_, all := distribution(t, func(a *edge.DistributionArgs) { a.PriceClass = edge.PriceClassAll })
	if all.String("priceClass") != "PriceClass_All" {
		t.Errorf("PriceClassAll gave %q", all.String("priceClass"))
	}
}

func TestOriginShieldInThePrimaryRegion(t *testing.T) {
	_, d := distribution(t, func(a *edge.DistributionArgs) { a.OriginShieldRegion = "eu-west-1" })
	for id, o := range origins(d) {
		if !field(o, "originShield", "enabled").BoolValue() || text(o, "originShield", "originShieldRegion") != "eu-west-1" {
			t.Errorf("origin %s: origin shield %v, want enabled in eu-west-1", id, field(o, "originShield"))
		}
	}
}

func TestAPIOriginIsHTTPSWithTheOriginSecret(t *testing.T) {
	_, d := distribution(t, nil)
	api := origins(d)["api"]
	if text(api, "domainName") != "api."+domain {
		t.Errorf("API origin %q, want api.%s (the name on the load balancers' certificate)", text(api, "domainName"), domain)
	}
	for id, o := range origins(d) {
		if field(o, "customOriginConfig").IsNull() {
			continue
		}
		if text(o, "customOriginConfig", "originProtocolPolicy") != "https-only" || !slices.Equal(texts(o, "customOriginConfig", "originSslProtocols"), []string{"TLSv1.2"}) {
			t.Errorf("origin %s reached by %v", id, field(o, "customOriginConfig"))
		}
	}
	headers := objects(field(api, "customHeaders"))
	if len(headers) != 1 || text(headers[0], "name") != "X-Origin-Verify" || text(headers[0], "value") != originSecret {
		t.Fatalf("API origin headers %v, want X-Origin-Verify with the origin secret", headers)
	}
	if !headers[0]["value"].IsSecret() {
		t.Error("the origin secret is not secret in the distribution's inputs")
	}
}

func TestMediaOriginUsesOriginAccessControl(t *testing.T) {
	inv, d := distribution(t, nil)
	oac := only(t, inv, tOAC)
	if oac.String("originAccessControlOriginType") != "s3" || oac.String("signingBehavior") != "always" || oac.String("signingProtocol") != "sigv4" {
		t.Errorf("origin access control %v", oac.Inputs)
	}
	media := origins(d)["media"]
	if text(media, "domainName") != mediaBucket || text(media, "originAccessControlId") != oac.ID || !field(media, "customOriginConfig").IsNull() {
		t.Errorf("media origin %v, want the bucket through origin access control %s", media, oac.ID)
	}
	if !field(media, "s3OriginConfig", "originAccessIdentity").IsNull() && text(media, "s3OriginConfig", "originAccessIdentity") != "" {
		t.Errorf("media origin uses an origin access identity")
	}
}

func TestGraphQLIsNotCachedAndGetsSaleorsHeaders(t *testing.T) {
	inv, d := distribution(t, nil)
	b := behaviors(d)
	graphql := b["/graphql/*"]
	if text(graphql, "targetOriginId") != "api" || text(graphql, "cachePolicyId") != "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" {
		t.Errorf("/graphql/* goes to %q with cache policy %q, want the API, Managed-CachingDisabled", text(graphql, "targetOriginId"), text(graphql, "cachePolicyId"))
	}
	if !slices.Contains(texts(graphql, "allowedMethods"), "POST") {
		t.Errorf("/graphql/* allows %v", texts(graphql, "allowedMethods"))
	}
	policy := byOutputID(inv, tReqPolicy, text(graphql, "originRequestPolicyId"))
	if policy == nil {
		t.Fatalf("/graphql/* origin request policy %q is not this component's", text(graphql, "originRequestPolicyId"))
	}
	headers := policy.Strings("headersConfig.headers.items")
	for _, h := range []string{"Authorization-Bearer", "Content-Type", "Origin", "Accept-Language", "Source-Service-Name"} {
		if !slices.Contains(headers, h) {
			t.Errorf("GraphQL origin request policy does not forward %s (%v)", h, headers)
		}
	}
	if slices.ContainsFunc(headers, func(h string) bool { return strings.EqualFold(h, "Authorization") || strings.EqualFold(h, "Host") }) {
		t.Errorf("GraphQL origin request policy lists Authorization or Host, which CloudFront rejects or the origin must not get: %v", headers)
	}
	if !slices.Equal(policy.Strings("cookiesConfig.cookies.items"), []string{"refreshToken"}) {
		t.Errorf("GraphQL cookies %v, want Saleor's refreshToken", policy.Strings("cookiesConfig.cookies.items"))
	}
	for _, path := range []string{"/thumbnail/*", "/digital-download/*", "/plugins/*", "/.well-known/jwks.json"} {
		if text(b[path], "targetOriginId") != "api" || text(b[path], "cachePolicyId") != "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" {
			t.Errorf("%s goes to %q, cache policy %q; want the API, uncached", path, text(b[path], "targetOriginId"), text(b[path], "cachePolicyId"))
		}
	}
}

func TestMediaAndStaticAreCachedADay(t *testing.T) {
	inv, d := distribution(t, func(a *edge.DistributionArgs) { a.AssetsBucketDomainName = pulumi.String(assetsBucket) })
	b := behaviors(d)
	strip := inv.Named(tFunction, "edge-cdn-strip-prefix")
	for path, origin := range map[string]string{"/media/*": "media", "/static/*": "assets"} {
		if text(b[path], "targetOriginId") != origin {
			t.Errorf("%s goes to %q, want %q", path, text(b[path], "targetOriginId"), origin)
		}
		policy := byOutputID(inv, tCachePolicy, text(b[path], "cachePolicyId"))
		if policy == nil || policy.Number("defaultTtl") != 86400 || policy.Number("maxTtl") < 86400 ||
			!policy.Bool("parametersInCacheKeyAndForwardedToOrigin.enableAcceptEncodingBrotli") {
			t.Fatalf("%s cache policy %v, want a 24 h default TTL with compression", path, policy)
		}
		fns := objects(field(b[path], "functionAssociations"))
		if len(fns) != 1 || text(fns[0], "functionArn") != strip.Outputs["arn"].StringValue() {
			t.Errorf("%s functions %v, want the prefix-stripping function", path, fns)
		}
	}
	if _, withoutAssets := distribution(t, nil); text(behaviors(withoutAssets)["/static/*"], "targetOriginId") != "api" {
		t.Error("without an assets bucket /static/* should go to the API")
	}
	if !strings.Contains(strip.String("code"), "request.uri.replace") {
		t.Errorf("strip-prefix function: %s", strip.String("code"))
	}
}

func TestLanguagePrefixesKeyOnLanguage(t *testing.T) {
	inv, d := distribution(t, nil)
	b := behaviors(d)
	fn := inv.Named(tFunction, "edge-cdn-storefront")
	for _, path := range []string{"default", "/nl/*", "/de/*", "/fr/*"} {
		if text(b[path], "targetOriginId") != "storefront" {
			t.Errorf("%s goes to %q, want the storefront", path, text(b[path], "targetOriginId"))
		}
		policy := byOutputID(inv, tCachePolicy, text(b[path], "cachePolicyId"))
		if policy == nil {
			t.Fatalf("%s has no cache policy of its own", path)
		}
		key := policy.Strings("parametersInCacheKeyAndForwardedToOrigin.headersConfig.headers.items")
		if !slices.Equal(key, []string{"x-viewer-host", "x-viewer-language"}) {
			t.Errorf("%s keys on headers %v, want the viewer's host and normalized language", path, key)
		}
		if policy.String("parametersInCacheKeyAndForwardedToOrigin.cookiesConfig.cookieBehavior") != "none" {
			t.Errorf("%s keys on cookies", path)
		}
		fns := objects(field(b[path], "functionAssociations"))
		if len(fns) != 1 || text(fns[0], "eventType") != "viewer-request" || text(fns[0], "functionArn") != fn.Outputs["arn"].StringValue() {
			t.Errorf("%s functions %v, want the storefront function on viewer-request", path, fns)
		}
		if text(b[path], "originRequestPolicyId") != "b689b0a8-53d0-40ab-baf2-68738e2966ac" {
			t.Errorf("%s forwards %q, want every viewer header but Host", path, text(b[path], "originRequestPolicyId"))
		}
	}
	code := fn.String("code")
	for _, want := range []string{`["nl","de","fr"]`, `"en"`, `"NEXT_LOCALE"`, "accept-language", `"x-viewer-host"`, `"x-viewer-language"`} {
		if !strings.Contains(code, want) {
			t.Errorf("storefront function lacks %s:\n%s", want, code)
		}
	}
	if fn.String("runtime") != "cloudfront-js-2.0" || !fn.Bool("publish") {
		t.Errorf("storefront function runtime %q, published %v", fn.String("runtime"), fn.Get("publish"))
	}
}

func TestDashboardPathOnlyWithADashboard(t *testing.T) {
	_, d := distribution(t, nil)
	if text(behaviors(d)["/dashboard/*"], "targetOriginId") != "dashboard" || text(origins(d)["dashboard"], "domainName") != "main.d2dashboard.amplifyapp.com" {
		t.Error("/dashboard/* does not reach the dashboard origin")
	}
	_, none := distribution(t, func(a *edge.DistributionArgs) { a.DashboardOrigin = nil })
	if _, ok := behaviors(none)["/dashboard/*"]; ok {
		t.Error("a /dashboard/* behavior without a dashboard")
	}
	if _, ok := origins(none)["dashboard"]; ok {
		t.Error("a dashboard origin without a dashboard")
	}
}

func TestDistributionValidation(t *testing.T) {
	err := runErr(func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewDistribution(ctx, "edge-cdn", &edge.DistributionArgs{
			Domain:             "shop",
			RegionalDomains:    []string{"www", "NL"},
			OriginShieldRegion: "eu-west-3",
			PriceClass:         "PriceClass_50",
			LanguagePrefixes:   []string{"nl", "nl", "dutch"},
			DefaultLanguage:    "EN",
			AssetTTLSeconds:    -1,
			LogPrefix:          "/logs",
		}, pulumi.Providers(p[0]))
		return err
	}, "us-east-1")
	wantErrors(t, err, "Domain", "RegionalDomains: \"www\"", "RegionalDomains: \"NL\"", "CertificateArn", "WebACLArn",
		"OriginVerifySecret", "MediaBucketDomainName", "StorefrontOrigin", "LogsBucketDomainName", "LogPrefix",
		"OriginShieldRegion: \"eu-west-3\"", "PriceClass", "LanguagePrefixes: \"nl\" is listed twice", "LanguagePrefixes: \"dutch\"",
		"DefaultLanguage", "AssetTTLSeconds")
}

// TestAdditionalMetricsEnabled: the distribution publishes CloudFront's additional metrics
// (OriginLatency among them), which the origin-latency alarm reads.
func TestAdditionalMetricsEnabled(t *testing.T) {
	inv, dist := distribution(t, nil)
	subs := inv.OfType("aws:cloudfront/monitoringSubscription:MonitoringSubscription")
	if len(subs) != 1 || subs[0].String("distributionId") != dist.ID ||
		subs[0].String("monitoringSubscription.realtimeMetricsSubscriptionConfig.realtimeMetricsSubscriptionStatus") != "Enabled" {
		t.Errorf("monitoring subscriptions %v for distribution %s", subs, dist.ID)
	}
}
