package database_test

import (
	"testing"

	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

// TestNoPlaintextCredentials: no generated credential or stored secret value appears, raw,
// URL- or JSON-encoded, in an input, output or stack export not marked secret.
func TestNoPlaintextCredentials(t *testing.T) {
	inv := mustDeploy(t, production(t), withDR(t, 100))
	if n := inv.Secrets(); n < 4 { // the password, the master credentials and the two URLs
		t.Fatalf("only %d secret values to look for; the scan proves nothing", n)
	}
	for _, leak := range inv.Leaks() {
		t.Error(leak)
	}
}

// TestCredentialPropertiesAreSecret checks the properties that carry credentials by design.
func TestCredentialPropertiesAreSecret(t *testing.T) {
	inv := mustDeploy(t, production(t), withDR(t, 100))
	if !harnesstest.Named(t, inv, instanceType, "database-primary").Inputs["password"].IsSecret() {
		t.Error("primary password input is not secret")
	}
	versions := inv.OfType(versionType)
	if len(versions) != 3 {
		t.Fatalf("%d secret versions, want master, url and url-replica", len(versions))
	}
	for _, v := range versions {
		if !v.Inputs["secretString"].IsSecret() || !v.Outputs["secretString"].IsSecret() {
			t.Errorf("%s secretString is not secret", v.Name)
		}
	}
	if !harnesstest.Named(t, inv, passwordType, "database-master-password").Outputs["result"].IsSecret() {
		t.Error("generated password is not secret")
	}
}
