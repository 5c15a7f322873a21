package edge_test

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/edge"
	"github.com/saleor-platform/infra/internal/harness"
)

// stack composes the edge tier the way stacks.Program does, with literal values for the
// other tiers: p[0] is us-east-1, p[1] the primary region, p[2] the DR region.
func stack(ctx *pulumi.Context, p []*awsProvider) error {
	global, primary := pulumi.Providers(p[0]), pulumi.Providers(p[1])
	zone, err := edge.NewZone(ctx, "edge-zone", &edge.ZoneArgs{Domain: domain, DeletionProtection: true}, primary)
	if err != nil {
		return err
	}
	sites := edge.SiteHostnames(domain, regional)
	cdnCert, err := edge.NewCertificate(ctx, "edge-cdn-cert", &edge.CertificateArgs{
		DomainName: sites[0], SubjectAlternativeNames: sites[1:], ZoneID: zone.ZoneID, ForCloudFront: true,
	}, global)
	if err != nil {
		return err
	}
	for i, region := range []string{"", "-dr"} {
		if _, err := edge.NewCertificate(ctx, "edge-alb-cert"+region, &edge.CertificateArgs{
			DomainName: edge.APIHostname(domain), ZoneID: zone.ZoneID,
		}, pulumi.Providers(p[1+i])); err != nil {
			return err
		}
	}
	// ... compute runs here, taking the regional certificates ...
	cdnACL, err := edge.NewWebACL(ctx, "edge-waf-cdn", &edge.WebACLArgs{Scope: edge.CloudFrontScope, Logs: logs("us-east-1")}, global)
	if err != nil {
		return err
	}
	if _, err := edge.NewWebACL(ctx, "edge-waf-alb", &edge.WebACLArgs{
		Scope: edge.RegionalScope, Logs: logs("eu-central-1"), ProtectedResourceArns: []pulumi.StringInput{pulumi.String(albArn)},
	}, primary); err != nil {
		return err
	}
	dashboard := amplifySite("https://github.com/acme/saleor-dashboard")
	hosting, err := edge.NewHosting(ctx, "edge-hosting", &edge.HostingArgs{
		Domain: domain, Storefront: amplifySite("https://github.com/acme/storefront"), Dashboard: &dashboard,
	}, primary)
	if err != nil {
		return err
	}
	cdn, err := edge.NewDistribution(ctx, "edge-cdn", &edge.DistributionArgs{
		Domain: domain, RegionalDomains: regional,
		CertificateArn: cdnCert.Arn, WebACLArn: cdnACL.Arn,
		OriginVerifySecret:    pulumi.ToSecret(pulumi.String(originSecret)).(pulumi.StringOutput),
		MediaBucketDomainName: pulumi.String(mediaBucket),
		StorefrontOrigin:      hosting.StorefrontOrigin, DashboardOrigin: hosting.DashboardOrigin,
		LogsBucketDomainName: pulumi.String(logsBucket),
		OriginShieldRegion:   "eu-central-1",
		LanguagePrefixes:     []string{"nl", "de", "fr"},
	}, global)
	if err != nil {
		return err
	}
	standby := drALB
	standby.Standby = true
	_, err = edge.NewRecords(ctx, "edge-records", &edge.RecordsArgs{
		ZoneID: zone.ZoneID, Domain: domain, RegionalDomains: regional,
		DistributionDomainName: cdn.DomainName, DistributionZoneID: cdn.HostedZoneID,
		APIEndpoints: []edge.APIEndpoint{primaryALB, standby},
	}, primary)
	ctx.Export("distributionArn", cdn.Arn)
	return err
}

func TestComposedEdgeWiring(t *testing.T) {
	inv := run(t, stack, "us-east-1", "eu-central-1", "eu-west-1")
	d := only(t, inv, tDist)
	cert := inv.ByID(d.String("viewerCertificate.acmCertificateArn"))
	if cert == nil || cert.Type != tCert || cert.Region != "us-east-1" {
		t.Fatalf("the distribution's certificate %q is not the us-east-1 certificate", d.String("viewerCertificate.acmCertificateArn"))
	}
	covered := append([]string{cert.String("domainName")}, cert.Strings("subjectAlternativeNames")...)
	for _, alias := range d.Strings("aliases") {
		if !slices.Contains(covered, alias) {
			t.Errorf("alias %s is not on the certificate %v", alias, covered)
		}
	}
	acl := inv.ByID(d.String("webAclId"))
	if acl == nil || acl.Type != tWebACL || acl.String("scope") != "CLOUDFRONT" || acl.Region != "us-east-1" {
		t.Errorf("the distribution's web ACL %q is not the us-east-1 CLOUDFRONT ACL", d.String("webAclId"))
	}
	if arn := inv.Outputs["distributionArn"].Value.(string); arn != "arn:aws:cloudfront::"+harness.AccountID+":distribution/"+d.ID {
		t.Errorf("distribution ARN %q is not global", arn)
	}
	for _, r := range recordsNamed(inv, domain) {
		alias := objects(r.Get("aliases"))[0]
		if text(alias, "name") != d.Outputs["domainName"].StringValue() || text(alias, "zoneId") != "Z2FDTNDATAQYW2" {
			t.Errorf("apex %s aliases %v, want the distribution", r.String("type"), alias)
		}
	}
	dr := inv.Named(tCert, "edge-alb-cert-dr-certificate")
	if dr == nil || dr.Region != "eu-west-1" {
		t.Error("the DR load balancer's certificate is not in the DR region")
	}
	zone := only(t, inv, tZone)
	for _, r := range inv.OfType(tRecord) {
		if r.String("zoneId") != zone.Outputs["zoneId"].StringValue() {
			t.Errorf("record %s in zone %q, want the stack's zone", r.Name, r.String("zoneId"))
		}
	}
}

func TestPreviewRunsCleanly(t *testing.T) {
	inv, err := harness.Run(harness.InRegions(stack, "us-east-1", "eu-central-1", "eu-west-1"), harness.ComponentStack(), harness.Preview())
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Preview {
		t.Fatal("not a preview")
	}
	for typ, want := range map[string]int{tZone: 1, tCert: 3, tCertValid: 3, tWebACL: 2, tWAFLogging: 2, tDist: 1, tAPP: 2, tHealthCheck: 2} {
		if got := len(inv.OfType(typ)); got != want {
			t.Errorf("preview declares %d %s, want %d", got, typ, want)
		}
	}
	// What AWS computes is unknown in a preview, yet the decisions are all there.
	d := only(t, inv, tDist)
	if !d.Get("webAclId").IsComputed() || !d.Get("viewerCertificate.acmCertificateArn").IsComputed() {
		t.Errorf("webAclId %v, certificate %v known before the ACL and certificate exist", d.Get("webAclId"), d.Get("viewerCertificate.acmCertificateArn"))
	}
	if d.String("viewerCertificate.minimumProtocolVersion") != "TLSv1.2_2021" || d.String("httpVersion") != "http2and3" {
		t.Errorf("preview distribution: %v", d.Get("viewerCertificate"))
	}
}
