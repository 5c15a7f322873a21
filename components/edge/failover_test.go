package edge_test

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/edge"
	"github.com/saleor-platform/infra/internal/harness"
)

// The buckets' replicas in the disaster-recovery region.
const (
	mediaReplica  = "saleor-media-dr-abc.s3.eu-west-1.amazonaws.com"
	assetsReplica = "saleor-assets-dr-abc.s3.eu-west-1.amazonaws.com"
)

// failoverCodes are the answers of the primary bucket on which CloudFront must read the replica.
var failoverCodes = []float64{403, 404, 500, 502, 503, 504}

// withReplicas gives the media and assets buckets their replicas.
func withReplicas(a *edge.DistributionArgs) {
	a.MediaFailoverBucketDomainName = pulumi.String(mediaReplica)
	a.AssetsBucketDomainName = pulumi.String(assetsBucket)
	a.AssetsFailoverBucketDomainName = pulumi.String(assetsReplica)
}

// originGroups returns the origin groups by ID.
func originGroups(d *harness.Resource) map[string]resource.PropertyMap {
	out := map[string]resource.PropertyMap{}
	for _, g := range objects(d.Get("originGroups")) {
		out[text(g, "originId")] = g
	}
	return out
}

// members returns the origin IDs of a group's members, primary first.
func members(g resource.PropertyMap) []string {
	var out []string
	for _, m := range objects(field(g, "members")) {
		out = append(out, text(m, "originId"))
	}
	return out
}

// TestBucketPathsFailOverToTheirReplicas: /media/* and /static/* read origin groups whose
// primary is the bucket and whose secondary its replica, both through the distribution's
// origin access control, failing over on 403, 404 and 5xx; the existing origins keep their
// IDs and domains, so a deployed distribution updates in place.
func TestBucketPathsFailOverToTheirReplicas(t *testing.T) {
	inv, d := distribution(t, withReplicas)
	oac := only(t, inv, tOAC)
	all, groups, b := origins(d), originGroups(d), behaviors(d)
	if len(groups) != 2 {
		t.Fatalf("origin groups %v, want one for media and one for assets", groups)
	}
	for _, tt := range []struct{ path, bucket, replica, domain, replicaDomain string }{
		{"/media/*", "media", "media-dr", mediaBucket, mediaReplica},
		{"/static/*", "assets", "assets-dr", assetsBucket, assetsReplica},
	} {
		target := text(b[tt.path], "targetOriginId")
		g, ok := groups[target]
		if !ok {
			t.Errorf("%s targets %q, not an origin group", tt.path, target)
			continue
		}
		if got := members(g); !slices.Equal(got, []string{tt.bucket, tt.replica}) {
			t.Errorf("%s group %s members %v, want the bucket %s then its replica %s", tt.path, target, got, tt.bucket, tt.replica)
		}
		var codes []float64
		for _, c := range field(g, "failoverCriteria", "statusCodes").ArrayValue() {
			codes = append(codes, c.NumberValue())
		}
		if slices.Sort(codes); !slices.Equal(codes, failoverCodes) {
			t.Errorf("%s group fails over on %v, want %v", tt.path, codes, failoverCodes)
		}
		for id, domain := range map[string]string{tt.bucket: tt.domain, tt.replica: tt.replicaDomain} {
			o, ok := all[id]
			if !ok || text(o, "domainName") != domain || text(o, "originAccessControlId") != oac.ID || !field(o, "customOriginConfig").IsNull() {
				t.Errorf("origin %s %v, want %s through origin access control %s", id, o, domain, oac.ID)
			}
		}
		// An origin group serves only GET, HEAD and OPTIONS; CloudFront refuses a behavior
		// that targets one and allows more.
		for _, m := range texts(b[tt.path], "allowedMethods") {
			if !slices.Contains([]string{"GET", "HEAD", "OPTIONS"}, m) {
				t.Errorf("%s targets an origin group yet allows %s", tt.path, m)
			}
		}
	}
	_, plain := distribution(t, func(a *edge.DistributionArgs) { a.AssetsBucketDomainName = pulumi.String(assetsBucket) })
	before := origins(plain)
	for id, o := range before {
		if text(all[id], "domainName") != text(o, "domainName") {
			t.Errorf("origin %s reads %q with replicas, %q without: an existing origin changed", id, text(all[id], "domainName"), text(o, "domainName"))
		}
	}
	if len(all) != len(before)+2 {
		t.Errorf("%d origins with replicas, %d without; want the two replicas added", len(all), len(before))
	}
	for id, o := range all {
		if !field(o, "originShield", "enabled").BoolValue() || text(o, "originShield", "originShieldRegion") != "eu-central-1" {
			t.Errorf("origin %s is not behind the distribution's Origin Shield: %v", id, field(o, "originShield"))
		}
	}
}

// TestNoOriginGroupWithoutAReplica: without a replica the distribution is as before failover
// existed: no originGroups input, each path targeting its origin; a replica of the media
// bucket alone leaves /static/* on its bucket.
func TestNoOriginGroupWithoutAReplica(t *testing.T) {
	_, d := distribution(t, func(a *edge.DistributionArgs) { a.AssetsBucketDomainName = pulumi.String(assetsBucket) })
	if _, ok := d.Inputs["originGroups"]; ok {
		t.Errorf("originGroups %v without a replica, want none", d.Get("originGroups"))
	}
	b := behaviors(d)
	for path, origin := range map[string]string{"/media/*": "media", "/static/*": "assets"} {
		if got := text(b[path], "targetOriginId"); got != origin {
			t.Errorf("%s targets %q, want the origin %q", path, got, origin)
		}
	}
	for id := range origins(d) {
		if id == "media-dr" || id == "assets-dr" {
			t.Errorf("origin %s without a replica", id)
		}
	}

	_, mediaOnly := distribution(t, func(a *edge.DistributionArgs) {
		a.AssetsBucketDomainName = pulumi.String(assetsBucket)
		a.MediaFailoverBucketDomainName = pulumi.String(mediaReplica)
	})
	if groups := originGroups(mediaOnly); len(groups) != 1 || text(behaviors(mediaOnly)["/static/*"], "targetOriginId") != "assets" {
		t.Errorf("media replica alone: groups %v, /static/* to %q; want the media group alone, /static/* to assets",
			groups, text(behaviors(mediaOnly)["/static/*"], "targetOriginId"))
	}
}

func TestAssetsReplicaNeedsTheAssetsBucket(t *testing.T) {
	err := runErr(func(ctx *pulumi.Context, p []*awsProvider) error {
		a := distArgs()
		a.AssetsFailoverBucketDomainName = pulumi.String(assetsReplica)
		_, err := edge.NewDistribution(ctx, "edge-cdn", &a, pulumi.Providers(p[0]))
		return err
	}, "us-east-1")
	wantErrors(t, err, "AssetsFailoverBucketDomainName", "AssetsBucketDomainName")
}
