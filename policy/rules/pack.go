package rules

import (
	"slices"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PackName is the pack's name, as in PulumiPolicy.yaml.
const PackName = "saleor-guardrails"

// Version is the pack's version, as in PulumiPolicy.yaml.
var Version = semver.MustParse("1.0.0")

// NewPack returns the saleor-guardrails pack. It needs no stack context, so the analyzer can
// build it before the engine calls ConfigureStack.
func NewPack() (policyx.PolicyPack, error) {
	// The pack-level level is ignored by policyx (defect b); every policy sets its own.
	return policyx.NewPolicyPack(PackName, Version, mandatory, Policies())
}

// Policies returns every policy of the pack, resource policies first, by family.
func Policies() []policyx.Policy {
	var out []policyx.Policy
	for _, family := range [][]resourceRule{
		rdsRules, cacheRules, openSearchRules, serviceEncryptionRules, taggingRules, computeRules, loadBalancerRules,
		edgeRules, wafResourceRules, loggingRules, dataProtectionRules, iamRules, multiRegionRules, s3ReplicationRules,
	} {
		for _, r := range family {
			out = append(out, r.policy())
		}
	}
	for _, r := range slices.Concat(s3Rules, networkRules, computeStackRules, wafStackRules, loggingStackRules,
		dataProtectionStackRules) {
		out = append(out, r.policy())
	}
	return out
}
