package observability_test

import (
	"maps"
	"strings"
	"testing"

	o "github.com/saleor-platform/infra/components/observability"
)

// TestBucketSizeAlarms: every watched bucket alarms when its size (the sum of the storage
// classes it keeps objects in) or its object count (every storage type) exceeds what it is
// expected to hold, on S3's daily metrics, a day without data not breaching, on the medium
// topic.
func TestBucketSizeAlarms(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	got := alarms(t, inv)
	daily := func(name string, a alarm, threshold float64) {
		t.Helper()
		if a.Threshold == nil || *a.Threshold != threshold || a.ComparisonOperator != o.GreaterThan {
			t.Errorf("%s: %s %v, want > %v", name, a.ComparisonOperator, a.Threshold, threshold)
		}
		if a.period() != 86400 || a.EvaluationPeriods != 2 || a.DatapointsToAlarm != 1 || a.TreatMissingData != o.NotBreaching {
			t.Errorf("%s: %d of %d periods of %d s, missing data %s; want 1 of 2 days, missing data notBreaching",
				name, a.DatapointsToAlarm, a.EvaluationPeriods, a.period(), a.TreatMissingData)
		}
		if topic := inv.ByID(a.AlarmActions[0]); topic == nil || topic.Name != "observability-medium" || topic.Region != "eu-central-1" {
			t.Errorf("%s notifies %v, want the medium topic of eu-central-1", name, a.AlarmActions)
		}
	}

	media := got["saleor-test-bucket-size-media"]
	daily("bucket-size-media", media, 1.1e12)
	if media.MetricName != "BucketSizeBytes" || media.Namespace != "AWS/S3" || media.Statistic != "Average" ||
		!maps.Equal(media.Dimensions, map[string]string{"BucketName": "saleor-test-media-0a1b2c3", "StorageType": "StandardStorage"}) {
		t.Errorf("bucket-size-media reads %s %s %s of %v, want the StandardStorage BucketSizeBytes of the media bucket",
			media.Namespace, media.MetricName, media.Statistic, media.Dimensions)
	}

	backups := got["saleor-test-bucket-size-backups"]
	daily("bucket-size-backups", backups, 2.2e12)
	if e := backups.query("e1"); e.Expression != "SUM([FILL(m1, 0), FILL(m2, 0)])" || !e.ReturnData {
		t.Errorf("bucket-size-backups expression %+v, want the sum of both storage classes", e)
	}
	for id, storageType := range map[string]string{"m1": "StandardStorage", "m2": "GlacierInstantRetrievalStorage"} {
		q := backups.query(id)
		if q.Metric == nil || q.Metric.MetricName != "BucketSizeBytes" || q.Metric.Period != 86400 ||
			!maps.Equal(q.Metric.Dimensions, map[string]string{"BucketName": "saleor-test-backups-4d5e6f7", "StorageType": storageType}) {
			t.Errorf("bucket-size-backups query %s = %+v, want the %s BucketSizeBytes of the backups bucket", id, q.Metric, storageType)
		}
	}

	for name, want := range map[string]struct {
		bucket  string
		objects float64
	}{"media": {"saleor-test-media-0a1b2c3", 4.4e6}, "backups": {"saleor-test-backups-4d5e6f7", 22000}} {
		a := got["saleor-test-bucket-objects-"+name]
		daily("bucket-objects-"+name, a, want.objects)
		if a.MetricName != "NumberOfObjects" || !maps.Equal(a.Dimensions, map[string]string{"BucketName": want.bucket, "StorageType": "AllStorageTypes"}) {
			t.Errorf("bucket-objects-%s reads %s of %v, want NumberOfObjects of every storage type of %s", name, a.MetricName, a.Dimensions, want.bucket)
		}
	}
}

func TestBucketValidation(t *testing.T) {
	args := regional()
	args.Watch.Buckets[0].ExpectedSizeBytes = 0
	args.Watch.Buckets[1].StorageClasses = []string{"STANDARD", "GLACIER_FLEXIBLE"}
	args.Watch.Buckets[1].BucketName = nil
	err := runErr(args, "eu-central-1")
	for _, want := range []string{"Watch.Buckets[0].ExpectedSizeBytes", `Watch.Buckets[1].StorageClasses[1]: "GLACIER_FLEXIBLE" is not one of`, "Watch.Buckets[1].BucketName"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not report %s", err, want)
		}
	}
}
