package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/readme"
	"github.com/saleor-platform/infra/stacks"
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

// TestPlanEnvironmentsOfTheStackFiles plans every environment of the stack files: each
// plans the stacks EnvironmentStacks lists; every stack that names a
// primary is linked to it; a stack reference read returns the referenced stack's whole
// contract (its exports); and the exit code follows the mandatory violations.
func TestPlanEnvironmentsOfTheStackFiles(t *testing.T) {
	names, err := harness.StackNames()
	if err != nil {
		t.Fatal(err)
	}
	environments := map[string]bool{}
	for _, name := range names {
		s, err := harness.LoadStack(name)
		if err != nil {
			t.Fatal(err)
		}
		environments[s.Config[harness.EnvironmentKey]] = true
	}
	for env := range environments {
		t.Run(env, func(t *testing.T) {
			var out, errs bytes.Buffer
			code := run([]string{"-environment", env, "-format", "json"}, &out, &errs, harness.LoadStack)
			var ep environmentPlan
			if err := json.Unmarshal(out.Bytes(), &ep); err != nil {
				t.Fatalf("exit %d, %v: %s", code, err, errs.String())
			}
			if code != wantExit(ep.Stacks...) {
				t.Errorf("exit %d: %s", code, errs.String())
			}
			listed, _ := harness.EnvironmentStacks(env)
			byName := map[string]*plan{}
			for _, p := range ep.Stacks {
				byName[p.Stack] = p
			}
			if planned := stackNames(ep.Stacks); !slices.Equal(slices.Sorted(slices.Values(planned)), slices.Sorted(slices.Values(listed))) {
				t.Fatalf("planned %v, the environment has %v", planned, listed)
			}
			for _, p := range ep.Stacks {
				if p.PrimaryStack == "" {
					continue
				}
				primary := harness.ReferencedStack(p.PrimaryStack)
				if !slices.ContainsFunc(ep.Links, func(l link) bool { return l.From == p.Stack && l.To == primary }) {
					t.Errorf("%s names %s as its primary; no link", p.Stack, primary)
				}
				if planned := stackNames(ep.Stacks); slices.Index(planned, primary) > slices.Index(planned, p.Stack) {
					t.Errorf("%s is planned before its primary %s: %v", p.Stack, primary, planned)
				}
			}
			for _, l := range ep.Links {
				to := byName[l.To]
				if to == nil {
					t.Errorf("link %s -> %s leaves the environment", l.From, l.To)
					continue
				}
				// A regional stack reads its primary's contract: every name of it, exported by the
				// primary, the secret ones secret.
				if l.Read && !slices.Equal(l.Outputs, stacks.ContractOutputs()) {
					t.Errorf("%s reads %v of %s, not the contract %v", l.From, l.Outputs, l.To, stacks.ContractOutputs())
				}
				for _, o := range l.Outputs {
					if !slices.Contains(to.Outputs, o) {
						t.Errorf("%s reads %s of %s, which does not export it", l.From, o, l.To)
					}
				}
				for _, o := range l.Secret {
					if !slices.Contains(to.SecretOutputs, o) {
						t.Errorf("%s reads %s of %s as a secret, which %s does not export as one", l.From, o, l.To, l.To)
					}
				}
			}
		})
	}
}

// TestPlanAllStackFilesAsMarkdown is the pull-request comment of this repository: one
// document, with the marker first, a section for every stack file, a mermaid diagram for
// every environment, small enough for a GitHub comment, exiting as the mandatory
// violations call for.
func TestPlanAllStackFilesAsMarkdown(t *testing.T) {
	var out, errs bytes.Buffer
	code := run([]string{"-all", "-format", "markdown"}, &out, &errs, harness.LoadStack)
	doc := out.String()
	if !strings.HasPrefix(doc, markdownMarker+"\n") || len(doc) > commentLimit {
		t.Errorf("document of %d characters (limit %d) starts %.40q", len(doc), commentLimit, doc)
	}
	if code != wantExitOf(t, doc) {
		t.Errorf("exit %d: %s", code, errs.String())
	}
	byStack, err := harness.StackEnvironments()
	if err != nil {
		t.Fatal(err)
	}
	for stack, env := range byStack {
		if !strings.Contains(doc, "\n### Stack "+stack+"\n") || !strings.Contains(doc, "| "+env+" | "+stack+" |") {
			t.Errorf("no section or overview row for %s (%s)", stack, env)
		}
		if !strings.Contains(doc, "\n## Environment "+env+"\n\n```mermaid\nflowchart LR\n") {
			t.Errorf("no diagram for environment %s", env)
		}
	}
}
