package rules_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/saleor-platform/infra/policy/engine"
	"github.com/saleor-platform/infra/policy/policytest"
	"github.com/saleor-platform/infra/policy/rules"
)

func pack(t testing.TB) policyx.PolicyPack {
	t.Helper()
	p, err := rules.NewPack()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// evaluate runs the whole pack at its default config, as the engine would.
func evaluate(t testing.TB, stack []policyx.AnalyzerResource) []engine.Diagnostic {
	t.Helper()
	ds, err := engine.Evaluate(context.Background(), pack(t), nil, stack)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if strings.Contains(d.Message, "could not be evaluated") {
			t.Errorf("policy failed instead of deciding: %+v", d)
		}
	}
	return ds
}

// urnOf returns the URN of a named resource of the compliant stack; "-" is stack-wide ("").
func urnOf(stack []policyx.AnalyzerResource, name string) string {
	if name == "-" {
		return ""
	}
	_, r := policytest.Find(stack, name)
	return r.URN
}

// expectExactly asserts that ds are exactly one diagnostic of policy on each of urns.
func expectExactly(t *testing.T, ds []engine.Diagnostic, policy string, urns ...string) {
	t.Helper()
	if len(ds) != len(urns) {
		t.Fatalf("want %d %s diagnostic(s) on %v, got %d:\n%s", len(urns), policy, urns, len(ds), describe(ds))
	}
	for _, d := range ds {
		if d.Policy != policy || !slices.Contains(urns, d.URN) {
			t.Fatalf("want %s on %v, got:\n%s", policy, urns, describe(ds))
		}
	}
}

func expectNone(t *testing.T, ds []engine.Diagnostic) {
	t.Helper()
	if len(ds) > 0 {
		t.Fatalf("want no diagnostics, got:\n%s", describe(ds))
	}
}

func describe(ds []engine.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("  " + d.Policy + " " + d.URN + ": " + d.Message + "\n")
	}
	return b.String()
}

// checkOne runs one resource policy on one resource at its default config.
func checkOne(t *testing.T, policy string, r policyx.AnalyzerResource) []engine.Finding {
	t.Helper()
	for _, p := range pack(t).Policies() {
		if p.Name() == policy {
			resolved, err := engine.Resolve([]policyx.Policy{p}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return engine.CheckResource(context.Background(), p.(policyx.ResourceValidationPolicy), r, resolved[policy], nil)
		}
	}
	t.Fatalf("no policy %q", policy)
	return nil
}

type policyxResource = policyx.AnalyzerResource

// controlID matches "FSBP RDS.3", "CKV_AWS_16", "CKV2_AWS_6" and "WA REL10-BP01".
var controlID = regexp.MustCompile(`^(FSBP [A-Za-z0-9]+\.\d+|CKV2?_AWS_\d+|WA [A-Z]{3,4}\d{2}-BP\d{2})$`)
