package stacks_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/saleor-platform/infra/internal/harness"
)

// TestNoSecretAppearsUnmarked: no generated secret or Secrets Manager value appears, in any
// encoding, in a value not marked secret, anywhere in a stack's inventory.
func TestNoSecretAppearsUnmarked(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		if inv.Secrets() == 0 {
			t.Fatal("no generated secrets or secret values found; the scan would prove nothing")
		}
		for _, leak := range inv.Leaks() {
			t.Error(leak)
		}
	})
}

// TestSecretInputsAreMarkedSecret: the inputs that carry credentials to AWS are marked secret
// themselves, not merely derived from a secret. Every stack sets secret values and cache AUTH
// tokens; the master password is set only where the writer is (a primary): a regional
// stack's replica takes its credentials from its source.
func TestSecretInputsAreMarkedSecret(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		secretInputs := map[string]string{
			tokSecretVersion:    "secretString",
			tokReplicationGroup: "authToken",
		}
		if !stackConfig(t, inv).IsRegional() {
			secretInputs[tokRDSInstance] = "password"
		}
		for typ, input := range secretInputs {
			found := 0
			for _, r := range inv.OfType(typ) {
				v, set := r.Inputs[resource.PropertyKey(input)]
				if !set {
					continue
				}
				found++
				if !v.IsSecret() {
					t.Errorf("%s %s: %s is not marked secret", typ, r.Name, input)
				}
			}
			if found == 0 {
				t.Errorf("no %s sets %s; nothing was checked", typ, input)
			}
		}
	})
}
