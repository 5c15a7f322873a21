package analyzer_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/saleor-platform/infra/policy/analyzer/analyzertest"
	"github.com/saleor-platform/infra/policy/config"
	"github.com/saleor-platform/infra/policy/engine"
	"github.com/saleor-platform/infra/policy/policytest"
	"github.com/saleor-platform/infra/policy/rules"
)

// TestProtocol drives the built pack binary through the analyzer protocol in the engine's
// order, starting with the `pulumi policy publish` path (GetAnalyzerInfo first).
func TestProtocol(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	a := analyzertest.Start(t, analyzertest.PackBinary(t))
	pack, err := rules.NewPack()
	if err != nil {
		t.Fatal(err)
	}

	// Publish path: no handshake, no ConfigureStack.
	info, err := a.Client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	if err != nil {
		t.Fatalf("GetAnalyzerInfo before ConfigureStack: %v", err)
	}
	if info.GetName() != rules.PackName || len(info.GetPolicies()) != len(pack.Policies()) || !info.GetSupportsConfig() {
		t.Fatalf("analyzer info: %s, %d policies", info.GetName(), len(info.GetPolicies()))
	}
	for _, p := range pack.Policies() {
		if got := info.GetInitialConfig()[p.Name()].GetEnforcementLevel(); got != pulumirpc.EnforcementLevel(p.EnforcementLevel()) {
			t.Errorf("InitialConfig[%s] = %v, want the policy's default level", p.Name(), got)
		}
	}
	if plugin, err := a.Client.GetPluginInfo(ctx, &emptypb.Empty{}); err != nil || plugin.GetVersion() != rules.Version.String() {
		t.Fatalf("GetPluginInfo: %v %v", plugin, err)
	}

	// Preview path.
	root := "policy"
	if _, err := a.Client.Handshake(ctx, &pulumirpc.AnalyzerHandshakeRequest{RootDirectory: &root}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Client.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{
		Stack: "prod-eu", Project: "saleor", Organization: "saleor-platform", DryRun: true,
		Config: map[string]string{"saleor:environment": "production"}, Tags: map[string]string{"team": "platform"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Client.GetAnalyzerInfo(ctx, &emptypb.Empty{}); err != nil {
		t.Fatal(err)
	}
	production, err := config.ForEnvironment("production")
	if err != nil {
		t.Fatal(err)
	}
	resolved, err := engine.Resolve(pack.Policies(), production)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Client.Configure(ctx, analyzertest.ConfigureRequest(t, resolved)); err != nil {
		t.Fatal(err)
	}

	stack := policytest.CompliantStack()
	// Bad resources: a public database with an unknown key, an HTTP listener that forwards.
	stack = policytest.WithProperty(stack, "db", true, "publiclyAccessible")
	stack = policytest.WithProperty(stack, "alb-http", "forward", "defaultActions", 0, "type")
	// Unknowns everywhere in one resource: decided at update, no diagnostic.
	stack = policytest.WithProperty(stack, "cache", policytest.Computed, "atRestEncryptionEnabled")
	stack = policytest.WithProperty(stack, "cache", policytest.Computed, "authToken")

	got := map[string][]string{} // URN -> policies
	for _, r := range stack {
		resp, err := a.Client.Analyze(ctx, analyzertest.AnalyzeRequest(t, r))
		if err != nil {
			t.Fatalf("Analyze %s: %v", r.URN, err)
		}
		for _, d := range resp.GetDiagnostics() {
			got[d.GetUrn()] = append(got[d.GetUrn()], d.GetPolicyName())
			if d.GetEnforcementLevel() != pulumirpc.EnforcementLevel_MANDATORY || d.GetPolicyPackName() != rules.PackName {
				t.Errorf("diagnostic %s: level %v pack %s", d.GetPolicyName(), d.GetEnforcementLevel(), d.GetPolicyPackName())
			}
		}
	}
	want := map[string][]string{
		urn(stack, "db"):       {"rds-not-public"},
		urn(stack, "alb-http"): {"lb-listener-http-redirects"},
	}
	if !equal(got, want) {
		t.Errorf("Analyze diagnostics = %v, want %v", got, want)
	}

	resp, err := a.Client.AnalyzeStack(ctx, analyzertest.AnalyzeStackRequest(t, stack))
	if err != nil || len(resp.GetDiagnostics()) != 0 {
		t.Fatalf("AnalyzeStack of the compliant stack: %v %v", resp.GetDiagnostics(), err)
	}
	// S3 joins through property dependencies, with every bucket name unknown.
	resp, err = a.Client.AnalyzeStack(ctx, analyzertest.AnalyzeStackRequest(t, policytest.Without(stack, "media-sse")))
	if err != nil || len(resp.GetDiagnostics()) != 1 || resp.GetDiagnostics()[0].GetPolicyName() != "s3-bucket-encryption-cmk" ||
		resp.GetDiagnostics()[0].GetUrn() != urn(stack, "media") {
		t.Fatalf("AnalyzeStack without media-sse: %v %v", resp.GetDiagnostics(), err)
	}
	// Stack policies get their configured properties (defect d): with only 443 allowed, the
	// load balancer group's port-80 rule becomes a violation.
	resolved["security-group-no-public-ingress"].Properties["publicPorts"] = []any{443}
	if _, err := a.Client.Configure(ctx, analyzertest.ConfigureRequest(t, resolved)); err != nil {
		t.Fatal(err)
	}
	resp, err = a.Client.AnalyzeStack(ctx, analyzertest.AnalyzeStackRequest(t, stack))
	if err != nil || len(resp.GetDiagnostics()) != 1 || resp.GetDiagnostics()[0].GetUrn() != urn(stack, "alb-sg-http") {
		t.Fatalf("AnalyzeStack with publicPorts [443]: %v %v", resp.GetDiagnostics(), err)
	}
}

// TestUpstreamPolicyxCrashesOnPublish shows defect (a) of policyx v3.274.1: served by
// policyx.Main, GetAnalyzerInfo before ConfigureStack dereferences the nil pack and the
// process dies. TestProtocol makes the same call first on our server.
func TestUpstreamPolicyxCrashesOnPublish(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a second binary")
	}
	a := analyzertest.Start(t, analyzertest.Build(t, "./testdata/upstream", t.TempDir()))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := a.Client.GetAnalyzerInfo(ctx, &emptypb.Empty{}); err == nil {
		t.Fatal("upstream policyx answered GetAnalyzerInfo before ConfigureStack; defect (a) may be fixed upstream")
	}
	select {
	case <-a.Exited():
		if a.ExitError() == nil {
			t.Fatal("upstream analyzer exited cleanly, want a crash")
		}
	case <-ctx.Done():
		t.Fatal("upstream analyzer did not exit")
	}
}

func urn(stack []policyx.AnalyzerResource, name string) string {
	_, r := policytest.Find(stack, name)
	return r.URN
}

func equal(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}
