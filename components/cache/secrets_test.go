package cache_test

import (
	"testing"
)

// TestNoPlaintextCredentials: no generated credential or stored secret value appears, raw,
// URL- or JSON-encoded, in an input, output or stack export not marked secret.
func TestNoPlaintextCredentials(t *testing.T) {
	inv := mustDeploy(t, production(t))
	if n := inv.Secrets(); n < 6 { // a token and a URL per role
		t.Fatalf("only %d secret values to look for; the scan proves nothing", n)
	}
	for _, leak := range inv.Leaks() {
		t.Error(leak)
	}
}

func TestCredentialPropertiesAreSecret(t *testing.T) {
	inv := mustDeploy(t, production(t))
	for _, g := range inv.OfType(groupType) {
		if !g.Inputs["authToken"].IsSecret() || !g.Outputs["authToken"].IsSecret() {
			t.Errorf("%s authToken is not secret", g.Name)
		}
	}
	versions := inv.OfType(versionType)
	if len(versions) != 6 {
		t.Fatalf("%d secret versions, want a token and a URL per role", len(versions))
	}
	for _, v := range versions {
		if !v.Inputs["secretString"].IsSecret() || !v.Outputs["secretString"].IsSecret() {
			t.Errorf("%s secretString is not secret", v.Name)
		}
	}
}
