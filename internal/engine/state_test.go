package engine_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/saleor-platform/infra/internal/engine"
	"github.com/saleor-platform/infra/internal/harness"
)

// secretSig marks a secret value in a checkpoint (resource.SecretSig's key and value).
var secretSig = map[string]any{resource.SigKey: resource.SecretSig}

// assertOutputs checks that the deployed stack exports what the offline update exports,
// with the same secrecy.
func assertOutputs(t *testing.T, up *engine.Result, inv *harness.Inventory) {
	t.Helper()
	if got, want := sortedKeys(up.Outputs), sortedKeys(inv.Outputs); !equalStrings(got, want) {
		t.Errorf("stack outputs %v, the offline update exports %v", got, want)
	}
	for name, want := range inv.Outputs {
		got, ok := up.Outputs[name]
		if !ok {
			continue
		}
		if got.Secret != want.Secret {
			t.Errorf("output %s: secret %v, offline %v", name, got.Secret, want.Secret)
		}
		if g, w := jsonOf(t, got.Value), jsonOf(t, want.Value); g != w {
			t.Errorf("output %s: %s, offline %s", name, g, w)
		}
	}
}

// assertState checks the checkpoint of the deployed stack: every resource has the parent,
// provider and protect flag the offline run records, every custom resource the ID the
// offline update gives it, IDs are unique per type and provider, every output the program
// declares secret is encrypted, and no such secret's plaintext is anywhere in the checkpoint.
func assertState(t *testing.T, s *engine.Session, inv *harness.Inventory) {
	t.Helper()
	state, err := s.State(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	owner := map[string]string{}      // type, provider and ID -> URN
	plaintexts := map[string]string{} // secret -> where it is declared
	for _, r := range state.Resources {
		offline := inv.ByURN(string(r.URN))
		if offline == nil {
			continue // the root stack and default providers, see expectedURNs
		}
		provider := providerURN(r.Provider)
		if string(r.Parent) != offline.Parent || r.Protect != offline.Protect || (offline.Provider != "" && provider != offline.Provider) {
			t.Errorf("%s: parent %s, provider %s, protect %v; offline %s, %s, %v",
				r.URN, r.Parent, provider, r.Protect, offline.Parent, offline.Provider, offline.Protect)
		}
		if !r.Custom || strings.HasPrefix(string(r.Type), "pulumi:providers:") {
			continue
		}
		if string(r.ID) != offline.ID {
			t.Errorf("%s: ID %q, offline %q", r.URN, r.ID, offline.ID)
		}
		key := fmt.Sprintf("%s %s %s", r.Type, r.Provider, r.ID)
		if other, dup := owner[key]; dup {
			t.Errorf("%s and %s have the same ID %q", other, r.URN, r.ID)
		}
		owner[key] = string(r.URN)
		for _, k := range offline.AdditionalSecretOutputs {
			if v, ok := r.Outputs[k]; ok && !isSecret(v) {
				t.Errorf("%s: output %s is declared secret but stored in plaintext", r.URN, k)
			}
			if !offline.Emulated(k) {
				continue // the provider computes it; the offline run cannot know its plaintext
			}
			if plain := offline.Output(k); plain != "" && !plainInput(offline, plain) {
				plaintexts[plain] = string(r.URN) + " " + k
			}
		}
	}
	if len(plaintexts) == 0 {
		t.Error("the stack declares no secret output; the plaintext search proves nothing")
	}
	texts := stringsIn(t, state)
	for plain, where := range plaintexts {
		if slices.ContainsFunc(texts, func(text string) bool { return containsSecret(text, plain) }) {
			t.Errorf("the checkpoint holds the plaintext of %s", where)
		}
	}
}

// providerURN is the URN part of a provider reference "<urn>::<id>"; "" for none.
func providerURN(ref string) string { return ref[:max(0, strings.LastIndex(ref, "::"))] }

// stringsIn returns every string in a value's JSON form, at any depth.
func stringsIn(t *testing.T, v any) []string {
	t.Helper()
	var decoded any
	if err := json.Unmarshal([]byte(jsonOf(t, v)), &decoded); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			out = append(out, v)
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(decoded)
	return out
}

// containsSecret reports whether text holds secret as it is, JSON-escaped (a JSON document
// held in a string) or URL-escaped (a connection URL).
func containsSecret(text, secret string) bool {
	q, _ := json.Marshal(secret)
	for _, form := range []string{secret, string(q[1 : len(q)-1]), url.QueryEscape(secret), url.PathEscape(secret)} {
		if strings.Contains(text, form) {
			return true
		}
	}
	return false
}

// isSecret reports whether a checkpoint value is an encrypted secret.
func isSecret(v any) bool {
	m, ok := v.(map[string]any)
	return ok && m[resource.SigKey] == secretSig[resource.SigKey]
}

// jsonOf renders v as JSON with sorted object keys, so an offline export that is a Go struct
// (whose `json` names are its `pulumi` names, as in target.Outputs) compares equal to the
// map the engine returns for it.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var plain any
	if err := json.Unmarshal(b, &plain); err != nil {
		t.Fatal(err)
	}
	if b, err = json.Marshal(plain); err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func equalStrings(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

// plainInput reports whether r has a top-level input holding plain in plaintext (not marked
// secret): an insecureValue the program chose to keep public, whatever the provider's outputs
// say.
func plainInput(r *harness.Resource, plain string) bool {
	for _, v := range r.Inputs {
		if v.IsString() && v.StringValue() == plain {
			return true
		}
	}
	return false
}
