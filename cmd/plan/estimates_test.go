package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

// TestPlanCarriesEstimates: the text plan shows the monthly estimate, its largest items and
// the critical path; the JSON plan carries both.
func TestPlanCarriesEstimates(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run([]string{"-stack", "prod-eu"}, &out, &errs, harness.LoadStack); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	for _, want := range []string{"Monthly cost estimate: $", "largest items:", "with reserved and Spot applied", "Cold deploy: critical path", "rds.Instance database-primary"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text plan lacks %q", want)
		}
	}
	out.Reset()
	if code := run([]string{"-stack", "prod-eu", "-format", "json"}, &out, &errs, harness.LoadStack); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	var p plan
	if err := json.Unmarshal(out.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Cost == nil || p.Cost.MonthlyUSD <= 0 || len(p.Cost.Lines) == 0 || p.DeployTime == nil || p.DeployTime.Seconds <= 0 {
		t.Errorf("json plan: cost %+v, deploy time %+v", p.Cost != nil, p.DeployTime)
	}
}

// TestEnvironmentCostTotals: -environment production -cost totals every stack of it.
func TestEnvironmentCostTotals(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run([]string{"-environment", "production", "-cost", "-format", "json"}, &out, &errs, harness.LoadStack); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	var ec environmentCost
	if err := json.Unmarshal(out.Bytes(), &ec); err != nil {
		t.Fatal(err)
	}
	names, _ := harness.EnvironmentStacks("production")
	sum := 0.0
	for _, s := range ec.Stacks {
		sum += s.MonthlyUSD
	}
	if len(ec.Stacks) != len(names) || sum <= 0 || math.Abs(sum-ec.MonthlyUSD) > 0.01 || ec.WithLeversUSD >= ec.MonthlyUSD {
		t.Errorf("production cost: %+v", ec)
	}
}

// TestBudgetWarning: a stack whose estimate exceeds saleor:monthlyBudgetUsd warns on stderr;
// the plan still succeeds.
func TestBudgetWarning(t *testing.T) {
	tight := func(name string) (harness.Stack, error) {
		s, err := harness.LoadStack(name)
		return s.With(map[string]string{"saleor:monthlyBudgetUsd": "100"}), err
	}
	var out, errs bytes.Buffer
	if code := run([]string{"-stack", "staging"}, &out, &errs, tight); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	if !strings.Contains(errs.String(), "WARNING: stack staging: estimated $") || !strings.Contains(errs.String(), "saleor:monthlyBudgetUsd = 100") {
		t.Errorf("no budget warning on stderr:\n%s", errs.String())
	}
	errs.Reset()
	if code := run([]string{"-stack", "staging"}, &out, &errs, harness.LoadStack); code != 0 || strings.Contains(errs.String(), "WARNING") {
		t.Errorf("staging within its budget warned: %s", errs.String())
	}
}
