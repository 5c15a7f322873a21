package harness

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/readme"
)

// TestReadmeNameRuleTable keeps the README's naming-rule table in step with nameRules.
func TestReadmeNameRuleTable(t *testing.T) {
	root, err := ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("| Type | Property | Must | Source |\n| --- | --- | --- | --- |\n")
	for _, r := range nameRules {
		var must []string
		for _, l := range r.Limits {
			must = append(must, l.text)
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s |\n", r.Type, r.Property,
			strings.ReplaceAll(strings.Join(must, "; "), "|", `\|`), r.Source)
	}
	readme.Sync(t, filepath.Join(root, "README.md"), "harness-name-rules", b.String())
}
