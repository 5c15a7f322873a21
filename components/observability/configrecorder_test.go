package observability_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	o "github.com/saleor-platform/infra/components/observability"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

const auditBucketArn = "arn:aws:s3:::" + auditBucket

func recorderProgram(global bool, args *o.ConfigRecorderArgs) pulumi.RunFunc {
	return harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		if args == nil {
			args = &o.ConfigRecorderArgs{NamePrefix: "saleor-test", BucketName: pulumi.String(auditBucket), BucketArn: pulumi.String(auditBucketArn),
				KMSKeyArn: pulumi.String(auditKey), GlobalResources: global}
		}
		_, err := o.NewConfigRecorder(ctx, "config", args, pulumi.Providers(p[0]))
		return err
	}, "eu-west-1")
}

// TestConfigRecorderRecordsAndDeliversToTheAuditBucket: the recorder records every supported
// type (global ones only where asked), delivers to the audit bucket with the audit key, and is
// started only after its delivery channel exists, which waits for the role's grants (AWS
// Config checks them when the channel is created).
func TestConfigRecorderRecordsAndDeliversToTheAuditBucket(t *testing.T) {
	for _, global := range []bool{true, false} {
		inv, err := harness.Run(recorderProgram(global, nil), harness.ComponentStack())
		if err != nil {
			t.Fatal(err)
		}
		rec := inv.Named("aws:cfg/recorder:Recorder", "config")
		channel := inv.Named("aws:cfg/deliveryChannel:DeliveryChannel", "config")
		status := inv.Named("aws:cfg/recorderStatus:RecorderStatus", "config")
		if rec == nil || channel == nil || status == nil {
			t.Fatalf("recorder %v, channel %v, status %v", rec, channel, status)
		}
		if !rec.Bool("recordingGroup.allSupported") || rec.Bool("recordingGroup.includeGlobalResourceTypes") != global {
			t.Errorf("global %v: records %v", global, rec.Get("recordingGroup"))
		}
		if channel.String("s3BucketName") != auditBucket || channel.String("s3KmsKeyArn") != auditKey || channel.String("s3KeyPrefix") != o.ConfigS3KeyPrefix {
			t.Errorf("delivers to %s/%s with %s", channel.String("s3BucketName"), channel.String("s3KeyPrefix"), channel.String("s3KmsKeyArn"))
		}
		if !status.Bool("isEnabled") || !slices.Contains(status.Dependencies, channel.URN) || status.String("name") != "saleor-test-config" {
			t.Errorf("status enabled %v, waits for the channel %v", status.Bool("isEnabled"), slices.Contains(status.Dependencies, channel.URN))
		}
		policy := inv.Named("aws:iam/rolePolicy:RolePolicy", "config-config")
		attachment := inv.Named("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "config-config")
		for _, grant := range []*harness.Resource{policy, attachment} {
			if !slices.Contains(channel.Dependencies, grant.URN) {
				t.Errorf("the channel does not wait for %s %s", grant.Type, grant.Name)
			}
		}
		if attachment.String("policyArn") != "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole" {
			t.Errorf("recording policy %s", attachment.String("policyArn"))
		}
		var doc struct{ Statement []map[string]any }
		if err := json.Unmarshal([]byte(policy.String("policy")), &doc); err != nil {
			t.Fatal(err)
		}
		resources := map[string]any{}
		for _, s := range doc.Statement {
			resources[s["Sid"].(string)] = s["Resource"]
		}
		want := map[string]any{
			"DeliverToTheAuditBucket": auditBucketArn + "/config/AWSLogs/123456789012/Config/*",
			"CheckTheAuditBucket":     auditBucketArn, "EncryptWithTheAuditKey": auditKey,
		}
		for sid, r := range want {
			if resources[sid] != r && !slices.Equal(toStrings(resources[sid]), []string{r.(string)}) {
				t.Errorf("%s on %v, want %v", sid, resources[sid], r)
			}
		}
	}
}

func toStrings(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, e := range list {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out
}

func TestConfigRecorderValidation(t *testing.T) {
	harnesstest.Rejected(t, recorderProgram(false, &o.ConfigRecorderArgs{}), "NamePrefix", "BucketName", "BucketArn", "KMSKeyArn")
}
