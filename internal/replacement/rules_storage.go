package replacement

const (
	bucketFile     = "internal/service/s3/bucket.go"
	vaultFile      = "internal/service/backup/vault.go"
	logGroupFile   = "internal/service/logs/group.go"
	repositoryFile = "internal/service/ecr/repository.go"
)

// s3Bucket: aws_s3_bucket (Pulumi's BucketV2). Everything else about a bucket lives in
// its own resources (versioning, encryption, lifecycle, replication).
func s3Bucket() []Rule {
	return []Rule{
		computed(forceNew("bucket", bucketFile, "bucket")),
		computed(forceNew("bucketPrefix", bucketFile, "bucket_prefix")),
		computed(forceNew("objectLockEnabled", bucketFile, "object_lock_enabled")),
		forceNew("objectLockConfiguration.objectLockEnabled", bucketFile, "object_lock_configuration.object_lock_enabled"),
	}
}

// backupVault: aws_backup_vault. Its lock is a separate resource.
func backupVault() []Rule {
	return []Rule{
		computed(forceNew("kmsKeyArn", vaultFile, "kms_key_arn")),
		forceNew("name", vaultFile, "name"),
	}
}

// logGroup: aws_cloudwatch_log_group. The key and the retention change in place.
func logGroup() []Rule {
	return []Rule{
		computed(forceNew("logGroupClass", logGroupFile, "log_group_class")),
		computed(forceNew("name", logGroupFile, "name")),
		computed(forceNew("namePrefix", logGroupFile, "name_prefix")),
	}
}

// repository: aws_ecr_repository. The encryption block is ForceNew as a whole (and so are
// its encryption_type and kms_key).
func repository() []Rule {
	return []Rule{
		forceNew("encryptionConfigurations", repositoryFile, "encryption_configuration (and its encryption_type, kms_key)"),
		forceNew("name", repositoryFile, "name"),
	}
}
