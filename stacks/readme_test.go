package stacks_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/readme"
)

// TestReadmeConfigReference keeps README.md's config table equal to Pulumi.yaml's
// declarations; UPDATE_README=1 rewrites it.
func TestReadmeConfigReference(t *testing.T) {
	decls, err := harness.DeclaredConfig()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("| key | type | default | meaning |\n|---|---|---|---|\n")
	b.WriteString("| `aws:region` | string | | Primary region of the stack (pulumi-aws's own key). Required. |\n")
	for _, d := range decls {
		typ := d.Type
		if d.Secret {
			typ += " (secret)"
		}
		def := ""
		if d.Default != "" {
			def = "`" + d.Default + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", d.Key, typ, def, strings.ReplaceAll(d.Description, "|", `\|`))
	}
	root, err := harness.ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	readme.Sync(t, root+"/README.md", "config reference", b.String())
}
