package rules

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

const cacheReplicationGroup = "aws:elasticache/replicationGroup:ReplicationGroup"

// validAuthToken applies ElastiCache's AUTH token rules: 16-128 characters, letters, digits
// and only the specials !&#$^<>-.
func validAuthToken(token string) bool {
	if len(token) < 16 || len(token) > 128 {
		return false
	}
	for _, c := range token {
		alnum := c < 128 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')
		if !alnum && !strings.ContainsRune("!&#$^<>-", c) {
			return false
		}
	}
	return true
}

var cacheRules = []resourceRule{
	{
		name: "elasticache-encrypted-at-rest-cmk",
		description: "ElastiCache replication groups are encrypted at rest with a customer-managed KMS key " +
			"[FSBP ElastiCache.4, CKV_AWS_29, CKV_AWS_191]",
		level: mandatory,
		types: []string{cacheReplicationGroup},
		check: onProps(func(p property.Map, r *report) {
			r.requireTrue(p, "atRestEncryptionEnabled")
			r.requireCustomerManagedKey(p, "kmsKeyId")
		}),
	},
	{
		name: "elasticache-encrypted-in-transit",
		description: "ElastiCache replication groups require TLS (transitEncryptionEnabled, mode not preferred) " +
			"[FSBP ElastiCache.5, CKV_AWS_30]",
		level: mandatory,
		types: []string{cacheReplicationGroup},
		check: onProps(func(p property.Map, r *report) {
			r.requireTrue(p, "transitEncryptionEnabled")
			r.requireOneOfIfSet(p, []string{"required"}, "transitEncryptionMode")
		}),
	},
	{
		name: "elasticache-auth",
		description: "ElastiCache replication groups authenticate clients: a valid AUTH token (16-128 chars, " +
			"specials only !&#$^<>-) or RBAC user groups [FSBP ElastiCache.6, CKV_AWS_31]",
		level: mandatory,
		types: []string{cacheReplicationGroup},
		check: onProps(func(p property.Map, r *report) {
			token, users := get(p, "authToken"), get(p, "userGroupIds")
			switch {
			case token.unknown() || users.unknown() || !users.empty():
			case token.empty():
				r.addf("authToken or userGroupIds must be set")
			case !validAuthToken(token.str()):
				r.addf("authToken must be 16-128 letters, digits or !&#$^<>- (value not shown)")
			}
		}),
	},
	{
		name: "elasticache-multi-az",
		description: "ElastiCache replication groups fail over across AZs: automaticFailoverEnabled, " +
			"multiAzEnabled and at least 2 nodes per shard, unless tagged as a standby runtime's [FSBP ElastiCache.3]",
		level:  mandatory,
		types:  []string{cacheReplicationGroup},
		schema: schema(standbySchema()),
		check: func(in input, r *report) {
			if standingBy(in) {
				return
			}
			p := in.props
			r.requireTrue(p, "automaticFailoverEnabled")
			r.requireTrue(p, "multiAzEnabled")
			switch groups := get(p, "numNodeGroups"); {
			case groups.unknown(): // cluster mode decided at update
			case groups.absent():
				r.requireAtLeast(p, 2, "numCacheClusters")
			default:
				r.requireAtLeast(p, 1, "replicasPerNodeGroup")
			}
		},
	},
	{
		name:        "elasticache-backups",
		description: "ElastiCache replication groups keep automatic snapshots [FSBP ElastiCache.1, CKV_AWS_134]",
		level:       advisory,
		types:       []string{cacheReplicationGroup},
		check:       onProps(func(p property.Map, r *report) { r.requireAtLeast(p, 1, "snapshotRetentionLimit") }),
	},
	{
		name:        "elasticache-auto-minor-version-upgrade",
		description: "ElastiCache replication groups take automatic minor version upgrades [FSBP ElastiCache.2]",
		level:       advisory,
		types:       []string{cacheReplicationGroup},
		check:       onProps(func(p property.Map, r *report) { r.forbidFalse(p, "autoMinorVersionUpgrade") }),
	},
	{
		name:        "elasticache-own-subnet-group",
		description: "ElastiCache replication groups use a dedicated subnet group, not the default [FSBP ElastiCache.7]",
		level:       advisory,
		types:       []string{cacheReplicationGroup},
		check: onProps(func(p property.Map, r *report) {
			r.requireSet(p, "subnetGroupName")
			if get(p, "subnetGroupName").str() == "default" {
				r.addf("subnetGroupName must not be \"default\"")
			}
		}),
	},
}
