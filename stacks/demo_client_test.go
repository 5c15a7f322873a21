package stacks_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

// newDemoClient is the stack file of demo client globex exactly as the README's "Adding a
// demo client" shows it (between its <!-- BEGIN demo client --> markers), read as the CLI
// reads a stack file.
func newDemoClient(t *testing.T) harness.Stack {
	t.Helper()
	root, err := harness.ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "<!-- BEGIN demo client -->")
	block, _, ok2 := strings.Cut(block, "<!-- END demo client -->")
	if !ok || !ok2 {
		t.Fatal("README.md has no <!-- BEGIN demo client --> ... <!-- END demo client --> block")
	}
	block = strings.TrimSpace(block)
	block = strings.TrimPrefix(strings.TrimSuffix(block, "```"), "```yaml")
	s, err := harness.ParseStack("demo-globex", block)
	if err != nil {
		t.Fatalf("the README's demo stack file: %v", err)
	}
	return s
}

// TestANewDemoClientIsOneStackFile: a demo client's stack file with only what is the client's
// plans with no mandatory violation under demo.json, fits the demo environment beside
// demo-acme, is named, tagged and budgeted after the client (CostCenter and Stack tags
// demo-<client>, a 1,500 USD monthly budget on its own costs), and shares no name AWS keeps
// unique with demo-acme, in the one account they share.
func TestANewDemoClientIsOneStackFile(t *testing.T) {
	globex := newDemoClient(t)
	acme, err := harness.LoadStack("demo-acme")
	if err != nil {
		t.Fatal(err)
	}
	configs := []stacks.StackConfig{{Name: acme.Name, Config: acme.Config}, {Name: globex.Name, Config: globex.Config}}
	if problems := stacks.CheckEnvironment(configs); len(problems) > 0 {
		t.Fatalf("the demo environment with demo-globex: %v", problems)
	}
	inv, err := harness.Run(stacks.Program, globex)
	if err != nil {
		t.Fatal(err)
	}
	if m := mandatoryOnly(evaluatePolicy(t, "demo", inv.AnalyzerResources())); len(m) > 0 {
		t.Errorf("mandatory violations under demo.json: %v", violationsOf(m))
	}
	for _, r := range inv.AWS() {
		tags := r.Tags()
		if len(tags) == 0 {
			continue // not taggable; required-tags checks the taggable ones carry tags
		}
		if tags["CostCenter"] != "demo-globex" || tags["Stack"] != "demo-globex" {
			t.Errorf("%s: CostCenter %q, Stack %q; want both demo-globex", r.URN, tags["CostCenter"], tags["Stack"])
			break
		}
	}
	budgets := inv.OfType(budgetType)
	if len(budgets) != 1 {
		t.Fatalf("%d budgets, want 1", len(budgets))
	}
	b := budgets[0]
	var filters []struct {
		Values []string `json:"values"`
	}
	decode(t, b, "costFilters", &filters)
	if b.String("limitAmount") != "1500" || !strings.Contains(b.String("name"), "demo-globex") ||
		len(filters) != 1 || !slices.Equal(filters[0].Values, []string{"user:Stack$demo-globex"}) {
		t.Errorf("budget %s: %s USD, filters %v; want demo-globex's own costs, 1500 USD", b.String("name"), b.String("limitAmount"), b.Get("costFilters"))
	}

	acmeInv := runStack(t, "demo-acme")
	taken := map[string]string{}
	for _, r := range acmeInv.AWS() {
		for prop := range nameScopes[r.Type] {
			if v := r.String(prop); v != "" {
				taken[r.Type+" "+v] = r.URN
			}
		}
	}
	for _, r := range inv.AWS() {
		for prop := range nameScopes[r.Type] {
			if other, clash := taken[r.Type+" "+r.String(prop)]; clash && r.String(prop) != "" {
				t.Errorf("%s %s %q is also demo-acme's %s", r.URN, prop, r.String(prop), other)
			}
		}
	}
}
