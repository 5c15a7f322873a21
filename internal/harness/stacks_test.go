package harness_test

import (
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

// TestEveryStackPassesTheStrictChecks runs every stack file's program in both modes: no name
// AWS would refuse, and after update no resource input or stack export left unknown by an
// output the harness does not emulate, and every export known. A regional stack runs after
// its primary, whose exports serve its stack reference.
func TestEveryStackPassesTheStrictChecks(t *testing.T) {
	names, err := harness.StackNames()
	if err != nil || len(names) == 0 {
		t.Fatalf("stack files: %v %v", names, err)
	}
	for _, name := range names {
		for mode, opts := range map[string][]harness.Option{"update": nil, "preview": {harness.Preview()}} {
			t.Run(name+"/"+mode, func(t *testing.T) {
				chain, err := harness.LoadWithPrimaries(name, harness.LoadStack)
				if err != nil {
					t.Fatal(err)
				}
				invs, err := harness.RunEnvironment(stacks.Program, chain, opts...)
				if err != nil {
					t.Fatal(err)
				}
				inv := invs[len(invs)-1] // the stack itself, after the primaries it references
				if len(inv.AWS()) == 0 || len(inv.Outputs) == 0 {
					t.Fatalf("%d AWS resources, %d exports", len(inv.AWS()), len(inv.Outputs))
				}
				for export, o := range inv.Outputs {
					if !o.Known && !inv.Preview {
						t.Errorf("export %s unknown after update", export)
					}
				}
			})
		}
	}
}
