package deployments

import (
	"slices"
	"testing"
)

// byName indexes a plan.
func byName(stacks []Stack) map[string]Stack {
	m := map[string]Stack{}
	for _, s := range stacks {
		m[s.Name] = s
	}
	return m
}

// triggeredBy returns the stacks whose triggers deploy target.
func triggeredBy(stacks []Stack, target string) []string {
	var out []string
	for _, s := range stacks {
		for _, tr := range s.Triggers {
			if tr.Target == target {
				out = append(out, s.Name)
			}
		}
	}
	return out
}

// TestRegionalStacksDeployAfterTheirPrimary: every regional stack is deployed by exactly one
// trigger, on its saleor:primaryStack, and never on push.
func TestRegionalStacksDeployAfterTheirPrimary(t *testing.T) {
	_, facts := realInputs(t)
	stacks := realPlan(t)
	regionals := 0
	for _, f := range facts {
		if !f.Regional() {
			continue
		}
		regionals++
		if by := triggeredBy(stacks, f.Name); !slices.Equal(by, []string{f.Primary}) {
			t.Errorf("%s is deployed by triggers on %v, want its primary %s", f.Name, by, f.Primary)
		}
		if byName(stacks)[f.Name].Settings.DeployCommits {
			t.Errorf("%s deploys on push: a regional stack deploys after its primary", f.Name)
		}
	}
	if regionals == 0 {
		t.Fatal("no regional stack file: the test checks nothing")
	}
}

// TestProductionDeploysAfterStaging: no production stack deploys on push, and every
// production stack is deployed only after every staging stack has been.
func TestProductionDeploysAfterStaging(t *testing.T) {
	_, facts := realInputs(t)
	stacks := realPlan(t)
	plan := byName(stacks)
	after := map[string]string{}
	for _, s := range stacks {
		after[s.Name] = s.After
	}
	var staging []string
	for _, f := range facts {
		if f.Environment == "staging" {
			staging = append(staging, f.Name)
		}
	}
	for _, f := range facts {
		if f.Environment != "production" {
			continue
		}
		if plan[f.Name].Settings.DeployCommits {
			t.Errorf("production stack %s deploys on push", f.Name)
		}
		chain, _ := ancestors(after, f.Name)
		for _, s := range staging {
			if !slices.Contains(chain, s) {
				t.Errorf("production stack %s deploys after %v, not after staging stack %s", f.Name, chain, s)
			}
		}
		if by := triggeredBy(stacks, f.Name); len(by) != 1 {
			t.Errorf("production stack %s is deployed by triggers on %v, want exactly one", f.Name, by)
		}
	}
}

// TestOnlyPrimariesDeployOnPush: the stacks that deploy on push are exactly the primaries
// not gated on another stack, and each stack deploys one way: on push or by one trigger.
func TestOnlyPrimariesDeployOnPush(t *testing.T) {
	f, facts := realInputs(t)
	stacks := realPlan(t)
	for _, s := range facts {
		st := byName(stacks)[s.Name]
		pushed := !s.Regional() && f.Stacks[s.Name].DeployAfter == ""
		if st.Settings.DeployCommits != pushed {
			t.Errorf("%s: deployCommits %v, want %v", s.Name, st.Settings.DeployCommits, pushed)
		}
		if n := len(triggeredBy(stacks, s.Name)); (n == 0) != pushed || n > 1 {
			t.Errorf("%s: deployed by %d triggers, deploys on push: %v", s.Name, n, pushed)
		}
	}
}

// TestPlanIsInDeploymentOrder: each stack comes after the stack it deploys after.
func TestPlanIsInDeploymentOrder(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range realPlan(t) {
		if s.After != "" && !seen[s.After] {
			t.Errorf("%s is listed before %s, which it deploys after", s.Name, s.After)
		}
		seen[s.Name] = true
	}
}

// TestOrderProblems: a cycle, a regional stack deployed before its primary and a gate that
// skips a stack of the environment it waits for are each rejected with the stacks named.
func TestOrderProblems(t *testing.T) {
	f, facts := realInputs(t)

	cyclic := cloneFile(f)
	cyclic.Stacks["staging"] = StackEntry{DeployAfter: "prod-benelux"}
	_, err := Plan(cyclic, facts)
	wantProblem(t, err, "stacks.staging.deployAfter: forms a cycle: staging -> prod-benelux -> prod-eu -> staging-benelux -> staging")

	early := cloneFile(f)
	early.Stacks["staging-benelux"] = StackEntry{DeployAfter: "qa"}
	_, err = Plan(early, facts)
	wantProblem(t, err, `stacks.staging-benelux.deployAfter: "qa": a regional stack deploys after its primary staging`)

	long := "staging-benelux-and-the-netherlands"
	longFacts := append(slices.Clone(facts), Facts{Name: long, Project: "saleor", Environment: "staging", Primary: "staging"})
	longFile := cloneFile(f)
	longFile.Stacks[long] = StackEntry{}
	_, err = Plan(longFile, longFacts)
	wantProblem(t, err, `stacks.staging-benelux-and-the-netherlands: the name of its trigger, "deploy-staging-benelux-and-the-netherlands", is 42 characters`)

	halfGate := cloneFile(f)
	halfGate.Stacks["prod-eu"] = StackEntry{DeployAfter: "staging"}
	_, err = Plan(halfGate, facts)
	wantProblem(t, err, `stacks.prod-eu.deployAfter: "staging" waits for environment staging, but its stack staging-benelux is not deployed before prod-eu`)
}

// cloneFile copies a file deeply enough to change its stacks.
func cloneFile(f File) File {
	c := f
	c.Stacks = map[string]StackEntry{}
	for k, v := range f.Stacks {
		c.Stacks[k] = v
	}
	return c
}
