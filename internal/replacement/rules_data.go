package replacement

import (
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

const (
	rdsFile         = "internal/service/rds/instance.go"
	elastiCacheFile = "internal/service/elasticache/replication_group.go"
	engineFile      = "internal/service/elasticache/engine_version.go"
)

// rdsInstance: aws_db_instance, for the primary and every replica. The identifier, the
// subnet group, the port, the class, storage and engine_version change in place (v5 made
// identifier updatable); a replica's replicate_source_db does too (removing it promotes
// the replica).
func rdsInstance() []Rule {
	engine := computed(forceNew("engine", rdsFile, "engine"))
	engine.Fold = true
	return []Rule{
		computed(forceNew("availabilityZone", rdsFile, "availability_zone")),
		computed(forceNew("backupTarget", rdsFile, "backup_target")),
		computed(forceNew("characterSetName", rdsFile, "character_set_name")),
		forceNew("customIamInstanceProfile", rdsFile, "custom_iam_instance_profile"),
		computed(forceNew("dbName", rdsFile, "db_name")),
		engine,
		computed(forceNew("kmsKeyId", rdsFile, "kms_key_id")),
		computed(forceNew("ncharCharacterSetName", rdsFile, "nchar_character_set_name")),
		forceNew("restoreToPointInTime", rdsFile, "restore_to_point_in_time"),
		forceNew("s3Import.bucketName", rdsFile, "s3_import.bucket_name"),
		forceNew("s3Import.bucketPrefix", rdsFile, "s3_import.bucket_prefix"),
		forceNew("s3Import.ingestionRole", rdsFile, "s3_import.ingestion_role"),
		forceNew("s3Import.sourceEngine", rdsFile, "s3_import.source_engine"),
		forceNew("s3Import.sourceEngineVersion", rdsFile, "s3_import.source_engine_version"),
		computed(forceNew("snapshotIdentifier", rdsFile, "snapshot_identifier")),
		forceNew("storageEncrypted", rdsFile, "storage_encrypted"),
		computed(forceNew("timezone", rdsFile, "timezone")),
		computed(forceNew("username", rdsFile, "username")),
	}
}

// replicationGroup: aws_elasticache_replication_group. Node type, node count, parameter
// group, transit encryption (since v5.47.0, PR #30403) and redis→valkey change in place.
func replicationGroup() []Rule {
	id := forceNew("replicationGroupId", elastiCacheFile, "replication_group_id")
	id.Fold = true
	securityGroupNames := computed(forceNew("securityGroupNames", elastiCacheFile, "security_group_names"))
	securityGroupNames.Set = true
	snapshotArns := forceNew("snapshotArns", elastiCacheFile, "snapshot_arns")
	snapshotArns.Set = true
	return []Rule{
		computed(forceNew("atRestEncryptionEnabled", elastiCacheFile, "at_rest_encryption_enabled")),
		computed(forceNew("dataTieringEnabled", elastiCacheFile, "data_tiering_enabled")),
		{
			Path: "engine", Computed: true, Only: notRedisToValkey,
			Source: upstream + engineFile + ": customizeDiffEngineForceNewOnDowngrade ForceNew on every engine change but redis→valkey (v5.73.0, PR #39745)",
		},
		{
			Path: "engineVersion", Computed: true, Only: versionDowngrade,
			Source: upstream + engineFile + ": customizeDiffEngineVersionForceNewOnDowngrade ForceNew when engine_version goes down",
		},
		computed(forceNew("globalReplicationGroupId", elastiCacheFile, "global_replication_group_id")),
		forceNew("kmsKeyId", elastiCacheFile, "kms_key_id"),
		computed(forceNew("networkType", elastiCacheFile, "network_type")),
		forceNew("port", elastiCacheFile, "port"),
		id,
		securityGroupNames,
		snapshotArns,
		forceNew("snapshotName", elastiCacheFile, "snapshot_name"),
		computed(forceNew("subnetGroupName", elastiCacheFile, "subnet_group_name")),
	}
}

// notRedisToValkey accepts every engine change but Redis OSS to Valkey, which ElastiCache
// upgrades in place.
func notRedisToValkey(old, new resource.PropertyValue) bool {
	return !(strings.EqualFold(text(old), "redis") && strings.EqualFold(text(new), "valkey"))
}

// versionDowngrade accepts a lower engine version ("7.2" after "8.0"); an "N.x" version
// compares by its major.
func versionDowngrade(old, new resource.PropertyValue) bool {
	o, n := versionParts(text(old)), versionParts(text(new))
	for i := 0; i < len(o) && i < len(n); i++ {
		if o[i] != n[i] {
			return n[i] < o[i]
		}
	}
	return false
}

// versionParts splits "7.2.4" into numbers, stopping at the first part that is not one
// ("x" in "6.x").
func versionParts(v string) []int {
	var out []int
	for _, p := range strings.Split(v, ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			break
		}
		out = append(out, n)
	}
	return out
}

// text is a string value, "" for anything else.
func text(v resource.PropertyValue) string {
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}
