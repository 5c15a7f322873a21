package engine

import (
	"cmp"
	"context"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Diagnostic is one policy violation with the enforcement level it was raised at.
type Diagnostic struct {
	Policy  string
	URN     string // empty for a stack-wide violation
	Message string
	Level   policyx.EnforcementLevel
}

// Evaluate runs the pack over resources the way the engine drives an analyzer: config is
// resolved against the pack (Resolve), every active resource policy runs on each resource
// (Analyze) and every active stack policy once over all of them (AnalyzeStack). The result is
// sorted by URN, policy and message. The error reports an invalid config only.
func Evaluate(ctx context.Context, pack policyx.PolicyPack, config map[string]policyx.PolicyConfig,
	resources []policyx.AnalyzerResource,
) ([]Diagnostic, error) {
	resolved, err := Resolve(pack.Policies(), config)
	if err != nil {
		return nil, err
	}
	var out []Diagnostic
	for _, r := range resources {
		out = append(out, AnalyzeResource(ctx, pack, resolved, r, nil)...)
	}
	out = append(out, AnalyzeStack(ctx, pack, resolved, resources)...)
	slices.SortFunc(out, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.URN, b.URN), cmp.Compare(a.Policy, b.Policy), cmp.Compare(a.Message, b.Message))
	})
	return out, nil
}

// AnalyzeResource runs every active resource policy of the pack on one resource.
// resolved must come from Resolve.
func AnalyzeResource(ctx context.Context, pack policyx.PolicyPack, resolved map[string]policyx.PolicyConfig,
	r policyx.AnalyzerResource, stackTags map[string]string,
) []Diagnostic {
	var out []Diagnostic
	for _, p := range pack.Policies() {
		rp, ok := p.(policyx.ResourceValidationPolicy)
		config := resolved[p.Name()]
		if !ok || !Active(config.EnforcementLevel) {
			continue
		}
		out = appendFindings(out, p.Name(), config.EnforcementLevel, CheckResource(ctx, rp, r, config, stackTags))
	}
	return out
}

// AnalyzeStack runs every active stack policy of the pack over all resources.
// resolved must come from Resolve.
func AnalyzeStack(ctx context.Context, pack policyx.PolicyPack, resolved map[string]policyx.PolicyConfig,
	resources []policyx.AnalyzerResource,
) []Diagnostic {
	var out []Diagnostic
	for _, p := range pack.Policies() {
		sp, ok := p.(policyx.StackValidationPolicy)
		config := resolved[p.Name()]
		if !ok || !Active(config.EnforcementLevel) {
			continue
		}
		out = appendFindings(out, p.Name(), config.EnforcementLevel, CheckStack(ctx, sp, resources, config))
	}
	return out
}

func appendFindings(out []Diagnostic, policy string, level policyx.EnforcementLevel, fs []Finding) []Diagnostic {
	for _, f := range fs {
		out = append(out, Diagnostic{Policy: policy, URN: f.URN, Message: f.Message, Level: level})
	}
	return out
}

// HasMandatory reports whether any diagnostic blocks a deployment.
func HasMandatory(diagnostics []Diagnostic) bool {
	return slices.ContainsFunc(diagnostics, func(d Diagnostic) bool {
		return d.Level == policyx.EnforcementLevelMandatory
	})
}
