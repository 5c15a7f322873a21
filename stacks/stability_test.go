package stacks_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/replacement"
)

// sizedInputs lists, per stateful type, the inputs sizing is meant to change in place.
var sizedInputs = map[string][]string{
	tokRDSInstance:      {"instanceClass", "allocatedStorage"},
	tokReplicationGroup: {"nodeType"},
}

// runStackChanged runs a stack file with some config keys changed, after its primaries.
func runStackChanged(t *testing.T, name string, change map[string]string) *harness.Inventory {
	t.Helper()
	inv, err := runChanged(t, name, change)
	if err != nil {
		t.Fatalf("%s with %v: %v", name, change, err)
	}
	return inv
}

// stateDiff is what statefulDiff found between two runs.
type stateDiff struct {
	// compared counts the stateful resources of each type both runs declare (by URN).
	compared map[string]int
	// replaced lists each input that differs and replaces its resource (internal/replacement).
	replaced []string
	// resized holds the sized inputs that differ.
	resized map[string]bool
}

// statefulDiff compares the stateful resources two runs share.
func statefulDiff(before, after *harness.Inventory) stateDiff {
	diff := stateDiff{compared: map[string]int{}, resized: map[string]bool{}}
	for _, a := range before.Resources {
		b := after.ByURN(a.URN)
		if !a.Custom || !replacement.Stateful(a.Type) || b == nil {
			continue
		}
		diff.compared[a.Type]++
		for _, in := range replacement.Replaces(a.Type, a.Inputs, b.Inputs) {
			diff.replaced = append(diff.replaced, fmt.Sprintf("%s %s: %s changes from %v to %v, which replaces it (%s)",
				a.Type, a.Name, in, a.Get(in), b.Get(in), replacement.Source(a.Type, in)))
		}
		for _, in := range sizedInputs[a.Type] {
			if !a.Get(in).DeepEquals(b.Get(in)) {
				diff.resized[in] = true
			}
		}
	}
	return diff
}

func (d stateDiff) report(t *testing.T) {
	t.Helper()
	for _, r := range d.replaced {
		t.Error(r)
	}
}

// TestStatefulDiffSeesReplacementInputs: the comparison itself reports a changed
// replacement-forcing input and a changed sized input, so the tests below can fail.
func TestStatefulDiffSeesReplacementInputs(t *testing.T) {
	inventory := func(key, class string) *harness.Inventory {
		return &harness.Inventory{Resources: []*harness.Resource{{
			URN: "urn:pulumi:test::saleor::aws:rds/instance:Instance::db", Type: tokRDSInstance, Name: "db", Custom: true,
			Inputs: resource.PropertyMap{
				"kmsKeyId":      resource.NewProperty(key),
				"instanceClass": resource.NewProperty(class),
			},
		}}}
	}
	diff := statefulDiff(inventory("key-a", "db.m7g.large"), inventory("key-b", "db.m7g.xlarge"))
	if len(diff.replaced) != 1 || !diff.resized["instanceClass"] || diff.compared[tokRDSInstance] != 1 {
		t.Errorf("a changed kmsKeyId and class gave %+v; want one replacement and instanceClass resized", diff)
	}
	if same := statefulDiff(inventory("key-a", "c"), inventory("key-a", "c")); len(same.replaced)+len(same.resized) != 0 {
		t.Errorf("identical runs differ: %+v", same)
	}
}

// TestReplacementInputsIgnoreSizing: changing saleor:sizing resizes the database and caches in
// place. 75% is the staging size; 25% is the smallest, the only level whose cache node class
// differs from 100%'s, so the comparison also covers nodeType.
func TestReplacementInputsIgnoreSizing(t *testing.T) {
	const stack = "prod-eu"
	base := runStackChanged(t, stack, map[string]string{"saleor:sizing": "100"})
	full := snap(t, 100)
	sizedSeen := map[string]bool{}
	for _, percent := range []int{75, 25} {
		t.Run(fmt.Sprintf("sizing %d", percent), func(t *testing.T) {
			resized := runStackChanged(t, stack, map[string]string{"saleor:sizing": strconv.Itoa(percent)})
			diff := statefulDiff(base, resized)
			diff.report(t)
			// Every RDS instance and the three caches are shared: sizing adds or drops none.
			compared := diff.compared
			if compared[tokRDSInstance] != len(base.OfType(tokRDSInstance)) || compared[tokReplicationGroup] != len(base.OfType(tokReplicationGroup)) || compared[tokReplicationGroup] == 0 {
				t.Errorf("compared %v of %d RDS instances and %d caches; sizing must not add or drop any", compared,
					len(base.OfType(tokRDSInstance)), len(base.OfType(tokReplicationGroup)))
			}
			// The catalog says what must have moved; the comparison must have seen it move.
			small := snap(t, percent)
			want := map[string]bool{
				"instanceClass":    small.DatabasePrimary != full.DatabasePrimary || small.DatabaseReplica != full.DatabaseReplica,
				"allocatedStorage": small.DatabaseStorageGiB != full.DatabaseStorageGiB,
				"nodeType":         small.CacheNode != full.CacheNode,
			}
			for in, moves := range want {
				if diff.resized[in] != moves {
					t.Errorf("%s changed %v between 100%% and %d%%, but the catalog says %v", in, diff.resized[in], percent, moves)
				}
				sizedSeen[in] = sizedSeen[in] || diff.resized[in]
			}
		})
	}
	// Without a sized input that actually changed, the test would prove nothing.
	for _, inputs := range sizedInputs {
		for _, in := range inputs {
			if !sizedSeen[in] {
				t.Errorf("no sizing level changed %s; the comparison never saw sizing reach it", in)
			}
		}
	}
}

// TestReplacementInputsIgnoreReplicaCount: adding or removing read replicas leaves the primary,
// the remaining replicas and the caches as they are.
func TestReplacementInputsIgnoreReplicaCount(t *testing.T) {
	const stack = "prod-eu"
	base := runStack(t, stack)
	for _, count := range []string{"0", "3"} {
		t.Run("dbReplicaCount "+count, func(t *testing.T) {
			changed := runStackChanged(t, stack, map[string]string{"saleor:dbReplicaCount": count})
			if len(changed.OfType(tokRDSInstance)) == len(base.OfType(tokRDSInstance)) {
				t.Fatalf("saleor:dbReplicaCount %s left %d RDS instances; the count did not reach the program", count, len(base.OfType(tokRDSInstance)))
			}
			diff := statefulDiff(base, changed)
			diff.report(t)
			primary := newDataStack(t, base).dbPrimary()
			if changed.ByURN(primary.URN) == nil || diff.compared[tokReplicationGroup] != len(base.OfType(tokReplicationGroup)) {
				t.Errorf("the primary or a cache is missing after changing the replica count (compared %v)", diff.compared)
			}
			if len(diff.resized) > 0 {
				t.Errorf("changing the replica count resized %v", diff.resized)
			}
		})
	}
}
