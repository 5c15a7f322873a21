package deployments

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/readme"
)

// TestDeliveryDocShowsThePlan keeps docs/delivery.md's order of deployments equal to the plan
// (UPDATE_README=1 rewrites it).
func TestDeliveryDocShowsThePlan(t *testing.T) {
	f, _ := realInputs(t)
	stacks := realPlan(t)
	root, err := harness.ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("```mermaid\nflowchart LR\n  push([\"push to " + f.Branch + "\"])\n")
	for _, s := range stacks {
		from := "push"
		if s.After != "" {
			from = node(s.After)
		}
		fmt.Fprintf(&b, "  %s --> %s[\"%s<br/>%s\"]\n", from, node(s.Name), s.Name, s.Environment)
	}
	b.WriteString("```\n\n| stack | environment | AWS account | deploys | then triggers | PR previews |\n|---|---|---|---|---|---|\n")
	for _, s := range stacks {
		when := "on push to `" + f.Branch + "`"
		if s.After != "" {
			when = "after `" + s.After + "` succeeds"
		}
		var next []string
		for _, tr := range s.Triggers {
			next = append(next, "`"+tr.Target+"`")
		}
		previews := "yes"
		if !s.Settings.PreviewPullRequests {
			previews = "no"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s (%s) | %s | %s | %s |\n", s.Name, s.Environment, s.Account, f.Accounts[s.Account].ID,
			when, strings.Join(next, ", "), previews)
	}
	readme.Sync(t, filepath.Join(root, "docs", "delivery.md"), "deployment order", b.String())
}

func node(stack string) string { return strings.ReplaceAll(stack, "-", "_") }
