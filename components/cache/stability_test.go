package cache_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/saleor-platform/infra/internal/harness/harnesstest"
	"github.com/saleor-platform/infra/internal/replacement"
)

// clientFacingInputs change in place (internal/replacement does not list them) but break
// connected clients: TLS on or off, cluster mode.
var clientFacingInputs = []string{"transitEncryptionEnabled", "clusterMode"}

// TestSizingAndCountsDoNotForceReplacement runs prod-eu at 100% with two nodes per role and
// at 25% with three, and compares every replication group through the replacement table
// and its client-facing inputs, and the inputs of the subnet group and the token generators.
func TestSizingAndCountsDoNotForceReplacement(t *testing.T) {
	full := mustDeploy(t, production(t))
	smaller := production(t)
	smaller.NodeClass, smaller.NodesPerRole = sizes(t, 25).CacheNode.Name, 3
	resized := mustDeploy(t, smaller)

	groups := full.OfType(groupType)
	if len(groups) != 3 {
		t.Fatalf("%d replication groups", len(groups))
	}
	for _, a := range groups {
		b := harnesstest.Named(t, resized, groupType, a.Name)
		if a.String("nodeType") == b.String("nodeType") || a.Number("numCacheClusters") == b.Number("numCacheClusters") {
			t.Errorf("%s: sizing or count did not change; the test would prove nothing", a.Name)
		}
		for _, key := range []string{"kmsKeyId", "atRestEncryptionEnabled", "replicationGroupId", "engine"} {
			if replacement.Source(groupType, key) == "" || !a.Has(key) {
				t.Errorf("%s %s: not set, or not in the replacement table: the comparison proves nothing", a.Name, key)
			}
		}
		for _, key := range replacement.Replaces(groupType, a.Inputs, b.Inputs) {
			t.Errorf("%s %s: %v at 100%%, %v at 25%% with 3 nodes replaces it (%s)", a.Name, key, a.Get(key), b.Get(key), replacement.Source(groupType, key))
		}
		for _, key := range clientFacingInputs {
			if !a.Get(key).DeepEquals(b.Get(key)) {
				t.Errorf("%s %s: %v at 100%%, %v at 25%% with 3 nodes", a.Name, key, a.Get(key), b.Get(key))
			}
		}
	}
	for _, typ := range []string{subnetsType, passwordType} {
		for _, a := range full.OfType(typ) {
			b := harnesstest.Named(t, resized, typ, a.Name)
			if !resource.NewProperty(a.Inputs).DeepEquals(resource.NewProperty(b.Inputs)) {
				t.Errorf("%s inputs change with sizing: %v vs %v", a.Name, a.Inputs, b.Inputs)
			}
		}
	}
}
