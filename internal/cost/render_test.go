package cost

import (
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/deploytime"
)

// TestMarkdown: the PR comment's sections are a mermaid pie of the cost by tier, the
// savings and the largest items, and a gantt of the critical path.
func TestMarkdown(t *testing.T) {
	inv := allStacks(t)["prod-eu"]
	est, err := Of(inv)
	if err != nil {
		t.Fatal(err)
	}
	md := Markdown(est)
	for _, want := range []string{"```mermaid\npie", `"database" : `, "| lever |", "RDS for PostgreSQL db.m7g.2xlarge Multi-AZ"} {
		if !strings.Contains(md, want) {
			t.Errorf("cost markdown lacks %q:\n%s", want, md)
		}
	}
	p, err := deploytime.ColdDeploy(inv)
	if err != nil {
		t.Fatal(err)
	}
	if g := deploytime.Markdown(p); !strings.Contains(g, "gantt") || !strings.Contains(g, "rds.Instance database-primary : 20, 1200s") {
		t.Errorf("deploy gantt:\n%s", g)
	}
}
