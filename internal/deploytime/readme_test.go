package deploytime

import (
	"fmt"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/readme"
)

// TestReadmeDeployPath keeps README.md's critical path of prod-eu's first deploy equal to
// ColdDeploy's; UPDATE_README=1 rewrites it.
func TestReadmeDeployPath(t *testing.T) {
	inv := runStack(t, "prod-eu")
	p, err := ColdDeploy(inv)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "prod-eu's first `pulumi up`: **critical path %s** through %d resources.\n\n", Minutes(p.Seconds), p.Resources)
	b.WriteString("| starts | takes | resource | region | waits through |\n|---:|---:|---|---|---|\n")
	for _, s := range p.Steps {
		if s.Seconds == 0 {
			continue
		}
		via := "its inputs"
		if s.Explicit {
			via = "dependsOn"
		}
		fmt.Fprintf(&b, "| %s | %s | %s `%s` | %s | %s |\n", Minutes(s.StartSeconds), Minutes(s.Seconds), shortType(s.Type), s.Resource, s.Region, via)
	}
	if len(p.Waits) > 0 {
		b.WriteString("\nExplicit waits (dependsOn, no output read) that delay their resource by a minute or more:\n\n")
		for _, w := range p.Waits {
			fmt.Fprintf(&b, "- `%s` waits %s for `%s`\n", w.Resource, Minutes(w.DelaySeconds), w.On)
		}
	}
	up := imageUpdate(t, inv)
	fmt.Fprintf(&b, "\nA config-only update, a new `saleor:imageTag`: **critical path %s** through the %d resources it changes (task definitions and the services that run them).\n",
		Minutes(up.Seconds), up.Resources)
	readme.Sync(t, "../../README.md", "deploy path", b.String())
}
