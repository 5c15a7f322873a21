package stacks_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

const typeCertificateValidation = "aws:acm/certificateValidation:CertificateValidation"

// firstDeploy is a stack file as its first `pulumi up` sees it: the zone it creates is not
// delegated yet, because a person delegates it only after seeing its name servers. A
// regional stack creates no zone: its first deploy follows its primary's.
func firstDeploy(s harness.Stack) harness.Stack {
	if s.Config[harness.RoleKey] == "regional" {
		return s
	}
	return s.With(map[string]string{"saleor:zoneDelegated": "false", "saleor:hostedZoneId": ""})
}

// runFirstDeploy runs stack name after its primaries, each at its first deploy.
func runFirstDeploy(t *testing.T, name string, opts ...harness.Option) *harness.Inventory {
	t.Helper()
	inv, err := runChain(t, name, firstDeploy, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// waitsOn reports whether r depends, directly or through the resources it depends on or its
// parents, on a resource of type typ.
func waitsOn(inv *harness.Inventory, r *harness.Resource, typ string) bool {
	seen := map[string]bool{}
	var visit func(urn string) bool
	visit = func(urn string) bool {
		if seen[urn] {
			return false
		}
		seen[urn] = true
		d := inv.ByURN(urn)
		if d == nil {
			return false
		}
		if d.Type == typ {
			return true
		}
		deps := slices.Clone(d.Dependencies)
		for _, p := range d.PropertyDependencies {
			deps = append(deps, p...)
		}
		if d.Parent != "" {
			deps = append(deps, d.Parent)
		}
		return slices.ContainsFunc(deps, visit)
	}
	return visit(r.URN)
}

// TestFirstDeployWaitsOnNoCertificateValidation: the first `pulumi up` of every stack file
// finishes without waiting for ACM: no certificate validation, nothing waiting on one, no
// load balancer listener, distribution or service (which need an issued certificate); the
// data tier exists, and the plan says what to do next. A primary creates the zone and
// exports its name servers to delegate to; a regional stack, deployed while its primary's
// zone is not delegated, creates none and says it waits for the primary's delegation.
func TestFirstDeployWaitsOnNoCertificateValidation(t *testing.T) {
	names, err := harness.StackNames()
	if err != nil || len(names) == 0 {
		t.Fatalf("stack files: %v %v", names, err)
	}
	for _, name := range names {
		for _, mode := range runModes {
			t.Run(name+"/"+mode.name, func(t *testing.T) {
				inv := runFirstDeploy(t, name, mode.opts...)
				cfg := stackConfig(t, inv)
				for _, typ := range []string{typeCertificateValidation, typeListener, typeDistribution, typeECSService} {
					if got := inv.OfType(typ); len(got) > 0 {
						t.Errorf("the first deploy declares %d %s, which wait for the zone's delegation", len(got), typ)
					}
				}
				for _, r := range inv.Resources {
					if waitsOn(inv, r, typeCertificateValidation) {
						t.Errorf("%s %s waits on a certificate validation", r.Type, r.Name)
					}
				}
				// The data tier: a primary's writer and buckets, a regional stack's replica (its
				// logs bucket comes with what logs into it).
				data := []string{typeRDSInstance, typeBucketV2}
				if cfg.IsRegional() {
					data = []string{typeRDSInstance, typeReplicationGroup}
				}
				for _, typ := range data {
					if len(inv.OfType(typ)) == 0 {
						t.Errorf("the first deploy declares no %s", typ)
					}
				}
				_, exportsNameServers := inv.Outputs["nameServers"]
				if zones := len(inv.OfType("aws:route53/zone:Zone")); cfg.IsRegional() != (zones == 0) || cfg.IsRegional() == exportsNameServers {
					t.Errorf("the first deploy declares %d zones and exports name servers %v; want a zone and its name servers exactly on a primary",
						zones, exportsNameServers)
				}
				if !slices.ContainsFunc(inv.Logs, func(l string) bool {
					return strings.HasPrefix(l, "WARNING: ") && strings.Contains(l, "saleor:zoneDelegated") && strings.Contains(l, cfg.Domain)
				}) {
					t.Errorf("the plan does not say the zone %s waits for delegation: %q", cfg.Domain, inv.Logs)
				}
				env := stackEnvironment(t, inv)
				if bad := mandatoryOnly(evaluatePolicy(t, env, inv.AnalyzerResources())); len(bad) > 0 {
					t.Errorf("%d mandatory violations in the first deploy:%s", len(bad), policyReport(bad))
				}
			})
		}
	}
}

// TestCertificatesValidateOnceTheZoneIsDelegated: once saleor:zoneDelegated is true, or the
// zone is adopted with saleor:hostedZoneId, the certificates are validated and the HTTPS
// listeners and the distribution use the validated certificates; a regional stack follows
// its primary's delegation (staging-benelux, whose primary is staging; prod-na, API-only,
// has only its load balancers' certificates, in its region and its secondary region).
func TestCertificatesValidateOnceTheZoneIsDelegated(t *testing.T) {
	// delegate is staging's first deploy made delegated (or adopted) by change.
	delegate := func(change map[string]string) func(harness.Stack) harness.Stack {
		return func(s harness.Stack) harness.Stack {
			if s.Name == "staging" {
				return firstDeploy(s).With(change)
			}
			return s
		}
	}
	delegated := map[string]string{"saleor:zoneDelegated": "true"}
	for name, c := range map[string]struct {
		stack       string
		change      func(harness.Stack) harness.Stack
		validations int
	}{
		"delegated": {"staging", delegate(delegated), 2},
		"adopted":   {"staging", delegate(map[string]string{"saleor:zoneDelegated": "false", "saleor:hostedZoneId": "Z0123456789ABCDEFGHIJ"}), 2},
		"regional":  {"staging-benelux", delegate(delegated), 2},
		"API-only":  {"prod-na", nil, 2},
	} {
		t.Run(name, func(t *testing.T) {
			inv, err := runChain(t, c.stack, c.change)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(inv.OfType(typeCertificateValidation)); n != c.validations {
				t.Errorf("%d certificate validations, want %d (the load balancer's, and CloudFront's where the stack serves the storefront)", n, c.validations)
			}
			for _, typ := range []string{typeListener, typeDistribution} {
				for _, r := range inv.OfType(typ) {
					if r.Has("certificateArn") || typ == typeDistribution {
						if !waitsOn(inv, r, typeCertificateValidation) {
							t.Errorf("%s %s does not wait for its certificate's validation", typ, r.Name)
						}
					}
				}
			}
			if slices.ContainsFunc(inv.Logs, func(l string) bool { return strings.Contains(l, "saleor:zoneDelegated") }) {
				t.Errorf("the plan still says the zone waits for delegation: %q", inv.Logs)
			}
		})
	}
}
