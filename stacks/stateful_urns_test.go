package stacks_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/replacement"
)

// updateGolden is the variable that rewrites the golden files.
const updateGolden = "UPDATE_GOLDEN"

// TestStatefulURNsAreKept compares every stack's stateful resources with
// testdata/stateful-urns/<stack>.txt: a URN that disappears would make `pulumi up` on the
// deployed stack delete the resource and create an empty one, unless the resource now
// carries an alias to it. UPDATE_GOLDEN=1 rewrites the files.
func TestStatefulURNsAreKept(t *testing.T) {
	names, err := harness.StackNames()
	if err != nil || len(names) == 0 {
		t.Fatalf("stack files: %v %v", names, err)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			inv := runStack(t, name)
			path := filepath.Join("testdata", "stateful-urns", name+".txt")
			if os.Getenv(updateGolden) != "" {
				writeGolden(t, path, statefulURNs(inv))
				return
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v: record the stack's stateful URNs with %s", err, rerun)
			}
			for _, p := range compareStatefulURNs(strings.Fields(string(data)), inv) {
				t.Error(p)
			}
		})
	}
}

// rerun is the command that accepts the URNs a run declares.
const rerun = updateGolden + "=1 go test ./stacks -run TestStatefulURNsAreKept"

// statefulURNs returns the sorted URNs of a run's stateful resources.
func statefulURNs(inv *harness.Inventory) []string {
	var out []string
	for _, r := range inv.Resources {
		if r.Custom && replacement.Stateful(r.Type) {
			out = append(out, r.URN)
		}
	}
	slices.Sort(out)
	return out
}

func writeGolden(t *testing.T, path string, urns []string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Join(urns, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// compareStatefulURNs returns a problem for each golden URN the run neither declares nor
// answers to through an alias, saying how to alias it, and for each stateful URN of the
// run the golden list lacks.
func compareStatefulURNs(golden []string, inv *harness.Inventory) []string {
	current := statefulURNs(inv)
	answering := map[string]*harness.Resource{}
	for _, r := range inv.Resources {
		for _, old := range inv.OldURNs(r) {
			answering[old] = r
		}
	}
	// explained are the current URNs a golden URN is accounted to.
	explained := slices.Clone(golden)
	var missing []string
	for _, old := range golden {
		switch r := answering[old]; {
		case slices.Contains(current, old):
		case r != nil && r.Type == string(resource.URN(old).Type()):
			explained = append(explained, r.URN)
		default:
			missing = append(missing, old)
		}
	}
	var problems []string
	for _, old := range missing {
		successor := likelySuccessor(old, explained, current, inv)
		if successor != nil {
			explained = append(explained, successor.URN)
		}
		problems = append(problems, missingURN(old, successor, inv))
	}
	for _, urn := range current {
		if !slices.Contains(explained, urn) {
			problems = append(problems, fmt.Sprintf("stateful %s is not in the golden list: record it with %s (the list must stay complete so that a later rename is caught)", urn, rerun))
		}
	}
	return problems
}

// likelySuccessor is the current stateful resource of the old one's type, not yet
// explained, whose name ends most like the old name, or nil.
func likelySuccessor(old string, explained, current []string, inv *harness.Inventory) *harness.Resource {
	var best *harness.Resource
	bestScore := -1
	for _, urn := range current {
		if slices.Contains(explained, urn) || resource.URN(urn).Type() != resource.URN(old).Type() {
			continue
		}
		if score := len(commonSuffix(resource.URN(urn).Name(), resource.URN(old).Name())); score > bestScore {
			best, bestScore = inv.ByURN(urn), score
		}
	}
	return best
}

func commonSuffix(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return a[len(a)-i:]
}

// missingURN explains a stateful URN that is gone and how to keep the resource: an alias
// on the renamed component when one explains the new URN, else one on the resource.
func missingURN(old string, successor *harness.Resource, inv *harness.Inventory) string {
	typ := string(resource.URN(old).Type())
	holds := "its state"
	if t, ok := replacement.Lookup(typ); ok {
		holds = t.Holds
	}
	var b strings.Builder
	fmt.Fprintf(&b, "stateful %s is gone from the run: on the deployed stack `pulumi up` would delete it, and %s with it", old, holds)
	if successor == nil {
		fmt.Fprintf(&b, ".\n  If it was renamed or moved, give the resource that replaces it\n"+
			"      pulumi.Aliases([]pulumi.Alias{{URN: pulumi.URN(%q)}})\n", old)
	} else {
		fmt.Fprintf(&b, ", and create %s empty.\n", successor.URN)
		if c, oldName := renamedComponent(old, successor, inv); c != nil {
			fmt.Fprintf(&b, "  Its component %s %q was %q: keep its resources with an alias on the component (%s):\n"+
				"      pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String(%q)}})\n  or on this resource:\n", c.Type, c.Name, oldName, c.URN, oldName)
		} else {
			b.WriteString("  Keep it with an alias on that resource:\n")
		}
		fmt.Fprintf(&b, "      pulumi.Aliases([]pulumi.Alias{{URN: pulumi.URN(%q)}})\n", old)
	}
	fmt.Fprintf(&b, "  If it is meant to be deleted, accept that with %s.", rerun)
	return b.String()
}

// renamedComponent finds the ancestor of successor whose rename explains the old URN: an
// alias naming it as it was makes successor answer to old. It returns the component and
// its old name, or nil.
func renamedComponent(old string, successor *harness.Resource, inv *harness.Inventory) (*harness.Resource, string) {
	oldName := resource.URN(old).Name()
	for c := inv.ByURN(successor.Parent); c != nil; c = inv.ByURN(c.Parent) {
		rest, ok := strings.CutPrefix(successor.Name, c.Name)
		if !ok || !strings.HasSuffix(oldName, rest) {
			continue
		}
		was := strings.TrimSuffix(oldName, rest)
		saved := c.Aliases
		c.Aliases = append(slices.Clip(saved), harness.Alias{Name: was})
		answers := slices.Contains(inv.OldURNs(successor), old)
		c.Aliases = saved
		if answers {
			return c, was
		}
	}
	return nil, ""
}
