package stacks_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/readme"
	"github.com/saleor-platform/infra/stacks"
)

// TestReadmeConfigReference keeps README.md's config table equal to Pulumi.yaml's
// declarations and OptionalKeys; UPDATE_README=1 rewrites it.
func TestReadmeConfigReference(t *testing.T) {
	decls, err := harness.DeclaredConfig()
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	row := func(key, typ string, secret bool, def, description string) {
		if secret {
			typ += " (secret)"
		}
		rows[key] = fmt.Sprintf("| `%s` | %s | %s | %s |\n", key, typ, def, strings.ReplaceAll(description, "|", `\|`))
	}
	for _, d := range decls {
		def := "required"
		if d.Default != "" {
			def = "`" + d.Default + "`"
		}
		row(d.Key, d.Type, d.Secret, def, d.Description)
	}
	for _, k := range stacks.OptionalKeys {
		row(k.Key, k.Type, k.Secret, k.Default, k.Description)
	}
	var b strings.Builder
	b.WriteString("| key | type | default | meaning |\n|---|---|---|---|\n")
	b.WriteString("| `aws:region` | string | required | Primary region of the stack (pulumi-aws's own key). |\n")
	for _, key := range slices.Sorted(maps.Keys(rows)) {
		b.WriteString(rows[key])
	}
	root, err := harness.ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	readme.Sync(t, root+"/README.md", "config reference", b.String())
}
