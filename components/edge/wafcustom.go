package edge

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/validate"
)

// CustomRules are a stack's own web ACL rules, around the baseline of AWS managed rule groups
// and the per-client rate limit, which they can neither remove nor bypass: no custom rule
// allows (a terminating allow would skip the baseline), so every request that is not blocked
// goes through the managed groups. Zero value: no custom rules.
type CustomRules struct {
	// GeoBlock blocks requests from these countries (WAFCountryCodes: ISO 3166-1 alpha-2,
	// upper case), unless the client is on IPAllowList.
	GeoBlock []string
	// IPAllowList are client ranges (CIDR, IPv4 or IPv6, e.g. "203.0.113.0/24") exempt from
	// GeoBlock and every rate limit, e.g. an office or a partner's integration; the managed
	// rule groups still inspect them.
	IPAllowList []string
	// IPBlockList are client ranges (CIDR) blocked before anything else.
	IPBlockList []string
	// PathRateLimits limit requests per client to paths, tighter than WebACLArgs.RateLimit,
	// over the same window (RateWindowSeconds).
	PathRateLimits []PathRateLimit
}

// PathRateLimit limits how many requests one client address may make to paths starting with
// Path per window before it is blocked with 429.
type PathRateLimit struct {
	// Path is matched against the start of the URI path, as sent (case-sensitive), e.g.
	// "/graphql/".
	Path string
	// Limit is the requests per window (MinRateLimit to MaxRateLimit).
	Limit int
}

// AWS WAF's limits on what custom rules use.
const (
	// MinRateLimit and MaxRateLimit bound a rate-based rule's limit, per evaluation window.
	MinRateLimit, MaxRateLimit = 10, 2_000_000_000
	// MaxRateRules is how many rate-based rules one web ACL may hold; the baseline's per-client
	// limit is one of them.
	MaxRateRules = 10
	// MaxIPSetAddresses is how many CIDR ranges one IP set holds (one set per IP version).
	MaxIPSetAddresses = 10_000
	// maxPathLength is the longest search string of a byte match statement, in bytes.
	maxPathLength = 200
)

// Empty reports whether r has no rules.
func (r CustomRules) Empty() bool {
	return len(r.GeoBlock) == 0 && len(r.IPAllowList) == 0 && len(r.IPBlockList) == 0 && len(r.PathRateLimits) == 0
}

// CheckCountryCode reports why AWS WAF's geo match would refuse code; nil when it accepts it.
func CheckCountryCode(code string) error {
	switch {
	case catalog.IsWAFCountryCode(code):
		return nil
	case catalog.IsWAFCountryCode(strings.ToUpper(code)):
		return fmt.Errorf("%q is not upper case: %q", code, strings.ToUpper(code))
	}
	return fmt.Errorf("%q is not an ISO 3166-1 alpha-2 country code AWS WAF matches, such as \"RU\" or \"NL\" (catalog.WAFCountryCodes)", code)
}

// CheckIPRange parses an IP set's range, and reports why AWS WAF would refuse it.
func CheckIPRange(text string) (netip.Prefix, error) {
	cidr, err := netip.ParsePrefix(text)
	switch {
	case err != nil:
		return cidr, fmt.Errorf("%q is not a CIDR range such as \"203.0.113.0/24\" or \"2001:db8::/32\" (a single address takes /32 or /128)", text)
	case cidr.Bits() == 0:
		return cidr, fmt.Errorf("%s is every address; AWS WAF accepts every range but /0", cidr)
	case cidr.Masked() != cidr:
		return cidr, fmt.Errorf("%s has host bits set; did you mean %s?", cidr, cidr.Masked())
	}
	return cidr, nil
}

// CheckPath reports why path cannot be a PathRateLimit's; nil when it can.
func CheckPath(path string) error {
	switch {
	case !strings.HasPrefix(path, "/"):
		return fmt.Errorf("%q does not start with /, as a URI path does (e.g. \"/graphql/\")", path)
	case len(path) > maxPathLength:
		return fmt.Errorf("%q is %d bytes; AWS WAF matches at most %d", path, len(path), maxPathLength)
	case strings.ContainsAny(path, " \t\r\n?#"):
		return fmt.Errorf("%q holds a space, query or fragment; give the path alone", path)
	}
	return nil
}

// Check reports every problem of r under p, one per bad input; globalLimit is the ACL's
// per-client limit (WebACLArgs.RateLimit), which path limits must stay under.
func (r CustomRules) Check(p *validate.Problems, globalLimit int) {
	for i, code := range r.GeoBlock {
		if err := CheckCountryCode(code); err != nil {
			p.Add(validate.Index("GeoBlock", i), "%v", err)
		}
	}
	duplicates(p, "GeoBlock", r.GeoBlock)
	allow, block := checkRanges(p, "IPAllowList", r.IPAllowList), checkRanges(p, "IPBlockList", r.IPBlockList)
	for i, allowed := range allow {
		for _, blocked := range block {
			if allowed.IsValid() && blocked.IsValid() && blocked.Bits() <= allowed.Bits() && blocked.Contains(allowed.Addr()) {
				p.Add(validate.Index("IPAllowList", i), "%s is inside IPBlockList's %s, which blocks first: it would never be allowed", allowed, blocked)
				break
			}
		}
	}
	if n := len(r.PathRateLimits); n > MaxRateRules-1 {
		p.Add("PathRateLimits", "%d limits; a web ACL holds %d rate-based rules and the per-client limit is one", n, MaxRateRules)
	}
	paths := make([]string, len(r.PathRateLimits))
	for i, l := range r.PathRateLimits {
		at := validate.Index("PathRateLimits", i)
		if err := CheckPath(l.Path); err != nil {
			p.Add(at+".Path", "%v", err)
		}
		p.Range(at+".Limit", l.Limit, MinRateLimit, MaxRateLimit, "requests per window (AWS WAF's limits)")
		if l.Limit >= globalLimit {
			p.Add(at+".Limit", "%d is not below the per-client limit %d (RateLimit), which counts every path and blocks first: a path limit only tightens", l.Limit, globalLimit)
		}
		paths[i] = l.Path
	}
	duplicates(p, "PathRateLimits", paths)
}

// checkRanges reports every problem of a list of ranges and returns them parsed (invalid ones
// as the zero Prefix).
func checkRanges(p *validate.Problems, field string, list []string) []netip.Prefix {
	out := make([]netip.Prefix, len(list))
	for i, text := range list {
		cidr, err := CheckIPRange(text)
		if err != nil {
			p.Add(validate.Index(field, i), "%v", err)
			continue
		}
		out[i] = cidr
	}
	duplicates(p, field, out)
	for _, v6 := range []bool{false, true} {
		if n := len(byVersion(out, v6)); n > MaxIPSetAddresses {
			p.Add(field, "%d %s ranges; an AWS WAF IP set holds at most %d", n, ipVersion(v6), MaxIPSetAddresses)
		}
	}
	return out
}

// duplicates reports each value of list that repeats an earlier one.
func duplicates[T comparable](p *validate.Problems, field string, list []T) {
	var zero T
	for i, v := range list {
		if v != zero && slices.Index(list, v) < i {
			p.Add(validate.Index(field, i), "%v is listed twice", v)
		}
	}
}

// byVersion returns the IPv4 (v6 false) or IPv6 ranges of list, as AWS WAF writes them.
func byVersion(list []netip.Prefix, v6 bool) []string {
	var out []string
	for _, p := range list {
		if p.IsValid() && p.Addr().Is6() == v6 {
			out = append(out, p.String())
		}
	}
	return out
}

func ipVersion(v6 bool) string {
	if v6 {
		return "IPV6"
	}
	return "IPV4"
}

// ipSets are the IP sets of a list: one per IP version it holds.
type ipSets []*wafv2.IpSet

// newIPSets creates the IP sets of list (named acl-<list>-ipv4/-ipv6) in the ACL's scope,
// from checked ranges.
func newIPSets(ctx *pulumi.Context, acl, list string, scope Scope, texts []string, parent pulumi.ResourceOrInvokeOption) (ipSets, error) {
	ranges := make([]netip.Prefix, len(texts))
	for i, text := range texts {
		ranges[i] = netip.MustParsePrefix(text)
	}
	var out ipSets
	for _, v6 := range []bool{false, true} {
		addresses := byVersion(ranges, v6)
		if len(addresses) == 0 {
			continue
		}
		version := ipVersion(v6)
		set, err := wafv2.NewIpSet(ctx, fmt.Sprintf("%s-%s-%s", acl, list, strings.ToLower(version)), &wafv2.IpSetArgs{
			Scope:            pulumi.String(string(scope)),
			IpAddressVersion: pulumi.String(version),
			Addresses:        pulumi.ToStringArray(addresses),
			Description:      pulumi.Sprintf("Saleor %s %s (%s)", acl, list, version),
		}, parent)
		if err != nil {
			return nil, err
		}
		out = append(out, set)
	}
	return out, nil
}

// matches is a statement matching a client address in any of the sets; nil for no sets.
func (s ipSets) matches() *wafv2.WebAclRuleStatementArgs {
	statements := make(wafv2.WebAclRuleStatementArray, len(s))
	for i, set := range s {
		statements[i] = wafv2.WebAclRuleStatementArgs{IpSetReferenceStatement: &wafv2.WebAclRuleStatementIpSetReferenceStatementArgs{Arn: set.Arn}}
	}
	switch len(s) {
	case 0:
		return nil
	case 1:
		only := statements[0].(wafv2.WebAclRuleStatementArgs)
		return &only
	}
	return &wafv2.WebAclRuleStatementArgs{OrStatement: &wafv2.WebAclRuleStatementOrStatementArgs{Statements: statements}}
}

// customSets are the IP sets of an ACL's custom rules, made before the ACL references them.
type customSets struct{ allow, block ipSets }

// newCustomSets creates the IP sets of r's lists.
func newCustomSets(ctx *pulumi.Context, acl string, scope Scope, r CustomRules, parent pulumi.ResourceOrInvokeOption) (customSets, error) {
	var out customSets
	var err error
	if out.allow, err = newIPSets(ctx, acl, "allow", scope, r.IPAllowList, parent); err != nil {
		return out, err
	}
	out.block, err = newIPSets(ctx, acl, "block", scope, r.IPBlockList, parent)
	return out, err
}

// exempt is the per-client rate limit's scope: every client but the allow-listed; nil (all)
// without an allow list.
func (s customSets) exempt() *wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementArgs {
	allowed := s.allow.matches()
	if allowed == nil {
		return nil
	}
	return &wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementArgs{
		NotStatement: &wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementNotStatementArgs{
			Statements: wafv2.WebAclRuleStatementArray{*allowed},
		},
	}
}

// blockListRule blocks the block list's clients outright.
func blockListRule(sets customSets) wafRule {
	return wafRule{name: "ip-block-list", statement: *sets.block.matches(), action: block()}
}

// geoBlockRule blocks clients from countries, unless allow-listed.
func geoBlockRule(countries []string, sets customSets) wafRule {
	geo := wafv2.WebAclRuleStatementArgs{GeoMatchStatement: &wafv2.WebAclRuleStatementGeoMatchStatementArgs{
		CountryCodes: pulumi.ToStringArray(countries),
	}}
	statement := geo
	if allowed := sets.allow.matches(); allowed != nil {
		statement = wafv2.WebAclRuleStatementArgs{AndStatement: &wafv2.WebAclRuleStatementAndStatementArgs{
			Statements: wafv2.WebAclRuleStatementArray{geo, notStatement(*allowed)},
		}}
	}
	return wafRule{name: "geo-block", statement: statement, action: block()}
}

// pathRateRule is the rate rule of the n-th (from 1) path limit, over the ACL's window,
// exempting the allow list.
func pathRateRule(n int, l PathRateLimit, windowSeconds int, sets customSets) wafRule {
	path := wafv2.WebAclRuleStatementArgs{ByteMatchStatement: &wafv2.WebAclRuleStatementByteMatchStatementArgs{
		FieldToMatch:         &wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchArgs{UriPath: &wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchUriPathArgs{}},
		PositionalConstraint: pulumi.String("STARTS_WITH"),
		SearchString:         pulumi.String(l.Path),
		TextTransformations: wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArray{
			wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArgs{Priority: pulumi.Int(0), Type: pulumi.String("NONE")},
		},
	}}
	var scope wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementArgs
	if allowed := sets.allow.matches(); allowed != nil {
		scope.AndStatement = &wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementAndStatementArgs{
			Statements: wafv2.WebAclRuleStatementArray{path, notStatement(*allowed)},
		}
	} else {
		scope.ByteMatchStatement = &wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementByteMatchStatementArgs{
			FieldToMatch: &wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementByteMatchStatementFieldToMatchArgs{
				UriPath: &wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementByteMatchStatementFieldToMatchUriPathArgs{},
			},
			PositionalConstraint: pulumi.String("STARTS_WITH"),
			SearchString:         pulumi.String(l.Path),
			TextTransformations: wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementByteMatchStatementTextTransformationArray{
				wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementByteMatchStatementTextTransformationArgs{Priority: pulumi.Int(0), Type: pulumi.String("NONE")},
			},
		}
	}
	return rateRule(fmt.Sprintf("rate-limit-path-%d", n), l.Limit, windowSeconds, &scope)
}

// notStatement negates s.
func notStatement(s wafv2.WebAclRuleStatementArgs) wafv2.WebAclRuleStatementArgs {
	return wafv2.WebAclRuleStatementArgs{NotStatement: &wafv2.WebAclRuleStatementNotStatementArgs{
		Statements: wafv2.WebAclRuleStatementArray{s},
	}}
}

// block is a rule's block action: 403, WAF's default response.
func block() wafv2.WebAclRuleActionArgs {
	return wafv2.WebAclRuleActionArgs{Block: &wafv2.WebAclRuleActionBlockArgs{}}
}
