package database_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// TestNoPlaintextCredentials walks every input and output of every resource (and the stack
// exports) of prod-eu with its DR replica, and fails where the generated password, raw or
// URL-encoded, occurs outside a secret.
func TestNoPlaintextCredentials(t *testing.T) {
	inv := mustDeploy(t, production(t), withDR(t, 100))
	find := needles(t, inv)
	carriers := 0
	for _, r := range inv.Resources {
		if holds(resource.NewProperty(r.Inputs), find) {
			carriers++
		}
		for _, path := range append(leaks("inputs", resource.NewProperty(r.Inputs), find), leaks("outputs", resource.NewProperty(r.Outputs), find)...) {
			t.Errorf("%s %s: %s holds a credential unmarked as secret", r.Type, r.Name, path)
		}
	}
	// The primary's password and the three secret versions carry it, as secrets.
	if carriers < 4 {
		t.Errorf("only %d resources carry the password in their inputs; the walk proves nothing", carriers)
	}
	for name, out := range inv.Outputs {
		for _, n := range find {
			if strings.Contains(fmt.Sprint(out.Value), n) && !out.Secret {
				t.Errorf("stack output %s holds a credential unmarked as secret", name)
			}
		}
	}
}

// TestCredentialPropertiesAreSecret checks the properties that carry credentials by design.
func TestCredentialPropertiesAreSecret(t *testing.T) {
	inv := mustDeploy(t, production(t), withDR(t, 100))
	if !must(t, inv, instanceType, "database-primary").Inputs["password"].IsSecret() {
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
	if !must(t, inv, passwordType, "database-master-password").Outputs["result"].IsSecret() {
		t.Error("generated password is not secret")
	}
}
