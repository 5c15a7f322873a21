package rules

import (
	"context"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

const (
	mandatory = policyx.EnforcementLevelMandatory
	advisory  = policyx.EnforcementLevelAdvisory
)

// input is what a resource rule sees of one resource.
type input struct {
	typ     string
	props   property.Map
	protect bool   // the protect resource option
	region  string // the provider's region, "" when unknown
	config  ruleConfig
}

// resourceRule is one resource policy: the type tokens it applies to and a pure check that
// returns the resource's violations.
type resourceRule struct {
	name        string
	description string // ends with its control IDs, e.g. "[FSBP RDS.3, CKV_AWS_16]"
	level       policyx.EnforcementLevel
	types       []string // nil: the check decides (e.g. every taggable type)
	schema      *policyx.ConfigSchema
	check       func(in input, r *report)
}

func (r resourceRule) policy() policyx.Policy {
	return policyx.NewResourceValidationPolicy(r.name, policyx.ResourceValidationPolicyArgs{
		Description:      r.description,
		EnforcementLevel: r.level,
		ConfigSchema:     r.schema,
		ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
			res := args.Resource
			if r.types != nil && !slices.Contains(r.types, res.Type) {
				return nil
			}
			in := input{
				typ:     res.Type,
				props:   res.Properties,
				protect: res.Options.Protect,
				region:  get(res.Provider.Properties, "region").str(),
				config:  withDefaults(r.schema, args.Config),
			}
			var violations report
			r.check(in, &violations)
			for _, msg := range violations {
				args.Manager.ReportViolation(msg, "")
			}
			return nil
		},
	})
}

// finding is one stack-policy violation; urn is empty for a stack-wide one.
type finding struct{ urn, message string }

// stackRule is one stack policy: a pure check over every resource of the stack.
type stackRule struct {
	name        string
	description string
	level       policyx.EnforcementLevel
	schema      *policyx.ConfigSchema
	check       func(s *stack, config ruleConfig) []finding
}

func (r stackRule) policy() policyx.Policy {
	return configuredStackPolicy{
		StackValidationPolicy: policyx.NewStackValidationPolicy(r.name, policyx.StackValidationPolicyArgs{
			Description:      r.description,
			EnforcementLevel: r.level,
			ConfigSchema:     r.schema,
			ValidateStack: func(ctx context.Context, args policyx.StackValidationArgs) error {
				return r.validate(args, nil)
			},
		}),
		rule: r,
	}
}

func (r stackRule) validate(args policyx.StackValidationArgs, config map[string]any) error {
	for _, f := range r.check(newStack(args.Resources), withDefaults(r.schema, config)) {
		args.Manager.ReportViolation(f.message, f.urn)
	}
	return nil
}

// configuredStackPolicy is our stack-policy constructor's product: a policyx stack policy that
// also implements engine.ConfiguredStackPolicy, so our analyzer and evaluator hand it its
// configured properties (policyx defect d). Through plain policyx.Validate it runs with its
// schema defaults.
type configuredStackPolicy struct {
	policyx.StackValidationPolicy
	rule stackRule
}

// ValidateStack runs the stack policy with its resolved configuration properties.
func (p configuredStackPolicy) ValidateStack(_ context.Context, args policyx.StackValidationArgs,
	config map[string]any,
) error {
	return p.rule.validate(args, config)
}

// onProps adapts a check that needs only the resource's properties.
func onProps(check func(p property.Map, r *report)) func(in input, r *report) {
	return func(in input, r *report) { check(in.props, r) }
}
