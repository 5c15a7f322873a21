package engine_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/saleor-platform/infra/internal/engine"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/replacement"
	"github.com/saleor-platform/infra/policy/analyzer/analyzertest"
	policyconfig "github.com/saleor-platform/infra/policy/config"
	policyengine "github.com/saleor-platform/infra/policy/engine"
	"github.com/saleor-platform/infra/policy/rules"
	"github.com/saleor-platform/infra/stacks"
)

// TestMain builds the pinned Pulumi CLI before the tests start, outside the test binary's
// timeout (-timeout, 10 minutes by default), which starts with the first test: a cold build
// takes minutes on two cores, more while other packages' tests share them. A failed build is
// reported by the first test that needs the CLI. It removes the policy pack binary the tests
// build.
func TestMain(m *testing.M) {
	_, _, _ = engine.CLI()
	analyzertest.Main(m)
}

// replaces decides which input changes force a replacement in the emulated providers: the
// project's one table of replacement-forcing inputs.
var replaces harness.ReplacesFunc = replacement.Replaces

// root is the repository root, where Pulumi.yaml and the stack files are.
func root(t testing.TB) string {
	t.Helper()
	dir, err := harness.ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// projectFile is the repository's Pulumi.yaml, which every session runs with unchanged.
func projectFile(t testing.TB) string { return filepath.Join(root(t), "Pulumi.yaml") }

// stackFile is the repository's Pulumi.<stack>.yaml.
func stackFile(t testing.TB, stack string) string {
	return filepath.Join(root(t), "Pulumi."+stack+".yaml")
}

// policyConfigFile is policy/config/<environment>.json, as CI passes it.
func policyConfigFile(t testing.TB, environment string) string {
	return filepath.Join(root(t), "policy", "config", environment+".json")
}

// environmentOf is the stack's saleor:environment.
func environmentOf(t testing.TB, stack harness.Stack) string {
	t.Helper()
	env := stack.Config["saleor:environment"]
	if env == "" {
		t.Fatalf("stack %s sets no saleor:environment", stack.Name)
	}
	return env
}

// open starts a session of a stack with the program, the pack binary and a policy config,
// in a file backend of its own.
func open(t *testing.T, stack, stackFile, policyConfig string) *engine.Session {
	t.Helper()
	return openIn(t, "", stack, stackFile, policyConfig)
}

// openIn is open in the file backend at directory backend, shared with the stacks whose
// outputs the stack references; "" gives it a backend of its own.
func openIn(t *testing.T, backend, stack, stackFile, policyConfig string) *engine.Session {
	t.Helper()
	start := time.Now()
	s, err := engine.Open(t.Context(), engine.Config{
		Stack: stack, Program: stacks.Program,
		ProjectFile: projectFile(t), StackFile: stackFile,
		PolicyPack: analyzertest.PackBinary(t), PolicyConfig: policyConfig,
		Providers: []harness.ProviderOption{harness.WithReplaces(replaces)},
		Dir:       t.TempDir(), Backend: backend,
	})
	if err != nil {
		t.Fatalf("opening stack %s: %v", stack, err)
	}
	t.Cleanup(s.Close)
	t.Logf("%s: stack init in %v", stack, time.Since(start).Round(time.Millisecond))
	return s
}

// unchangedFiles returns a check that the files still hold what they hold now: the sessions
// work on copies, since the CLI writes into stack files.
func unchangedFiles(t *testing.T, paths ...string) func() {
	t.Helper()
	before := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		before[p] = b
	}
	return func() {
		t.Helper()
		for p, b := range before {
			if now, err := os.ReadFile(p); err != nil || !bytes.Equal(now, b) {
				t.Errorf("%s changed during the run (%v)", p, err)
			}
		}
	}
}

// timed runs an operation and logs how long it took.
func timed(t *testing.T, what string, op func(context.Context) (*engine.Result, error)) (*engine.Result, error) {
	t.Helper()
	start := time.Now()
	r, err := op(t.Context())
	t.Logf("%s in %v", what, time.Since(start).Round(time.Millisecond))
	return r, err
}

// offline runs the program under the offline harness, as a preview of a new stack or as an
// update, and evaluates the pack in process under the environment's config. A regional
// stack runs after its primary, deployed, whose outputs serve its stack reference, as in a
// backend where the primary was deployed first.
func offline(t testing.TB, stack harness.Stack, env string, opts ...harness.Option) (*harness.Inventory, []policyengine.Diagnostic) {
	t.Helper()
	chain, err := harness.LoadWithPrimaries(stack.Name, func(name string) (harness.Stack, error) {
		if name == stack.Name {
			return stack, nil
		}
		return harness.LoadStack(name)
	})
	if err != nil {
		t.Fatal(err)
	}
	invs, err := harness.RunEnvironment(stacks.Program, chain, opts...)
	if err != nil {
		t.Fatalf("offline run of %s: %v", stack.Name, err)
	}
	inv := invs[len(invs)-1]
	cfg, err := policyconfig.ForEnvironment(env)
	if err != nil {
		t.Fatal(err)
	}
	pack, err := rules.NewPack()
	if err != nil {
		t.Fatal(err)
	}
	diags, err := policyengine.Evaluate(context.Background(), pack, cfg, inv.AnalyzerResources())
	if err != nil {
		t.Fatal(err)
	}
	return inv, diags
}

// violation is what a policy diagnostic blames, comparable across the engine and the
// offline evaluation: the policy, the resource's URN ("" for the stack) and the level.
type violation struct{ Policy, URN, Level string }

func (v violation) String() string {
	return fmt.Sprintf("[%s] %s on %s", v.Level, v.Policy, cmp.Or(v.URN, "the stack"))
}

// engineViolations are the engine's diagnostics of a level, sorted; a stack policy's
// violation the engine attributes to the root stack blames the stack ("").
func engineViolations(diags []engine.Diagnostic, level string, stack harness.Stack) []violation {
	var out []violation
	for _, d := range diags {
		if d.Level != level {
			continue
		}
		urn := d.URN
		if urn == rootStackURN(stack) {
			urn = ""
		}
		out = append(out, violation{d.Policy, urn, d.Level})
	}
	return sorted(out)
}

// offlineViolations are the offline evaluation's diagnostics of a level, sorted.
func offlineViolations(diags []policyengine.Diagnostic, level policyx.EnforcementLevel) []violation {
	var out []violation
	for _, d := range diags {
		if d.Level == level {
			out = append(out, violation{d.Policy, d.URN, policyengine.LevelName(level)})
		}
	}
	return sorted(out)
}

func sorted(vs []violation) []violation {
	slices.SortFunc(vs, func(a, b violation) int {
		return cmp.Or(cmp.Compare(a.Policy, b.Policy), cmp.Compare(a.URN, b.URN), cmp.Compare(a.Level, b.Level))
	})
	return vs
}

// listed prints values one a line, for failure messages.
func listed[T any](vs []T) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\n  %v", v)
	}
	return b.String()
}

// expectedURNs returns, as a set, the URNs of the resources the engine manages for an
// offline run: the registrations, the root stack (which the offline harness answers without
// recording) and defaultProviders.
func expectedURNs(t testing.TB, inv *harness.Inventory) map[string]bool {
	urns := defaultProviders(t, inv)
	urns[rootStackURN(inv.Stack)] = true
	for _, r := range inv.Resources {
		urns[r.URN] = true
	}
	return urns
}

// defaultProviders returns, as a set, the URNs of the default providers the engine creates
// itself: one for every package a resource uses without an explicit provider, named after
// the package's version, and the unversioned "default" of the engine's built-in package,
// pulumi, when the program reads a stack reference. The engine's change summaries leave
// them out.
func defaultProviders(t testing.TB, inv *harness.Inventory) map[string]bool {
	t.Helper()
	urns := map[string]bool{}
	for _, r := range inv.Resources {
		if !r.Custom || r.Provider != "" || strings.HasPrefix(r.Type, "pulumi:providers:") {
			continue
		}
		pkg, name := strings.SplitN(r.Type, ":", 2)[0], "default"
		if pkg != "pulumi" {
			version, err := engine.ProviderVersion(pkg)
			if err != nil {
				t.Fatal(err)
			}
			name += "_" + strings.ReplaceAll(version, ".", "_")
		}
		urns[fmt.Sprintf("urn:pulumi:%s::%s::pulumi:providers:%s::%s", inv.Stack.Name, inv.Stack.Project, pkg, name)] = true
	}
	return urns
}

// rootStackURN is the URN of the stack resource of a stack of the project.
func rootStackURN(s harness.Stack) string {
	return fmt.Sprintf("urn:pulumi:%s::%s::pulumi:pulumi:Stack::%s-%s", s.Name, s.Project, s.Project, s.Name)
}

// stepURNs returns the URNs of steps, as a set, and the operations seen, counted.
func stepURNs(steps []engine.Step) (map[string]bool, map[string]int) {
	urns, ops := map[string]bool{}, map[string]int{}
	for _, s := range steps {
		urns[s.URN] = true
		ops[string(s.Op)]++
	}
	return urns, ops
}

// missingFrom lists the keys of a that b lacks, sorted.
func missingFrom(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// reads returns, as a set, the URNs of the resources the program reads (stack references):
// the engine plans a read step for them, in every preview and update.
func reads(inv *harness.Inventory) map[string]bool {
	urns := map[string]bool{}
	for _, r := range inv.Resources {
		if r.Read {
			urns[r.URN] = true
		}
	}
	return urns
}

// sortedKeys returns a map's keys, sorted.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
