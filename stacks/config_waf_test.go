package stacks

import (
	"reflect"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/components/edge"
)

// TestWAFConfigReadsEveryKind: saleor:waf's fields become the CLOUDFRONT ACL's custom rules
// as written; unset, there are none.
func TestWAFConfigReadsEveryKind(t *testing.T) {
	c, err := parse(t, map[string]string{"saleor:waf": `{"geoBlock": ["RU", "KP"], "ipAllowList": ["203.0.113.0/24"],
		"ipBlockList": ["198.51.100.7/32", "2001:db8::/32"], "pathRateLimits": [{"path": "/graphql/", "limit": 500}]}`})
	if err != nil {
		t.Fatal(err)
	}
	want := edge.CustomRules{
		GeoBlock: []string{"RU", "KP"}, IPAllowList: []string{"203.0.113.0/24"}, IPBlockList: []string{"198.51.100.7/32", "2001:db8::/32"},
		PathRateLimits: []edge.PathRateLimit{{Path: "/graphql/", Limit: 500}},
	}
	if !reflect.DeepEqual(c.Edge.WAF, want) {
		t.Errorf("saleor:waf read as %+v, want %+v", c.Edge.WAF, want)
	}
	if c, _ := parse(t, nil); !c.Edge.WAF.Empty() {
		t.Errorf("unset saleor:waf reads as %+v", c.Edge.WAF)
	}
}

// TestWAFConfigOneProblemPerBadInput: each bad value of saleor:waf is one problem of that key,
// naming its field as the stack file spells it and what is allowed; all are reported at once.
func TestWAFConfigOneProblemPerBadInput(t *testing.T) {
	_, err := parse(t, map[string]string{"saleor:waf": `{"geoBlock": ["RU", "Germany", "nl"],
		"ipAllowList": ["203.0.113.5/24", "office"], "ipBlockList": ["0.0.0.0/0"],
		"pathRateLimits": [{"path": "/graphql/", "limit": 5}, {"path": "checkout", "limit": 100}, {"path": "/x", "limit": 1000}]}`})
	problems, ok := err.(ConfigError)
	if !ok {
		t.Fatalf("got %v, want a ConfigError", err)
	}
	want := map[string]string{
		"geoBlock[1]:":            `"Germany" is not an ISO 3166-1 alpha-2 country code`,
		"geoBlock[2]:":            `"nl" is not upper case: "NL"`,
		"ipAllowList[0]:":         "did you mean 203.0.113.0/24",
		"ipAllowList[1]:":         `"office" is not a CIDR range`,
		"ipBlockList[0]:":         "every address",
		"pathRateLimits[0].limit": "10 to 2000000000",
		"pathRateLimits[1].path":  "does not start with /",
		"pathRateLimits[2].limit": "not below the per-client limit 1000 (saleor:wafRateLimit)",
	}
	if len(problems) != len(want) {
		t.Errorf("%d problems, want %d, one per bad input:\n%v", len(problems), len(want), err)
	}
	for field, says := range want {
		found := false
		for _, p := range problems {
			found = found || p.Key == "saleor:waf" && strings.HasPrefix(p.Message, field) && strings.Contains(p.Message, says)
		}
		if !found {
			t.Errorf("no saleor:waf problem of %s saying %q in:\n%v", field, says, err)
		}
	}
}

// TestWAFConfigRefusals: a misspelt field, and custom rules on an API-only stack (which has
// no web ACL in front of its clients), are problems of saleor:waf.
func TestWAFConfigRefusals(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change map[string]string
		says   string
	}{
		{"misspelt field", map[string]string{"saleor:waf": `{"geoBlocks": ["RU"]}`}, "unknown field"},
		{"API-only stack", map[string]string{"saleor:apiOnly": "true", "saleor:storefront": "", "saleor:waf": `{"geoBlock": ["RU"]}`}, "set saleor:waf on the primary"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse(t, tt.change)
			problems, _ := err.(ConfigError)
			for _, p := range problems {
				if p.Key == "saleor:waf" && strings.Contains(p.Message, tt.says) {
					return
				}
			}
			t.Errorf("no saleor:waf problem saying %q in:\n%v", tt.says, err)
		})
	}
}
