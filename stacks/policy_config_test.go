package stacks_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/saleor-platform/infra/stacks"
)

// TestPolicyConfigKnowsEveryStack: policy/config/<env>.json names the environment's stacks as
// its stack files do. peering-routes-environment allows exactly the environment's VPC CIDRs
// (required once the environment has a regional stack), and guardduty-enabled,
// securityhub-fsbp and cloudtrail-present map each regional stack to its primary, which owns
// those services for it. A new regional stack or a changed CIDR fails here until the pack config follows.
func TestPolicyConfigKnowsEveryStack(t *testing.T) {
	for _, env := range stacks.Environments() {
		t.Run(string(env), func(t *testing.T) {
			plan, err := stacks.PlanPeering(environmentConfigs(t, string(env)))
			if err != nil {
				t.Fatal(err)
			}
			cfg := policyConfig(t, string(env))
			peering, set := cfg["peering-routes-environment"].Properties["environmentCidrs"]
			switch {
			case set && !slices.Equal(anyStrings(t, peering), plan.CIDRs):
				t.Errorf("peering-routes-environment.environmentCidrs = %v, want the stacks' VPC CIDRs %v", peering, plan.CIDRs)
			case !set && len(plan.AccountServicesOwners) > 0:
				t.Errorf("the environment has regional stacks %v but peering-routes-environment sets no environmentCidrs; want %v",
					slices.Sorted(maps.Keys(plan.AccountServicesOwners)), plan.CIDRs)
			}
			for _, policy := range []string{"guardduty-enabled", "securityhub-fsbp", "cloudtrail-present"} {
				owners := map[string]string{}
				if raw, ok := cfg[policy].Properties["accountServicesOwners"].(map[string]any); ok {
					for stack, owner := range raw {
						owners[stack] = fmt.Sprint(owner)
					}
				}
				if !maps.Equal(owners, plan.AccountServicesOwners) {
					t.Errorf("%s.accountServicesOwners = %v, want each regional stack's primary %v", policy, owners, plan.AccountServicesOwners)
				}
			}
		})
	}
}

// anyStrings converts a JSON array of strings.
func anyStrings(t *testing.T, v any) []string {
	t.Helper()
	list, ok := v.([]any)
	if !ok {
		t.Fatalf("%v is not a list", v)
	}
	out := make([]string, len(list))
	for i, item := range list {
		out[i] = fmt.Sprint(item)
	}
	return out
}
