package rules_test

import (
	"context"
	"testing"

	"github.com/saleor-platform/infra/policy/config"
	"github.com/saleor-platform/infra/policy/engine"
	"github.com/saleor-platform/infra/policy/policytest"
)

// BenchmarkEvaluate measures the in-process evaluator (what the offline plan runs) over ~400
// resources at production.json.
func BenchmarkEvaluate(b *testing.B) {
	production, err := config.ForEnvironment("production")
	if err != nil {
		b.Fatal(err)
	}
	stack, p := policytest.LargeStack(400), pack(b)
	for b.Loop() {
		ds, err := engine.Evaluate(context.Background(), p, production, stack)
		if err != nil || len(ds) != 0 {
			b.Fatalf("%v %v", ds, err)
		}
	}
	b.ReportMetric(float64(len(stack)), "resources")
}
