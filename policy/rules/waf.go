package rules

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

const (
	wafWebACL        = "aws:wafv2/webAcl:WebAcl"
	wafWebACLLogging = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
)

// wafRules returns a web ACL's rules, from the rules input or, when that is empty, from the
// ruleJson document (AWS API shape, PascalCase; the readers match keys case-insensitively).
// known is false while the rules are unknown.
func wafRules(p property.Map) (rules []property.Map, known bool, err error) {
	if v := get(p, "rules"); v.unknown() || !v.empty() {
		return v.maps(), !v.unknown(), nil
	}
	doc, ok := jsonDoc(p, "ruleJson")
	if !ok {
		return nil, true, fmt.Errorf("ruleJson is not valid JSON")
	}
	return doc.maps(), !doc.unknown(), nil
}

// wafCheck adapts a check over a web ACL's known rules.
func wafCheck(check func(p property.Map, rules []property.Map, r *report)) func(in input, r *report) {
	return func(in input, r *report) {
		rules, known, err := wafRules(in.props)
		switch {
		case err != nil:
			r.addf("%v", err)
		case known:
			check(in.props, rules, r)
		}
	}
}

// ruleLabel names a WAF rule for messages.
func ruleLabel(i int, rule property.Map) string {
	return fmt.Sprintf("rules[%d](%s)", i, get(rule, "name").str())
}

var wafResourceRules = []resourceRule{
	{
		name:        "waf-cloudwatch-metrics",
		description: "WAF web ACLs and each of their rules publish CloudWatch metrics [FSBP WAF.12]",
		level:       mandatory,
		types:       []string{wafWebACL},
		check: wafCheck(func(p property.Map, rules []property.Map, r *report) {
			r.requireTrue(p, "visibilityConfig", "cloudwatchMetricsEnabled")
			for i, rule := range rules {
				r.in(ruleLabel(i, rule), value{property.New(rule)}, func(m property.Map, rr *report) {
					rr.requireTrue(m, "visibilityConfig", "cloudwatchMetricsEnabled")
				})
			}
		}),
	},
	{
		name: "waf-managed-rule-groups",
		description: "WAF web ACLs block with the required AWS managed rule groups (common, known bad inputs, SQLi, " +
			"IP reputation), none left in count mode [FSBP WAF.10, CKV_AWS_192]",
		level: mandatory,
		types: []string{wafWebACL},
		schema: schema(map[string]map[string]any{
			"requiredManagedRuleGroups": stringsOption("AWS managed rule groups every web ACL must use. Defaults to "+
				"the common, known bad inputs, SQL injection and Amazon IP reputation groups.",
				"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet",
				"AWSManagedRulesAmazonIpReputationList"),
		}),
		check: func(in input, r *report) {
			wafCheck(func(_ property.Map, rules []property.Map, r *report) {
				used := map[string]bool{}
				for i, rule := range rules {
					group := get(rule, "statement", "managedRuleGroupStatement", "name")
					if group.unknown() {
						return // a rule group not known yet may be any of them
					}
					used[group.str()] = true
					if count := get(rule, "overrideAction", "count"); !count.absent() && !count.unknown() {
						r.addf("%s: managed rule group %s is in count mode", ruleLabel(i, rule), group)
					}
				}
				var missing []string
				for _, g := range in.config.strings("requiredManagedRuleGroups") {
					if !used[g] {
						missing = append(missing, g)
					}
				}
				if len(missing) > 0 {
					r.addf("missing AWS managed rule groups: %s", strings.Join(missing, ", "))
				}
			})(in, r)
		},
	},
	{
		name: "waf-rate-limit",
		description: "WAF web ACLs have a rate-based rule throttling clients, except a REGIONAL ACL tagged as behind CloudFront, " +
			"whose clients are all CloudFront (CloudFront's ACL limits the viewers) [WA REL05-BP02]",
		level: mandatory,
		types: []string{wafWebACL},
		schema: schema(map[string]map[string]any{
			"behindCloudFrontTag": stringOption("Tag (value true) marking a REGIONAL web ACL whose resources admit only CloudFront. "+
				"Defaults to BehindCloudFront.", defaultBehindCloudFrontTag),
		}),
		check: func(in input, r *report) {
			behind := tagsOf(in).get(in.config.str("behindCloudFrontTag"))
			scope := get(in.props, "scope")
			if behind.unknown() || scope.unknown() || (scope.str() == "REGIONAL" && behind.str() == "true") {
				return
			}
			wafCheck(func(_ property.Map, rules []property.Map, r *report) {
				for _, rule := range rules {
					if s := get(rule, "statement"); s.unknown() || !get(s.obj(), "rateBasedStatement").absent() {
						return
					}
				}
				r.addf("rules must include a rateBasedStatement")
			})(in, r)
		},
	},
}

// defaultBehindCloudFrontTag is the tag marking a REGIONAL web ACL behind CloudFront.
const defaultBehindCloudFrontTag = "BehindCloudFront"

var wafStackRules = []stackRule{
	{
		name:        "waf-logging",
		description: "Every WAF web ACL has a logging configuration [FSBP WAF.11, CKV2_AWS_31]",
		level:       mandatory,
		check: func(s *stack, _ ruleConfig) []finding {
			return requireReferrer(s, s.ofType(wafWebACL), wafWebACLLogging, "resourceArn", "",
				"no "+wafWebACLLogging+" has this web ACL as resourceArn")
		},
	},
}
