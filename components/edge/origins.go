package edge

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Origin IDs. A deployed distribution matches origins by ID: never rename one.
const (
	originAPI        = "api"
	originMedia      = "media"
	originAssets     = "assets"
	originStorefront = "storefront"
	originDashboard  = "dashboard"
)

// failoverSuffix ends the ID of a bucket's disaster-recovery replica origin ("media-dr");
// groupSuffix the ID of the origin group of the bucket and its replica ("media-failover").
const (
	failoverSuffix = "-dr"
	groupSuffix    = "-failover"
)

// failoverStatusCodes are the responses of the primary bucket on which CloudFront retries the
// request on its replica: S3's answers for a bucket or key that is unreadable, missing or not
// yet replicated back (403, 404), and for a failing region (500, 502, 503, 504).
var failoverStatusCodes = []int{403, 404, 500, 502, 503, 504}

// originVerifyHeader is the header the load balancers require; only CloudFront knows it.
const originVerifyHeader = "X-Origin-Verify"

// apiReadTimeout is how long CloudFront waits for the API, in seconds: the longest it allows
// without a quota increase, for Saleor's slow bulk mutations.
const apiReadTimeout = 60

// origins returns the distribution's origins, each behind Origin Shield in the primary
// region. The API origin is APIHostname, not a load balancer's DNS name: CloudFront checks
// the origin's certificate against the origin name, and the load balancers' certificates name
// api.<domain>, which Records routes by latency and failover to the regional load balancers.
func (a DistributionArgs) origins(oac pulumi.IDOutput) cloudfront.DistributionOriginArray {
	shield := cloudfront.DistributionOriginOriginShieldArgs{
		Enabled:            pulumi.Bool(true),
		OriginShieldRegion: pulumi.String(a.OriginShieldRegion),
	}
	api := httpsOrigin(originAPI, pulumi.String(APIHostname(a.Domain)), shield, apiReadTimeout)
	api.CustomHeaders = cloudfront.DistributionOriginCustomHeaderArray{cloudfront.DistributionOriginCustomHeaderArgs{
		Name:  pulumi.String(originVerifyHeader),
		Value: pulumi.ToSecret(a.OriginVerifySecret).(pulumi.StringOutput),
	}}
	origins := cloudfront.DistributionOriginArray{
		api,
		bucketOrigin(originMedia, a.MediaBucketDomainName, oac, shield),
		httpsOrigin(originStorefront, a.StorefrontOrigin, shield, 0),
	}
	if a.AssetsBucketDomainName != nil {
		origins = append(origins, bucketOrigin(originAssets, a.AssetsBucketDomainName, oac, shield))
	}
	if a.DashboardOrigin != nil {
		origins = append(origins, httpsOrigin(originDashboard, a.DashboardOrigin, shield, 0))
	}
	// The replicas come last, so the existing origins keep their places, behind the same
	// Origin Shield: one cache tier, whose objects keep serving across a failover.
	for _, b := range a.failoverBuckets() {
		origins = append(origins, bucketOrigin(b.id+failoverSuffix, b.replica, oac, shield))
	}
	return origins
}

// failoverBucket is a bucket origin with a disaster-recovery replica.
type failoverBucket struct {
	id      string
	replica pulumi.StringInput
}

// failoverBuckets are the bucket origins given a replica, media first.
func (a DistributionArgs) failoverBuckets() []failoverBucket {
	var out []failoverBucket
	if a.MediaFailoverBucketDomainName != nil {
		out = append(out, failoverBucket{originMedia, a.MediaFailoverBucketDomainName})
	}
	if a.AssetsBucketDomainName != nil && a.AssetsFailoverBucketDomainName != nil {
		out = append(out, failoverBucket{originAssets, a.AssetsFailoverBucketDomainName})
	}
	return out
}

// originGroups pairs each bucket origin with its replica: CloudFront reads the bucket and, on
// one of failoverStatusCodes or no answer, the replica. Nil without replicas.
func (a DistributionArgs) originGroups() cloudfront.DistributionOriginGroupArray {
	var groups cloudfront.DistributionOriginGroupArray
	for _, b := range a.failoverBuckets() {
		groups = append(groups, cloudfront.DistributionOriginGroupArgs{
			OriginId: pulumi.String(b.id + groupSuffix),
			FailoverCriteria: cloudfront.DistributionOriginGroupFailoverCriteriaArgs{
				StatusCodes: pulumi.ToIntArray(failoverStatusCodes),
			},
			Members: cloudfront.DistributionOriginGroupMemberArray{
				cloudfront.DistributionOriginGroupMemberArgs{OriginId: pulumi.String(b.id)},
				cloudfront.DistributionOriginGroupMemberArgs{OriginId: pulumi.String(b.id + failoverSuffix)},
			},
		})
	}
	return groups
}

// target is the ID a behavior reading the bucket origin id targets: its origin group when
// the bucket has a replica, else the origin itself.
func (a DistributionArgs) target(id string) string {
	for _, b := range a.failoverBuckets() {
		if b.id == id {
			return id + groupSuffix
		}
	}
	return id
}

// httpsOrigin is a custom origin CloudFront reaches over HTTPS with TLS 1.2 only; a zero
// readTimeout keeps CloudFront's default (30 s).
func httpsOrigin(id string, domain pulumi.StringInput, shield cloudfront.DistributionOriginOriginShieldArgs, readTimeout int) cloudfront.DistributionOriginArgs {
	config := cloudfront.DistributionOriginCustomOriginConfigArgs{
		HttpPort:             pulumi.Int(80),
		HttpsPort:            pulumi.Int(443),
		OriginProtocolPolicy: pulumi.String("https-only"),
		OriginSslProtocols:   pulumi.ToStringArray([]string{"TLSv1.2"}),
	}
	if readTimeout > 0 {
		config.OriginReadTimeout = pulumi.Int(readTimeout)
	}
	return cloudfront.DistributionOriginArgs{
		OriginId:           pulumi.String(id),
		DomainName:         domain,
		CustomOriginConfig: config,
		OriginShield:       shield,
	}
}

// bucketOrigin is an S3 origin read through origin access control (SigV4 on every request);
// the bucket's policy admits the distribution (the storage tier's ServeMediaThrough).
func bucketOrigin(id string, domain pulumi.StringInput, oac pulumi.IDOutput, shield cloudfront.DistributionOriginOriginShieldArgs) cloudfront.DistributionOriginArgs {
	return cloudfront.DistributionOriginArgs{
		OriginId:              pulumi.String(id),
		DomainName:            domain,
		OriginAccessControlId: oac.ToStringOutput(),
		OriginShield:          shield,
	}
}
