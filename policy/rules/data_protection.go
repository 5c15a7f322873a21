package rules

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

const (
	kmsKey               = "aws:kms/key:Key"
	guardDutyDetector    = "aws:guardduty/detector:Detector"
	securityHubAccount   = "aws:securityhub/account:Account"
	securityHubStandards = "aws:securityhub/standardsSubscription:StandardsSubscription"
	fsbpStandard         = "aws-foundational-security-best-practices"
)

// statefulTypes hold data that a replacement or deletion would lose.
var statefulTypes = []string{
	rdsInstance, cacheReplicationGroup, s3BucketV2, s3BucketLegacy, "aws:backup/vault:Vault", kmsKey,
	"aws:secretsmanager/secret:Secret",
}

var dataProtectionRules = []resourceRule{
	{
		name: "stateful-resources-protected",
		description: "Stateful resources (RDS, ElastiCache, S3 buckets, backup vaults, KMS keys, secrets) carry the " +
			"protect option [FSBP KMS.3, WA REL09-BP01]",
		level: mandatory,
		types: statefulTypes,
		check: func(in input, r *report) {
			if !in.protect {
				r.addf("resource option protect must be set on %s", in.typ)
			}
		},
	},
	{
		name:        "kms-key-rotation",
		description: "Symmetric KMS keys rotate automatically [FSBP KMS.4, CKV_AWS_7]",
		level:       mandatory,
		types:       []string{kmsKey},
		check: onProps(func(p property.Map, r *report) {
			if spec := get(p, "customerMasterKeySpec"); spec.absent() || spec.str() == "SYMMETRIC_DEFAULT" {
				r.requireTrue(p, "enableKeyRotation")
			}
		}),
	},
	{
		name:        "kms-deletion-window",
		description: "KMS keys keep the longest deletion window (30 days, the AWS default, when not set) [FSBP KMS.3]",
		level:       advisory,
		types:       []string{kmsKey},
		check: onProps(func(p property.Map, r *report) {
			if !get(p, "deletionWindowInDays").absent() {
				r.requireAtLeast(p, 30, "deletionWindowInDays")
			}
		}),
	},
}

var dataProtectionStackRules = []stackRule{
	{
		name: "guardduty-enabled",
		description: "The stack enables a GuardDuty detector, unless accountServicesOwners names the stack that does " +
			"for its account [FSBP GuardDuty.1, CKV2_AWS_3]",
		level:  mandatory,
		schema: accountServicesSchema(),
		check: func(s *stack, config ruleConfig) []finding {
			if ownedElsewhere(s, config) {
				return nil
			}
			for _, d := range s.ofType(guardDutyDetector) {
				if !get(d.Properties, "enable").isFalse() {
					return nil
				}
			}
			return []finding{{message: "no " + guardDutyDetector + " with enable not false is declared"}}
		},
	},
	{
		name: "securityhub-fsbp",
		description: "The stack enables Security Hub and subscribes to the AWS Foundational Security Best Practices " +
			"standard, unless accountServicesOwners names the stack that does for its account [FSBP SecurityHub.1]",
		level:  mandatory,
		schema: accountServicesSchema(),
		check: func(s *stack, config ruleConfig) []finding {
			if ownedElsewhere(s, config) {
				return nil
			}
			var out []finding
			if len(s.ofType(securityHubAccount)) == 0 {
				out = append(out, finding{message: "no " + securityHubAccount + " is declared"})
			}
			subscribed := false
			for _, sub := range s.ofType(securityHubStandards) {
				arn := get(sub.Properties, "standardsArn")
				subscribed = subscribed || arn.unknown() || strings.Contains(arn.str(), fsbpStandard)
			}
			if !subscribed {
				out = append(out, finding{message: "no " + securityHubStandards + " subscribes to " + fsbpStandard})
			}
			return out
		},
	},
}
