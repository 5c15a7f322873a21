package rules

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

const rdsInstance = "aws:rds/instance:Instance"

// isReplica reports whether the instance is a read replica: replicateSourceDb is set, or
// computed (set to another instance's output, the usual case in preview).
func isReplica(p property.Map) bool {
	v := get(p, "replicateSourceDb")
	return v.unknown() || !v.empty()
}

// crossRegionReplica reports whether a replica's source ARN names another region than the
// replica's provider. Unknown (source or region not known yet) is false: decided at update.
func crossRegionReplica(in input) bool {
	arn := strings.Split(get(in.props, "replicateSourceDb").str(), ":")
	return len(arn) > 3 && arn[0] == "arn" && in.region != "" && arn[3] != in.region
}

// arnRegion returns the region of an ARN, "" when s is not one (or the ARN is global).
func arnRegion(s string) string {
	parts := strings.Split(s, ":")
	if len(parts) < 4 || parts[0] != "arn" {
		return ""
	}
	return parts[3]
}

// primaryOnly restricts a check to instances that are not read replicas.
func primaryOnly(check func(p property.Map, r *report)) func(in input, r *report) {
	return func(in input, r *report) {
		if !isReplica(in.props) {
			check(in.props, r)
		}
	}
}

// postgresLogExports are the logs a PostgreSQL instance must publish (FSBP RDS.9/RDS.36).
var postgresLogExports = []string{"postgresql", "upgrade"}

var rdsRules = []resourceRule{
	{
		name: "rds-storage-encrypted-cmk",
		description: "RDS storage is encrypted with a customer-managed KMS key; same-region read replicas " +
			"inherit it, cross-region replicas name a key of their region [FSBP RDS.3, CKV_AWS_16]",
		level: mandatory,
		types: []string{rdsInstance},
		check: func(in input, r *report) {
			switch {
			case crossRegionReplica(in):
				r.requireCustomerManagedKey(in.props, "kmsKeyId")
				if region := arnRegion(get(in.props, "kmsKeyId").str()); region != "" && region != in.region {
					r.addf("kmsKeyId is a key of %s: a cross-region replica in %s is encrypted with a key of its own region", region, in.region)
				}
			case !isReplica(in.props):
				r.requireTrue(in.props, "storageEncrypted")
				r.requireCustomerManagedKey(in.props, "kmsKeyId")
			}
		},
	},
	{
		name:        "rds-performance-insights-cmk",
		description: "RDS Performance Insights, when enabled, is encrypted with a customer-managed KMS key [CKV_AWS_354]",
		level:       mandatory,
		types:       []string{rdsInstance},
		check: onProps(func(p property.Map, r *report) {
			if get(p, "performanceInsightsEnabled").isTrue() {
				r.requireCustomerManagedKey(p, "performanceInsightsKmsKeyId")
			}
		}),
	},
	{
		name:        "rds-multi-az",
		description: "RDS primary instances are Multi-AZ (read replicas excepted) [FSBP RDS.5, CKV_AWS_157]",
		level:       mandatory,
		types:       []string{rdsInstance},
		check:       primaryOnly(func(p property.Map, r *report) { r.requireTrue(p, "multiAz") }),
	},
	{
		name:        "rds-deletion-protection",
		description: "RDS instances have deletion protection enabled [FSBP RDS.8, CKV_AWS_293]",
		level:       mandatory,
		types:       []string{rdsInstance},
		check:       onProps(func(p property.Map, r *report) { r.requireTrue(p, "deletionProtection") }),
	},
	{
		name: "rds-final-snapshot",
		description: "RDS primary instances take a named final snapshot on deletion (skipFinalSnapshot not true) " +
			"[WA REL09-BP01]",
		level: mandatory,
		types: []string{rdsInstance},
		check: primaryOnly(func(p property.Map, r *report) {
			r.forbidTrue(p, "skipFinalSnapshot")
			if skip := get(p, "skipFinalSnapshot"); !skip.unknown() && !skip.isTrue() {
				r.requireSet(p, "finalSnapshotIdentifier")
			}
		}),
	},
	{
		name: "rds-backup-retention",
		description: "RDS primary instances keep automated backups for at least minBackupRetentionDays days " +
			"[FSBP RDS.11, CKV_AWS_133]",
		level: mandatory,
		types: []string{rdsInstance},
		schema: schema(map[string]map[string]any{
			"minBackupRetentionDays": intOption("Minimum backupRetentionPeriod in days. Defaults to 7.", 7, 1),
		}),
		check: func(in input, r *report) {
			if !isReplica(in.props) {
				r.requireAtLeast(in.props, float64(in.config.int("minBackupRetentionDays")), "backupRetentionPeriod")
			}
		},
	},
	{
		name:        "rds-not-public",
		description: "RDS instances are not publicly accessible [FSBP RDS.2, CKV_AWS_17]",
		level:       mandatory,
		types:       []string{rdsInstance},
		check:       onProps(func(p property.Map, r *report) { r.forbidTrue(p, "publiclyAccessible") }),
	},
	{
		name: "rds-log-exports",
		description: "RDS instances publish their engine logs to CloudWatch Logs (PostgreSQL: the postgresql and " +
			"upgrade logs, as AWS Config's rds-logging-enabled requires) [FSBP RDS.9, FSBP RDS.36, CKV_AWS_129]",
		level: advisory,
		types: []string{rdsInstance},
		check: onProps(func(p property.Map, r *report) {
			exports := get(p, "enabledCloudwatchLogsExports")
			switch {
			case exports.hasUnknown():
			case get(p, "engine").str() == "postgres":
				for _, log := range postgresLogExports {
					if !slices.Contains(exports.strs(), log) {
						r.addf("enabledCloudwatchLogsExports must include %q", log)
					}
				}
			case exports.empty():
				r.addf("enabledCloudwatchLogsExports must be set")
			}
		}),
	},
	{
		name:        "rds-auto-minor-version-upgrade",
		description: "RDS instances take automatic minor engine upgrades [FSBP RDS.13, CKV_AWS_226]",
		level:       advisory,
		types:       []string{rdsInstance},
		check:       onProps(func(p property.Map, r *report) { r.forbidFalse(p, "autoMinorVersionUpgrade") }),
	},
	{
		name:        "rds-enhanced-monitoring",
		description: "RDS instances have enhanced monitoring (monitoringInterval > 0) [FSBP RDS.6, CKV_AWS_118]",
		level:       advisory,
		types:       []string{rdsInstance},
		check:       onProps(func(p property.Map, r *report) { r.requireAtLeast(p, 1, "monitoringInterval") }),
	},
	{
		name:        "rds-copy-tags-to-snapshots",
		description: "RDS primary instances copy their tags to snapshots [FSBP RDS.17, CKV2_AWS_60]",
		level:       advisory,
		types:       []string{rdsInstance},
		check:       primaryOnly(func(p property.Map, r *report) { r.requireTrue(p, "copyTagsToSnapshot") }),
	},
}
