package stacks_test

import (
	"slices"
	"testing"

	"github.com/saleor-platform/infra/components/storage"
	"github.com/saleor-platform/infra/internal/harness"
)

// TestBackedUpBucketsKeepNothingArchived: AWS Backup skips objects in archived storage
// classes, so no bucket the backup plan selects moves objects there; and the backups bucket
// keeps its objects in S3 Glacier (Instant Retrieval), as the requirements ask. A regional
// stack selects nothing: its primary backs up the environment's data.
func TestBackedUpBucketsKeepNothingArchived(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		if stackConfig(t, inv).IsRegional() {
			// A regional stack's data is its primary's, backed up there: it selects nothing.
			if n := len(inv.OfType("aws:backup/selection:Selection")); n > 0 {
				t.Errorf("a regional stack has %d backup selections; its primary backs up the data", n)
			}
			return
		}
		buckets := map[string]*harness.Resource{}
		for _, b := range inv.OfType(typeBucketV2) {
			buckets[b.Outputs["arn"].StringValue()] = b
		}
		var selected []*harness.Resource
		for _, sel := range inv.OfType("aws:backup/selection:Selection") {
			for _, arn := range sel.Strings("resources") {
				if b, ok := buckets[arn]; ok {
					selected = append(selected, b)
				}
			}
		}
		if !slices.ContainsFunc(selected, func(b *harness.Resource) bool { return b.Name == "storage-backups" }) {
			t.Fatalf("the backup plan does not select the backups bucket; selects %d buckets", len(selected))
		}
		for _, b := range selected {
			for _, lc := range inv.OfType("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2") {
				if lc.String("bucket") != b.ID {
					continue
				}
				for _, rule := range lc.Get("rules").ArrayValue() {
					transitions := rule.ObjectValue()["transitions"]
					if !transitions.IsArray() {
						continue
					}
					for _, tr := range transitions.ArrayValue() {
						class := tr.ObjectValue()["storageClass"].StringValue()
						if slices.Contains(storage.ArchivedStorageClasses, class) {
							t.Errorf("%s is backed up by AWS Backup but moves objects to %s, which AWS Backup skips", b.Name, class)
						}
						if b.Name == "storage-backups" && class != storage.BackupsStorageClass {
							t.Errorf("the backups bucket moves objects to %s, want %s", class, storage.BackupsStorageClass)
						}
					}
				}
			}
		}
	})
}
