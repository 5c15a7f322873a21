package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

// fakeSource serves the test platform's stacks; environment lists them in the order given.
func fakeSource(stacks ...harness.Stack) source {
	return programSource(harnesstest.Platform, stacks...)
}

// programSource serves stacks of program; environment lists them in the order given and
// environments every environment they set, in the order first set.
func programSource(program pulumi.RunFunc, stacks ...harness.Stack) source {
	return source{
		program: program,
		environments: func() ([]string, error) {
			var envs []string
			for _, s := range stacks {
				if env := s.Config[harness.EnvironmentKey]; !slices.Contains(envs, env) {
					envs = append(envs, env)
				}
			}
			return envs, nil
		},
		load: func(name string) (harness.Stack, error) {
			for _, s := range stacks {
				if s.Name == name {
					return s, nil
				}
			}
			return harness.Stack{}, errors.New("no stack file")
		},
		environment: func(env string) ([]string, error) {
			var names []string
			for _, s := range stacks {
				if s.Config[harness.EnvironmentKey] == env {
					names = append(names, s.Name)
				}
			}
			return names, nil
		},
	}
}

// staging is a primary eu and a regional benelux reading it, listed regional first.
func staging() []harness.Stack {
	return []harness.Stack{harnesstest.PlatformStack("benelux", "staging", "eu"), harnesstest.PlatformStack("eu", "staging", "")}
}

// primaryContract runs the fake primary alone and returns its output names and the secret
// ones: what a regional stack's read must return.
func primaryContract(t *testing.T) (outputs, secret []string) {
	t.Helper()
	inv, err := harness.Run(harnesstest.Platform, harnesstest.PlatformStack("eu", "staging", ""))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(inv.Outputs)) {
		outputs = append(outputs, name)
		if inv.Outputs[name].Secret {
			secret = append(secret, name)
		}
	}
	if len(secret) == 0 {
		t.Fatal("the fake primary exports no secret")
	}
	return outputs, secret
}

// wantExit is the exit code the plans call for: 1 when any has a mandatory violation.
func wantExit(plans ...*plan) int {
	for _, p := range plans {
		if p.mandatoryViolations() > 0 {
			return 1
		}
	}
	return 0
}

func TestPlanEnvironmentJSON(t *testing.T) {
	var out, errs bytes.Buffer
	code := runWith([]string{"-environment", "staging", "-format", "json"}, &out, &errs, fakeSource(staging()...))
	var ep environmentPlan
	if err := json.Unmarshal(out.Bytes(), &ep); err != nil {
		t.Fatalf("exit %d, %v: %s", code, err, errs.String())
	}
	if code != wantExit(ep.Stacks...) {
		t.Errorf("exit %d for plans with %v mandatory violations: %s", code, violations(ep.Stacks), errs.String())
	}
	if len(ep.Stacks) != 2 || ep.Stacks[0].Stack != "eu" || ep.Stacks[1].Stack != "benelux" {
		t.Fatalf("stacks %v, want the primary eu before benelux", stackNames(ep.Stacks))
	}
	eu, benelux := ep.Stacks[0], ep.Stacks[1]
	if eu.Role != "primary" || benelux.Role != "regional" || benelux.PrimaryStack != "eu" || len(eu.References) != 0 {
		t.Errorf("roles: eu %s (%d references), benelux %s of %q", eu.Role, len(eu.References), benelux.Role, benelux.PrimaryStack)
	}
	outputs, secret := primaryContract(t)
	want := []link{{From: "benelux", To: "eu", Outputs: outputs, Secret: secret, Read: true}}
	if !slices.EqualFunc(ep.Links, want, equalLinks) {
		t.Errorf("links %+v, want %+v", ep.Links, want)
	}
	for _, tier := range benelux.Tiers {
		for _, r := range tier.Resources {
			if r.Type == harness.StackReferenceType {
				t.Errorf("the stack reference is planned as a resource of %s", tier.Name)
			}
		}
	}
}

func TestPlanEnvironmentMermaid(t *testing.T) {
	var out, errs bytes.Buffer
	runWith([]string{"-environment", "staging", "-format", "mermaid"}, &out, &errs, fakeSource(staging()...))
	diagram := out.String()
	if !strings.HasPrefix(diagram, "flowchart LR\n") {
		t.Fatalf("not a flowchart: %s\n%s", diagram, errs.String())
	}
	for _, node := range []string{`eu["eu<br/>primary<br/>eu-central-1"]`, `benelux["benelux<br/>regional<br/>`} {
		if !strings.Contains(diagram, node) {
			t.Errorf("diagram lacks %s:\n%s", node, diagram)
		}
	}
	var edge string
	for _, line := range strings.Split(diagram, "\n") {
		if strings.HasPrefix(line, "  benelux -->|") && strings.HasSuffix(line, "| eu") {
			edge = line
		}
	}
	outputs, secret := primaryContract(t)
	for _, o := range outputs {
		label := o
		if slices.Contains(secret, o) {
			label += " (secret)"
		}
		if !strings.Contains(edge, `"`+label+"<br/>") && !strings.Contains(edge, "<br/>"+label+`"`) && !strings.Contains(edge, "<br/>"+label+"<br/>") {
			t.Errorf("edge benelux -> eu does not name %q: %q", label, edge)
		}
	}
}

func TestPlanEnvironmentText(t *testing.T) {
	var out, errs bytes.Buffer
	runWith([]string{"-environment", "staging"}, &out, &errs, fakeSource(staging()...))
	text := out.String()
	for _, want := range []string{"Environment staging: 2 stacks, primaries first", "Stack eu:", "Stack benelux:",
		"benelux -> eu: reads ", "Role: regional, attached to eu", "Reads stack eu: ", "dbPassword (secret)"} {
		if !strings.Contains(text, want) {
			t.Errorf("text plan lacks %q:\n%s", want, text)
		}
	}
	if strings.Index(text, "Stack eu:") > strings.Index(text, "Stack benelux:") {
		t.Error("the regional stack is printed before its primary")
	}
}

// TestPlanRegionalStackAlone: -stack on a regional stack runs its primary to serve the
// reference and prints the regional stack's plan only.
func TestPlanRegionalStackAlone(t *testing.T) {
	var out, errs bytes.Buffer
	code := runWith([]string{"-stack", "benelux", "-format", "json"}, &out, &errs, fakeSource(staging()...))
	var p plan
	dec := json.NewDecoder(&out)
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("exit %d, %v: %s", code, err, errs.String())
	}
	if dec.More() {
		t.Error("more than the regional stack's plan printed")
	}
	if code != wantExit(&p) {
		t.Errorf("exit %d with %d mandatory violations", code, p.mandatoryViolations())
	}
	outputs, secret := primaryContract(t)
	want := []reference{{Stack: "eu", Outputs: outputs, Secret: secret}}
	if p.Stack != "benelux" || !slices.EqualFunc(p.References, want, func(a, b reference) bool {
		return a.Stack == b.Stack && slices.Equal(a.Outputs, b.Outputs) && slices.Equal(a.Secret, b.Secret)
	}) {
		t.Errorf("plan of %s reads %+v, want %+v", p.Stack, p.References, want)
	}
}

// TestPlanFailsOnAnyStacksConfig: invalid config in the primary fails the regional stack's
// plan and the environment's, naming the stack, with nothing printed; so does a primary that
// does not load.
func TestPlanFailsOnAnyStacksConfig(t *testing.T) {
	broken := staging()
	broken[1].Config[harnesstest.FailKey] = "yes"
	for _, c := range []struct {
		args   []string
		stacks []harness.Stack
		want   []string
	}{
		{[]string{"-stack", "benelux"}, broken, []string{"stack eu: ", "failed on purpose"}},
		{[]string{"-environment", "staging"}, broken, []string{"stack eu: ", "failed on purpose", "stack benelux: not run"}},
		{[]string{"-stack", "benelux"}, staging()[:1], []string{"stack benelux: its primary stack eu", "does not load"}},
		{[]string{"-environment", "staging"}, staging()[:1], []string{"stack benelux references stack \"eu\""}},
		{[]string{"-environment", "qa"}, staging(), []string{"environment qa: no stack sets saleor:environment to \"qa\""}},
	} {
		var out, errs bytes.Buffer
		if code := runWith(c.args, &out, &errs, fakeSource(c.stacks...)); code != 1 {
			t.Errorf("%v: exit %d, want 1", c.args, code)
		}
		for _, w := range c.want {
			if !strings.Contains(errs.String(), w) {
				t.Errorf("%v: errors do not say %q:\n%s", c.args, w, errs.String())
			}
		}
		if out.Len() != 0 {
			t.Errorf("%v: printed a plan:\n%s", c.args, out.String())
		}
	}
}

func TestPlanFlags(t *testing.T) {
	for _, args := range [][]string{{}, {"-stack", "eu", "-environment", "staging"}, {"-environment", "staging", "extra"}} {
		if code := runWith(args, io.Discard, io.Discard, fakeSource(staging()...)); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func equalLinks(a, b link) bool {
	return a.From == b.From && a.To == b.To && a.Read == b.Read && slices.Equal(a.Outputs, b.Outputs) && slices.Equal(a.Secret, b.Secret)
}

func stackNames(plans []*plan) []string {
	var out []string
	for _, p := range plans {
		out = append(out, p.Stack)
	}
	return out
}

func violations(plans []*plan) []int {
	var out []int
	for _, p := range plans {
		out = append(out, p.mandatoryViolations())
	}
	return out
}
