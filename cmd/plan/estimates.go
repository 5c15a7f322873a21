package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/saleor-platform/infra/internal/cost"
	"github.com/saleor-platform/infra/internal/deploytime"
	"github.com/saleor-platform/infra/internal/harness"
)

// attachEstimates adds the monthly cost estimate and the cold-deploy critical path to a
// stack's plan; a resource the cost model cannot price fails the plan. The markdown output
// (the PR comment) renders them with cost.Markdown and deploytime.Markdown.
func attachEstimates(p *plan, inv *harness.Inventory) error {
	est, err := cost.Of(inv)
	if err != nil {
		return fmt.Errorf("cost estimate: %w", err)
	}
	p.Cost = est
	p.DeployTime, err = deploytime.ColdDeploy(inv)
	if err != nil {
		return fmt.Errorf("deploy time: %w", err)
	}
	return nil
}

// writeEstimates appends the estimates to a stack's text plan.
func writeEstimates(b *strings.Builder, p *plan) {
	if p.Cost != nil {
		b.WriteString("\n")
		_ = cost.Text(b, p.Cost)
	}
	if p.DeployTime != nil {
		b.WriteString("\n")
		_ = deploytime.Text(b, p.DeployTime)
	}
}

// budgetWarnings writes a warning for each plan whose estimate exceeds its budget.
func budgetWarnings(stderr io.Writer, plans []*plan) {
	for _, p := range plans {
		if p.Cost != nil {
			if w := cost.BudgetWarning(p.Cost); w != "" {
				fmt.Fprintln(stderr, w)
			}
		}
	}
}

// costOnly is -cost: the formats print the estimate only.
const costOnly = "cost-"

func init() {
	renderers[costOnly+"text"] = func(w io.Writer, p *plan) error { return cost.Text(w, p.Cost) }
	renderers[costOnly+"json"] = func(w io.Writer, p *plan) error { return encodeJSON(w, p.Cost) }
	documentRenderers[costOnly+"text"] = each(renderEnvironmentCostText, "\n")
	documentRenderers[costOnly+"json"] = each(func(w io.Writer, ep *environmentPlan) error {
		return encodeJSON(w, environmentCostOf(ep))
	}, "")
}

// environmentCost is an environment's bill: every stack's estimate and their sum.
type environmentCost struct {
	Environment   string      `json:"environment"`
	MonthlyUSD    float64     `json:"monthlyUsd"`
	WithLeversUSD float64     `json:"withLeversUsd"`
	Stacks        []stackCost `json:"stacks"`
}

type stackCost struct {
	Stack         string   `json:"stack"`
	Role          string   `json:"role"`
	Regions       []string `json:"regions"`
	MonthlyUSD    float64  `json:"monthlyUsd"`
	WithLeversUSD float64  `json:"withLeversUsd"`
	BudgetUSD     int      `json:"budgetUsd,omitempty"`
	OverBudget    bool     `json:"overBudget,omitempty"`
}

func environmentCostOf(ep *environmentPlan) environmentCost {
	out := environmentCost{Environment: ep.Environment}
	for _, p := range ep.Stacks {
		c := p.Cost
		out.Stacks = append(out.Stacks, stackCost{Stack: p.Stack, Role: p.Role, Regions: p.Regions, MonthlyUSD: c.MonthlyUSD,
			WithLeversUSD: c.WithLeversUSD, BudgetUSD: c.BudgetUSD, OverBudget: c.OverBudget})
		out.MonthlyUSD += c.MonthlyUSD
		out.WithLeversUSD += c.WithLeversUSD
	}
	return out
}

func renderEnvironmentCostText(w io.Writer, ep *environmentPlan) error {
	ec := environmentCostOf(ep)
	var b strings.Builder
	fmt.Fprintf(&b, "Environment %s: estimated $%.0f/month, $%.0f with reserved and Spot applied\n", ec.Environment, ec.MonthlyUSD, ec.WithLeversUSD)
	for _, s := range ec.Stacks {
		budget := "no budget"
		if s.BudgetUSD > 0 {
			budget = fmt.Sprintf("budget $%d", s.BudgetUSD)
			if s.OverBudget {
				budget += " EXCEEDED"
			}
		}
		fmt.Fprintf(&b, "  %-16s %-8s $%8.0f  (levers $%8.0f, %s) in %s\n", s.Stack, s.Role, s.MonthlyUSD, s.WithLeversUSD, budget, strings.Join(s.Regions, ", "))
	}
	for _, p := range ep.Stacks {
		fmt.Fprintf(&b, "\n%s\n", p.Stack)
		if err := cost.Text(&b, p.Cost); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
