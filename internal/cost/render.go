package cost

import (
	"github.com/saleor-platform/infra/internal/usage"

	"fmt"
	"io"
	"strings"
)

// LargestShown is how many lines Text and Markdown list; tiersShown how many tiers Text
// names before summing the rest.
const (
	LargestShown = 10
	tiersShown   = 8
)

// Text writes the estimate for the plan's text output: total, budget, savings, tiers and
// the largest items.
func Text(w io.Writer, est *Estimate) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Monthly cost estimate: $%s (prices as of %s)\n", money(est.MonthlyUSD), est.PricesAsOf)
	if est.BudgetUSD > 0 {
		fmt.Fprintf(&b, "  budget (%s): $%s — %s\n", BudgetKey, money(float64(est.BudgetUSD)), budgetVerdict(est))
	}
	fmt.Fprintf(&b, "  with reserved and Spot applied: $%s\n", money(est.WithLeversUSD))
	for _, s := range est.Savings {
		fmt.Fprintf(&b, "    %s saves $%s (%.1f%%)\n", s.Name, money(s.USD), s.Percent)
	}
	b.WriteString("  by tier:")
	rest := 0.0
	for i, t := range est.Tiers {
		if i >= tiersShown {
			rest += t.USD
			continue
		}
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %s $%s", t.Tier, money(t.USD))
	}
	if n := len(est.Tiers) - tiersShown; n > 0 {
		fmt.Fprintf(&b, ", %d more tiers $%s", n, money(rest))
	}
	b.WriteString("\n  largest items:\n")
	for _, l := range est.Largest(LargestShown) {
		fmt.Fprintf(&b, "    $%9s  %s %s (%s): %s — %s\n", money(l.USD), l.Type, l.Resource, l.Region, l.Item, l.Basis)
	}
	fmt.Fprintf(&b, "  assumptions (%s, override with %s): %s\n  %s\n", est.Environment, usage.Key, AssumptionsLine(est.Assumptions), est.Note)
	_, err := io.WriteString(w, b.String())
	return err
}

// BudgetWarning is the plan's warning when the estimate exceeds the budget; "" otherwise.
func BudgetWarning(est *Estimate) string {
	if !est.OverBudget {
		return ""
	}
	return fmt.Sprintf("WARNING: stack %s: estimated $%s/month exceeds %s = %d", est.Stack, money(est.MonthlyUSD), BudgetKey, est.BudgetUSD)
}

func budgetVerdict(est *Estimate) string {
	if est.OverBudget {
		return fmt.Sprintf("EXCEEDED by $%s", money(est.MonthlyUSD-float64(est.BudgetUSD)))
	}
	return fmt.Sprintf("%.0f%% used", 100*est.MonthlyUSD/float64(est.BudgetUSD))
}

// Markdown renders the estimate for the PR comment: the total, a mermaid pie of the cost by
// tier, the savings and the largest items. The plan's markdown output calls it.
func Markdown(est *Estimate) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**Estimated monthly cost: $%s**", money(est.MonthlyUSD))
	if est.BudgetUSD > 0 {
		fmt.Fprintf(&b, " (budget $%s: %s)", money(float64(est.BudgetUSD)), budgetVerdict(est))
	}
	fmt.Fprintf(&b, "; with reserved and Spot: $%s\n\n", money(est.WithLeversUSD))
	b.WriteString("```mermaid\npie showData title Monthly cost by tier (USD)\n")
	for _, t := range est.Tiers {
		if t.USD >= 0.5 {
			fmt.Fprintf(&b, "  %q : %.0f\n", t.Tier, t.USD)
		}
	}
	b.WriteString("```\n\n| lever | saves/month | share |\n|---|---:|---:|\n")
	for _, s := range est.Savings {
		fmt.Fprintf(&b, "| %s | $%s | %.1f%% |\n", s.Name, money(s.USD), s.Percent)
	}
	b.WriteString("\n| $/month | resource | item | basis |\n|---:|---|---|---|\n")
	for _, l := range est.Largest(LargestShown) {
		fmt.Fprintf(&b, "| %s | %s `%s` (%s) | %s | %s |\n", money(l.USD), l.Type, l.Resource, l.Region, l.Item, l.Basis)
	}
	fmt.Fprintf(&b, "\nAssumptions (%s): %s. %s\n", est.Environment, AssumptionsLine(est.Assumptions), est.Note)
	return b.String()
}

// AssumptionsLine states the assumptions that move the bill most, in one line.
func AssumptionsLine(a usage.Assumptions) string {
	return fmt.Sprintf("%.4g M requests/month, %.4g GB CDN out, %.4g%% to origin, %.4g LCU, %.4g GB/NAT gateway, %.4g GB app logs, "+
		"media %.4g GB +%.4g GB/month, storage at month %d, database %.4g%% full with %.4g%% daily change",
		a.RequestsMillion, a.CDNDataOutGB, 100*a.OriginShare, a.ALBLCU, a.NATGB, a.AppLogsGB,
		a.MediaGB, a.MediaGrowthGB, a.HorizonMonths, 100*a.DatabaseUsedShare, 100*a.DatabaseDailyChange)
}

// money formats dollars with thousands separators and no cents from 100 up.
func money(usd float64) string {
	if usd < 100 && usd > -100 {
		return fmt.Sprintf("%.2f", usd)
	}
	s := fmt.Sprintf("%.0f", usd)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []string
	for len(s) > 3 {
		out = append([]string{s[len(s)-3:]}, out...)
		s = s[:len(s)-3]
	}
	out = append([]string{s}, out...)
	if neg {
		return "-" + strings.Join(out, ",")
	}
	return strings.Join(out, ",")
}
