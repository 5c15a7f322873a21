package analyzer_test

import (
	"context"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/saleor-platform/infra/policy/analyzer/analyzertest"
	"github.com/saleor-platform/infra/policy/config"
	"github.com/saleor-platform/infra/policy/engine"
	"github.com/saleor-platform/infra/policy/policytest"
	"github.com/saleor-platform/infra/policy/rules"
)

// BenchmarkAnalyzeGRPC measures one preview's worth of policy work over the real protocol:
// Analyze for each of ~400 resources, then AnalyzeStack, at production.json.
func BenchmarkAnalyzeGRPC(b *testing.B) {
	ctx := context.Background()
	a := analyzertest.Start(b, analyzertest.PackBinary(b))
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
	if _, err := a.Client.Configure(ctx, analyzertest.ConfigureRequest(b, resolved)); err != nil {
		b.Fatal(err)
	}
	stack := policytest.LargeStack(400)
	requests := make([]*pulumirpc.AnalyzeRequest, len(stack))
	for i, r := range stack {
		requests[i] = analyzertest.AnalyzeRequest(b, r)
	}
	stackRequest := analyzertest.AnalyzeStackRequest(b, stack)
	b.ResetTimer()
	for b.Loop() {
		for _, req := range requests {
			if _, err := a.Client.Analyze(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := a.Client.AnalyzeStack(ctx, stackRequest); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(stack)), "resources")
}
