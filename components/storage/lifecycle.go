package storage

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// BackupsStorageClass is where the backups bucket keeps its objects: S3 Glacier Instant
// Retrieval, an S3 Glacier class that is not archived (millisecond reads, no restore), so AWS
// Backup, which skips archived objects (S3 Glacier Flexible Retrieval, Deep Archive), still
// backs every object up. It bills at least 90 days of storage per object.
const BackupsStorageClass = "GLACIER_IR"

// StorageClasses are the storage classes a role's objects are kept in: STANDARD, where S3
// writes them, and the class the lifecycle moves them to (BackupsStorageClass for Backups).
// A bucket's size is the sum of these classes' sizes.
func StorageClasses(role Role) []string {
	if role == Backups {
		return []string{"STANDARD", BackupsStorageClass}
	}
	return []string{"STANDARD"}
}

// ArchivedStorageClasses are the storage classes whose objects are archived: readable only
// after a restore, and skipped by AWS Backup.
var ArchivedStorageClasses = []string{"GLACIER", "DEEP_ARCHIVE"}

// lifecycleRules are a role's lifecycle rules, each over the whole bucket:
//   - every bucket expires noncurrent versions after NoncurrentVersionDays (the audit
//     bucket after AuditRetentionDays) and aborts
//     multipart uploads left unfinished for IncompleteUploadDays;
//   - buckets other than logs remove delete markers left without versions (the logs
//     bucket's Days expiration does that itself);
//   - the backups bucket moves every object to BackupsStorageClass on day 0 (the next
//     lifecycle run, within a day of the write);
//   - the logs bucket expires log files after LogsExpirationDays, the audit bucket after
//     AuditRetentionDays.
func lifecycleRules(role Role, a *StorageArgs) s3.BucketLifecycleConfigurationV2RuleArray {
	rule := func(id string) s3.BucketLifecycleConfigurationV2RuleArgs {
		return s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:     pulumi.String(id),
			Status: pulumi.String("Enabled"),
			Filter: s3.BucketLifecycleConfigurationV2RuleFilterArgs{},
		}
	}
	// An audit log file deleted or overwritten stays recoverable for the audit retention.
	noncurrentDays := a.NoncurrentVersionDays
	if role == Audit {
		noncurrentDays = a.AuditRetentionDays
	}
	noncurrent := rule("expire-noncurrent-versions")
	noncurrent.NoncurrentVersionExpiration = s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
		NoncurrentDays: pulumi.Int(noncurrentDays),
	}
	uploads := rule("abort-incomplete-uploads")
	uploads.AbortIncompleteMultipartUpload = s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
		DaysAfterInitiation: pulumi.Int(a.IncompleteUploadDays),
	}
	rules := s3.BucketLifecycleConfigurationV2RuleArray{noncurrent, uploads}

	expireAfter := func(days int) s3.BucketLifecycleConfigurationV2RuleArray {
		expire := rule("expire-logs")
		expire.Expiration = s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(days)}
		return append(rules, expire)
	}
	switch role {
	case Logs:
		return expireAfter(a.LogsExpirationDays)
	case Audit:
		return expireAfter(a.AuditRetentionDays)
	case Backups:
		glacier := rule("backups-to-glacier")
		glacier.Transitions = s3.BucketLifecycleConfigurationV2RuleTransitionArray{
			s3.BucketLifecycleConfigurationV2RuleTransitionArgs{Days: pulumi.Int(0), StorageClass: pulumi.String(BackupsStorageClass)},
		}
		rules = append(rules, glacier)
	}
	// The log buckets' expiration (Days) already removes delete markers once they are old
	// enough; the other buckets get a rule that removes them as soon as no version is left.
	markers := rule("remove-expired-delete-markers")
	markers.Expiration = s3.BucketLifecycleConfigurationV2RuleExpirationArgs{ExpiredObjectDeleteMarker: pulumi.Bool(true)}
	return append(rules, markers)
}
