// Package security is the security tier of one region: a customer-managed KMS key per data
// class, and the account's threat detection there (GuardDuty and Security Hub).
package security

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/components/validate"
)

// SecurityArgs configures a Security component.
type SecurityArgs struct {
	// DataClasses are the classes to make keys for. Defaults to every class (DataClasses()).
	DataClasses []DataClass
	// AliasPrefix names the keys' aliases, alias/<AliasPrefix>/<class>, e.g. "saleor/prod-eu".
	// Required.
	AliasPrefix string
	// RotationPeriodDays is how often KMS rotates each key. Defaults to 365 days.
	RotationPeriodDays int
	// DeletionWindowDays is how long a key scheduled for deletion can still be recovered.
	// Defaults to 30 days, the maximum.
	DeletionWindowDays int
	// DeletionProtection marks the keys `protect`, so neither destroy nor a replacement can
	// schedule their deletion. Set it in production. Defaults to false.
	DeletionProtection bool
	// SkipThreatDetection leaves GuardDuty and Security Hub alone, for accounts where AWS
	// Organizations or another stack manages them in this region. Defaults to false: this
	// component enables them.
	SkipThreatDetection bool
}

func (a SecurityArgs) withDefaults() SecurityArgs {
	if a.DataClasses == nil {
		a.DataClasses = DataClasses()
	}
	if a.RotationPeriodDays == 0 {
		a.RotationPeriodDays = 365
	}
	if a.DeletionWindowDays == 0 {
		a.DeletionWindowDays = 30
	}
	return a
}

func (a SecurityArgs) validate(p *validate.Problems) {
	for i, c := range a.DataClasses {
		validate.OneOf(p, validate.Index("DataClasses", i), c, DataClasses())
	}
	p.Required("AliasPrefix", a.AliasPrefix != "", `the keys' alias prefix, e.g. "saleor/prod-eu"`)
	p.Range("RotationPeriodDays", a.RotationPeriodDays, 90, 2560, "days")
	p.Range("DeletionWindowDays", a.DeletionWindowDays, 7, 30, "days")
}

// Security is the security tier of one region.
type Security struct {
	pulumi.ResourceState

	// KeyArns holds each data class's key ARN.
	KeyArns map[DataClass]pulumi.StringOutput
}

// KeyArn returns the ARN of the key for class; the class must be one of Args.DataClasses.
func (s *Security) KeyArn(class DataClass) pulumi.StringOutput { return s.KeyArns[class] }

// securityType is the component's Pulumi type token.
const securityType = "saleor:security:Security"

// NewSecurity creates the keys and, unless skipped, GuardDuty and Security Hub in the region
// of the component's AWS provider.
func NewSecurity(ctx *pulumi.Context, name string, args *SecurityArgs, opts ...pulumi.ResourceOption) (*Security, error) {
	a, err := validate.Args(securityType, name, args, SecurityArgs.withDefaults, SecurityArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &Security{KeyArns: map[DataClass]pulumi.StringOutput{}}
	if err := ctx.RegisterComponentResource(securityType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	env, err := awsenv.Lookup(ctx, parent)
	if err != nil {
		return nil, err
	}
	for _, class := range a.DataClasses {
		key, err := newKey(ctx, name, class, &a, env, parent)
		if err != nil {
			return nil, err
		}
		c.KeyArns[class] = key.Arn
	}
	if !a.SkipThreatDetection {
		if err := enableThreatDetection(ctx, name, env, parent); err != nil {
			return nil, err
		}
	}
	outputs := pulumi.Map{}
	for class, arn := range c.KeyArns {
		outputs[string(class)+"KeyArn"] = arn
	}
	return c, ctx.RegisterResourceOutputs(c, outputs)
}
