package edge

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/validate"
)

// Scope is what a web ACL protects.
type Scope string

const (
	// CloudFrontScope protects CloudFront distributions. Such ACLs live in us-east-1; a
	// distribution references the ACL's ARN.
	CloudFrontScope Scope = "CLOUDFRONT"
	// RegionalScope protects regional resources, here the load balancers, in the provider's
	// region; the ACL is associated with each of ProtectedResourceArns.
	RegionalScope Scope = "REGIONAL"
)

// rateWindows are the evaluation windows AWS WAF accepts for rate-based rules, in seconds.
var rateWindows = []int{60, 120, 300, 600}

// WebACLArgs configures a WebACL.
type WebACLArgs struct {
	// Scope is CloudFrontScope (on the us-east-1 provider) or RegionalScope. Required.
	Scope Scope
	// RateLimit is how many requests one client IP may make per RateWindowSeconds before it is
	// blocked with 429 (10 to 2,000,000,000). Defaults to 1000.
	RateLimit int
	// RateWindowSeconds is the window RateLimit counts over: 60, 120, 300 or 600. Defaults to
	// 60, so RateLimit is per minute.
	RateWindowSeconds int
	// ProtectedResourceArns are the regional resources to associate with a RegionalScope ACL:
	// the load balancer ARNs. Must be empty for CloudFrontScope, where the distribution
	// references the ACL. Defaults to none.
	ProtectedResourceArns []pulumi.StringInput
	// BehindCloudFront says, for RegionalScope, that the protected resources admit only
	// CloudFront (origin-facing prefix list and origin secret). Every client address such an
	// ACL sees is then CloudFront's, and the addresses in X-Forwarded-For are whatever the
	// client sent plus the one CloudFront appends, so no rate rule here can tell clients
	// apart without trusting a forgeable header: the ACL has no rate rule, and the CLOUDFRONT
	// ACL in front limits each viewer by its real address. The ACL is tagged
	// BehindCloudFront=true, which the policy pack's rate-limit rule honours. Defaults to
	// false: a rate rule on the client's address.
	BehindCloudFront bool
	// Custom are the stack's own rules (geo block, IP lists, path rate limits), around the
	// baseline, which they cannot remove or bypass. Only for an ACL that sees the clients (not
	// BehindCloudFront). Defaults to none.
	Custom CustomRules
	// Logs makes the WAF log group (CDN class). Its KMS key must be in the ACL's region (for
	// CloudFrontScope, the us-east-1 security instance's logs key). Required.
	Logs logging.Settings
}

func (a WebACLArgs) withDefaults() WebACLArgs {
	if a.RateLimit == 0 {
		a.RateLimit = 1000
	}
	if a.RateWindowSeconds == 0 {
		a.RateWindowSeconds = 60
	}
	return a
}

func (a WebACLArgs) validate(p *validate.Problems) {
	switch a.Scope {
	case CloudFrontScope:
		if len(a.ProtectedResourceArns) > 0 {
			p.Add("ProtectedResourceArns", "must be empty for %s: a distribution references the ACL through its webAclId", a.Scope)
		}
	case RegionalScope:
	default:
		validate.OneOf(p, "Scope", a.Scope, []Scope{CloudFrontScope, RegionalScope})
	}
	if a.BehindCloudFront && a.Scope != RegionalScope {
		p.Add("BehindCloudFront", "is for a %s ACL in front of CloudFront's origin; a %s ACL sees the viewers", RegionalScope, a.Scope)
	}
	p.Range("RateLimit", a.RateLimit, MinRateLimit, MaxRateLimit, "requests (AWS WAF's limits)")
	if a.BehindCloudFront && !a.Custom.Empty() {
		p.Add("Custom", "custom rules match clients' addresses and countries; behind CloudFront every client is CloudFront: set them on the CLOUDFRONT ACL")
	}
	a.Custom.Check(p.At("Custom"), a.RateLimit)
	validate.OneOf(p, "RateWindowSeconds", a.RateWindowSeconds, rateWindows)
	for i, arn := range a.ProtectedResourceArns {
		p.Required(validate.Index("ProtectedResourceArns", i), arn != nil, "a load balancer ARN")
	}
	a.Logs.CheckRetention(p.At("Logs"))
	p.Required("Logs.KMSKeyArn", a.Logs.KMSKeyArn != nil, "the logs key of the ACL's region")
}

// WebACL is an AWS WAF web ACL with the AWS managed rule groups that cover the OWASP Top 10, a
// per-client rate limit (unless BehindCloudFront), the stack's custom rules (Custom: IP sets,
// geo block, path rate limits), CloudWatch metrics on the ACL and every rule, and logging to
// an aws-waf-logs- log group with credentials redacted.
type WebACL struct {
	pulumi.ResourceState

	// Arn is the web ACL's ARN: a distribution's webAclId for CloudFrontScope.
	Arn pulumi.StringOutput `pulumi:"arn"`
	// LogGroupArn is the log group the ACL logs to.
	LogGroupArn pulumi.StringOutput `pulumi:"logGroupArn"`
}

// webACLType is the component's Pulumi type token.
const webACLType = "saleor:edge:WebACL"

// NewWebACL creates the web ACL in the region of the component's provider, which must be
// us-east-1 for CloudFrontScope, its log group and logging, and the associations of a
// RegionalScope ACL.
func NewWebACL(ctx *pulumi.Context, name string, args *WebACLArgs, opts ...pulumi.ResourceOption) (*WebACL, error) {
	a, err := validate.Args(webACLType, name, args, WebACLArgs.withDefaults, WebACLArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &WebACL{}
	if err := ctx.RegisterComponentResource(webACLType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	region, err := providerRegion(ctx, parent)
	if err != nil {
		return nil, err
	}
	if a.Scope == CloudFrontScope {
		if err := requireGlobalProvider(webACLType, name, "Scope", region); err != nil {
			return nil, err
		}
	}
	sets, err := newCustomSets(ctx, name, a.Scope, a.Custom, parent)
	if err != nil {
		return nil, err
	}
	acl, err := wafv2.NewWebAcl(ctx, name+"-acl", &wafv2.WebAclArgs{
		Description:      pulumi.String(aclDescription(a)),
		Scope:            pulumi.String(string(a.Scope)),
		DefaultAction:    wafv2.WebAclDefaultActionArgs{Allow: wafv2.WebAclDefaultActionAllowArgs{}},
		Rules:            ruleSet(a, sets).args(name),
		VisibilityConfig: aclVisibility(metricName(name, "acl")),
		Tags:             aclTags(name, a),
	}, parent)
	if err != nil {
		return nil, err
	}
	group, err := newWAFLogging(ctx, name, region, acl, a.Logs, parent)
	if err != nil {
		return nil, err
	}
	for i, arn := range a.ProtectedResourceArns {
		if _, err := wafv2.NewWebAclAssociation(ctx, fmt.Sprintf("%s-association-%d", name, i), &wafv2.WebAclAssociationArgs{
			ResourceArn: arn,
			WebAclArn:   acl.Arn,
		}, parent); err != nil {
			return nil, err
		}
	}
	c.Arn, c.LogGroupArn = acl.Arn, group.Arn
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"arn": c.Arn, "logGroupArn": c.LogGroupArn})
}

// aclDescription says what the ACL does.
func aclDescription(a WebACLArgs) string {
	if a.BehindCloudFront {
		return fmt.Sprintf("Saleor %s behind CloudFront: AWS managed OWASP rule groups (CloudFront's ACL limits each viewer's rate)", a.Scope)
	}
	return fmt.Sprintf("Saleor %s: AWS managed OWASP rule groups and a per-client rate limit", a.Scope)
}

// aclTags are the ACL's tags: its name, and BehindCloudFront when set.
func aclTags(name string, a WebACLArgs) pulumi.StringMap {
	tags := pulumi.StringMap{"Name": pulumi.String(name)}
	if a.BehindCloudFront {
		tags[BehindCloudFrontTag] = pulumi.String("true")
	}
	return tags
}

// BehindCloudFrontTag marks a REGIONAL web ACL whose protected resources admit only
// CloudFront (WebACLArgs.BehindCloudFront).
const BehindCloudFrontTag = "BehindCloudFront"

// metricInvalid matches what a CloudWatch metric name of AWS WAF may not contain.
var metricInvalid = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// metricName names the CloudWatch metric of the ACL or one of its rules.
func metricName(acl, rule string) string {
	return metricInvalid.ReplaceAllString(acl+"-"+rule, "-")
}

func aclVisibility(metric string) wafv2.WebAclVisibilityConfigArgs {
	return wafv2.WebAclVisibilityConfigArgs{
		CloudwatchMetricsEnabled: pulumi.Bool(true),
		MetricName:               pulumi.String(metric),
		SampledRequestsEnabled:   pulumi.Bool(true),
	}
}
