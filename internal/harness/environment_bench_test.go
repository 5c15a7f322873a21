package harness_test

import (
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

// BenchmarkEnvironmentProduction runs every production stack through the harness, primaries
// first, as `cmd/plan -environment production` does before summarising; compare with
// BenchmarkProgramProdEU in ./stacks for one stack.
func BenchmarkEnvironmentProduction(b *testing.B) {
	production, err := harness.LoadEnvironment("production")
	if err != nil {
		b.Fatal(err)
	}
	var resources int
	for b.Loop() {
		invs, err := harness.RunEnvironment(stacks.Program, production)
		if err != nil {
			b.Fatal(err)
		}
		resources = 0
		for _, inv := range invs {
			resources += len(inv.Resources)
		}
	}
	b.ReportMetric(float64(len(production)), "stacks")
	b.ReportMetric(float64(resources), "resources")
}
