package engine_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/saleor-platform/infra/internal/engine"
	"github.com/saleor-platform/infra/internal/harness"
	policyengine "github.com/saleor-platform/infra/policy/engine"
	"github.com/saleor-platform/infra/stacks"
)

// TestEveryStackThroughTheRealEngine runs every Pulumi.<stack>.yaml through the pinned
// Pulumi CLI with the repository's Pulumi.yaml and the policy pack binary under the stack's
// environment config: a preview of the new stack, an update, and a second preview. The
// engine must accept the project and stack config, the pack must find no mandatory
// violation, the engine must plan exactly the resources the offline harness registers, the
// pack must raise the advisories the offline evaluation raises, and once deployed the stack
// must be stable: the second preview changes nothing.
//
// The stacks of an environment share one file backend and deploy in the documented order:
// the primary first, then its regional stacks, whose stack reference reads the deployed
// primary's outputs as it would in Pulumi Cloud. Environments run in parallel.
func TestEveryStackThroughTheRealEngine(t *testing.T) {
	for _, env := range stacks.Environments() {
		names, err := harness.EnvironmentStacks(string(env))
		if err != nil {
			t.Fatal(err)
		}
		if len(names) == 0 {
			continue
		}
		t.Run(string(env), func(t *testing.T) {
			t.Parallel() // as many at once as -parallel allows (GOMAXPROCS by default)
			backend := t.TempDir()
			deployed := map[string]bool{}
			for _, name := range names {
				stack, err := harness.LoadStack(name)
				if err != nil {
					t.Fatal(err)
				}
				if primary := stack.Config[harness.PrimaryStackKey]; primary != "" && !deployed[harness.ReferencedStack(primary)] {
					t.Errorf("%s: not run, its primary %s did not deploy", name, primary)
					continue
				}
				deployed[name] = t.Run(name, func(t *testing.T) { deployStack(t, backend, name) })
			}
		})
	}
}

// deployStack previews, deploys and previews again the stack name in the file backend at
// directory backend.
func deployStack(t *testing.T, backend, name string) {
	stack, err := harness.LoadStack(name)
	if err != nil {
		t.Fatal(err)
	}
	env := environmentOf(t, stack)
	planned, plannedDiags := offline(t, stack, env, harness.Preview())
	deployed, deployedDiags := offline(t, stack, env)

	untouched := unchangedFiles(t, projectFile(t), stackFile(t, name))
	s := openIn(t, backend, name, stackFile(t, name), policyConfigFile(t, env))

	preview, err := timed(t, name+": preview of the new stack", s.Preview)
	if err != nil {
		t.Fatalf("preview of %s failed: %v%s", name, err, listed(preview.Mandatory()))
	}
	assertCreates(t, "preview", preview, planned)
	assertMessages(t, "preview", preview, planned)
	assertPolicy(t, "preview", preview, planned, plannedDiags)
	t.Logf("%s: preview plans %d resources, %d advisories", name, preview.Changes[apitype.OpCreate], len(preview.Advisory()))

	up, err := timed(t, name+": update", s.Up)
	if err != nil {
		t.Fatalf("update of %s failed: %v%s", name, err, listed(up.Mandatory()))
	}
	assertCreates(t, "update", up, deployed)
	assertMessages(t, "update", up, deployed)
	assertPolicy(t, "update", up, deployed, deployedDiags)
	t.Logf("%s: update creates %d resources, %d advisories", name, up.Changes[apitype.OpCreate], len(up.Advisory()))
	assertOutputs(t, up, deployed)
	assertState(t, s, deployed)

	again, err := timed(t, name+": preview of the deployed stack", s.Preview)
	if err != nil {
		t.Fatalf("second preview of %s failed: %v", name, err)
	}
	assertNoChanges(t, again, deployed)
	assertMessages(t, "second preview", again, deployed)
	untouched()
}

// assertCreates checks that an operation on a new stack creates exactly the resources the
// offline harness registers (with the stack and default providers, see expectedURNs) and
// reads the stack references it reads, and nothing else.
func assertCreates(t *testing.T, op string, r *engine.Result, inv *harness.Inventory) {
	t.Helper()
	want, read := expectedURNs(t, inv), len(reads(inv))
	got, ops := stepURNs(r.Steps)
	if missing := missingFrom(want, got); len(missing) > 0 {
		t.Errorf("%s: the engine has no step for %d resources the offline harness registers:%s", op, len(missing), listed(missing))
	}
	if extra := missingFrom(got, want); len(extra) > 0 {
		t.Errorf("%s: the engine has steps for %d resources the offline harness does not register:%s", op, len(extra), listed(extra))
	}
	if wantOps := opCounts(apitype.OpCreate, len(want)-read, read); !maps.Equal(ops, wantOps) {
		t.Errorf("%s: steps by operation %v, want %v", op, ops, wantOps)
	}
	n := len(want) - len(defaultProviders(t, inv)) - read
	if r.Changes[apitype.OpCreate] != n || len(r.Changes) != 1 {
		t.Errorf("%s: change summary %v, want only %d creates (reads are not summarised)", op, r.Changes, n)
	}
}

// assertPolicy checks that the pack, run by the engine, raised no mandatory violation and
// the advisories the in-process evaluation of the offline run raises.
func assertPolicy(t *testing.T, op string, r *engine.Result, inv *harness.Inventory, offline []policyengine.Diagnostic) {
	t.Helper()
	if m := r.Mandatory(); len(m) > 0 {
		t.Errorf("%s: %d mandatory violations:%s", op, len(m), listed(m))
	}
	got := engineViolations(r.Policy, "advisory", inv.Stack)
	want := offlineViolations(offline, policyx.EnforcementLevelAdvisory)
	if !slices.Equal(got, want) {
		t.Errorf("%s: the engine's advisories differ from the offline evaluation's\nonly from the engine:%s\nonly offline:%s",
			op, listed(subtract(got, want)), listed(subtract(want, got)))
	}
}

// assertNoChanges checks that a preview of the deployed stack leaves every resource as it is.
func assertNoChanges(t *testing.T, r *engine.Result, inv *harness.Inventory) {
	t.Helper()
	read := reads(inv)
	want := len(expectedURNs(t, inv)) - len(defaultProviders(t, inv)) - len(read)
	var changed []string
	for _, s := range r.Steps {
		if s.Op != apitype.OpSame && !(s.Op == apitype.OpRead && read[s.URN]) {
			changed = append(changed, fmt.Sprintf("%s %s (changed %v, replacing on %v)", s.Op, s.URN, s.Keys, s.ReplaceKeys))
		}
	}
	if len(changed) > 0 {
		t.Errorf("the preview of the deployed stack changes %d resources:%s", len(changed), listed(changed))
	}
	if r.Changes[apitype.OpSame] != want || len(r.Changes) != 1 {
		t.Errorf("change summary of the deployed stack's preview %v, want only %d same (reads are not summarised)", r.Changes, want)
	}
}

// assertMessages checks that the engine reported exactly the errors and warnings the
// program logs offline: none of its own, none from the providers.
func assertMessages(t *testing.T, op string, r *engine.Result, inv *harness.Inventory) {
	t.Helper()
	var got, want []string
	for _, m := range r.Messages {
		got = append(got, m.Severity+": "+m.Text)
	}
	for _, line := range inv.Logs {
		severity, text, _ := strings.Cut(line, ": ")
		if severity = strings.ToLower(severity); severity == "error" || severity == "warning" {
			want = append(want, severity+": "+strings.TrimSpace(text))
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: the engine reported%s\nthe offline run logged%s", op, listed(r.Messages), listed(want))
	}
}

// opCounts is the steps by operation of a run that does op on n resources and reads read.
func opCounts(op apitype.OpType, n, read int) map[string]int {
	out := map[string]int{string(op): n}
	if read > 0 {
		out[string(apitype.OpRead)] = read
	}
	return out
}

// subtract returns the elements of a not in b, counting repeats.
func subtract(a, b []violation) []violation {
	left := map[violation]int{}
	for _, v := range b {
		left[v]++
	}
	var out []violation
	for _, v := range a {
		if left[v] > 0 {
			left[v]--
			continue
		}
		out = append(out, v)
	}
	return out
}
