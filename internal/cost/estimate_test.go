package cost

import (
	"sync"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

var (
	runOnce sync.Once
	runAll  map[string]*harness.Inventory
	runErr  error
)

// allStacks runs every stack file once, environment by environment (primaries first), and
// returns the inventories by stack name.
func allStacks(t testing.TB) map[string]*harness.Inventory {
	t.Helper()
	runOnce.Do(func() {
		runAll = map[string]*harness.Inventory{}
		for _, env := range []string{"production", "staging", "qa", "development", "demo"} {
			loaded, err := harness.LoadEnvironment(env)
			if err != nil {
				runErr = err
				return
			}
			invs, err := harness.RunEnvironment(stacks.Program, loaded)
			if err != nil {
				runErr = err
				return
			}
			for _, inv := range invs {
				runAll[inv.Stack.Name] = inv
			}
		}
	})
	if runErr != nil {
		t.Fatal(runErr)
	}
	return runAll
}

// TestEveryStackIsPriced: every AWS resource of every stack file has a cost rule or is known
// to be free, and every priced type has a price in its region.
func TestEveryStackIsPriced(t *testing.T) {
	names, err := harness.StackNames()
	if err != nil {
		t.Fatal(err)
	}
	all := allStacks(t)
	for _, name := range names {
		inv, ok := all[name]
		if !ok {
			t.Errorf("stack %s was not run by any environment", name)
			continue
		}
		est, err := Of(inv)
		if err != nil {
			t.Errorf("stack %s: %v", name, err)
			continue
		}
		t.Logf("%s: $%.0f/month, with levers $%.0f", name, est.MonthlyUSD, est.WithLeversUSD)
		if est.MonthlyUSD <= 0 {
			t.Errorf("stack %s: estimate $%v", name, est.MonthlyUSD)
		}
	}
}
