package stacks_test

import (
	"testing"

	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

// appRuntime is one application runtime a stack runs: its home runtime, in its region, and
// a primary's DR runtime (saleor:drCompute pilot-light or warm), in its DR region. A region
// holds at most one runtime, so its region names it.
type appRuntime struct {
	// name is the subtest's: "home" or "dr".
	name   string
	region string
	dr     bool
	// standby is how it waits, from the effective config: the home runtime serves; a DR
	// runtime waits as saleor:drCompute says until saleor:promoteReplica makes it serve.
	standby compute.Standby
}

// runtimesOf lists the stack's runtimes, home first.
func runtimesOf(t testing.TB, inv *harness.Inventory) []appRuntime {
	t.Helper()
	cfg := stackConfig(t, inv)
	out := []appRuntime{{name: "home", region: cfg.Region, standby: compute.Serving}}
	if !cfg.Failover.DRCompute.Runs() {
		return out
	}
	standby := compute.PilotLight
	switch {
	case cfg.Failover.PromoteReplica:
		standby = compute.Serving
	case cfg.Failover.DRCompute == stacks.DRWarm:
		standby = compute.Warm
	}
	return append(out, appRuntime{name: "dr", region: cfg.SecondaryRegion, dr: true, standby: standby})
}

// runtimeIn is the stack's runtime in region, nil for none.
func runtimeIn(t testing.TB, inv *harness.Inventory, region string) *appRuntime {
	t.Helper()
	for _, rt := range runtimesOf(t, inv) {
		if rt.region == region {
			return &rt
		}
	}
	return nil
}

// floor is n where the runtime runs tasks, 0 in pilot-light: a service's desired count and
// scaling floor.
func (rt appRuntime) floor(n int) int {
	if rt.standby == compute.PilotLight {
		return 0
	}
	return n
}

// forEachRuntime runs f for every runtime of every stack file, a subtest each.
func forEachRuntime(t *testing.T, f func(t *testing.T, inv *harness.Inventory, rt appRuntime)) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		for _, rt := range runtimesOf(t, inv) {
			t.Run(rt.name, func(t *testing.T) { f(t, inv, rt) })
		}
	})
}

// TestApplicationRunsOnlyWhereItsRuntimesAre: every service, task definition, load balancer
// and cache of a stack is in the region of one of its runtimes (the tests that check a
// runtime's look there), and each runtime's region has them.
func TestApplicationRunsOnlyWhereItsRuntimesAre(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		for _, typ := range []string{serviceType, taskDefinitionType, loadBalancerType, replicationGroupType} {
			for _, r := range inv.OfType(typ) {
				if runtimeIn(t, inv, r.Region) == nil {
					t.Errorf("%s %s is in %s, where the stack runs no application", typ, r.Name, r.Region)
				}
			}
			for _, rt := range runtimesOf(t, inv) {
				if len(inRegion(inv, typ, rt.region)) == 0 {
					t.Errorf("the %s runtime has no %s in %s", rt.name, typ, rt.region)
				}
			}
		}
	})
}
