package edge

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AWS managed CloudFront policies; their IDs are the same in every account.
const (
	// cachingDisabled caches nothing and keys on nothing (Managed-CachingDisabled).
	cachingDisabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
	// allViewerExceptHost forwards every viewer header, cookie and query string but Host, so
	// an origin reached by its own name (Amplify, Vercel, the API) still sees its own Host
	// (Managed-AllViewerExceptHostHeader).
	allViewerExceptHost = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
)

// oneYear is the longest any cache keeps an object, in seconds.
const oneYear = 365 * 24 * 60 * 60

// graphQLHeaders are the request headers the Saleor API reads: its CORS preflight allows
// Origin, Content-Type, Accept, Authorization, Authorization-Bearer and Source-Service-Name;
// Accept-Language for translations. Authorization itself cannot be in an origin request
// policy (CloudFront rejects it: it must be in the cache key), but CloudFront forwards it on
// POST, the only method Saleor's GraphQL view executes.
var graphQLHeaders = []string{
	"Accept", "Accept-Language", "Authorization-Bearer", "Content-Type", "Origin", "Source-Service-Name",
	"Access-Control-Request-Headers", "Access-Control-Request-Method",
}

// graphQLCookies are the cookies the API reads: the refresh token Saleor's tokenRefresh
// mutation takes from a cookie.
var graphQLCookies = []string{"refreshToken"}

// policies are the distribution's cache, origin request and response headers policies.
type policies struct {
	// pages keys on the viewer's host and language and the query string and otherwise defers
	// to the origin's Cache-Control (default TTL 0): the storefront and dashboard.
	pages pulumi.IDOutput
	// assets keeps objects for the asset TTL unless the origin says otherwise: media, static.
	assets pulumi.IDOutput
	// graphQL forwards what the Saleor API reads.
	graphQL pulumi.IDOutput
	// securityHeaders adds HSTS and the other security headers to every response.
	securityHeaders pulumi.IDOutput
}

func newPolicies(ctx *pulumi.Context, name string, assetTTL int, parent pulumi.ResourceOrInvokeOption) (*policies, error) {
	pages, err := newCachePolicy(ctx, name+"-pages", "Storefront pages: viewer host, language and query in the key; origin decides",
		0, []string{viewerHostHeader, viewerLanguageHeader}, "all", parent)
	if err != nil {
		return nil, err
	}
	assets, err := newCachePolicy(ctx, name+"-assets", "Media and static files: path only in the key",
		assetTTL, nil, "none", parent)
	if err != nil {
		return nil, err
	}
	graphQL, err := cloudfront.NewOriginRequestPolicy(ctx, name+"-graphql", &cloudfront.OriginRequestPolicyArgs{
		Comment: pulumi.String("Saleor GraphQL API: the headers and cookie it reads"),
		HeadersConfig: cloudfront.OriginRequestPolicyHeadersConfigArgs{
			HeaderBehavior: pulumi.String("whitelist"),
			Headers:        cloudfront.OriginRequestPolicyHeadersConfigHeadersArgs{Items: pulumi.ToStringArray(graphQLHeaders)},
		},
		CookiesConfig: cloudfront.OriginRequestPolicyCookiesConfigArgs{
			CookieBehavior: pulumi.String("whitelist"),
			Cookies:        cloudfront.OriginRequestPolicyCookiesConfigCookiesArgs{Items: pulumi.ToStringArray(graphQLCookies)},
		},
		QueryStringsConfig: cloudfront.OriginRequestPolicyQueryStringsConfigArgs{QueryStringBehavior: pulumi.String("all")},
	}, parent)
	if err != nil {
		return nil, err
	}
	headers, err := newSecurityHeadersPolicy(ctx, name+"-security-headers", parent)
	if err != nil {
		return nil, err
	}
	return &policies{pages: pages.ID(), assets: assets.ID(), graphQL: graphQL.ID(), securityHeaders: headers.ID()}, nil
}

// newCachePolicy creates a compressing cache policy keyed on the path, the given headers and
// the query strings (queries "all" or "none"), never on cookies.
func newCachePolicy(ctx *pulumi.Context, name, comment string, defaultTTL int, headers []string, queries string, parent pulumi.ResourceOrInvokeOption) (*cloudfront.CachePolicy, error) {
	headersConfig := cloudfront.CachePolicyParametersInCacheKeyAndForwardedToOriginHeadersConfigArgs{
		HeaderBehavior: pulumi.String("none"),
	}
	if len(headers) > 0 {
		headersConfig.HeaderBehavior = pulumi.String("whitelist")
		headersConfig.Headers = cloudfront.CachePolicyParametersInCacheKeyAndForwardedToOriginHeadersConfigHeadersArgs{
			Items: pulumi.ToStringArray(headers),
		}
	}
	return cloudfront.NewCachePolicy(ctx, name, &cloudfront.CachePolicyArgs{
		Comment:    pulumi.String(comment),
		MinTtl:     pulumi.Int(0),
		DefaultTtl: pulumi.Int(defaultTTL),
		MaxTtl:     pulumi.Int(oneYear),
		ParametersInCacheKeyAndForwardedToOrigin: cloudfront.CachePolicyParametersInCacheKeyAndForwardedToOriginArgs{
			EnableAcceptEncodingGzip:   pulumi.Bool(true),
			EnableAcceptEncodingBrotli: pulumi.Bool(true),
			HeadersConfig:              headersConfig,
			CookiesConfig: cloudfront.CachePolicyParametersInCacheKeyAndForwardedToOriginCookiesConfigArgs{
				CookieBehavior: pulumi.String("none"),
			},
			QueryStringsConfig: cloudfront.CachePolicyParametersInCacheKeyAndForwardedToOriginQueryStringsConfigArgs{
				QueryStringBehavior: pulumi.String(queries),
			},
		},
	}, parent)
}

// newSecurityHeadersPolicy sets, overriding the origin: HSTS for two years with subdomains
// and preload (the preload list asks at least one year), nosniff, SAMEORIGIN framing (the
// dashboard frames its own pages, nothing else may), strict-origin-when-cross-origin
// referrers and the legacy XSS filter in block mode.
func newSecurityHeadersPolicy(ctx *pulumi.Context, name string, parent pulumi.ResourceOrInvokeOption) (*cloudfront.ResponseHeadersPolicy, error) {
	return cloudfront.NewResponseHeadersPolicy(ctx, name, &cloudfront.ResponseHeadersPolicyArgs{
		Comment: pulumi.String("Security headers on every response"),
		SecurityHeadersConfig: cloudfront.ResponseHeadersPolicySecurityHeadersConfigArgs{
			StrictTransportSecurity: cloudfront.ResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurityArgs{
				AccessControlMaxAgeSec: pulumi.Int(2 * oneYear),
				IncludeSubdomains:      pulumi.Bool(true),
				Preload:                pulumi.Bool(true),
				Override:               pulumi.Bool(true),
			},
			ContentTypeOptions: cloudfront.ResponseHeadersPolicySecurityHeadersConfigContentTypeOptionsArgs{
				Override: pulumi.Bool(true),
			},
			FrameOptions: cloudfront.ResponseHeadersPolicySecurityHeadersConfigFrameOptionsArgs{
				FrameOption: pulumi.String("SAMEORIGIN"),
				Override:    pulumi.Bool(true),
			},
			ReferrerPolicy: cloudfront.ResponseHeadersPolicySecurityHeadersConfigReferrerPolicyArgs{
				ReferrerPolicy: pulumi.String("strict-origin-when-cross-origin"),
				Override:       pulumi.Bool(true),
			},
			XssProtection: cloudfront.ResponseHeadersPolicySecurityHeadersConfigXssProtectionArgs{
				Protection: pulumi.Bool(true),
				ModeBlock:  pulumi.Bool(true),
				Override:   pulumi.Bool(true),
			},
		},
	}, parent)
}
