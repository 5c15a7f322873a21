package stacks

import (
	"regexp"
	"strings"
	"testing"
)

// TestSearchConfig: search is off unless saleor:search enables it; createServiceLinkedRole
// without enabled and misspelt fields are problems of saleor:search.
func TestSearchConfig(t *testing.T) {
	if c, err := parse(t, nil); err != nil || c.Search.Enabled {
		t.Fatalf("search is on by default (%v)", err)
	}
	c, err := parse(t, map[string]string{"saleor:search": `{"enabled": true, "createServiceLinkedRole": true}`})
	if err != nil || !c.Search.Enabled || !c.Search.CreateServiceLinkedRole {
		t.Fatalf("saleor:search read as %+v (%v)", c.Search, err)
	}
	for value, says := range map[string]string{
		`{"createServiceLinkedRole": true}`: "enabled is not",
		`{"enable": true}`:                  "unknown field",
	} {
		_, err := parse(t, map[string]string{"saleor:search": value})
		problems, _ := err.(ConfigError)
		found := false
		for _, p := range problems {
			found = found || p.Key == "saleor:search" && strings.Contains(p.Message, says)
		}
		if !found {
			t.Errorf("saleor:search %s: no problem saying %q in %v", value, says, err)
		}
	}
}

// TestSearchDomainNames: a domain name is the stack's, within OpenSearch's 28 characters and
// character set, and distinct for stacks whose names share a long start.
func TestSearchDomainNames(t *testing.T) {
	valid := regexp.MustCompile(`^[a-z][a-z0-9-]{2,27}$`)
	seen := map[string]string{}
	for _, stack := range []string{"prod-eu", "staging-benelux", "demo-acme", "demo-globex-international-holdings", "demo-globex-international-partners"} {
		name := searchDomainName(&Config{Project: "saleor", Stack: stack})
		if !valid.MatchString(name) {
			t.Errorf("stack %s: domain name %q is not one OpenSearch accepts", stack, name)
		}
		if other, taken := seen[name]; taken {
			t.Errorf("stacks %s and %s share the domain name %q", other, stack, name)
		}
		seen[name] = stack
	}
	if got := searchDomainName(&Config{Project: "saleor", Stack: "prod-eu"}); got != "saleor-prod-eu-search" {
		t.Errorf("prod-eu's domain is %q, want saleor-prod-eu-search", got)
	}
}
