package replacement

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/readme"
)

// TestReadmeReplacementTable keeps README.md's replacement table equal to Table;
// UPDATE_README=1 rewrites it.
func TestReadmeReplacementTable(t *testing.T) {
	var b strings.Builder
	b.WriteString("| type | replaced when these inputs change | upstream schema | a replacement loses |\n|---|---|---|---|\n")
	for _, typ := range Table {
		var paths, files []string
		for _, r := range typ.Rules {
			paths = append(paths, "`"+r.Path+"`")
			file, _, _ := strings.Cut(strings.TrimPrefix(r.Source, upstream), ":")
			if !slices.Contains(files, "`"+file+"`") {
				files = append(files, "`"+file+"`")
			}
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", typ.Token, strings.Join(paths, ", "), strings.Join(files, ", "), typ.Holds)
	}
	b.WriteString("\nElastiCache's `engine` replaces only when it leaves Valkey, `engineVersion` only when it goes down.\n")
	root, err := harness.ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	readme.Sync(t, root+"/README.md", "replacement table", b.String())
}
