package stacks_test

import (
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/replacement"
	"github.com/saleor-platform/infra/stacks"
)

// regionFailover is the configuration the README's runbook sets when the primary's region
// (eu-central-1) is lost: prod-eu promotes its DR replica, whose runtime then serves, and the
// regional stacks, whose writer is gone, leave the API name.
var regionFailover = map[string]map[string]string{
	"prod-eu":      {"saleor:promoteReplica": "true"},
	"prod-benelux": {"saleor:drainApi": "true"},
	"prod-na":      {"saleor:drainApi": "true"},
}

// failedRegion is the region the drill loses.
const failedRegion = "eu-central-1"

// globalServices are the types whose API is global, whatever the provider's region: a
// change to them does not need the failed region.
var globalServices = []string{"aws:route53/", "aws:iam/", "aws:cloudfront/", "aws:budgets/", "aws:costexplorer/"}

// runProduction runs prod-eu, prod-benelux and prod-na, each changed as changes says.
func runProduction(t *testing.T, changes map[string]map[string]string) map[string]*harness.Inventory {
	t.Helper()
	var chain []harness.Stack
	for _, name := range []string{"prod-eu", "prod-benelux", "prod-na"} {
		s, err := harness.LoadStack(name)
		if err != nil {
			t.Fatal(err)
		}
		chain = append(chain, s.With(changes[name]))
	}
	invs, err := harness.RunEnvironment(stacks.Program, chain)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*harness.Inventory{}
	for _, inv := range invs {
		out[inv.Stack.Name] = inv
	}
	return out
}

// TestRegionFailoverDrill plans production, then the region failover, and checks what the
// runbook promises: the DR replica becomes the writer in place; the update asks nothing of
// the lost region (every resource there keeps its inputs, so it needs no call to its APIs);
// no stateful resource changes but the promoted writer and the DR runtime, which change in
// place; the DR runtime serves and has its own
// health-checked latency record of the API name, the lost region's record stays behind its
// health check (unhealthy-only), the drained regions have none; and the pack passes.
func TestRegionFailoverDrill(t *testing.T) {
	before, after := runProduction(t, nil), runProduction(t, regionFailover)

	old, promoted := crossRegionReplica(t, before["prod-eu"], "database-dr"), crossRegionReplica(t, after["prod-eu"], "database-dr")
	if keys := replacement.Replaces(typeRDSInstance, old.Inputs, promoted.Inputs); len(keys) > 0 || old.URN != promoted.URN {
		t.Errorf("the DR replica is replaced (%s -> %s, on %v)", old.URN, promoted.URN, keys)
	}
	if promoted.Has("replicateSourceDb") {
		t.Error("the DR replica keeps its replication source: it is not promoted")
	}

	for name, inv := range after {
		was := before[name]
		for _, r := range inv.Resources {
			prev := was.ByURN(r.URN)
			switch {
			case r.Region == failedRegion && !global(r.Type) && (prev == nil || !prev.Inputs.DeepEquals(r.Inputs)):
				t.Errorf("%s: %s changes in the lost region %s: the update would call its APIs", name, r.URN, failedRegion)
			case !replacement.Stateful(r.Type) || (prev != nil && prev.Inputs.DeepEquals(r.Inputs)):
			case prev == nil:
				t.Errorf("%s: the failover creates stateful %s in %s", name, r.URN, r.Region)
			case r.URN == promoted.URN || strings.HasSuffix(r.Provider, "::aws-dr-runtime"):
				// The promoted writer and the DR runtime change to serve: in place only.
				if keys := replacement.Replaces(r.Type, prev.Inputs, r.Inputs); len(keys) > 0 {
					t.Errorf("%s: the failover replaces %s on %v", name, r.URN, keys)
				}
			default:
				t.Errorf("%s: stateful %s in %s changes in the failover; only the DR runtime and the promoted writer may", name, r.URN, r.Region)
			}
		}
		for _, r := range was.Resources {
			if after[name].ByURN(r.URN) == nil && (replacement.Stateful(r.Type) || (r.Region == failedRegion && !global(r.Type))) {
				t.Errorf("%s: the failover deletes %s in %s", name, r.URN, r.Region)
			}
		}
	}

	checkAPIAnswers(t, after)
	checkDRServes(t, after["prod-eu"])
	for name, inv := range after {
		if m := mandatoryOnly(evaluatePolicy(t, "production", inv.AnalyzerResources())); len(m) > 0 {
			t.Errorf("%s after the failover: mandatory violations %v", name, violationsOf(m))
		}
	}
}

// global reports whether typ's API is global.
func global(typ string) bool {
	for _, prefix := range globalServices {
		if strings.HasPrefix(typ, prefix) {
			return true
		}
	}
	return false
}

// checkAPIAnswers checks the API name's latency records after the failover: the DR region's
// and the lost region's, each with a health check; none from a drained stack.
func checkAPIAnswers(t *testing.T, invs map[string]*harness.Inventory) {
	t.Helper()
	answering := map[string]bool{}
	for name, inv := range invs {
		for _, r := range inv.OfType("aws:route53/record:Record") {
			if r.String("name") != "api.shop.example.com" || !r.Has("latencyRoutingPolicies") {
				continue
			}
			if r.String("healthCheckId") == "" {
				t.Errorf("%s: the latency record of %s has no health check", name, r.String("setIdentifier"))
			}
			answering[r.String("setIdentifier")] = true
			if name != "prod-eu" {
				t.Errorf("%s is drained, but keeps its latency record %s", name, r.String("setIdentifier"))
			}
		}
	}
	if !answering["eu-west-1"] || !answering[failedRegion] || len(answering) != 2 {
		t.Errorf("the API name answers for %v; want the DR region eu-west-1 and, behind its health check, %s", answering, failedRegion)
	}
}

// checkDRServes checks that the DR runtime serves: beat runs, the API is scaled from its
// minimum, and nothing is tagged as standing by.
func checkDRServes(t *testing.T, inv *harness.Inventory) {
	t.Helper()
	beat := inv.Named(typeECSService, "compute-dr-beat")
	if beat == nil || beat.Number("desiredCount") != 1 {
		t.Fatalf("the DR runtime's beat: %v; want one running", beat)
	}
	for _, r := range inv.AWS() {
		if v, ok := r.Tags()[stacks.StandbyTag]; ok {
			t.Errorf("%s is still tagged %s=%s after the promotion", r.URN, stacks.StandbyTag, v)
		}
	}
	for _, target := range inv.OfType("aws:appautoscaling/target:Target") {
		if strings.Contains(target.Name, "compute-dr-api") && target.Number("minCapacity") < 2 {
			t.Errorf("the DR API scales down to %v tasks; a serving production region keeps 2", target.Number("minCapacity"))
		}
	}
}
