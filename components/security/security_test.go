package security_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/security"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

func run(t *testing.T, args security.SecurityArgs) *harness.Inventory {
	t.Helper()
	inv, err := harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		_, err := security.NewSecurity(ctx, "security", &args, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1"), harness.ComponentStack())
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func TestKeyPerDataClassRotatedAndProtected(t *testing.T) {
	inv := run(t, security.SecurityArgs{AliasPrefix: "saleor/test", DeletionProtection: true})
	keys := inv.OfType("aws:kms/key:Key")
	if len(keys) != len(security.DataClasses()) {
		t.Fatalf("%d keys, want one per data class (%d)", len(keys), len(security.DataClasses()))
	}
	for _, k := range keys {
		if !k.Bool("enableKeyRotation") || k.Number("rotationPeriodInDays") != 365 || k.Number("deletionWindowInDays") != 30 {
			t.Errorf("%s: rotation %v every %v days, deletion window %v", k.Name, k.Get("enableKeyRotation"), k.Get("rotationPeriodInDays"), k.Get("deletionWindowInDays"))
		}
		if !k.Protect {
			t.Errorf("%s is not protected", k.Name)
		}
		if k.Region != "eu-central-1" {
			t.Errorf("%s in %q", k.Name, k.Region)
		}
	}
	aliases := map[string]bool{}
	for _, a := range inv.OfType("aws:kms/alias:Alias") {
		aliases[a.String("name")] = true
	}
	for _, c := range security.DataClasses() {
		if !aliases["alias/saleor/test/"+string(c)] {
			t.Errorf("no alias for %s", c)
		}
	}
}

func TestLogsKeyAdmitsOnlyThisRegionsLogGroups(t *testing.T) {
	inv := run(t, security.SecurityArgs{AliasPrefix: "saleor/test"})
	var doc iampolicy.Document
	if err := inv.Named("aws:kms/key:Key", "security-logs").JSON("policy", &doc); err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, s := range doc.Statement {
		services, _ := s.Principal["Service"].([]any)
		if len(services) == 1 && services[0] == "logs.eu-central-1.amazonaws.com" {
			found = true
			cond := s.Condition["ArnLike"]["kms:EncryptionContext:aws:logs:arn"]
			if cond != "arn:aws:logs:eu-central-1:"+harness.AccountID+":log-group:*" {
				t.Errorf("logs statement condition = %v", cond)
			}
		}
		if s.Principal["AWS"] != nil && !strings.HasSuffix(s.Principal["AWS"].([]any)[0].(string), ":root") {
			t.Errorf("key policy admits %v", s.Principal["AWS"])
		}
	}
	if !found {
		t.Error("logs key policy does not admit CloudWatch Logs of its region")
	}
}

func TestThreatDetection(t *testing.T) {
	inv := run(t, security.SecurityArgs{AliasPrefix: "saleor/test"})
	d := inv.OfType("aws:guardduty/detector:Detector")
	if len(d) != 1 || !d[0].Bool("enable") {
		t.Fatalf("GuardDuty detectors: %d", len(d))
	}
	features := map[string]bool{}
	for _, f := range inv.OfType("aws:guardduty/detectorFeature:DetectorFeature") {
		features[f.String("name")] = f.String("status") == "ENABLED"
	}
	for _, want := range []string{"S3_DATA_EVENTS", "RDS_LOGIN_EVENTS", "RUNTIME_MONITORING"} {
		if !features[want] {
			t.Errorf("GuardDuty feature %s not enabled", want)
		}
	}
	subs := inv.OfType("aws:securityhub/standardsSubscription:StandardsSubscription")
	if len(subs) != 1 || subs[0].String("standardsArn") != "arn:aws:securityhub:eu-central-1::standards/aws-foundational-security-best-practices/v/1.0.0" {
		t.Errorf("Security Hub subscriptions: %v", subs)
	}

	skipped := run(t, security.SecurityArgs{AliasPrefix: "saleor/test", SkipThreatDetection: true})
	if n := len(skipped.OfType("aws:guardduty/detector:Detector")) + len(skipped.OfType("aws:securityhub/account:Account")); n != 0 {
		t.Errorf("SkipThreatDetection still creates %d threat-detection resources", n)
	}
}

func TestValidation(t *testing.T) {
	_, err := harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		_, err := security.NewSecurity(ctx, "security", &security.SecurityArgs{RotationPeriodDays: 30, DeletionWindowDays: 3}, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1"), harness.ComponentStack())
	for _, want := range []string{"AliasPrefix", "RotationPeriodDays", "DeletionWindowDays"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name %s", err, want)
		}
	}
}

func TestNilArgs(t *testing.T) {
	harnesstest.NilArgs(t, security.NewSecurity, "AliasPrefix")
}
