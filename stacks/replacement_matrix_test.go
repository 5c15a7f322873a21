package stacks_test

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/replacement"
)

// TestOperatorChangesReplaceNoStatefulResource runs, for every stack file, each operator
// change that applies to it before and after, and fails for every stateful resource the
// change would delete: its URN disappears, an input the provider replaces on changes
// (internal/replacement), or its provider changes. A change of a key that is a regional
// stack's primary's is made to the primary, where the regional stack follows it.
func TestOperatorChangesReplaceNoStatefulResource(t *testing.T) {
	names, err := harness.StackNames()
	if err != nil || len(names) == 0 {
		t.Fatalf("stack files: %v %v", names, err)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			cfg := stackConfig(t, runStack(t, name))
			for _, change := range operatorChanges {
				before, after, ok := change.plan(cfg)
				target := name // the stack whose file the change is made to
				if cfg.IsRegional() {
					switch change.regional {
					case primarySets:
						target = cfg.PrimaryStackName()
					case notRegional:
						ok = false
					}
				}
				if !ok {
					continue
				}
				t.Run(change.name, func(t *testing.T) {
					old, updated := runChangedOn(t, name, target, before), runChangedOn(t, name, target, merged(before, after))
					if !changesSomething(old, updated) {
						t.Fatalf("%v on %s changes nothing %s declares; the case proves nothing", after, target, name)
					}
					for _, p := range statefulReplacements(old, updated) {
						t.Errorf("stack %s, %s (%v → %v on %s): %s", name, change.name, before, after, target, p)
					}
				})
			}
		})
	}
}

// runChangedOn runs stack name after its primaries, with stack target of the chain (name
// itself or one of its primaries) changed.
func runChangedOn(t *testing.T, name, target string, change map[string]string) *harness.Inventory {
	t.Helper()
	inv, err := runChain(t, name, func(s harness.Stack) harness.Stack {
		if s.Name == target {
			return s.With(change)
		}
		return s
	})
	if err != nil {
		t.Fatalf("%s with %v on %s: %v", name, change, target, err)
	}
	return inv
}

// merged is a with b's keys set over it.
func merged(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, b)
	return out
}

// changesSomething reports whether two runs differ in a resource or its inputs.
func changesSomething(a, b *harness.Inventory) bool {
	if len(a.Resources) != len(b.Resources) {
		return true
	}
	for _, r := range a.Resources {
		other := b.ByURN(r.URN)
		if other == nil || !resource.NewProperty(r.Inputs).DeepEquals(resource.NewProperty(other.Inputs)) {
			return true
		}
	}
	return false
}

// statefulReplacements lists what would replace a stateful resource of before when the
// stack is updated to after.
func statefulReplacements(before, after *harness.Inventory) []string {
	var out []string
	for _, r := range before.Resources {
		if !r.Custom || !replacement.Stateful(r.Type) {
			continue
		}
		t, _ := replacement.Lookup(r.Type)
		next := successor(after, r.URN)
		if next == nil {
			out = append(out, fmt.Sprintf("%s disappears: pulumi up deletes it and %s", r.URN, t.Holds))
			continue
		}
		for _, path := range replacement.Replaces(r.Type, r.Inputs, next.Inputs) {
			out = append(out, fmt.Sprintf("%s: %s changes from %s to %s, which replaces it and loses %s (%s)",
				r.URN, path, show(r, path), show(next, path), t.Holds, replacement.Source(r.Type, path)))
		}
		if p := majorUpgradeRefused(r, next); p != "" {
			out = append(out, p)
		}
		if region(before, r) != region(after, next) || r.Provider != next.Provider {
			out = append(out, fmt.Sprintf("%s: its provider changes from %s (%s) to %s (%s), which replaces it",
				r.URN, r.Provider, region(before, r), next.Provider, region(after, next)))
		}
	}
	return out
}

// majorUpgradeRefused explains an RDS engine major upgrade the instance does not allow:
// without allowMajorVersionUpgrade the provider's update fails (ModifyDBInstance refuses
// it). The upgrade itself is in place: engine_version is not ForceNew.
func majorUpgradeRefused(old, next *harness.Resource) string {
	major := func(r *harness.Resource) string { m, _, _ := strings.Cut(r.String("engineVersion"), "."); return m }
	if old.Type != "aws:rds/instance:Instance" || major(old) == major(next) || next.Bool("allowMajorVersionUpgrade") {
		return ""
	}
	return fmt.Sprintf("%s: engineVersion goes from %s to %s without allowMajorVersionUpgrade; the update fails", old.URN, old.String("engineVersion"), next.String("engineVersion"))
}

// successor is the resource of a run with a URN, or the one that answers to it by alias.
func successor(inv *harness.Inventory, urn string) *harness.Resource {
	if r := inv.ByURN(urn); r != nil {
		return r
	}
	for _, r := range inv.Resources {
		for _, old := range inv.OldURNs(r) {
			if old == urn {
				return r
			}
		}
	}
	return nil
}

// region is the region input of a resource's provider.
func region(inv *harness.Inventory, r *harness.Resource) string {
	if p := inv.ByURN(r.Provider); p != nil {
		return p.String("region")
	}
	return ""
}

// show prints an input for a message, shortened.
func show(r *harness.Resource, path string) string {
	s := fmt.Sprint(r.Get(path))
	if v := r.Get(path); v.IsString() {
		s = fmt.Sprintf("%q", v.StringValue())
	} else if v.IsNull() {
		s = "unset"
	}
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return strings.ReplaceAll(s, "\n", " ")
}

// TestStatefulReplacementsSeeARealReplacement: the matrix's comparison does fail on real
// runs. A new apex domain is a new hosted zone (Route 53 zone names are ForceNew), which is
// why the matrix does not treat it as an operator change.
func TestStatefulReplacementsSeeARealReplacement(t *testing.T) {
	problems := statefulReplacements(runStack(t, "prod-eu"), runStackChanged(t, "prod-eu", map[string]string{"saleor:domain": "shop.example.org"}))
	found := false
	for _, p := range problems {
		found = found || (strings.Contains(p, "aws:route53/zone:Zone") && strings.Contains(p, "name changes") &&
			strings.Contains(p, replacement.Source("aws:route53/zone:Zone", "name")))
	}
	if !found {
		t.Errorf("a new domain did not report the zone's replacement: %q", problems)
	}
}
