package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/readme"
)

func TestPlanText(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run([]string{"-stack", "staging"}, &out, &errs, harness.LoadStack); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	text := out.String()
	for _, want := range []string{"not a diff against deployed state", "network (saleor:network:Network, eu-central-1)",
		"1 NAT gateway", "2 availability zones", "Totals:", "Policy report (staging config)"} {
		if !strings.Contains(text, want) {
			t.Errorf("text plan lacks %q", want)
		}
	}
}

func TestPlanJSONAndMermaid(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run([]string{"-stack", "prod-eu", "-format", "json"}, &out, &errs, harness.LoadStack); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	var p plan
	if err := json.Unmarshal(out.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Stack != "prod-eu" || p.Totals.AWS == 0 || len(p.Tiers) < 4 || len(p.Edges) == 0 {
		t.Errorf("json plan: stack %q, %d AWS resources, %d tiers, %d edges", p.Stack, p.Totals.AWS, len(p.Tiers), len(p.Edges))
	}
	out.Reset()
	if code := run([]string{"-stack", "prod-eu", "-format", "mermaid"}, &out, &errs, harness.LoadStack); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.HasPrefix(out.String(), "flowchart LR") || !strings.Contains(out.String(), "security --> network") {
		t.Errorf("mermaid plan:\n%s", out.String())
	}
}

// TestPlanRejectsInvalidConfig: a bad stack exits 1 listing every problem.
func TestPlanRejectsInvalidConfig(t *testing.T) {
	invalid := func(string) (harness.Stack, error) {
		s := harness.ComponentStack()
		s.Config = map[string]string{"aws:region": "eu-amsterdam-1", "saleor:environment": "production",
			"saleor:ha": "single-az", "saleor:sizing": "60"}
		return s, nil
	}
	var out, errs bytes.Buffer
	if code := run([]string{"-stack", "invalid"}, &out, &errs, invalid); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, key := range []string{"aws:region", "saleor:ha", "saleor:sizing", "saleor:domain", "saleor:costCenter", "saleor:owner", "saleor:secondaryRegion"} {
		if !strings.Contains(errs.String(), key) {
			t.Errorf("error output does not name %s:\n%s", key, errs.String())
		}
	}
	if out.Len() != 0 {
		t.Errorf("an invalid stack printed a plan:\n%s", out.String())
	}
}

func TestPlanUsage(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run([]string{"-format", "yaml", "-stack", "staging"}, &out, &errs, harness.LoadStack); code != 2 {
		t.Errorf("exit %d for an unknown format, want 2", code)
	}
}

// TestReadmeArchitecture keeps README.md's diagram equal to prod-eu's mermaid plan;
// UPDATE_README=1 rewrites it.
func TestReadmeArchitecture(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run([]string{"-stack", "prod-eu", "-format", "mermaid"}, &out, &errs, harness.LoadStack); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	readme.Sync(t, "../../README.md", "architecture", "```mermaid\n"+out.String()+"```\n")
}
