package rules

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

const cloudfrontDistribution = "aws:cloudfront/distribution:Distribution"

var viewerHTTPS = []string{"https-only", "redirect-to-https"}

var edgeRules = []resourceRule{
	{
		name:        "cloudfront-viewer-https",
		description: "CloudFront cache behaviors serve viewers over HTTPS only (https-only or redirect-to-https) [FSBP CloudFront.3, CKV_AWS_34]",
		level:       mandatory,
		types:       []string{cloudfrontDistribution},
		check: onProps(func(p property.Map, r *report) {
			viewer := func(b property.Map, br *report) { br.requireOneOf(b, viewerHTTPS, "viewerProtocolPolicy") }
			r.in("defaultCacheBehavior", get(p, "defaultCacheBehavior"), viewer)
			r.each("orderedCacheBehaviors", get(p, "orderedCacheBehaviors").maps(), viewer)
		}),
	},
	{
		name: "cloudfront-viewer-tls",
		description: "CloudFront uses its own certificate over SNI with a TLSv1.2_2021-or-newer minimum protocol " +
			"[FSBP CloudFront.7, FSBP CloudFront.8, CKV_AWS_174, CKV2_AWS_42]",
		level: mandatory,
		types: []string{cloudfrontDistribution},
		schema: schema(map[string]map[string]any{
			"minimumProtocolVersions": stringsOption("Accepted viewerCertificate.minimumProtocolVersion values. "+
				"Defaults to TLSv1.2_2021 and the newer 2025 policies.", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"),
		}),
		check: func(in input, r *report) {
			r.requireOneOf(in.props, in.config.strings("minimumProtocolVersions"), "viewerCertificate", "minimumProtocolVersion")
			r.requireOneOf(in.props, []string{"sni-only"}, "viewerCertificate", "sslSupportMethod")
			r.forbidTrue(in.props, "viewerCertificate", "cloudfrontDefaultCertificate")
			r.requireSet(in.props, "viewerCertificate", "acmCertificateArn")
		},
	},
	{
		name: "cloudfront-origin-https",
		description: "CloudFront reaches custom origins over HTTPS with TLSv1.2 only " +
			"[FSBP CloudFront.9, FSBP CloudFront.10]",
		level: mandatory,
		types: []string{cloudfrontDistribution},
		check: onProps(func(p property.Map, r *report) {
			r.each("origins", get(p, "origins").maps(), func(o property.Map, or *report) {
				if get(o, "customOriginConfig").absent() {
					return
				}
				or.requireOneOf(o, []string{"https-only"}, "customOriginConfig", "originProtocolPolicy")
				protocols := get(o, "customOriginConfig", "originSslProtocols")
				if !protocols.hasUnknown() && !slices.Equal(protocols.strs(), []string{"TLSv1.2"}) {
					or.addf("customOriginConfig.originSslProtocols must be [\"TLSv1.2\"] (is %v)", protocols.strs())
				}
			})
		}),
	},
	{
		name:        "cloudfront-s3-origin-access-control",
		description: "CloudFront reaches S3 origins through origin access control, not OAI or a public bucket [FSBP CloudFront.13]",
		level:       mandatory,
		types:       []string{cloudfrontDistribution},
		check: onProps(func(p property.Map, r *report) {
			r.each("origins", get(p, "origins").maps(), func(o property.Map, or *report) {
				// An origin without custom or VPC origin config is an S3 origin.
				if get(o, "customOriginConfig").absent() && get(o, "vpcOriginConfig").absent() {
					or.requireSet(o, "originAccessControlId")
				}
			})
		}),
	},
	{
		name:        "cloudfront-logging",
		description: "CloudFront distributions write standard logs to S3 [FSBP CloudFront.5, CKV_AWS_86]",
		level:       mandatory,
		types:       []string{cloudfrontDistribution},
		check:       onProps(func(p property.Map, r *report) { r.requireSet(p, "loggingConfig", "bucket") }),
	},
	{
		name:        "cloudfront-waf",
		description: "CloudFront distributions are protected by a WAF web ACL [FSBP CloudFront.6, CKV_AWS_68]",
		level:       mandatory,
		types:       []string{cloudfrontDistribution},
		check:       onProps(func(p property.Map, r *report) { r.requireSet(p, "webAclId") }),
	},
	{
		name:        "cloudfront-security-headers",
		description: "CloudFront's default cache behavior adds security headers (HSTS) with a response headers policy [CKV2_AWS_32]",
		level:       advisory,
		types:       []string{cloudfrontDistribution},
		check: onProps(func(p property.Map, r *report) {
			r.requireSet(p, "defaultCacheBehavior", "responseHeadersPolicyId")
		}),
	},
}
