package stacks_test

// The DR replicas of the media and assets buckets keep the primary bucket's protections: the
// policy pack's bucket rules hold on every bucket, replicas included, so losing one of them on
// a DR replica blocks the deployment.

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Companion resource types of a bucket the DR cases break.
const (
	typeBucketVersioning   = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	typeBucketPublicAccess = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	typeBucketPolicy       = "aws:s3/bucketPolicy:BucketPolicy"
	typeBucketLogging      = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	typeBucketReplication  = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
)

// withoutDenies drops the Deny statements of a bucket policy's document (the TLS-only deny),
// keeping its grants.
func withoutDenies(t testing.TB, r *policyx.AnalyzerResource) {
	var doc struct {
		Version   string
		Statement []map[string]any
	}
	v, ok := r.Properties.GetOk("policy")
	if !ok || !v.IsString() || json.Unmarshal([]byte(v.AsString()), &doc) != nil {
		t.Fatalf("%s has no policy document: %v", r.Name, v)
	}
	n := len(doc.Statement)
	doc.Statement = slices.DeleteFunc(doc.Statement, func(s map[string]any) bool { return s["Effect"] == "Deny" })
	if len(doc.Statement) == n {
		t.Fatalf("%s's policy has no Deny statement to drop", r.Name)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	setting("policy", string(b))(t, r)
}

// TestPolicyDRReplicaBucketsKeepThePrimarysProtections breaks one protection of prod-eu's DR
// media or assets bucket (storage-dr, eu-west-1) per case and expects exactly one mandatory
// violation under production.json, on that bucket: its customer-managed key encryption,
// versioning, public access block, TLS-only policy, server access logging and protect. The
// replicas S3 writes into it are encrypted with the key of the source's replication rule, not
// the bucket's default: a rule that re-encrypts them with the AWS-managed key, or leaves
// SSE-KMS objects behind, is a violation on the source's replication configuration.
func TestPolicyDRReplicaBucketsKeepThePrimarysProtections(t *testing.T) {
	inv := runStack(t, "prod-eu")
	env := stackEnvironment(t, inv)
	if env != "production" {
		t.Fatalf("prod-eu is in %q; these cases assume production's config", env)
	}
	stack := inv.AnalyzerResources()
	if bad := mandatoryOnly(evaluatePolicy(t, env, stack)); len(bad) > 0 {
		t.Fatalf("the unbroken stack already violates:%s", policyReport(bad))
	}
	tests := []struct {
		what   string
		typ    string                                      // the resource broken: the bucket's companion of typ
		change func(testing.TB, *policyx.AnalyzerResource) // nil: the companion is dropped
		policy string                                      // the one mandatory policy violated
	}{
		{"default encryption dropped", typeBucketSSE, nil, "s3-bucket-encryption-cmk"},
		{"SSE-S3 instead of SSE-KMS", typeBucketSSE,
			setting("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm", "AES256"), "s3-bucket-encryption-cmk"},
		{"the AWS-managed key instead of the CMK", typeBucketSSE,
			setting("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId", "alias/aws/s3"), "s3-bucket-encryption-cmk"},
		{"versioning suspended", typeBucketVersioning,
			setting("versioningConfiguration.status", "Suspended"), "s3-bucket-versioning"},
		{"versioning dropped", typeBucketVersioning, nil, "s3-bucket-versioning"},
		{"public policies allowed", typeBucketPublicAccess, setting("blockPublicPolicy", false), "s3-bucket-public-access-block"},
		{"public access block dropped", typeBucketPublicAccess, nil, "s3-bucket-public-access-block"},
		{"TLS-only deny dropped", typeBucketPolicy, withoutDenies, "s3-bucket-tls-only"},
		{"bucket policy dropped", typeBucketPolicy, nil, "s3-bucket-tls-only"},
		{"server access logging dropped", typeBucketLogging, nil, "s3-bucket-access-logging"},
		{"bucket not protected", typeBucketV2,
			func(_ testing.TB, r *policyx.AnalyzerResource) { r.Options.Protect = false }, "stateful-resources-protected"},
	}
	for _, role := range []string{"media", "assets"} {
		bucket, source := "storage-dr-"+role, "storage-"+role
		b := stack[findResource(t, stack, typeBucketV2, bucket)]
		if inv.Named(typeBucketV2, bucket).Region != "eu-west-1" {
			t.Fatalf("%s is not in the DR region eu-west-1", bucket)
		}
		for _, tt := range tests {
			t.Run(bucket+"/"+tt.what, func(t *testing.T) {
				broken := withoutResource(t, stack, tt.typ, bucket)
				if tt.change != nil {
					broken = withChange(t, stack, tt.typ, bucket, tt.change)
				}
				expectOnly(t, env, broken, tt.policy, b.URN)
			})
		}
		// The DR rule is the source's first (highest priority).
		replication := stack[findResource(t, stack, typeBucketReplication, source)]
		if id, _ := replication.Properties.Get("rules").AsArray().Get(0).AsMap().GetOk("id"); id.AsString() != "disaster-recovery" {
			t.Fatalf("%s's first replication rule is %v, not disaster-recovery", source, id)
		}
		for what, change := range map[string]func(testing.TB, *policyx.AnalyzerResource){
			"replicas re-encrypted with the AWS-managed key": setting("rules[0].destination.encryptionConfiguration.replicaKmsKeyId", "alias/aws/s3"),
			"SSE-KMS objects not replicated":                 setting("rules[0].sourceSelectionCriteria.sseKmsEncryptedObjects.status", "Disabled"),
		} {
			t.Run(bucket+"/"+what, func(t *testing.T) {
				expectOnly(t, env, withChange(t, stack, typeBucketReplication, source, change), "s3-replication-replicas-cmk", replication.URN)
			})
		}
	}
}

// expectOnly evaluates the pack over resources under env's config and expects exactly one
// mandatory violation: policy on urn.
func expectOnly(t *testing.T, env string, resources []policyx.AnalyzerResource, policy, urn string) {
	t.Helper()
	diags := mandatoryOnly(evaluatePolicy(t, env, resources))
	want := []policyViolation{{policy, urn, policyx.EnforcementLevelMandatory}}
	if got := violationsOf(diags); !slices.Equal(got, want) {
		t.Fatalf("mandatory violations %v, want exactly %v; all of them:%s", got, want, policyReport(diags))
	}
}
