package readme_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/readme"
	"github.com/saleor-platform/infra/policy/config"
	"github.com/saleor-platform/infra/policy/rules"
)

// TestReadmePolicyGroups keeps README.md's Pulumi Cloud policy-group setup in step with the
// stack files, the pack's config files and the pack's name and version: one preventative
// group per environment, holding the stacks whose file sets saleor:environment to it, with
// the pack enabled under that environment's config file. UPDATE_README=1 rewrites it.
func TestReadmePolicyGroups(t *testing.T) {
	root, err := harness.ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	var table, commands strings.Builder
	table.WriteString("| policy group | stacks | `--config` |\n|---|---|---|\n")
	for _, env := range config.Environments() {
		names, err := harness.EnvironmentStacks(env)
		if err != nil {
			t.Fatal(err)
		}
		if len(names) == 0 {
			continue // a config file no stack uses needs no group
		}
		configFile := "policy/config/" + env + ".json"
		if _, err := os.Stat(filepath.Join(root, configFile)); err != nil {
			t.Fatalf("the commands name %s: %v", configFile, err)
		}
		var project string
		var stacks, addStacks []string
		for _, name := range names {
			s, err := harness.LoadStack(name)
			if err != nil {
				t.Fatal(err)
			}
			project = s.Project
			stacks = append(stacks, fmt.Sprintf("`%s/%s`", s.Project, s.Name))
			addStacks = append(addStacks, fmt.Sprintf("--add-stack %s/%s", s.Project, s.Name))
		}
		// The group's name, <project>-<environment>, is unique in the Pulumi organization.
		group := project + "-" + env
		fmt.Fprintf(&table, "| `%s` | %s | `%s` |\n", group, strings.Join(stacks, ", "), configFile)
		fmt.Fprintf(&commands, "pulumi policy group new %s --org <org> --mode preventative --yes\n", group)
		fmt.Fprintf(&commands, "pulumi policy group edit %s --org <org> %s\n", group, strings.Join(addStacks, " "))
		fmt.Fprintf(&commands, "pulumi policy enable <org>/%s %s --policy-group %s --config %s\n",
			rules.PackName, rules.Version, group, configFile)
	}
	section := table.String() + "\n```sh\n" + commands.String() + "```\n"
	readme.Sync(t, filepath.Join(root, "README.md"), "policy groups", section)
}
