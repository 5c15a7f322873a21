package stacks_test

import (
	"testing"

	"github.com/saleor-platform/infra/components/observability"
	"github.com/saleor-platform/infra/internal/harness"
)

// TestStorageSizeMonitoring: production and staging stacks alarm when the media, assets and
// backups buckets of their region outgrow their 12-month projection, on the medium topic;
// other environments have no size alarms. The backups bucket's projection is the
// requirements' 1 TB plus 12 months of 100 GB, in its STANDARD and Glacier Instant Retrieval
// storage together.
func TestStorageSizeMonitoring(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		alarms := alarmsOf(t, inv)
		s3Alarms := 0
		for _, a := range alarms {
			for _, m := range a.metrics {
				if m.namespace == "AWS/S3" {
					s3Alarms++
					break
				}
			}
		}
		buckets := filledBuckets(t, inv)
		if !sizeMonitored[inv.Stack.Config["saleor:environment"]] {
			if s3Alarms > 0 {
				t.Errorf("%d S3 size alarms in a %s stack, which has no size monitoring", s3Alarms, inv.Stack.Config["saleor:environment"])
			}
			return
		}
		if len(buckets) != 3 && !stackConfig(t, inv).IsRegional() {
			t.Errorf("%d media, assets and backups buckets to watch, want 3", len(buckets))
		}
		if s3Alarms != 2*len(buckets) {
			t.Errorf("%d S3 alarms for %d buckets, want a size and an object-count alarm each", s3Alarms, len(buckets))
		}
		for _, b := range buckets {
			for _, storageType := range bucketStorageTypes(t, inv, b) {
				size := alarmsReading(alarms, b.Region, "AWS/S3", "BucketSizeBytes", map[string]string{"BucketName": b.Output("bucket"), "StorageType": storageType})
				if len(size) != 1 {
					t.Errorf("bucket %s: %d alarms on its %s size, want 1", b.Name, len(size), storageType)
					continue
				}
				checkNotifies(t, inv, size[0], observability.Medium)
				if b.String("tags.Role") == "backups" && size[0].r.Number("threshold") != 1e12+12*100e9 {
					t.Errorf("backups bucket size alarm above %v bytes, want the requirements' 1 TB + 12 x 100 GB", size[0].r.Number("threshold"))
				}
			}
		}
	})
}
