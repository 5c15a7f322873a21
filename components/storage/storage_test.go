package storage_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/storage"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

const (
	primaryKey   = "arn:aws:kms:eu-central-1:123456789012:key/storage-primary"
	drKey        = "arn:aws:kms:eu-west-1:123456789012:key/storage-dr"
	distribution = "arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE"

	bucketType     = "aws:s3/bucketV2:BucketV2"
	encryptionType = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	versioningType = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	accessType     = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	ownershipType  = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	policyType     = "aws:s3/bucketPolicy:BucketPolicy"
	lifecycleType  = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	loggingType    = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	replConfigType = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
)

// stack describes a test program: a primary Storage in eu-central-1 and, when dr is set, a
// Replica in eu-west-1 that the primary replicates to.
type stack struct {
	primary storage.StorageArgs
	dr      bool
	// serve, when set, is passed to ServeMediaThrough after the component is built.
	serve pulumi.StringInput
	// private calls KeepMediaPrivate after the component is built.
	private bool
}

// program returns the stack's program; it exports each primary bucket's outputs as
// "<role>.name", "<role>.arn", "<role>.domain" (regional) and "<role>.global", and the
// replica ARNs as "<role>.replica".
func (s stack) program() pulumi.RunFunc {
	return harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		args := s.primary
		if args.KMSKeyArn == nil {
			args.KMSKeyArn = pulumi.String(primaryKey)
		}
		if s.dr {
			dr, err := storage.NewStorage(ctx, "storage-dr", &storage.StorageArgs{
				Mode: storage.Replica, KMSKeyArn: pulumi.String(drKey), DeletionProtection: args.DeletionProtection,
			}, pulumi.Providers(p[1]))
			if err != nil {
				return err
			}
			args.Replicas = []*storage.Replication{dr.ReplicationTarget("disaster-recovery")}
		}
		st, err := storage.NewStorage(ctx, "storage", &args, pulumi.Providers(p[0]))
		if err != nil {
			return err
		}
		for role, b := range st.Buckets {
			ctx.Export(string(role)+".name", b.Name)
			ctx.Export(string(role)+".arn", b.Arn)
			ctx.Export(string(role)+".domain", b.RegionalDomainName)
			ctx.Export(string(role)+".global", b.DomainName)
		}
		for role, arn := range st.ReplicaBucketArns["disaster-recovery"] {
			ctx.Export(string(role)+".replica", arn)
		}
		if s.serve != nil {
			return st.ServeMediaThrough(ctx, s.serve)
		}
		if s.private {
			return st.KeepMediaPrivate(ctx)
		}
		return nil
	}, "eu-central-1", "eu-west-1")
}

func run(t *testing.T, s stack, opts ...harness.Option) *harness.Inventory {
	t.Helper()
	inv, err := harness.Run(s.program(), harness.ComponentStack(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// bucketOf returns the bucket a component named component created for role.
func bucketOf(t *testing.T, inv *harness.Inventory, component string, role storage.Role) *harness.Resource {
	t.Helper()
	b := inv.Named(bucketType, component+"-"+string(role))
	if b == nil {
		t.Fatalf("no %s bucket in %s", role, component)
	}
	return b
}

// companions returns the resources of typ whose bucket input names b.
func companions(inv *harness.Inventory, typ string, b *harness.Resource) []*harness.Resource {
	var out []*harness.Resource
	for _, r := range inv.OfType(typ) {
		if r.String("bucket") == b.ID {
			out = append(out, r)
		}
	}
	return out
}

// companion returns the one resource of typ pointing at b.
func companion(t *testing.T, inv *harness.Inventory, typ string, b *harness.Resource) *harness.Resource {
	t.Helper()
	cs := companions(inv, typ, b)
	if len(cs) != 1 {
		t.Fatalf("%d %s point at %s, want 1", len(cs), typ, b.Name)
	}
	return cs[0]
}

// policyOf decodes the policy of bucket b.
func policyOf(t *testing.T, inv *harness.Inventory, b *harness.Resource) iampolicy.Document {
	t.Helper()
	var doc iampolicy.Document
	if err := companion(t, inv, policyType, b).JSON("policy", &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// strs reads a JSON-decoded string or list of strings.
func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, len(v))
		for i, e := range v {
			out[i], _ = e.(string)
		}
		return out
	}
	return nil
}

var primaryRoles = []storage.Role{storage.Logs, storage.Media, storage.Assets, storage.Backups}

func TestBucketsEncryptedVersionedPrivate(t *testing.T) {
	inv := run(t, stack{})
	if n := len(inv.OfType(bucketType)); n != len(primaryRoles) {
		t.Fatalf("%d buckets, want %d", n, len(primaryRoles))
	}
	for _, role := range primaryRoles {
		b := bucketOf(t, inv, "storage", role)
		sse := companion(t, inv, encryptionType, b)
		if role == storage.Logs {
			if alg := sse.String("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"); alg != "AES256" || sse.Has("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId") {
				t.Errorf("logs bucket: %s with key %v, want SSE-S3 (AES256)", alg, sse.Get("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId"))
			}
		} else if sse.String("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm") != "aws:kms" ||
			sse.String("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId") != primaryKey || !sse.Bool("rules[0].bucketKeyEnabled") {
			t.Errorf("%s bucket encryption = %v", role, sse.Get("rules"))
		}
		if v := companion(t, inv, versioningType, b).String("versioningConfiguration.status"); v != "Enabled" {
			t.Errorf("%s bucket versioning %q", role, v)
		}
		pab := companion(t, inv, accessType, b)
		for _, flag := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
			if !pab.Bool(flag) {
				t.Errorf("%s bucket: %s is not true", role, flag)
			}
		}
		want := "BucketOwnerEnforced"
		if role == storage.Logs {
			want = "BucketOwnerPreferred"
		}
		if got := companion(t, inv, ownershipType, b).String("rule.objectOwnership"); got != want {
			t.Errorf("%s bucket ownership %q, want %q", role, got, want)
		}
		if b.Tags()["Role"] != string(role) || b.Tags()["ManagedBy"] != "pulumi" {
			t.Errorf("%s bucket tags %v", role, b.Tags())
		}
	}
}

func TestEveryBucketDeniesInsecureTransport(t *testing.T) {
	inv := run(t, stack{dr: true})
	for _, b := range inv.OfType(bucketType) {
		doc := policyOf(t, inv, b)
		arn := b.Outputs["arn"].StringValue()
		deny := doc.Statement[0]
		if deny.Effect != "Deny" || !slices.Equal(deny.Action, []string{"s3:*"}) ||
			!slices.Equal(strs(deny.Resource), []string{arn, arn + "/*"}) ||
			deny.Condition["Bool"]["aws:SecureTransport"] != "false" {
			t.Errorf("%s: first statement %+v is not the TLS-only deny", b.Name, deny)
		}
		for _, s := range doc.Statement[1:] {
			if b.Name != "storage-logs" && b.Name != "storage-dr-logs" {
				t.Errorf("%s: policy admits %v beyond the TLS-only deny", b.Name, s.Principal)
			}
		}
	}
}

func TestLifecycleDays(t *testing.T) {
	// glacier counts the rules that move objects to S3 Glacier Instant Retrieval on day 0.
	type want struct{ noncurrent, uploads, glacier, expire float64 }
	check := func(t *testing.T, inv *harness.Inventory, role storage.Role, w want) {
		t.Helper()
		lc := companion(t, inv, lifecycleType, bucketOf(t, inv, "storage", role))
		got := want{}
		for i := range len(lc.Get("rules").ArrayValue()) {
			at := func(p string) string { return fmt.Sprintf("rules[%d].%s", i, p) }
			if lc.String(at("status")) != "Enabled" {
				t.Errorf("%s: rule %s is %s", role, lc.String(at("id")), lc.String(at("status")))
			}
			got.noncurrent += lc.Number(at("noncurrentVersionExpiration.noncurrentDays"))
			got.uploads += lc.Number(at("abortIncompleteMultipartUpload.daysAfterInitiation"))
			got.expire += lc.Number(at("expiration.days"))
			if lc.Has(at("transitions")) {
				if c := lc.String(at("transitions[0].storageClass")); c != "GLACIER_IR" || lc.Number(at("transitions[0].days")) != 0 {
					t.Errorf("%s: moves objects to %s after %v days, want GLACIER_IR on day 0", role, c, lc.Number(at("transitions[0].days")))
				}
				got.glacier++
			}
		}
		if got != w {
			t.Errorf("%s lifecycle: %+v, want %+v", role, got, w)
		}
	}
	defaults := run(t, stack{})
	check(t, defaults, storage.Media, want{noncurrent: 30, uploads: 7})
	check(t, defaults, storage.Assets, want{noncurrent: 30, uploads: 7})
	check(t, defaults, storage.Backups, want{noncurrent: 30, uploads: 7, glacier: 1})
	check(t, defaults, storage.Logs, want{noncurrent: 30, uploads: 7, expire: 90})

	custom := run(t, stack{primary: storage.StorageArgs{NoncurrentVersionDays: 14, IncompleteUploadDays: 2, LogsExpirationDays: 365}})
	check(t, custom, storage.Backups, want{noncurrent: 14, uploads: 2, glacier: 1})
	check(t, custom, storage.Logs, want{noncurrent: 14, uploads: 2, expire: 365})
}

func TestAccessLogsGoToTheLogsBucket(t *testing.T) {
	inv := run(t, stack{dr: true})
	for component, roles := range map[string][]storage.Role{
		"storage":    {storage.Media, storage.Assets, storage.Backups},
		"storage-dr": {storage.Media, storage.Assets},
	} {
		logs := bucketOf(t, inv, component, storage.Logs)
		for _, role := range roles {
			l := companion(t, inv, loggingType, bucketOf(t, inv, component, role))
			if l.String("targetBucket") != logs.ID || l.String("targetPrefix") != "s3/"+string(role)+"/" {
				t.Errorf("%s %s logs to %s/%s, want %s/s3/%s/", component, role, l.String("targetBucket"), l.String("targetPrefix"), logs.ID, role)
			}
			if l.Region != logs.Region {
				t.Errorf("%s %s logging runs in %s, its logs bucket in %s", component, role, l.Region, logs.Region)
			}
		}
		if n := len(companions(inv, loggingType, logs)); n != 0 {
			t.Errorf("%s logs bucket logs its own access (%d configurations)", component, n)
		}
	}
}

func TestLogsBucketAdmitsLogDelivery(t *testing.T) {
	inv := run(t, stack{})
	logs := bucketOf(t, inv, "storage", storage.Logs)
	arn := logs.Outputs["arn"].StringValue()
	lbPath := arn + "/alb/AWSLogs/" + harness.AccountID + "/*"
	statements := map[string]iampolicy.Statement{}
	for _, s := range policyOf(t, inv, logs).Statement {
		statements[s.Sid] = s
	}
	if s := statements["LoadBalancerAccessLogs"]; !slices.Equal(strs(s.Principal["Service"]), []string{"logdelivery.elasticloadbalancing.amazonaws.com"}) ||
		!slices.Equal(strs(s.Resource), []string{lbPath}) || !slices.Equal(s.Action, []string{"s3:PutObject"}) {
		t.Errorf("load balancer service statement %+v", s)
	}
	// eu-central-1 predates August 2022: its ELB account delivers too.
	if s := statements["LoadBalancerAccessLogsLegacyAccount"]; !slices.Equal(strs(s.Principal["AWS"]), []string{"arn:aws:iam::054676820928:root"}) ||
		!slices.Equal(strs(s.Resource), []string{lbPath}) {
		t.Errorf("legacy ELB account statement %+v", s)
	}
	s := statements["S3ServerAccessLogs"]
	var sources []string
	for _, role := range []storage.Role{storage.Media, storage.Assets, storage.Backups} {
		sources = append(sources, bucketOf(t, inv, "storage", role).Outputs["arn"].StringValue())
	}
	if !slices.Equal(strs(s.Principal["Service"]), []string{"logging.s3.amazonaws.com"}) || !slices.Equal(strs(s.Resource), []string{arn + "/s3/*"}) ||
		!slices.Equal(strs(s.Condition["ArnLike"]["aws:SourceArn"]), sources) || s.Condition["StringEquals"]["aws:SourceAccount"] != harness.AccountID {
		t.Errorf("server access log statement %+v, want sources %v bound to %s", s, sources, harness.AccountID)
	}
}

func TestLogsBucketOfANewRegionAdmitsOnlyTheServicePrincipal(t *testing.T) {
	// eu-central-2 (Zurich) opened in November 2022: no legacy ELB account.
	inv, err := harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		_, err := storage.NewStorage(ctx, "storage", &storage.StorageArgs{KMSKeyArn: pulumi.String("arn:aws:kms:eu-central-2:123456789012:key/k")}, pulumi.Providers(p[0]))
		return err
	}, "eu-central-2"), harness.ComponentStack())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range policyOf(t, inv, bucketOf(t, inv, "storage", storage.Logs)).Statement {
		if s.Principal["AWS"] != nil && s.Effect == "Allow" {
			t.Errorf("eu-central-2 logs policy admits account %v", s.Principal["AWS"])
		}
	}
}

func TestDeletionProtection(t *testing.T) {
	for _, protect := range []bool{true, false} {
		inv := run(t, stack{primary: storage.StorageArgs{DeletionProtection: protect}, dr: true})
		for _, b := range inv.OfType(bucketType) {
			if b.Protect != protect || b.Bool("forceDestroy") == protect {
				t.Errorf("DeletionProtection %v: %s protect %v, forceDestroy %v", protect, b.Name, b.Protect, b.Bool("forceDestroy"))
			}
		}
	}
}

func TestOutputsNameEachBucket(t *testing.T) {
	inv := run(t, stack{dr: true})
	for _, role := range primaryRoles {
		b := bucketOf(t, inv, "storage", role)
		for key, want := range map[string]string{
			".name":   b.ID,
			".arn":    "arn:aws:s3:::" + b.ID,
			".domain": b.ID + ".s3.eu-central-1.amazonaws.com",
			".global": b.ID + ".s3.amazonaws.com",
		} {
			if got := inv.Outputs[string(role)+key].Value; got != want {
				t.Errorf("%s%s = %v, want %s", role, key, got, want)
			}
		}
	}
	for _, role := range storage.ReplicatedRoles() {
		want := bucketOf(t, inv, "storage-dr", role).Outputs["arn"].StringValue()
		if got := inv.Outputs[string(role)+".replica"].Value; got != want {
			t.Errorf("%s replica ARN = %v, want %s", role, got, want)
		}
	}
	if _, ok := inv.Outputs["backups.replica"]; ok {
		t.Error("the backups bucket reports a replica")
	}
}

func TestValidationReportsEveryProblem(t *testing.T) {
	tests := []struct {
		name string
		args storage.StorageArgs
		want []string
	}{
		{"key missing", storage.StorageArgs{}, []string{"KMSKeyArn"}},
		{"mode", storage.StorageArgs{KMSKeyArn: pulumi.String(primaryKey), Mode: "mirror"}, []string{`Mode: "mirror"`}},
		{"days", storage.StorageArgs{KMSKeyArn: pulumi.String(primaryKey), NoncurrentVersionDays: -1, IncompleteUploadDays: -2, LogsExpirationDays: -4},
			[]string{"NoncurrentVersionDays", "IncompleteUploadDays", "LogsExpirationDays"}},
		{"replication incomplete", storage.StorageArgs{KMSKeyArn: pulumi.String(primaryKey), Replicas: []*storage.Replication{{Name: "dr",
			BucketArns: map[storage.Role]pulumi.StringInput{storage.Media: pulumi.String("arn:aws:s3:::m"), storage.Backups: pulumi.String("arn:aws:s3:::b")},
		}, {Name: "dr"}, {Name: "not a name"}}}, []string{`no replica for "assets"`, `"backups" is not replicated`, "Replicas[0].KMSKeyArn: is required", `"dr" is named twice`, `Replicas[2].Name: "not a name"`}},
		{"replica replicating", storage.StorageArgs{Mode: storage.Replica, Replicas: []*storage.Replication{{Name: "dr",
			BucketArns: map[storage.Role]pulumi.StringInput{storage.Media: pulumi.String("m"), storage.Assets: pulumi.String("a")}, KMSKeyArn: pulumi.String(drKey),
		}}}, []string{"storage storage: KMSKeyArn: is required", "Replicas: a Replica"}},
		{"media served twice", storage.StorageArgs{Mode: storage.Replica, KMSKeyArn: pulumi.String(drKey), MediaServedByCloudFront: true, ServedToAccountDistributions: true},
			[]string{"MediaServedByCloudFront: serves the media bucket to one distribution"}},
		{"logs only served", storage.StorageArgs{Mode: storage.LogsOnly, MediaServedByCloudFront: true}, []string{"MediaServedByCloudFront: LogsOnly mode has no media bucket"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			harnesstest.Rejected(t, harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
				_, err := storage.NewStorage(ctx, "storage", &tt.args, pulumi.Providers(p[0]))
				return err
			}, "eu-central-1"), tt.want...)
		})
	}
}

func TestNilArgs(t *testing.T) {
	harnesstest.NilArgs(t, storage.NewStorage, "KMSKeyArn")
}

func TestPreviewRunsCleanly(t *testing.T) {
	s := stack{primary: storage.StorageArgs{MediaServedByCloudFront: true, DeletionProtection: true}, dr: true, serve: pulumi.String(distribution)}
	preview := run(t, s, harness.Preview())
	update := run(t, s)
	if len(preview.Resources) != len(update.Resources) {
		t.Errorf("preview registers %d resources, update %d", len(preview.Resources), len(update.Resources))
	}
	for _, r := range preview.OfType(encryptionType) {
		if r.Region == "" || !r.Has("rules") {
			t.Errorf("%s in preview: region %q, rules %v", r.Name, r.Region, r.Get("rules"))
		}
	}
}

// TestLogsOnlyHoldsTheLogsBucket: a regional stack's storage is its logs bucket alone, with
// the log deliveries' policy and no KMS key (SSE-S3, which the deliveries require).
func TestLogsOnlyHoldsTheLogsBucket(t *testing.T) {
	inv, err := harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		_, err := storage.NewStorage(ctx, "storage", &storage.StorageArgs{Mode: storage.LogsOnly}, pulumi.Providers(p[0]))
		return err
	}, "eu-west-3"), harness.ComponentStack())
	if err != nil {
		t.Fatal(err)
	}
	if buckets := inv.OfType(bucketType); len(buckets) != 1 || buckets[0].Name != "storage-logs" {
		t.Fatalf("buckets %v, want the logs bucket alone", buckets)
	}
	logs := bucketOf(t, inv, "storage", storage.Logs)
	if sse := companion(t, inv, encryptionType, logs); sse.String("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm") != "AES256" {
		t.Errorf("logs bucket encryption %v", sse.Get("rules"))
	}
	policyOf(t, inv, logs)
}

// TestStorageClassesCoverTheLifecycle: StorageClasses, which size monitoring sums, names every
// class a role's lifecycle moves objects to, besides STANDARD where S3 writes them.
func TestStorageClassesCoverTheLifecycle(t *testing.T) {
	inv := run(t, stack{})
	for _, role := range primaryRoles {
		want := map[string]bool{"STANDARD": true}
		lc := companion(t, inv, lifecycleType, bucketOf(t, inv, "storage", role))
		for i := range len(lc.Get("rules").ArrayValue()) {
			if transitions := lc.Get(fmt.Sprintf("rules[%d].transitions", i)); transitions.IsArray() {
				for j := range len(transitions.ArrayValue()) {
					want[lc.String(fmt.Sprintf("rules[%d].transitions[%d].storageClass", i, j))] = true
				}
			}
		}
		got := map[string]bool{}
		for _, c := range storage.StorageClasses(role) {
			got[c] = true
		}
		if !maps.Equal(got, want) {
			t.Errorf("StorageClasses(%s) = %v, the lifecycle keeps objects in %v", role, got, want)
		}
	}
}
