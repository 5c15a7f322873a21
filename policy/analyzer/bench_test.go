package analyzer_test

import (
	"context"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/saleor-platform/infra/policy/config"
	"github.com/saleor-platform/infra/policy/engine"
	"github.com/saleor-platform/infra/policy/policytest"
	"github.com/saleor-platform/infra/policy/rules"
)

// BenchmarkAnalyzeGRPC measures one preview's worth of policy work over the real protocol:
// Analyze for each of ~400 resources, then AnalyzeStack, at production.json.
func BenchmarkAnalyzeGRPC(b *testing.B) {
	ctx := context.Background()
	a := start(b, packBinary(b))
	pack, err := rules.NewPack()
	if err != nil {
		b.Fatal(err)
	}
	production, err := config.ForEnvironment("production")
	if err != nil {
		b.Fatal(err)
	}
	resolved, err := engine.Resolve(pack.Policies(), production)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := a.client.Configure(ctx, configureRequest(b, resolved)); err != nil {
		b.Fatal(err)
	}
	stack := policytest.LargeStack(400)
	requests := make([]*pulumirpc.AnalyzeRequest, len(stack))
	for i, r := range stack {
		requests[i] = analyzeRequest(b, r)
	}
	stackRequest := analyzeStackRequest(b, stack)
	b.ResetTimer()
	for b.Loop() {
		for _, req := range requests {
			if _, err := a.client.Analyze(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := a.client.AnalyzeStack(ctx, stackRequest); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(stack)), "resources")
}
