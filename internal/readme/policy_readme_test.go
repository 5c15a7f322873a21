package readme_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/saleor-platform/infra/internal/readme"
	"github.com/saleor-platform/infra/policy/config"
	"github.com/saleor-platform/infra/policy/engine"
	"github.com/saleor-platform/infra/policy/rules"
)

var levelMarks = map[policyx.EnforcementLevel]string{
	policyx.EnforcementLevelMandatory: "M", policyx.EnforcementLevelAdvisory: "A", policyx.EnforcementLevelDisabled: "off",
}

// policyReadme is the policy pack's README, relative to this package.
const policyReadme = "../../policy/README.md"

// TestPolicyReadmeRuleTable fails when policy/README.md's rule table no longer matches the pack
// and the config files; UPDATE_README=1 rewrites it. It lives in this module, not the pack's:
// the pack's module builds alone (it is published on its own) and cannot import this one.
func TestPolicyReadmeRuleTable(t *testing.T) {
	table, err := ruleTable()
	if err != nil {
		t.Fatal(err)
	}
	readme.Sync(t, policyReadme, "rule table", table)
}

// ruleTable renders every policy with its level in each environment's config.
func ruleTable() (string, error) {
	envs := []string{"production", "staging", "qa", "development", "demo"}
	levels := map[string]map[string]policyx.PolicyConfig{}
	for _, env := range envs {
		c, err := config.ForEnvironment(env)
		if err != nil {
			return "", err
		}
		if levels[env], err = engine.Resolve(rules.Policies(), c); err != nil {
			return "", err
		}
	}
	var b strings.Builder
	b.WriteString("| policy | kind | checks | controls | prod | staging | qa | dev | demo |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|\n")
	for _, p := range rules.Policies() {
		kind := "resource"
		if _, ok := p.(policyx.StackValidationPolicy); ok {
			kind = "stack"
		}
		checks, controls, _ := strings.Cut(strings.TrimSuffix(p.Description(), "]"), " [")
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |", p.Name(), kind, checks, controls)
		for _, env := range envs {
			mark := levelMarks[levels[env][p.Name()].EnforcementLevel]
			if props := levels[env][p.Name()].Properties; len(props) > 0 {
				mark += " " + propertiesNote(props)
			}
			fmt.Fprintf(&b, " %s |", mark)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n%d policies. M mandatory, A advisory, off disabled; numbers are the configured days.\n",
		len(rules.Policies()))
	return b.String(), nil
}

// propertiesNote shows numeric properties (retention days) compactly.
func propertiesNote(props map[string]any) string {
	var notes []string
	for _, v := range props {
		switch v := v.(type) {
		case float64:
			notes = append(notes, fmt.Sprint(v))
		case int:
			notes = append(notes, fmt.Sprint(v))
		}
	}
	return strings.Join(notes, " ")
}
