package edge_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/edge"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/internal/harness"
)

// webACLs makes the CLOUDFRONT ACL on the us-east-1 provider (p[0]) and the REGIONAL one on
// the primary provider (p[1]), associated with the load balancer.
func webACLs(ctx *pulumi.Context, p []*awsProvider) error {
	if _, err := edge.NewWebACL(ctx, "edge-waf-cdn", &edge.WebACLArgs{
		Scope: edge.CloudFrontScope, Logs: logs("us-east-1"),
	}, pulumi.Providers(p[0])); err != nil {
		return err
	}
	_, err := edge.NewWebACL(ctx, "edge-waf-alb", &edge.WebACLArgs{
		Scope: edge.RegionalScope, Logs: logs("eu-central-1"), ProtectedResourceArns: []pulumi.StringInput{pulumi.String(albArn)},
		BehindCloudFront: true,
	}, pulumi.Providers(p[1]))
	return err
}

func acl(t *testing.T, inv *harness.Inventory, scope string) *harness.Resource {
	t.Helper()
	for _, r := range inv.OfType(tWebACL) {
		if r.String("scope") == scope {
			return r
		}
	}
	t.Fatalf("no %s web ACL", scope)
	return nil
}

// rulesOf returns an ACL's rules by name.
func rulesOf(r *harness.Resource) map[string]resource.PropertyMap {
	out := map[string]resource.PropertyMap{}
	for _, rule := range objects(r.Get("rules")) {
		out[text(rule, "name")] = rule
	}
	return out
}

func TestCloudFrontWebACLInUSEast1(t *testing.T) {
	inv := run(t, webACLs, "us-east-1", "eu-central-1")
	cdn := acl(t, inv, "CLOUDFRONT")
	if cdn.Region != "us-east-1" || providerRegion(inv, cdn) != "us-east-1" {
		t.Errorf("CLOUDFRONT web ACL in %q (provider %q), want us-east-1", cdn.Region, providerRegion(inv, cdn))
	}
	if alb := acl(t, inv, "REGIONAL"); alb.Region != "eu-central-1" {
		t.Errorf("REGIONAL web ACL in %q, want the load balancer's region", alb.Region)
	}
}

func TestWebACLRejectsCloudFrontScopeOutsideUSEast1(t *testing.T) {
	err := runErr(func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewWebACL(ctx, "waf", &edge.WebACLArgs{Scope: edge.CloudFrontScope, Logs: logs("eu-central-1")}, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1")
	wantErrors(t, err, "Scope", "us-east-1", "eu-central-1")
}

func TestManagedRuleGroupsBlock(t *testing.T) {
	inv := run(t, webACLs, "us-east-1", "eu-central-1")
	for _, scope := range []string{"CLOUDFRONT", "REGIONAL"} {
		var groups []string
		for name, rule := range rulesOf(acl(t, inv, scope)) {
			group := text(rule, "statement", "managedRuleGroupStatement", "name")
			if group == "" {
				continue
			}
			groups = append(groups, group)
			if !field(rule, "overrideAction", "count").IsNull() || field(rule, "overrideAction", "none").IsNull() {
				t.Errorf("%s rule %s: managed group does not block (overrideAction %v)", scope, name, field(rule, "overrideAction"))
			}
			if text(rule, "statement", "managedRuleGroupStatement", "vendorName") != "AWS" {
				t.Errorf("%s rule %s is not an AWS managed group", scope, name)
			}
		}
		slices.Sort(groups)
		want := []string{"AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet"}
		if !slices.Equal(groups, want) {
			t.Errorf("%s managed groups %v, want %v", scope, groups, want)
		}
	}
}

func TestRateRuleIs1000PerMinute(t *testing.T) {
	inv := run(t, webACLs, "us-east-1", "eu-central-1")
	rule := rulesOf(acl(t, inv, "CLOUDFRONT"))["rate-limit"]
	rate := field(rule, "statement", "rateBasedStatement").ObjectValue()
	if field(rate, "limit").NumberValue() != 1000 || field(rate, "evaluationWindowSec").NumberValue() != 60 {
		t.Errorf("rate rule: %v per %v s, want 1000 per 60 s", field(rate, "limit"), field(rate, "evaluationWindowSec"))
	}
	if text(rate, "aggregateKeyType") != "IP" || !field(rate, "forwardedIpConfig").IsNull() {
		t.Errorf("rate rule aggregates by %q (forwarded %v), want the viewer's own address", text(rate, "aggregateKeyType"), field(rate, "forwardedIpConfig"))
	}
	if field(rule, "action", "block", "customResponse", "responseCode").NumberValue() != 429 {
		t.Errorf("rate rule does not block with 429: %v", field(rule, "action"))
	}

	custom := run(t, func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewWebACL(ctx, "waf", &edge.WebACLArgs{Scope: edge.CloudFrontScope, RateLimit: 500, Logs: logs("us-east-1")}, pulumi.Providers(p[0]))
		return err
	}, "us-east-1")
	if limit := field(rulesOf(only(t, custom, tWebACL))["rate-limit"], "statement", "rateBasedStatement", "limit").NumberValue(); limit != 500 {
		t.Errorf("RateLimit 500 gave a limit of %v", limit)
	}
}

// TestNoRateRuleTrustsAForgeableHeader: behind CloudFront every address the REGIONAL ACL
// sees is CloudFront's and X-Forwarded-For starts with what the client wrote, so that ACL has
// no rate rule (CloudFront's limits each viewer) and says why in a tag the pack reads; an
// ACL in front of clients rate-limits their own address. No rule of either keys on a
// forwarded-address header.
func TestNoRateRuleTrustsAForgeableHeader(t *testing.T) {
	inv := run(t, webACLs, "us-east-1", "eu-central-1")
	behind := acl(t, inv, "REGIONAL")
	if _, ok := rulesOf(behind)["rate-limit"]; ok {
		t.Error("the REGIONAL ACL behind CloudFront has a rate rule: it can only count CloudFront or a forgeable header")
	}
	if behind.String("tags.BehindCloudFront") != "true" {
		t.Errorf("the REGIONAL ACL behind CloudFront is not tagged so: %v", behind.Get("tags"))
	}
	direct := run(t, func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewWebACL(ctx, "waf", &edge.WebACLArgs{Scope: edge.RegionalScope, Logs: logs("eu-central-1"),
			ProtectedResourceArns: []pulumi.StringInput{pulumi.String(albArn)}}, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1")
	if key := text(rulesOf(only(t, direct, tWebACL))["rate-limit"], "statement", "rateBasedStatement", "aggregateKeyType"); key != "IP" {
		t.Errorf("a REGIONAL ACL clients reach directly rate-limits by %q, want IP", key)
	}
	for _, r := range append(inv.OfType(tWebACL), direct.OfType(tWebACL)...) {
		for name, rule := range rulesOf(r) {
			if !field(rule, "statement", "rateBasedStatement", "forwardedIpConfig").IsNull() {
				t.Errorf("%s rule %s counts a forwarded-address header", r.Name, name)
			}
		}
	}
	err := runErr(func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewWebACL(ctx, "waf", &edge.WebACLArgs{Scope: edge.CloudFrontScope, BehindCloudFront: true, Logs: logs("us-east-1")}, pulumi.Providers(p[0]))
		return err
	}, "us-east-1")
	wantErrors(t, err, "BehindCloudFront")
}

func TestEveryRuleAndTheACLHaveMetrics(t *testing.T) {
	inv := run(t, webACLs, "us-east-1", "eu-central-1")
	for _, r := range inv.OfType(tWebACL) {
		if !r.Bool("visibilityConfig.cloudwatchMetricsEnabled") || r.String("visibilityConfig.metricName") == "" {
			t.Errorf("%s has no CloudWatch metrics", r.Name)
		}
		rules := objects(r.Get("rules"))
		want := 5 // four managed groups and the rate rule
		if r.String("tags.BehindCloudFront") == "true" {
			want = 4
		}
		if len(rules) != want {
			t.Errorf("%s has %d rules, want %d", r.Name, len(rules), want)
		}
		metrics := map[string]bool{}
		for _, rule := range rules {
			metric := text(rule, "visibilityConfig", "metricName")
			if !field(rule, "visibilityConfig", "cloudwatchMetricsEnabled").BoolValue() || metric == "" || metrics[metric] {
				t.Errorf("%s rule %s: metrics enabled=%v, name %q (unique per rule)", r.Name, text(rule, "name"), field(rule, "visibilityConfig", "cloudwatchMetricsEnabled"), metric)
			}
			metrics[metric] = true
		}
	}
}

func TestCommonRuleSetOnlyCountsBodySize(t *testing.T) {
	inv := run(t, webACLs, "us-east-1", "eu-central-1")
	overrides := objects(field(rulesOf(acl(t, inv, "CLOUDFRONT"))["common"], "statement", "managedRuleGroupStatement", "ruleActionOverrides"))
	if len(overrides) != 1 || text(overrides[0], "name") != "SizeRestrictions_BODY" || field(overrides[0], "actionToUse", "count").IsNull() {
		t.Errorf("common rule set overrides %v, want only SizeRestrictions_BODY counted", overrides)
	}
}

func TestWAFLogsRedactCredentials(t *testing.T) {
	inv := run(t, webACLs, "us-east-1", "eu-central-1")
	for _, a := range inv.OfType(tWebACL) {
		var config *harness.Resource
		for _, c := range inv.OfType(tWAFLogging) {
			if c.String("resourceArn") == a.Outputs["arn"].StringValue() {
				config = c
			}
		}
		if config == nil {
			t.Fatalf("%s has no logging configuration", a.Name)
		}
		destinations := config.Strings("logDestinationConfigs")
		if len(destinations) != 1 {
			t.Fatalf("%s logs to %v", a.Name, destinations)
		}
		group := inv.ByID(strings.TrimPrefix(destinations[0], "arn:aws:logs:"+a.Region+":123456789012:log-group:"))
		if group == nil || group.Type != tLogGroup || !strings.HasPrefix(group.String("name"), "aws-waf-logs-") || group.Region != a.Region {
			t.Fatalf("%s logs to %s, want an aws-waf-logs- log group in %s", a.Name, destinations[0], a.Region)
		}
		if group.String("kmsKeyId") != "arn:aws:kms:"+a.Region+":123456789012:key/logs" || group.Number("retentionInDays") != 30 {
			t.Errorf("%s log group key %q, retention %v: want the region's logs key and the CDN class retention", a.Name, group.String("kmsKeyId"), group.Get("retentionInDays"))
		}
		var redacted []string
		for _, f := range objects(config.Get("redactedFields")) {
			redacted = append(redacted, text(f, "singleHeader", "name"))
		}
		for _, h := range []string{"authorization", "authorization-bearer", "cookie", "x-origin-verify"} {
			if !slices.Contains(redacted, h) {
				t.Errorf("%s logs do not redact %s (redacted %v)", a.Name, h, redacted)
			}
		}
	}
}

func TestRegionalACLProtectsTheLoadBalancer(t *testing.T) {
	inv := run(t, webACLs, "us-east-1", "eu-central-1")
	assoc := only(t, inv, tWAFAssoc)
	if assoc.String("resourceArn") != albArn || assoc.String("webAclArn") != acl(t, inv, "REGIONAL").Outputs["arn"].StringValue() {
		t.Errorf("association %s -> %s, want the REGIONAL ACL on the load balancer", assoc.String("webAclArn"), assoc.String("resourceArn"))
	}
}

func TestWAFLogKeyMustBeInTheACLsRegion(t *testing.T) {
	err := runErr(func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewWebACL(ctx, "waf", &edge.WebACLArgs{Scope: edge.CloudFrontScope, Logs: logs("eu-central-1")}, pulumi.Providers(p[0]))
		return err
	}, "us-east-1")
	wantErrors(t, err, "Logs.KMSKeyArn", "eu-central-1", "us-east-1")
}

func TestWebACLValidation(t *testing.T) {
	err := runErr(func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewWebACL(ctx, "waf", &edge.WebACLArgs{
			Scope: edge.CloudFrontScope, RateLimit: 5, RateWindowSeconds: 90,
			ProtectedResourceArns: []pulumi.StringInput{pulumi.String(albArn)},
			Logs:                  logging.Settings{},
		}, pulumi.Providers(p[0]))
		return err
	}, "us-east-1")
	wantErrors(t, err, "RateLimit", "RateWindowSeconds", "ProtectedResourceArns", "Logs.RetentionDays", "Logs.KMSKeyArn")

	err = runErr(func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewWebACL(ctx, "waf", &edge.WebACLArgs{Scope: "GLOBAL", Logs: logs("us-east-1")}, pulumi.Providers(p[0]))
		return err
	}, "us-east-1")
	wantErrors(t, err, "Scope: \"GLOBAL\"")
}
