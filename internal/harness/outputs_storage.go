package harness

import "fmt"

// Computed outputs of the backup tier's types, in AWS's formats: a vault's ARN is wired into
// another region's copy action, a plan's ID (a UUID) into its selection. S3 buckets, the
// storage tier's, are in outputs_foundation.go.
func init() {
	register("aws:backup/vault:Vault", func(r *Resource, id string, _ func(string, any)) (string, string) {
		return id, fmt.Sprintf("arn:%s:backup:%s:%s:backup-vault:%s", Partition, r.Region, AccountID, id)
	})
	register("aws:backup/plan:Plan", func(r *Resource, _ string, _ func(string, any)) (string, string) {
		id := fmt.Sprintf("%s-%s-4%s", shortHash(r.URN), shortHash(r.URN + "1")[:4], shortHash(r.URN+"2"))
		return id, fmt.Sprintf("arn:%s:backup:%s:%s:backup-plan:%s", Partition, r.Region, AccountID, id)
	})
}
