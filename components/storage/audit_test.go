package storage_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/saleor-platform/infra/components/storage"
)

// TestAuditBucketAdmitsOnlyItsTrail: the audit bucket exists only when a trail is named, keeps
// log files 365 days, is encrypted and private like the others, and its policy lets exactly
// that trail check the ACL and write under the CloudTrail prefix.
func TestAuditBucketAdmitsOnlyItsTrail(t *testing.T) {
	if b := run(t, stack{}).Named(bucketType, "storage-audit"); b != nil {
		t.Fatal("an audit bucket without a trail")
	}
	inv := run(t, stack{primary: storage.StorageArgs{CloudTrailName: "saleor-test-audit"}})
	audit := bucketOf(t, inv, "storage", storage.Audit)
	if sse := companion(t, inv, encryptionType, audit); sse.String("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm") != "aws:kms" {
		t.Errorf("audit bucket encryption: %v", sse.Get("rules[0]"))
	}
	lc := companion(t, inv, lifecycleType, audit)
	var expire, noncurrent float64
	for i := range len(lc.Get("rules").ArrayValue()) {
		expire += lc.Number(fmt.Sprintf("rules[%d].expiration.days", i))
		noncurrent += lc.Number(fmt.Sprintf("rules[%d].noncurrentVersionExpiration.noncurrentDays", i))
	}
	if expire != 365 || noncurrent != 365 {
		t.Errorf("audit bucket keeps log files %v days and deleted ones %v days, want 365 and 365", expire, noncurrent)
	}

	trail := "arn:aws:cloudtrail:eu-central-1:123456789012:trail/saleor-test-audit"
	doc := policyOf(t, inv, audit)
	var actions []string
	for _, s := range doc.Statement {
		if s.Effect != "Allow" {
			continue
		}
		actions = append(actions, s.Action...)
		if s.Condition["StringEquals"]["aws:SourceArn"] != trail {
			t.Errorf("%s admits CloudTrail without binding it to the trail: %v", s.Sid, s.Condition)
		}
	}
	slices.Sort(actions)
	if !slices.Equal(actions, []string{"s3:GetBucketAcl", "s3:PutObject"}) {
		t.Errorf("audit bucket policy allows %v", actions)
	}
	if out := inv.Outputs["audit.name"]; out.Value != audit.ID {
		t.Errorf("audit bucket name output %v, want %s", out.Value, audit.ID)
	}
}
