package cost

import (
	"testing"

	"github.com/saleor-platform/infra/internal/deploytime"
)

// BenchmarkEstimatesProdEU is what the plan adds to a stack: the cost estimate and the
// critical path over prod-eu's inventory (the run itself excluded).
func BenchmarkEstimatesProdEU(b *testing.B) {
	inv := allStacks(b)["prod-eu"]
	for b.Loop() {
		if _, err := Of(inv); err != nil {
			b.Fatal(err)
		}
		if _, err := deploytime.ColdDeploy(inv); err != nil {
			b.Fatal(err)
		}
	}
}
