package observability_test

import (
	"slices"
	"testing"

	"github.com/saleor-platform/infra/components/iampolicy"
)

func TestTrailIsMultiRegionValidatedEncryptedAndLogged(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	trails := inv.OfType("aws:cloudtrail/trail:Trail")
	if len(trails) != 1 {
		t.Fatalf("%d trails, want 1 (only the instance with Audit)", len(trails))
	}
	trail := trails[0]
	for _, flag := range []string{"isMultiRegionTrail", "includeGlobalServiceEvents", "enableLogFileValidation", "enableLogging"} {
		if !trail.Bool(flag) {
			t.Errorf("trail %s is not true", flag)
		}
	}
	if trail.String("name") != "saleor-test-audit" || trail.String("kmsKeyId") != auditKey ||
		trail.String("s3BucketName") != auditBucket || trail.String("s3KeyPrefix") != "cloudtrail" {
		t.Errorf("trail %s: key %q, bucket %q/%q", trail.String("name"), trail.String("kmsKeyId"), trail.String("s3BucketName"), trail.String("s3KeyPrefix"))
	}
	if !trail.Protect || trail.Region != "eu-central-1" {
		t.Errorf("trail protect %v, region %s", trail.Protect, trail.Region)
	}
	if output(t, inv, "trailArn") != "arn:aws:cloudtrail:eu-central-1:123456789012:trail/saleor-test-audit" {
		t.Errorf("TrailArn = %v", output(t, inv, "trailArn"))
	}

	group := inv.Named("aws:cloudwatch/logGroup:LogGroup", "observability-trail")
	if group == nil || trail.String("cloudWatchLogsGroupArn") != group.Outputs["arn"].StringValue()+":*" {
		t.Fatalf("trail delivers to %q, not its log group", trail.String("cloudWatchLogsGroupArn"))
	}
	role := inv.ByID(trail.String("cloudWatchLogsRoleArn"))
	if role == nil || role.Type != "aws:iam/role:Role" {
		t.Fatalf("trail's CloudWatch Logs role %q is not a role of the run", trail.String("cloudWatchLogsRoleArn"))
	}
	var trust iampolicy.Document
	if err := role.JSON("assumeRolePolicy", &trust); err != nil || trust.Statement[0].Principal["Service"].([]any)[0] != "cloudtrail.amazonaws.com" {
		t.Errorf("role trust %+v (%v)", trust, err)
	}
	var policy iampolicy.Document
	if err := inv.Named("aws:iam/rolePolicy:RolePolicy", "observability-trail").JSON("policy", &policy); err != nil {
		t.Fatal(err)
	}
	s := policy.Statement[0]
	if len(policy.Statement) != 1 || !slices.Equal(s.Action, []string{"logs:CreateLogStream", "logs:PutLogEvents"}) ||
		s.Resource.([]any)[0] != group.Outputs["arn"].StringValue()+":log-stream:*" {
		t.Errorf("delivery policy %+v", policy)
	}
}

// Every log group the component creates is KMS-encrypted and kept for its class's retention.
func TestLogGroupsEncryptedWithClassRetention(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	groups := inv.OfType("aws:cloudwatch/logGroup:LogGroup")
	if len(groups) == 0 {
		t.Fatal("no log groups")
	}
	for _, g := range groups {
		if g.String("kmsKeyId") != logsKey || g.Number("retentionInDays") != 365 {
			t.Errorf("%s: key %q, retention %v days; want the logs key and the audit class's 365", g.Name, g.String("kmsKeyId"), g.Number("retentionInDays"))
		}
		if g.String("name") != "/saleor/test/cloudtrail" || !g.Protect {
			t.Errorf("%s: name %q, protect %v", g.Name, g.String("name"), g.Protect)
		}
	}
}

func TestNoAuditNoTrail(t *testing.T) {
	r := regional()
	r.Audit = nil
	inv, _ := runBoth(t, r, global())
	if n := len(inv.OfType("aws:cloudtrail/trail:Trail")) + len(inv.OfType("aws:cloudwatch/logGroup:LogGroup")); n != 0 {
		t.Errorf("Audit nil still creates %d trail resources", n)
	}
}
