package rules

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// accountServicesKey is the option of the account-service rules (GuardDuty, Security Hub)
// that names, per stack, the stack of the same account that enables them for it: a regional
// stack's primary, or the stack that owns a shared account. GuardDuty and Security Hub are
// per account and region, and a second detector or hub in the account fails, so only one
// stack declares them; the others cannot show them to a preview of their own.
const accountServicesKey = "accountServicesOwners"

// accountServicesSchema is the rules' config schema: the owners by stack name.
func accountServicesSchema() *policyx.ConfigSchema {
	return schema(map[string]map[string]any{
		accountServicesKey: {
			"type": "object", "default": map[string]any{},
			"description": "Stacks whose account services another stack of their account enables, by stack name: " +
				"{\"prod-benelux\": \"prod-eu\"}. Each entry is an exception a reviewer can read.",
			"additionalProperties": map[string]any{"type": "string", "minLength": 1},
		},
	})
}

// ownedElsewhere reports whether the stack being checked (the stack of its resources' URNs) is
// listed in accountServicesOwners.
func ownedElsewhere(s *stack, config ruleConfig) bool {
	owners, _ := config[accountServicesKey].(map[string]any)
	for urn := range s.byURN {
		_, listed := owners[string(resource.URN(urn).Stack())]
		return listed
	}
	return false
}
