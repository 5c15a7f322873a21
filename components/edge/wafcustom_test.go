package edge_test

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/edge"
	"github.com/saleor-platform/infra/components/validate"
	"github.com/saleor-platform/infra/internal/harness"
)

const tIPSet = "aws:wafv2/ipSet:IpSet"

func prefixes(cidrs ...string) []string { return cidrs }

// everyKind is a CLOUDFRONT ACL's custom rules of every kind, IPv4 and IPv6 in both lists.
var everyKind = edge.CustomRules{
	GeoBlock:       []string{"RU", "KP"},
	IPAllowList:    prefixes("203.0.113.0/24", "2001:db8:a::/48"),
	IPBlockList:    prefixes("198.51.100.7/32", "192.0.2.0/24", "2001:db8:b::/48"),
	PathRateLimits: []edge.PathRateLimit{{Path: "/graphql/", Limit: 500}, {Path: "/checkout/", Limit: 60}},
}

func customACL(t *testing.T, custom edge.CustomRules) *harness.Inventory {
	t.Helper()
	return run(t, func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewWebACL(ctx, "waf", &edge.WebACLArgs{Scope: edge.CloudFrontScope, Custom: custom, Logs: logs("us-east-1")}, pulumi.Providers(p[0]))
		return err
	}, "us-east-1")
}

// setRefs returns the ARNs of the IP sets a statement references, directly or through OR.
func setRefs(s resource.PropertyMap) []string {
	if arn := text(s, "ipSetReferenceStatement", "arn"); arn != "" {
		return []string{arn}
	}
	var out []string
	for _, inner := range objects(field(s, "orStatement", "statements")) {
		out = append(out, setRefs(inner)...)
	}
	slices.Sort(out)
	return out
}

// ipSetArns returns the ARNs of a list's IP sets (named waf-<list>-ipv4/-ipv6) and checks
// each holds the list's ranges of its version, in the ACL's scope and region.
func ipSetArns(t *testing.T, inv *harness.Inventory, list string, ranges []string) []string {
	t.Helper()
	var arns []string
	for _, version := range []string{"ipv4", "ipv6"} {
		var want []string
		for _, r := range ranges {
			if netip.MustParsePrefix(r).Addr().Is6() == (version == "ipv6") {
				want = append(want, r)
			}
		}
		set := inv.Named(tIPSet, "waf-"+list+"-"+version)
		if len(want) == 0 {
			if set != nil {
				t.Errorf("an empty %s IP set for %s", version, list)
			}
			continue
		}
		if set == nil {
			t.Fatalf("no %s IP set for %s", version, list)
		}
		if got := set.Strings("addresses"); !slices.Equal(got, want) || set.String("scope") != "CLOUDFRONT" ||
			set.String("ipAddressVersion") != strings.ToUpper(version) || set.Region != "us-east-1" {
			t.Errorf("%s: %v %s %s in %s, want %v CLOUDFRONT in us-east-1", set.Name, got, set.String("scope"), set.String("ipAddressVersion"), set.Region, want)
		}
		arns = append(arns, set.Output("arn"))
	}
	slices.Sort(arns)
	return arns
}

// exempts reports whether s is NOT(the allow list).
func exempts(s resource.PropertyMap, allow []string) bool {
	inner := objects(field(s, "notStatement", "statements"))
	return len(inner) == 1 && slices.Equal(setRefs(inner[0]), allow)
}

// TestEachCustomRuleMakesItsStatement: the block list blocks its IP sets (one per version),
// the geo block matches its countries but the allow list, the per-client limit skips the
// allow list, and each path limit counts requests whose path starts with it, per client, over
// the ACL's window, blocking with 429.
func TestEachCustomRuleMakesItsStatement(t *testing.T) {
	inv := customACL(t, everyKind)
	rules := rulesOf(only(t, inv, tWebACL))
	allow := ipSetArns(t, inv, "allow", everyKind.IPAllowList)
	block := ipSetArns(t, inv, "block", everyKind.IPBlockList)

	blocked := rules["ip-block-list"]
	if !slices.Equal(setRefs(field(blocked, "statement").ObjectValue()), block) || field(blocked, "action", "block").IsNull() {
		t.Errorf("ip-block-list: %v", blocked)
	}

	geo := rules["geo-block"]
	both := objects(field(geo, "statement", "andStatement", "statements"))
	if len(both) != 2 || !slices.Equal(texts(both[0], "geoMatchStatement", "countryCodes"), everyKind.GeoBlock) ||
		!exempts(both[1], allow) || field(geo, "action", "block").IsNull() {
		t.Errorf("geo-block: %v", geo)
	}

	if !exempts(field(rules["rate-limit"], "statement", "rateBasedStatement", "scopeDownStatement").ObjectValue(), allow) {
		t.Errorf("the per-client limit counts the allow list: %v", rules["rate-limit"])
	}

	for i, l := range everyKind.PathRateLimits {
		rule := rules[[]string{"rate-limit-path-1", "rate-limit-path-2"}[i]]
		rate := field(rule, "statement", "rateBasedStatement").ObjectValue()
		and := objects(field(rate, "scopeDownStatement", "andStatement", "statements"))
		if len(and) != 2 || !exempts(and[1], allow) {
			t.Fatalf("%s does not exempt the allow list: %v", l.Path, rate)
		}
		match := field(and[0], "byteMatchStatement").ObjectValue()
		if text(match, "searchString") != l.Path || text(match, "positionalConstraint") != "STARTS_WITH" || field(match, "fieldToMatch", "uriPath").IsNull() {
			t.Errorf("%s matches %v", l.Path, match)
		}
		if field(rate, "limit").NumberValue() != float64(l.Limit) || field(rate, "evaluationWindowSec").NumberValue() != 60 || text(rate, "aggregateKeyType") != "IP" {
			t.Errorf("%s: %v per %v s by %s, want %d per 60 s by IP", l.Path, field(rate, "limit"), field(rate, "evaluationWindowSec"), text(rate, "aggregateKeyType"), l.Limit)
		}
		if field(rule, "action", "block", "customResponse", "responseCode").NumberValue() != 429 {
			t.Errorf("%s does not answer 429: %v", l.Path, field(rule, "action"))
		}
	}

	// Without an allow list the path rule scopes down to the path alone.
	alone := rulesOf(only(t, customACL(t, edge.CustomRules{PathRateLimits: everyKind.PathRateLimits[:1]}), tWebACL))
	scope := field(alone["rate-limit-path-1"], "statement", "rateBasedStatement", "scopeDownStatement").ObjectValue()
	if text(scope, "byteMatchStatement", "searchString") != "/graphql/" || !field(scope, "andStatement").IsNull() {
		t.Errorf("path limit without an allow list scopes down to %v", scope)
	}
	if !field(alone["rate-limit"], "statement", "rateBasedStatement", "scopeDownStatement").IsNull() {
		t.Error("without an allow list the per-client limit counts every client")
	}
}

// TestBaselineStaysWithCustomRules: with every kind of custom rule the managed groups still
// block and the per-client limit stays; no rule allows (which would skip the rest) or only
// counts; priorities are distinct, the block list first and the inspecting groups last.
func TestBaselineStaysWithCustomRules(t *testing.T) {
	r := only(t, customACL(t, everyKind), tWebACL)
	var names []string
	priorities := map[float64]string{}
	for _, rule := range objects(r.Get("rules")) {
		name := text(rule, "name")
		names = append(names, name)
		if prior, taken := priorities[field(rule, "priority").NumberValue()]; taken {
			t.Errorf("%s and %s share priority %v", prior, name, field(rule, "priority"))
		}
		priorities[field(rule, "priority").NumberValue()] = name
		if !field(rule, "action", "allow").IsNull() || !field(rule, "action", "count").IsNull() || !field(rule, "overrideAction", "count").IsNull() {
			t.Errorf("rule %s allows or only counts: %v %v", name, field(rule, "action"), field(rule, "overrideAction"))
		}
	}
	want := []string{"ip-block-list", "ip-reputation", "geo-block", "rate-limit", "rate-limit-path-1", "rate-limit-path-2", "common", "known-bad-inputs", "sqli"}
	if !slices.Equal(names, want) {
		t.Errorf("rules in order %v, want %v", names, want)
	}
	sorted := slices.Sorted(func(yield func(float64) bool) {
		for p := range priorities {
			if !yield(p) {
				return
			}
		}
	})
	for i, p := range sorted {
		if priorities[p] != want[i] {
			t.Errorf("priority %v is %s, want %s: the rules are evaluated out of order", p, priorities[p], want[i])
		}
	}
	if r.Get("defaultAction.allow").IsNull() {
		t.Error("the default action is not allow")
	}
}

// TestCustomRulesValidation: every bad input is one problem naming its field, all reported
// before anything is registered.
func TestCustomRulesValidation(t *testing.T) {
	tooMany := make([]edge.PathRateLimit, 10)
	for i := range tooMany {
		tooMany[i] = edge.PathRateLimit{Path: "/p" + string(rune('a'+i)), Limit: 100}
	}
	for _, tt := range []struct {
		name   string
		custom edge.CustomRules
		behind bool
		want   map[string]string // field: part of its message
	}{
		{"countries", edge.CustomRules{GeoBlock: []string{"XX", "nl", "RU", "RU", "EU"}}, false, map[string]string{
			"Custom.GeoBlock[0]": "not an ISO 3166-1 alpha-2", "Custom.GeoBlock[1]": `"NL"`,
			"Custom.GeoBlock[3]": "listed twice", "Custom.GeoBlock[4]": "not an ISO 3166-1 alpha-2"}},
		{"ranges", edge.CustomRules{
			IPAllowList: []string{"0.0.0.0/0", "10.0.0.300/32", "198.51.100.8/29"},
			IPBlockList: prefixes("10.1.2.3/16", "198.51.100.0/24", "198.51.100.0/24")}, false, map[string]string{
			"Custom.IPAllowList[0]": "every address", "Custom.IPAllowList[1]": `"10.0.0.300/32" is not a CIDR range`,
			"Custom.IPAllowList[2]": "inside IPBlockList", "Custom.IPBlockList[0]": "did you mean 10.1.0.0/16",
			"Custom.IPBlockList[2]": "listed twice"}},
		{"paths", edge.CustomRules{PathRateLimits: []edge.PathRateLimit{
			{Path: "graphql/", Limit: 100}, {Path: "/a", Limit: 5}, {Path: "/b", Limit: 1000}, {Path: "/a", Limit: 50},
			{Path: "/" + strings.Repeat("x", 200), Limit: 100}, {Path: "/c?x=1", Limit: 100}}}, false, map[string]string{
			"Custom.PathRateLimits[0].Path": "start with /", "Custom.PathRateLimits[1].Limit": "10",
			"Custom.PathRateLimits[2].Limit": "not below the per-client limit 1000", "Custom.PathRateLimits[3]": "listed twice",
			"Custom.PathRateLimits[4].Path": "at most 200", "Custom.PathRateLimits[5].Path": "query"}},
		{"rate rules", edge.CustomRules{PathRateLimits: tooMany}, false, map[string]string{"Custom.PathRateLimits": "10 rate-based rules"}},
		{"behind CloudFront", edge.CustomRules{GeoBlock: []string{"RU"}}, true, map[string]string{"Custom": "CLOUDFRONT ACL"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := runErr(func(ctx *pulumi.Context, p []*awsProvider) error {
				a := &edge.WebACLArgs{Scope: edge.CloudFrontScope, Custom: tt.custom, Logs: logs("us-east-1")}
				if tt.behind {
					a.Scope, a.BehindCloudFront = edge.RegionalScope, true
				}
				_, err := edge.NewWebACL(ctx, "waf", a, pulumi.Providers(p[0]))
				return err
			}, "us-east-1")
			if err == nil {
				t.Fatal("no error")
			}
			fields := validate.Fields(err)
			if len(fields) != len(tt.want) {
				t.Errorf("%d problems, want %d (one per bad input):\n%v", len(fields), len(tt.want), err)
			}
			for f, msg := range tt.want {
				found := false
				for _, line := range strings.Split(err.Error(), "\n") {
					found = found || strings.Contains(line, ": "+f+": ") && strings.Contains(line, msg)
				}
				if !found {
					t.Errorf("no problem of %s saying %q:\n%v", f, msg, err)
				}
			}
		})
	}
}
