package engine

import (
	"context"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// ConfiguredStackPolicy is a stack policy whose check receives its configured properties.
//
// Works around policyx defect (d): policyx.StackValidationArgs carries no Config, so a plain
// StackValidationPolicy cannot read the properties set in --policy-pack-config. The analyzer
// and Evaluate call ValidateStack, with the resolved properties, on policies implementing
// this interface, and Validate (without config) on any other stack policy.
type ConfiguredStackPolicy interface {
	policyx.StackValidationPolicy
	ValidateStack(ctx context.Context, args policyx.StackValidationArgs, config map[string]any) error
}

// Finding is one violation reported by a policy.
type Finding struct {
	// URN of the offending resource; empty for a stack-wide finding.
	URN     string
	Message string
}

// findings collects violations; it is the policyx.PolicyManager handed to a policy.
type findings struct {
	defaultURN string
	list       []Finding
}

func (f *findings) ReportViolation(message, urn string) {
	if urn == "" {
		urn = f.defaultURN
	}
	f.list = append(f.list, Finding{URN: urn, Message: message})
}

// CheckResource runs a resource policy on one resource with its resolved config.
//
// Works around policyx defect (c): a panic (say AsBool on a computed value) or an error
// returned by the policy becomes a finding naming the policy instead of taking the analyzer,
// and so the whole preview, down.
func CheckResource(ctx context.Context, p policyx.ResourceValidationPolicy, r policyx.AnalyzerResource,
	config policyx.PolicyConfig, stackTags map[string]string,
) []Finding {
	f := &findings{defaultURN: r.URN}
	guard(p, f, func() error {
		return p.Validate(ctx, policyx.ResourceValidationArgs{
			Manager: f, Resource: r, Config: config.Properties, StackTags: stackTags,
		})
	})
	return f.list
}

// CheckStack runs a stack policy over all resources with its resolved config, containing
// panics and errors like CheckResource.
func CheckStack(ctx context.Context, p policyx.StackValidationPolicy, resources []policyx.AnalyzerResource,
	config policyx.PolicyConfig,
) []Finding {
	f := &findings{}
	args := policyx.StackValidationArgs{Manager: f, Resources: resources}
	guard(p, f, func() error {
		if configured, ok := p.(ConfiguredStackPolicy); ok {
			return configured.ValidateStack(ctx, args, config.Properties)
		}
		return p.Validate(ctx, args)
	})
	return f.list
}

// guard runs validate and turns a panic or error into a finding.
func guard(p policyx.Policy, f *findings, validate func() error) {
	defer func() {
		if r := recover(); r != nil {
			f.ReportViolation(fmt.Sprintf("policy %q could not be evaluated: panic: %v", p.Name(), r), "")
		}
	}()
	if err := validate(); err != nil {
		f.ReportViolation(fmt.Sprintf("policy %q could not be evaluated: %v", p.Name(), err), "")
	}
}

// Active reports whether a policy runs at the given level (disabled and remediate-only
// levels produce no diagnostics).
func Active(level policyx.EnforcementLevel) bool {
	return level == policyx.EnforcementLevelAdvisory || level == policyx.EnforcementLevelMandatory
}
