package storage_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/storage"
	"github.com/saleor-platform/infra/internal/harness"
)

func TestMediaPolicyWaitsForTheDistribution(t *testing.T) {
	inv := run(t, stack{primary: storage.StorageArgs{MediaServedByCloudFront: true}})
	if n := len(companions(inv, policyType, bucketOf(t, inv, "storage", storage.Media))); n != 0 {
		t.Errorf("media bucket has %d policies before ServeMediaThrough", n)
	}
	for _, role := range []storage.Role{storage.Assets, storage.Backups, storage.Logs} {
		policyOf(t, inv, bucketOf(t, inv, "storage", role))
	}
}

func TestServeMediaThroughAdmitsOnlyTheDistribution(t *testing.T) {
	inv := run(t, stack{primary: storage.StorageArgs{MediaServedByCloudFront: true}, serve: pulumi.String(distribution)})
	media := bucketOf(t, inv, "storage", storage.Media)
	arn := media.Outputs["arn"].StringValue()
	doc := policyOf(t, inv, media)
	if len(doc.Statement) != 2 {
		t.Fatalf("media policy has %d statements, want the TLS-only deny and the CloudFront read", len(doc.Statement))
	}
	if doc.Statement[0].Effect != "Deny" || doc.Statement[0].Condition["Bool"]["aws:SecureTransport"] != "false" {
		t.Errorf("media policy lost the TLS-only deny: %+v", doc.Statement[0])
	}
	read := doc.Statement[1]
	if read.Effect != "Allow" || !slices.Equal(strs(read.Principal["Service"]), []string{"cloudfront.amazonaws.com"}) ||
		!slices.Equal(read.Action, []string{"s3:GetObject"}) || !slices.Equal(strs(read.Resource), []string{arn + "/*"}) {
		t.Errorf("CloudFront statement %+v", read)
	}
	if len(read.Condition) != 1 || len(read.Condition["StringEquals"]) != 1 || read.Condition["StringEquals"]["AWS:SourceArn"] != distribution {
		t.Errorf("CloudFront read is conditioned on %v, want AWS:SourceArn = %s only", read.Condition, distribution)
	}
	p := companion(t, inv, policyType, media)
	if inv.ByURN(p.Parent).Name != "storage" || p.Region != "eu-central-1" {
		t.Errorf("media policy parent %s region %s", p.Parent, p.Region)
	}
}

// TestKeepMediaPrivateIsTheSamePolicyWithoutTheRead: before the distribution exists the
// media bucket keeps the TLS-only deny alone, in the very policy resource ServeMediaThrough
// later updates in place (same URN).
func TestKeepMediaPrivateIsTheSamePolicyWithoutTheRead(t *testing.T) {
	private := run(t, stack{primary: storage.StorageArgs{MediaServedByCloudFront: true}, private: true})
	served := run(t, stack{primary: storage.StorageArgs{MediaServedByCloudFront: true}, serve: pulumi.String(distribution)})
	media := bucketOf(t, private, "storage", storage.Media)
	doc := policyOf(t, private, media)
	if len(doc.Statement) != 1 || doc.Statement[0].Effect != "Deny" || doc.Statement[0].Condition["Bool"]["aws:SecureTransport"] != "false" {
		t.Errorf("private media policy %+v, want the TLS-only deny alone", doc.Statement)
	}
	if a, b := companion(t, private, policyType, media).URN, companion(t, served, policyType, bucketOf(t, served, "storage", storage.Media)).URN; a != b {
		t.Errorf("the private policy %s is not the one ServeMediaThrough updates, %s", a, b)
	}
}

func TestServeMediaThroughMisuse(t *testing.T) {
	tests := []struct {
		name     string
		deferred bool
		calls    int
		want     string
	}{
		{"not deferred", false, 1, "not waiting for a distribution"},
		{"called twice", true, 2, "already called"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
				st, err := storage.NewStorage(ctx, "storage", &storage.StorageArgs{
					KMSKeyArn: pulumi.String(primaryKey), MediaServedByCloudFront: tt.deferred,
				}, pulumi.Providers(p[0]))
				if err != nil {
					return err
				}
				for range tt.calls {
					if err := st.ServeMediaThrough(ctx, pulumi.String(distribution)); err != nil {
						return err
					}
				}
				return nil
			}, "eu-central-1"), harness.ComponentStack())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestReplicaServedToTheAccountsDistributions: a regional replica's media and assets grant
// CloudFront reads only for distributions of this account, on objects only.
func TestReplicaServedToTheAccountsDistributions(t *testing.T) {
	inv, err := harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		_, err := storage.NewStorage(ctx, "storage-eu-west-3", &storage.StorageArgs{
			Mode: storage.Replica, KMSKeyArn: pulumi.String(drKey), ServedToAccountDistributions: true,
		}, pulumi.Providers(p[0]))
		return err
	}, "eu-west-3"), harness.ComponentStack())
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range storage.ReplicatedRoles() {
		b := bucketOf(t, inv, "storage-eu-west-3", role)
		doc := policyOf(t, inv, b)
		if len(doc.Statement) != 2 {
			t.Fatalf("%s policy has %d statements, want the TLS-only deny and the CloudFront read", role, len(doc.Statement))
		}
		read := doc.Statement[1]
		if read.Effect != "Allow" || !slices.Equal(read.Action, []string{"s3:GetObject"}) ||
			!slices.Equal(strs(read.Resource), []string{b.Outputs["arn"].StringValue() + "/*"}) ||
			read.Condition["StringEquals"]["AWS:SourceAccount"] != "123456789012" ||
			read.Condition["ArnLike"]["AWS:SourceArn"] != "arn:aws:cloudfront::123456789012:distribution/*" {
			t.Errorf("%s read %+v", role, read)
		}
	}
}

// TestDRReplicaServedToThePrimarysDistribution: the disaster-recovery replica's media bucket,
// which the primary's distribution fails over to, waits for ServeMediaThrough like the
// primary's and then admits exactly that distribution, in the same policy resource it had
// before (an update in place); its assets bucket keeps the TLS-only policy alone.
func TestDRReplicaServedToThePrimarysDistribution(t *testing.T) {
	replica := func(serve bool) *harness.Inventory {
		t.Helper()
		inv, err := harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
			dr, err := storage.NewStorage(ctx, "storage-dr", &storage.StorageArgs{
				Mode: storage.Replica, KMSKeyArn: pulumi.String(drKey), MediaServedByCloudFront: serve,
			}, pulumi.Providers(p[0]))
			if err != nil || !serve {
				return err
			}
			return dr.ServeMediaThrough(ctx, pulumi.String(distribution))
		}, "eu-west-1"), harness.ComponentStack())
		if err != nil {
			t.Fatal(err)
		}
		return inv
	}
	served, before := replica(true), replica(false)
	media := bucketOf(t, served, "storage-dr", storage.Media)
	doc := policyOf(t, served, media)
	if len(doc.Statement) != 2 || doc.Statement[0].Condition["Bool"]["aws:SecureTransport"] != "false" {
		t.Fatalf("DR media policy %+v, want the TLS-only deny and the CloudFront read", doc.Statement)
	}
	read := doc.Statement[1]
	if read.Effect != "Allow" || !slices.Equal(strs(read.Principal["Service"]), []string{"cloudfront.amazonaws.com"}) ||
		!slices.Equal(read.Action, []string{"s3:GetObject"}) || !slices.Equal(strs(read.Resource), []string{media.Outputs["arn"].StringValue() + "/*"}) ||
		len(read.Condition) != 1 || len(read.Condition["StringEquals"]) != 1 || read.Condition["StringEquals"]["AWS:SourceArn"] != distribution {
		t.Errorf("DR media read %+v, want s3:GetObject for CloudFront on behalf of %s only", read, distribution)
	}
	if assets := policyOf(t, served, bucketOf(t, served, "storage-dr", storage.Assets)); len(assets.Statement) != 1 || assets.Statement[0].Effect != "Deny" {
		t.Errorf("DR assets policy %+v, want the TLS-only deny alone", assets.Statement)
	}
	p, was := companion(t, served, policyType, media), companion(t, before, policyType, bucketOf(t, before, "storage-dr", storage.Media))
	if p.URN != was.URN || p.Region != "eu-west-1" {
		t.Errorf("DR media policy %s in %s, want %s (the policy it had before) in eu-west-1", p.URN, p.Region, was.URN)
	}
}
