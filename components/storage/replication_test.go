package storage_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/storage"
	"github.com/saleor-platform/infra/internal/harness"
)

func TestReplicaBucketsRunInTheDRRegionWithTheDRKey(t *testing.T) {
	inv := run(t, stack{dr: true})
	var replicas []*harness.Resource
	for _, r := range inv.AWS() {
		if tier := inv.Tier(r); tier != nil && tier.Name == "storage-dr" {
			replicas = append(replicas, r)
		}
	}
	if len(replicas) == 0 {
		t.Fatal("the replica component created nothing")
	}
	for _, r := range replicas {
		if r.Region != "eu-west-1" || !strings.HasSuffix(r.Provider, "::aws-eu-west-1") {
			t.Errorf("%s runs in %q on %s, want eu-west-1", r.Name, r.Region, r.Provider)
		}
	}
	for _, role := range []storage.Role{storage.Media, storage.Assets} {
		b := bucketOf(t, inv, "storage-dr", role)
		sse := companion(t, inv, encryptionType, b)
		if sse.String("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId") != drKey || !sse.Bool("rules[0].bucketKeyEnabled") {
			t.Errorf("replica %s encryption = %v, want %s with a bucket key", role, sse.Get("rules"), drKey)
		}
		if companion(t, inv, versioningType, b).String("versioningConfiguration.status") != "Enabled" {
			t.Errorf("replica %s is not versioned", role)
		}
		companion(t, inv, accessType, b)
		policyOf(t, inv, b)
		companion(t, inv, lifecycleType, b)
	}
	if b := inv.Named(bucketType, "storage-dr-backups"); b != nil {
		t.Error("the replica has a backups bucket")
	}
	if n := len(inv.OfType(replConfigType)); n != 2 {
		t.Errorf("%d replication configurations, want 2 (media, assets)", n)
	}
}

func TestReplicationRoleNamesExactlyTheBucketsAndKeys(t *testing.T) {
	inv := run(t, stack{dr: true})
	arn := func(component string, role storage.Role) string {
		return bucketOf(t, inv, component, role).Outputs["arn"].StringValue()
	}
	sources := []string{arn("storage", storage.Media), arn("storage", storage.Assets)}
	replicas := []string{arn("storage-dr", storage.Media), arn("storage-dr", storage.Assets)}
	want := map[string]struct{ actions, resources []string }{
		"ReadSourceBuckets": {[]string{"s3:GetReplicationConfiguration", "s3:ListBucket"}, sources},
		"ReadSourceObjectVersions": {[]string{"s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"},
			[]string{sources[0] + "/*", sources[1] + "/*"}},
		"WriteReplicas":        {[]string{"s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"}, []string{replicas[0] + "/*", replicas[1] + "/*"}},
		"DecryptSourceObjects": {[]string{"kms:Decrypt"}, []string{primaryKey}},
		"EncryptReplicas":      {[]string{"kms:Encrypt"}, []string{drKey}},
	}
	policies := inv.OfType("aws:iam/rolePolicy:RolePolicy")
	if len(policies) != 1 {
		t.Fatalf("%d role policies, want the replication role's", len(policies))
	}
	role := inv.ByID(policies[0].String("role"))
	if role == nil || !strings.Contains(role.String("assumeRolePolicy"), `"s3.amazonaws.com"`) {
		t.Fatalf("the policy's role %v is not assumed by S3", role)
	}
	var doc iampolicy.Document
	if err := policies[0].JSON("policy", &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Statement) != len(want) {
		t.Errorf("%d statements, want %d", len(doc.Statement), len(want))
	}
	for _, s := range doc.Statement {
		w, ok := want[s.Sid]
		if !ok || s.Effect != "Allow" || !slices.Equal(s.Action, w.actions) || !slices.Equal(strs(s.Resource), w.resources) {
			t.Errorf("statement %s: %s %v on %v, want %v on %v", s.Sid, s.Effect, s.Action, s.Resource, w.actions, w.resources)
		}
		for _, r := range strs(s.Resource) {
			if r == "*" || strings.HasSuffix(r, ":*") {
				t.Errorf("statement %s grants on wildcard %q", s.Sid, r)
			}
		}
		if s.Sid == "DecryptSourceObjects" && s.Condition["StringEquals"]["kms:ViaService"] != "s3.eu-central-1.amazonaws.com" {
			t.Errorf("decrypt is not bound to S3 in eu-central-1: %v", s.Condition)
		}
	}
}

func TestReplicationConfiguration(t *testing.T) {
	inv := run(t, stack{dr: true})
	roleArn := inv.OfType("aws:iam/role:Role")[0].Outputs["arn"].StringValue()
	for _, role := range storage.ReplicatedRoles() {
		source := bucketOf(t, inv, "storage", role)
		replica := bucketOf(t, inv, "storage-dr", role)
		rc := companion(t, inv, replConfigType, source)
		checks := map[string]string{
			"rules[0].status":                                                "Enabled",
			"rules[0].deleteMarkerReplication.status":                        "Enabled",
			"rules[0].sourceSelectionCriteria.sseKmsEncryptedObjects.status": "Enabled",
			"rules[0].destination.bucket":                                    replica.Outputs["arn"].StringValue(),
			"rules[0].destination.encryptionConfiguration.replicaKmsKeyId":   drKey,
			"role": roleArn,
		}
		for path, want := range checks {
			if got := rc.String(path); got != want {
				t.Errorf("%s replication %s = %q, want %q", role, path, got, want)
			}
		}
		if rc.Region != "eu-central-1" {
			t.Errorf("%s replication runs in %s", role, rc.Region)
		}
		// S3 refuses replication unless both buckets are versioned: the configuration waits
		// for the source's versioning and, through the destination ARN, the replica's.
		sourceVersioning := companion(t, inv, versioningType, source)
		if !slices.Contains(rc.Dependencies, sourceVersioning.URN) {
			t.Errorf("%s replication does not depend on the source's versioning", role)
		}
		replicaVersioning := companion(t, inv, versioningType, replica)
		if !slices.Contains(rc.PropertyDependencies["rules"], replicaVersioning.URN) {
			t.Errorf("%s replication's destination does not wait for the replica's versioning", role)
		}
	}
	for _, role := range []storage.Role{storage.Backups, storage.Logs} {
		if n := len(companions(inv, replConfigType, bucketOf(t, inv, "storage", role))); n != 0 {
			t.Errorf("the %s bucket is replicated", role)
		}
	}
}

func TestNoReplicationWithoutADRRegion(t *testing.T) {
	inv := run(t, stack{})
	if n := len(inv.OfType(replConfigType)) + len(inv.OfType("aws:iam/role:Role")); n != 0 {
		t.Errorf("%d replication resources in a stack without a DR region", n)
	}
	for key := range inv.Outputs {
		if strings.HasSuffix(key, ".replica") {
			t.Errorf("output %s without replication", key)
		}
	}
}

// TestReplicationToSeveralRegions: one replication configuration per source bucket with a
// rule per replica (S3 keeps one configuration per bucket), each rule its own priority and
// key, and one role that may write to exactly those replicas.
func TestReplicationToSeveralRegions(t *testing.T) {
	const parisKey = "arn:aws:kms:eu-west-3:123456789012:key/storage-paris"
	program := harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		var targets []*storage.Replication
		for i, replica := range []struct{ name, key string }{{"disaster-recovery", drKey}, {"eu-west-3", parisKey}} {
			r, err := storage.NewStorage(ctx, "storage-"+replica.name, &storage.StorageArgs{Mode: storage.Replica, KMSKeyArn: pulumi.String(replica.key)},
				pulumi.Providers(p[i+1]))
			if err != nil {
				return err
			}
			targets = append(targets, r.ReplicationTarget(replica.name))
		}
		_, err := storage.NewStorage(ctx, "storage", &storage.StorageArgs{KMSKeyArn: pulumi.String(primaryKey), Replicas: targets}, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1", "eu-west-1", "eu-west-3")
	inv, err := harness.Run(program, harness.ComponentStack())
	if err != nil {
		t.Fatal(err)
	}
	var writes []string
	for _, role := range storage.ReplicatedRoles() {
		rc := companion(t, inv, replConfigType, bucketOf(t, inv, "storage", role))
		rules := rc.Get("rules").ArrayValue()
		if len(rules) != 2 {
			t.Fatalf("%s: %d rules, want one per replica", role, len(rules))
		}
		for i, want := range []struct {
			id, component, key string
			priority           float64
		}{{"disaster-recovery", "storage-disaster-recovery", drKey, 2}, {"eu-west-3", "storage-eu-west-3", parisKey, 1}} {
			at := func(p string) string { return fmt.Sprintf("rules[%d].%s", i, p) }
			replica := bucketOf(t, inv, want.component, role).Outputs["arn"].StringValue()
			if rc.String(at("id")) != want.id || rc.Number(at("priority")) != want.priority || rc.String(at("destination.bucket")) != replica ||
				rc.String(at("destination.encryptionConfiguration.replicaKmsKeyId")) != want.key {
				t.Errorf("%s rule %d: %v", role, i, rules[i])
			}
			writes = append(writes, replica+"/*")
		}
	}
	var doc iampolicy.Document
	if err := inv.OfType("aws:iam/rolePolicy:RolePolicy")[0].JSON("policy", &doc); err != nil {
		t.Fatal(err)
	}
	for _, s := range doc.Statement {
		switch s.Sid {
		case "WriteReplicas":
			if got := slices.Sorted(slices.Values(strs(s.Resource))); !slices.Equal(got, slices.Sorted(slices.Values(writes))) {
				t.Errorf("writes to %v, want %v", got, writes)
			}
		case "EncryptReplicas":
			if got := strs(s.Resource); !slices.Equal(got, []string{drKey, parisKey}) {
				t.Errorf("encrypts with %v", got)
			}
		}
	}
}
