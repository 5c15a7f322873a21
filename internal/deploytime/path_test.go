package deploytime

import (
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

func runStack(t *testing.T, name string) *harness.Inventory {
	t.Helper()
	loaded, err := harness.LoadWithPrimaries(name, harness.LoadStack)
	if err != nil {
		t.Fatal(err)
	}
	invs, err := harness.RunEnvironment(stacks.Program, loaded)
	if err != nil {
		t.Fatal(err)
	}
	return invs[len(invs)-1]
}

func TestProdEUColdDeploy(t *testing.T) {
	p, err := ColdDeploy(runStack(t, "prod-eu"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s over %d resources", Minutes(p.Seconds), p.Resources)
	for _, s := range p.Steps {
		t.Logf("%8s +%6s %s %s (%s) explicit=%v", Minutes(s.StartSeconds), Minutes(s.Seconds), s.Type, s.Resource, s.Region, s.Explicit)
	}
	for _, w := range p.Waits {
		t.Logf("wait: %s on %s +%s", w.Resource, w.On, Minutes(w.DelaySeconds))
	}
}
