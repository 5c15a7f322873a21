package main

import (
	"context"

	"github.com/saleor-platform/infra/internal/harness"
	policyconfig "github.com/saleor-platform/infra/policy/config"
	"github.com/saleor-platform/infra/policy/engine"
	"github.com/saleor-platform/infra/policy/rules"
)

// finding is one policy diagnostic in the plan.
type finding struct {
	Policy   string `json:"policy"`
	Resource string `json:"resource"`
	Message  string `json:"message"`
	Level    string `json:"level"`
}

// attachPolicyReport evaluates the policy pack over the stack's resources with the config
// file of the stack's environment, exactly as `pulumi preview --policy-pack policy
// --policy-pack-config policy/config/<environment>.json` would.
func attachPolicyReport(p *plan, inv *harness.Inventory) error {
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
		p.Policy = append(p.Policy, finding{Policy: d.Policy, Resource: name, Message: d.Message, Level: engine.LevelName(d.Level)})
	}
	return nil
}
