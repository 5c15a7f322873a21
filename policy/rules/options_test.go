package rules_test

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/saleor-platform/infra/policy/engine"
	"github.com/saleor-platform/infra/policy/policytest"
)

// evaluateWith runs the whole pack under config, as --policy-pack-config passes it.
func evaluateWith(t *testing.T, config map[string]policyx.PolicyConfig, stack []policyx.AnalyzerResource) []engine.Diagnostic {
	t.Helper()
	ds, err := engine.Evaluate(context.Background(), pack(t), config, stack)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestAccountServicesOwnedByAnotherStack: a stack without GuardDuty, Security Hub or a trail
// passes only when accountServicesOwners names it (the compliant stack is "test"); naming
// another stack exempts nothing.
func TestAccountServicesOwnedByAnotherStack(t *testing.T) {
	stack := policytest.CompliantStack()
	for _, c := range []struct{ policy, resource string }{
		{"guardduty-enabled", "guardduty"}, {"securityhub-fsbp", "securityhub"}, {"cloudtrail-present", "trail"},
	} {
		t.Run(c.policy, func(t *testing.T) {
			without := policytest.Without(stack, c.resource)
			owners := func(m map[string]any) map[string]policyx.PolicyConfig {
				return map[string]policyx.PolicyConfig{c.policy: {
					EnforcementLevel: policyx.EnforcementLevelMandatory, Properties: map[string]any{"accountServicesOwners": m},
				}}
			}
			expectExactly(t, evaluateWith(t, owners(map[string]any{"other": "primary"}), without), c.policy, "")
			if ds := evaluateWith(t, owners(map[string]any{"test": "primary"}), without); len(ds) > 0 {
				t.Errorf("listed as owned by primary, still: %s", describe(ds))
			}
		})
	}
}

// TestPeeringRoutesStayInTheEnvironment: with environmentCidrs set, a peering route to
// another private block fails and one to a listed VPC passes; without it any RFC 1918 block
// passes.
func TestPeeringRoutesStayInTheEnvironment(t *testing.T) {
	config := map[string]policyx.PolicyConfig{"peering-routes-environment": {
		EnforcementLevel: policyx.EnforcementLevelMandatory,
		Properties:       map[string]any{"environmentCidrs": []any{"10.10.0.0/16", "10.30.0.0/16"}},
	}}
	stack := policytest.CompliantStack()
	if ds := evaluateWith(t, config, stack); len(ds) > 0 {
		t.Errorf("a route to a listed VPC: %s", describe(ds))
	}
	other := policytest.WithProperty(stack, "peering-route", "10.99.0.0/16", "destinationCidrBlock")
	expectExactly(t, evaluateWith(t, config, other), "peering-routes-environment", policytest.URN("aws:ec2/route:Route", "peering-route"))
	if ds := evaluate(t, other); len(ds) > 0 {
		t.Errorf("without environmentCidrs, a route to another private block: %s", describe(ds))
	}
}

// TestFailoverRecordsAreHealthChecked: a failover record without a health check fails like a
// latency record; a simple record needs none.
func TestFailoverRecordsAreHealthChecked(t *testing.T) {
	stack := policytest.WithProperty(policytest.CompliantStack(), "api-record", policytest.Null, "latencyRoutingPolicies")
	failover := policytest.WithProperty(stack, "api-record", []any{map[string]any{"type": "PRIMARY"}}, "failoverRoutingPolicies")
	if ds := evaluate(t, failover); len(ds) > 0 {
		t.Errorf("a health-checked failover record: %s", describe(ds))
	}
	unchecked := policytest.WithProperty(failover, "api-record", policytest.Null, "healthCheckId")
	expectExactly(t, evaluate(t, unchecked), "route53-routing-health-checked", policytest.URN("aws:route53/record:Record", "api-record"))
	simple := policytest.WithProperty(stack, "api-record", policytest.Null, "healthCheckId")
	if ds := evaluate(t, simple); len(ds) > 0 {
		t.Errorf("a simple record without a health check: %s", describe(ds))
	}
}

// TestStandbyRuntimesWaitBelowTheMultiAZMinimums: an API service at zero tasks and a
// one-node cache fail the multi-AZ rules, unless tagged Standby pilot-light or warm; any
// other value exempts nothing, and the service still spans two subnets.
func TestStandbyRuntimesWaitBelowTheMultiAZMinimums(t *testing.T) {
	stack := policytest.CompliantStack()
	stack = policytest.WithProperty(stack, "api-service", 0, "desiredCount")
	stack = policytest.WithProperty(stack, "cache", 1, "numCacheClusters")
	tagged := func(value string) []policyx.AnalyzerResource {
		out := stack
		for _, name := range []string{"api-service", "cache"} {
			out = policytest.WithProperty(out, name, value, "tagsAll", "Standby")
		}
		return out
	}
	both := func(ds []engine.Diagnostic) bool {
		return len(ds) == 2 && ds[0].URN != ds[1].URN && ds[0].Policy != ds[1].Policy
	}
	for _, untagged := range [][]policyx.AnalyzerResource{stack, tagged("yes")} {
		if ds := evaluate(t, untagged); !both(ds) {
			t.Errorf("not standing by: %s; want ecs-service-multi-az on api-service and elasticache-multi-az on cache", describe(ds))
		}
	}
	for _, mode := range []string{"pilot-light", "warm"} {
		if ds := evaluate(t, tagged(mode)); len(ds) > 0 {
			t.Errorf("tagged Standby %s: %s", mode, describe(ds))
		}
	}
	narrow := policytest.WithProperty(tagged("pilot-light"), "api-service", []any{policytest.Computed}, "networkConfiguration", "subnets")
	expectExactly(t, evaluate(t, narrow), "ecs-service-multi-az", urnOf(stack, "api-service"))
}
