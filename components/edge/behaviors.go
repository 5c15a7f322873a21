package edge

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// apiPaths are the Saleor API's public paths (saleor/urls.py): GraphQL first, then
// thumbnails, digital downloads, plugin webhooks and the JWKS apps check webhook signatures
// against.
var apiPaths = []string{"/graphql/*", "/thumbnail/*", "/digital-download/*", "/plugins/*", "/.well-known/jwks.json"}

// fixedBehaviors counts the ordered behaviors besides the language prefixes: the API paths,
// media, static and dashboard.
var fixedBehaviors = len(apiPaths) + 3

var (
	allMethods  = []string{"GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"}
	readMethods = []string{"GET", "HEAD", "OPTIONS"}
	cached      = []string{"GET", "HEAD"}
)

// behavior is one cache behavior; the default behavior has no path.
type behavior struct {
	path, origin        string
	methods             []string
	cachePolicy         pulumi.StringInput
	originRequestPolicy pulumi.StringInput
	function            pulumi.StringInput
}

// behaviorSet is the default behavior and the ordered ones.
type behaviorSet struct {
	fallback behavior
	ordered  []behavior
}

// behaviors routes each path to its origin:
//   - the API paths are never cached (Managed-CachingDisabled); GraphQL gets exactly the
//     headers Saleor reads, the others (webhooks with signature headers) every viewer header;
//   - /media/* and, from the assets bucket or the API, /static/* are cached for the asset
//     TTL, keyed on the path; a bucket with a replica is read through its origin group, which
//     admits only GET, HEAD and OPTIONS: these behaviors allow readMethods alone;
//   - /dashboard/* goes to the dashboard, cached as its origin says;
//   - /<language>/* and everything else go to the storefront, keyed on the viewer's host and
//     normalized language (see storefrontFunctionCode) and the query string.
func (a DistributionArgs) behaviors(pol *policies, storefrontFn, stripPrefixFn pulumi.StringOutput) behaviorSet {
	var set behaviorSet
	for i, path := range apiPaths {
		requests := pulumi.StringInput(pulumi.String(allViewerExceptHost))
		if i == 0 {
			requests = pol.graphQL.ToStringOutput()
		}
		set.ordered = append(set.ordered, behavior{path: path, origin: originAPI, methods: allMethods,
			cachePolicy: pulumi.String(cachingDisabled), originRequestPolicy: requests})
	}
	assets := pol.assets.ToStringOutput()
	set.ordered = append(set.ordered, behavior{path: "/media/*", origin: a.target(originMedia), methods: readMethods,
		cachePolicy: assets, function: stripPrefixFn})
	static := behavior{path: "/static/*", origin: originAPI, methods: readMethods, cachePolicy: assets}
	if a.AssetsBucketDomainName != nil {
		static.origin, static.function = a.target(originAssets), stripPrefixFn
	}
	set.ordered = append(set.ordered, static)
	pages := pol.pages.ToStringOutput()
	if a.DashboardOrigin != nil {
		set.ordered = append(set.ordered, behavior{path: "/dashboard/*", origin: originDashboard, methods: readMethods,
			cachePolicy: pages})
	}
	storefront := behavior{origin: originStorefront, methods: allMethods, cachePolicy: pages,
		originRequestPolicy: pulumi.String(allViewerExceptHost), function: storefrontFn}
	for _, lang := range a.LanguagePrefixes {
		language := storefront
		language.path = "/" + lang + "/*"
		set.ordered = append(set.ordered, language)
	}
	set.fallback = storefront
	return set
}

// orderedBehaviors renders the ordered behaviors: HTTPS (HTTP redirected), compressed, with the
// security headers.
func (s behaviorSet) orderedBehaviors(securityHeaders pulumi.IDOutput) cloudfront.DistributionOrderedCacheBehaviorArray {
	var out cloudfront.DistributionOrderedCacheBehaviorArray
	for _, b := range s.ordered {
		out = append(out, cloudfront.DistributionOrderedCacheBehaviorArgs{
			PathPattern:             pulumi.String(b.path),
			TargetOriginId:          pulumi.String(b.origin),
			ViewerProtocolPolicy:    pulumi.String("redirect-to-https"),
			AllowedMethods:          pulumi.ToStringArray(b.methods),
			CachedMethods:           pulumi.ToStringArray(cached),
			Compress:                pulumi.Bool(true),
			CachePolicyId:           b.cachePolicy,
			OriginRequestPolicyId:   b.originRequestPolicy,
			ResponseHeadersPolicyId: securityHeaders.ToStringOutput(),
			FunctionAssociations:    b.orderedFunctions(),
		})
	}
	return out
}

// defaultBehavior renders the default behavior the same way.
func (s behaviorSet) defaultBehavior(securityHeaders pulumi.IDOutput) cloudfront.DistributionDefaultCacheBehaviorArgs {
	b := s.fallback
	var functions cloudfront.DistributionDefaultCacheBehaviorFunctionAssociationArray
	if b.function != nil {
		functions = cloudfront.DistributionDefaultCacheBehaviorFunctionAssociationArray{
			cloudfront.DistributionDefaultCacheBehaviorFunctionAssociationArgs{
				EventType: pulumi.String("viewer-request"), FunctionArn: b.function,
			},
		}
	}
	return cloudfront.DistributionDefaultCacheBehaviorArgs{
		TargetOriginId:          pulumi.String(b.origin),
		ViewerProtocolPolicy:    pulumi.String("redirect-to-https"),
		AllowedMethods:          pulumi.ToStringArray(b.methods),
		CachedMethods:           pulumi.ToStringArray(cached),
		Compress:                pulumi.Bool(true),
		CachePolicyId:           b.cachePolicy,
		OriginRequestPolicyId:   b.originRequestPolicy,
		ResponseHeadersPolicyId: securityHeaders.ToStringOutput(),
		FunctionAssociations:    functions,
	}
}

func (b behavior) orderedFunctions() cloudfront.DistributionOrderedCacheBehaviorFunctionAssociationArray {
	if b.function == nil {
		return nil
	}
	return cloudfront.DistributionOrderedCacheBehaviorFunctionAssociationArray{
		cloudfront.DistributionOrderedCacheBehaviorFunctionAssociationArgs{
			EventType: pulumi.String("viewer-request"), FunctionArn: b.function,
		},
	}
}
