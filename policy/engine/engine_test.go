package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/saleor-platform/infra/policy/engine"
)

// panicky calls AsBool without checking for unknowns, the mistake policyx cannot survive.
var panicky = policyx.NewResourceValidationPolicy("panicky", policyx.ResourceValidationPolicyArgs{
	Description: "reads a bool carelessly", EnforcementLevel: policyx.EnforcementLevelMandatory,
	ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
		if !args.Resource.Properties.Get("enabled").AsBool() {
			args.Manager.ReportViolation("disabled", "")
		}
		return nil
	},
})

var tunable = policyx.NewResourceValidationPolicy("tunable", policyx.ResourceValidationPolicyArgs{
	Description: "has properties", EnforcementLevel: policyx.EnforcementLevelAdvisory,
	ConfigSchema: &policyx.ConfigSchema{Properties: map[string]map[string]any{
		"days": {"type": "integer", "minimum": 1, "default": 7},
	}},
})

func testPack(t *testing.T) policyx.PolicyPack {
	p, err := policyx.NewPolicyPack("test", semver.MustParse("1.0.0"), policyx.EnforcementLevelAdvisory,
		[]policyx.Policy{panicky, tunable})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPanicBecomesDiagnostic(t *testing.T) {
	r := policyx.AnalyzerResource{URN: "urn:x", Properties: property.NewMap(map[string]property.Value{
		"enabled": property.New(property.Computed),
	})}
	ds, err := engine.Evaluate(context.Background(), testPack(t), nil, []policyx.AnalyzerResource{r})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Policy != "panicky" || ds[0].URN != "urn:x" ||
		!strings.Contains(ds[0].Message, `policy "panicky" could not be evaluated: panic`) || !engine.HasMandatory(ds) {
		t.Fatalf("got %+v", ds)
	}
}

func TestResolve(t *testing.T) {
	policies := testPack(t).Policies()
	resolved, err := engine.Resolve(policies, nil)
	if err != nil || resolved["tunable"].Properties["days"] != 7 ||
		resolved["panicky"].EnforcementLevel != policyx.EnforcementLevelMandatory {
		t.Fatalf("defaults: %v %v", resolved, err)
	}
	given, err := engine.ParseConfig([]byte(`{"all": "advisory", "tunable": {"enforcementLevel": "disabled", "days": 30}}`))
	if err != nil {
		t.Fatal(err)
	}
	resolved, err = engine.Resolve(policies, given)
	if err != nil || resolved["panicky"].EnforcementLevel != policyx.EnforcementLevelAdvisory ||
		resolved["tunable"].EnforcementLevel != policyx.EnforcementLevelDisabled || resolved["tunable"].Properties["days"] != float64(30) {
		t.Fatalf("all + override: %v %v", resolved, err)
	}
	for doc, want := range map[string]string{
		`{"nope": "advisory"}`: "not a policy",
		`{"tunable": {"enforcementLevel": "advisory", "days": 0}}`: "minimum",
		`{"tunable": {"enforcementLevel": "advisory", "dayz": 3}}`: "additional",
		`{"panicky": {"enforcementLevel": "advisory", "x": 1}}`:    "takes no properties",
	} {
		c, err := engine.ParseConfig([]byte(doc))
		if err == nil {
			_, err = engine.Resolve(policies, c)
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: want error containing %q, got %v", doc, want, err)
		}
	}
	for _, doc := range []string{`{"tunable": {"days": 3}}`, `{"tunable": "loud"}`, `{"tunable": 3}`} {
		if _, err := engine.ParseConfig([]byte(doc)); err == nil {
			t.Errorf("%s: want a parse error", doc)
		}
	}
}

func TestDisabledPoliciesDoNotRun(t *testing.T) {
	r := policyx.AnalyzerResource{URN: "urn:x"}
	ds, err := engine.Evaluate(context.Background(), testPack(t),
		map[string]policyx.PolicyConfig{"panicky": {EnforcementLevel: policyx.EnforcementLevelDisabled}},
		[]policyx.AnalyzerResource{r})
	if err != nil || len(ds) != 0 {
		t.Fatalf("got %v %v", ds, err)
	}
}
