package observability_test

import (
	"fmt"
	"strings"
	"testing"

	o "github.com/saleor-platform/infra/components/observability"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/readme"
)

// TestReadmeAlertTable keeps README.md's alert table equal to AlertTable(); UPDATE_README=1
// rewrites it.
func TestReadmeAlertTable(t *testing.T) {
	var b strings.Builder
	b.WriteString("| alert | rule | on every | alarms when | priority | runbook |\n|---|---|---|---|---|---|\n")
	for _, r := range o.AlertTable() {
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s | %s |\n", r.Alert, r.ID, r.Watches, strings.ReplaceAll(r.Condition(), "|", `\|`), r.Priority, r.Runbook)
	}
	root, err := harness.ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	readme.Sync(t, root+"/README.md", "alert table", b.String())
}
