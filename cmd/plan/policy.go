package main

import (
	"cmp"
	"context"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/saleor-platform/infra/internal/harness"
	policyconfig "github.com/saleor-platform/infra/policy/config"
	"github.com/saleor-platform/infra/policy/engine"
	"github.com/saleor-platform/infra/policy/rules"
)

// mandatory is the level of a finding that fails a preview, as findings spell it.
var mandatory = engine.LevelName(policyx.EnforcementLevelMandatory)

// finding is one policy diagnostic in the plan; a plan lists the mandatory ones first.
type finding struct {
	Policy   string `json:"policy"`
	Resource string `json:"resource"`
	Message  string `json:"message"`
	Level    string `json:"level"`
}

// attachPolicyReport evaluates the policy pack over the stack's resources with the config
// file of the stack's environment, exactly as `pulumi preview --policy-pack policy
// --policy-pack-config policy/config/<environment>.json` would; secrets are redacted from
// the messages.
func attachPolicyReport(p *plan, inv *harness.Inventory, secrets []string) error {
	config, err := policyconfig.ForEnvironment(p.Environment)
	if err != nil {
		return err
	}
	pack, err := rules.NewPack()
	if err != nil {
		return err
	}
	diags, err := engine.Evaluate(context.Background(), pack, config, inv.AnalyzerResources())
	if err != nil {
		return err
	}
	for _, d := range diags {
		name := "(stack)"
		if r := inv.ByURN(d.URN); r != nil {
			name = r.Name
		}
		p.Policy = append(p.Policy, finding{Policy: d.Policy, Resource: name, Message: redact(d.Message, secrets), Level: engine.LevelName(d.Level)})
	}
	// Mandatory findings first, the others in the pack's order.
	slices.SortStableFunc(p.Policy, func(a, b finding) int {
		return cmp.Compare(levelRank(a.Level), levelRank(b.Level))
	})
	return nil
}

// levelRank orders findings: mandatory (0) before every other level (1).
func levelRank(level string) int {
	if level == mandatory {
		return 0
	}
	return 1
}
