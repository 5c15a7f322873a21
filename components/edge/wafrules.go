package edge

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// managedGroup is an AWS managed rule group in the rule set.
type managedGroup struct {
	rule, group string
	// countOnly are rules of the group that only count, each for a stated reason.
	countOnly []string
}

// The AWS managed rule groups covering the OWASP Top 10: injection (SQLi, and the common
// set's XSS, LFI/RFI and command rules), known bad inputs (Log4j, Java deserialization,
// localhost Host headers) and IP reputation.
var (
	ipReputation = managedGroup{rule: "ip-reputation", group: "AWSManagedRulesAmazonIpReputationList"}
	// The common rule set's SizeRestrictions_BODY blocks bodies over 8 KB, which Saleor's
	// GraphQL mutations and multipart uploads (product media) exceed; it only counts, the
	// rest of the set blocks.
	commonRules    = managedGroup{rule: "common", group: "AWSManagedRulesCommonRuleSet", countOnly: []string{"SizeRestrictions_BODY"}}
	knownBadInputs = managedGroup{rule: "known-bad-inputs", group: "AWSManagedRulesKnownBadInputsRuleSet"}
	sqlInjection   = managedGroup{rule: "sqli", group: "AWSManagedRulesSQLiRuleSet"}
)

// wafRule is one rule of a rule set: a managed group (which takes an override action) or a
// rule of ours (which takes an action).
type wafRule struct {
	name      string
	statement wafv2.WebAclRuleStatementArgs
	managed   bool
	action    wafv2.WebAclRuleActionArgs
}

type rules []wafRule

// ruleSet builds the rules of a web ACL in evaluation order, each priority 10 above the
// last (args), so no two collide: the block list, the cheap IP reputation list, the geo
// block, the per-client rate limit (none behind CloudFront, see WebACLArgs.BehindCloudFront),
// the path limits, then the inspecting groups. Custom rules only block; the managed groups
// see every request that is not blocked.
func ruleSet(a WebACLArgs, sets customSets) rules {
	var set rules
	if len(sets.block) > 0 {
		set = append(set, blockListRule(sets))
	}
	set = append(set, managedRule(ipReputation))
	if len(a.Custom.GeoBlock) > 0 {
		set = append(set, geoBlockRule(a.Custom.GeoBlock, sets))
	}
	if !a.BehindCloudFront {
		set = append(set, rateRule("rate-limit", a.RateLimit, a.RateWindowSeconds, sets.exempt()))
	}
	for i, l := range a.Custom.PathRateLimits {
		set = append(set, pathRateRule(i+1, l, a.RateWindowSeconds, sets))
	}
	return append(set, managedRule(commonRules), managedRule(knownBadInputs), managedRule(sqlInjection))
}

func managedRule(g managedGroup) wafRule {
	var overrides wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArray
	for _, rule := range g.countOnly {
		overrides = append(overrides, wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArgs{
			Name: pulumi.String(rule),
			ActionToUse: wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseArgs{
				Count: wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseCountArgs{},
			},
		})
	}
	return wafRule{
		name: g.rule,
		statement: wafv2.WebAclRuleStatementArgs{ManagedRuleGroupStatement: &wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs{
			Name:                pulumi.String(g.group),
			VendorName:          pulumi.String("AWS"),
			RuleActionOverrides: overrides,
		}},
		managed: true,
	}
}

// rateRule blocks a client making more than limit requests in windowSeconds with 429,
// counted by the address the request comes from: the viewer's for a CLOUDFRONT ACL or a
// regional resource clients reach directly. Never a forwarded-address header, which the
// client writes. Only requests matching scope are counted (nil: all).
func rateRule(name string, limit, windowSeconds int, scope *wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementArgs) wafRule {
	rate := &wafv2.WebAclRuleStatementRateBasedStatementArgs{
		Limit:               pulumi.Int(limit),
		EvaluationWindowSec: pulumi.Int(windowSeconds),
		AggregateKeyType:    pulumi.String("IP"),
	}
	if scope != nil {
		rate.ScopeDownStatement = scope
	}
	return wafRule{
		name:      name,
		statement: wafv2.WebAclRuleStatementArgs{RateBasedStatement: rate},
		action: wafv2.WebAclRuleActionArgs{Block: &wafv2.WebAclRuleActionBlockArgs{
			CustomResponse: &wafv2.WebAclRuleActionBlockCustomResponseArgs{ResponseCode: pulumi.Int(429)},
		}},
	}
}

// args renders the rules for the ACL named acl, each with its own CloudWatch metric.
func (rs rules) args(acl string) wafv2.WebAclRuleArray {
	out := make(wafv2.WebAclRuleArray, len(rs))
	for i, r := range rs {
		rule := wafv2.WebAclRuleArgs{
			Name:      pulumi.String(r.name),
			Priority:  pulumi.Int(10 * (i + 1)),
			Statement: r.statement,
			VisibilityConfig: wafv2.WebAclRuleVisibilityConfigArgs{
				CloudwatchMetricsEnabled: pulumi.Bool(true),
				MetricName:               pulumi.String(metricName(acl, r.name)),
				SampledRequestsEnabled:   pulumi.Bool(true),
			},
		}
		if r.managed {
			rule.OverrideAction = &wafv2.WebAclRuleOverrideActionArgs{None: &wafv2.WebAclRuleOverrideActionNoneArgs{}}
		} else {
			rule.Action = r.action
		}
		out[i] = rule
	}
	return out
}
