package main

import (
	"io"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

// BenchmarkPlanEnvironmentProduction is `plan -environment production -format json`: every
// production stack run offline, primaries first, summarised and checked by the policy pack.
// BenchmarkEnvironmentProduction (./internal/harness) is the runs alone, BenchmarkProgramProdEU
// (./stacks) one stack's run.
func BenchmarkPlanEnvironmentProduction(b *testing.B) {
	names, err := harness.EnvironmentStacks("production")
	if err != nil || len(names) == 0 {
		b.Fatalf("production stacks: %v %v", names, err)
	}
	for b.Loop() {
		if code := run([]string{"-environment", "production", "-format", "json"}, io.Discard, io.Discard, harness.LoadStack); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(len(names)), "stacks")
}

// BenchmarkPlanStackProdEU is `plan -stack prod-eu -format json`: the single-stack figure to
// set beside BenchmarkPlanEnvironmentProduction.
func BenchmarkPlanStackProdEU(b *testing.B) {
	for b.Loop() {
		if code := run([]string{"-stack", "prod-eu", "-format", "json"}, io.Discard, io.Discard, harness.LoadStack); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkPlanStackProdBenelux is `plan -stack prod-benelux -format json`: a regional stack,
// which runs its primary first to serve its stack reference.
func BenchmarkPlanStackProdBenelux(b *testing.B) {
	for b.Loop() {
		if code := run([]string{"-stack", "prod-benelux", "-format", "json"}, io.Discard, io.Discard, harness.LoadStack); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
