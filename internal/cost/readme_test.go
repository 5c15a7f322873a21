package cost

import (
	"fmt"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/readme"
	"github.com/saleor-platform/infra/internal/usage"
)

// TestReadmeCostTable keeps README.md's cost table equal to the estimates of the stack
// files; UPDATE_README=1 rewrites it.
func TestReadmeCostTable(t *testing.T) {
	all := allStacks(t)
	var b strings.Builder
	b.WriteString("| environment | stack | role | regions | $/month | with reserved + Spot | budget | largest item |\n|---|---|---|---|---:|---:|---:|---|\n")
	for _, env := range []string{"production", "staging", "qa", "development", "demo"} {
		names, err := harness.EnvironmentStacks(env)
		if err != nil {
			t.Fatal(err)
		}
		var total, levers float64
		for _, name := range names {
			est, err := Of(all[name])
			if err != nil {
				t.Fatal(err)
			}
			total += est.MonthlyUSD
			levers += est.WithLeversUSD
			role := all[name].Stack.Config[harness.RoleKey]
			if role == "" {
				role = "primary"
			}
			top := est.Largest(1)[0]
			budget := "-"
			if est.BudgetUSD > 0 {
				budget = money(float64(est.BudgetUSD))
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s `%s`: $%s |\n", env, name, role, strings.Join(regionsOf(est), ", "),
				money(est.MonthlyUSD), money(est.WithLeversUSD), budget, top.Type, top.Resource, money(top.USD))
		}
		fmt.Fprintf(&b, "| **%s** | **all %d stacks** | | | **%s** | **%s** | | |\n", env, len(names), money(total), money(levers))
	}
	b.WriteString("\nUsage assumptions per environment (override per stack with `" + usage.Key + "`):\n\n")
	for _, env := range []string{"production", "staging", "qa", "development", "demo"} {
		a, err := usage.Defaults(env)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "- %s: %s\n", env, AssumptionsLine(a))
	}
	readme.Sync(t, "../../README.md", "cost table", b.String())
}

// regionsOf lists the regions an estimate has lines in, sorted.
func regionsOf(est *Estimate) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range est.Lines {
		if l.Region != "" && !seen[l.Region] {
			seen[l.Region] = true
			out = append(out, l.Region)
		}
	}
	sortStrings(out)
	return out
}
