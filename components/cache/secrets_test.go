package cache_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// TestNoPlaintextCredentials walks every input and output of every resource and the stack
// exports, and fails where a generated AUTH token, raw, URL- or JSON-encoded, occurs
// outside a secret.
func TestNoPlaintextCredentials(t *testing.T) {
	inv := mustDeploy(t, production(t))
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
	// Per role: the replication group and the token and URL secret versions carry it.
	if carriers < 9 {
		t.Errorf("only %d resources carry a token in their inputs; the walk proves nothing", carriers)
	}
	for name, out := range inv.Outputs {
		for _, n := range find {
			if strings.Contains(fmt.Sprint(out.Value), n) && !out.Secret {
				t.Errorf("stack output %s holds a credential unmarked as secret", name)
			}
		}
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
