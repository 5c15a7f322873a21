package edge_test

import (
	"testing"

	"github.com/saleor-platform/infra/components/edge"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

func TestNilArgs(t *testing.T) {
	harnesstest.NilArgs(t, edge.NewZone, "Domain")
	harnesstest.NilArgs(t, edge.NewCertificate, "DomainName", "ZoneID")
	harnesstest.NilArgs(t, edge.NewHosting, "Domain", "Storefront.Kind")
	harnesstest.NilArgs(t, edge.NewDistribution, "Domain", "CertificateArn", "WebACLArn", "OriginVerifySecret",
		"MediaBucketDomainName", "StorefrontOrigin", "LogsBucketDomainName", "OriginShieldRegion")
	harnesstest.NilArgs(t, edge.NewRecords, "ZoneID", "Domain", "DistributionDomainName", "DistributionZoneID", "APIEndpoints")
	harnesstest.NilArgs(t, edge.NewWebACL, "Scope", "Logs.KMSKeyArn")
}
