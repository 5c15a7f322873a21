package database_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/saleor-platform/infra/internal/replacement"
)

// repointingInputs change in place (internal/replacement does not list them) but move an
// instance under its clients: a new identifier renames its endpoint, a new source promotes
// or re-points a replica, a new subnet group or port moves it.
var repointingInputs = []string{"identifier", "replicateSourceDb", "dbSubnetGroupName", "port"}

// TestSizingAndCountsDoNotForceReplacement runs prod-eu at 100% with two replicas and at 75%
// with five, with the DR replica, and compares every instance present in both through the
// replacement table and its repointing inputs, and the master password's inputs (a new
// password would not replace the instance, but it would change it under running clients).
func TestSizingAndCountsDoNotForceReplacement(t *testing.T) {
	full := mustDeploy(t, production(t), withDR(t, 100))
	smaller := production(t)
	s := sizes(t, 75)
	smaller.InstanceClass, smaller.ReplicaInstanceClass = s.DatabasePrimary.Name, s.DatabaseReplica.Name
	smaller.AllocatedStorageGiB, smaller.MaxAllocatedStorageGiB = s.DatabaseStorageGiB, s.DatabaseMaxStorageGiB
	smaller.ReplicaCount = 5
	resized := mustDeploy(t, smaller, withDR(t, 75))

	compared := 0
	for _, a := range full.OfType(instanceType) {
		b := resized.Named(instanceType, a.Name)
		if b == nil {
			t.Errorf("%s disappears when only sizing and counts change", a.Name)
			continue
		}
		if a.String("instanceClass") == b.String("instanceClass") {
			t.Errorf("%s: class %s at both sizes; the test would prove nothing", a.Name, a.String("instanceClass"))
		}
		for _, key := range replacement.Replaces(instanceType, a.Inputs, b.Inputs) {
			t.Errorf("%s %s: %v at 100%%, %v at 75%% with 5 replicas replaces it (%s)", a.Name, key, a.Get(key), b.Get(key), replacement.Source(instanceType, key))
		}
		for _, key := range repointingInputs {
			if !a.Get(key).DeepEquals(b.Get(key)) {
				t.Errorf("%s %s: %v at 100%%, %v at 75%% with 5 replicas", a.Name, key, a.Get(key), b.Get(key))
			}
		}
		compared++
	}
	if compared != 4 {
		t.Errorf("compared %d instances, want the primary, 2 replicas and the DR replica", compared)
	}
	primary := full.Named(instanceType, "database-primary")
	for _, key := range []string{"storageEncrypted", "kmsKeyId", "username", "dbName", "engine"} {
		if replacement.Source(instanceType, key) == "" || !primary.Has(key) {
			t.Errorf("the primary's %s: not set, or not in the replacement table: the comparison proves nothing", key)
		}
	}
	a, b := full.Named(passwordType, "database-master-password"), resized.Named(passwordType, "database-master-password")
	if !resource.NewProperty(a.Inputs).DeepEquals(resource.NewProperty(b.Inputs)) {
		t.Errorf("the master password's inputs change with sizing: %v vs %v", a.Inputs, b.Inputs)
	}
}
