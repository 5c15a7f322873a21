package edge_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/edge"
	"github.com/saleor-platform/infra/internal/harness"
)

// certificates makes the zone in the primary region, the CloudFront certificate on the
// us-east-1 provider (p[0]) and the load balancer's on the primary provider (p[1]).
func certificates(ctx *pulumi.Context, p []*awsProvider) error {
	zone, err := edge.NewZone(ctx, "edge-zone", &edge.ZoneArgs{Domain: domain}, pulumi.Providers(p[1]))
	if err != nil {
		return err
	}
	sites := edge.SiteHostnames(domain, regional)
	cdn, err := edge.NewCertificate(ctx, "edge-cdn-cert", &edge.CertificateArgs{
		DomainName: sites[0], SubjectAlternativeNames: sites[1:], ZoneID: zone.ZoneID, ForCloudFront: true,
	}, pulumi.Providers(p[0]))
	if err != nil {
		return err
	}
	alb, err := edge.NewCertificate(ctx, "edge-alb-cert", &edge.CertificateArgs{
		DomainName: edge.APIHostname(domain), ZoneID: zone.ZoneID,
	}, pulumi.Providers(p[1]))
	if err != nil {
		return err
	}
	ctx.Export("cdnCertificateArn", cdn.Arn)
	ctx.Export("albCertificateArn", alb.Arn)
	return nil
}

func TestCloudFrontCertificateInUSEast1AndALBCertificateRegional(t *testing.T) {
	inv := run(t, certificates, "us-east-1", "eu-central-1")
	cdn := inv.Named(tCert, "edge-cdn-cert-certificate")
	alb := inv.Named(tCert, "edge-alb-cert-certificate")
	if cdn.Region != "us-east-1" || providerRegion(inv, cdn) != "us-east-1" {
		t.Errorf("CloudFront certificate in %q (provider %q), want us-east-1", cdn.Region, providerRegion(inv, cdn))
	}
	if alb.Region != "eu-central-1" || providerRegion(inv, alb) != "eu-central-1" {
		t.Errorf("load balancer certificate in %q, want the primary region eu-central-1", alb.Region)
	}
	wantSANs := []string{"www." + domain, "nl." + domain, "be." + domain, "de." + domain}
	if cdn.String("domainName") != domain || !slices.Equal(cdn.Strings("subjectAlternativeNames"), wantSANs) {
		t.Errorf("CloudFront certificate covers %q + %v, want %q + %v", cdn.String("domainName"), cdn.Strings("subjectAlternativeNames"), domain, wantSANs)
	}
	if alb.String("domainName") != "api."+domain || len(alb.Strings("subjectAlternativeNames")) != 0 {
		t.Errorf("load balancer certificate covers %q + %v, want only api.%s", alb.String("domainName"), alb.Strings("subjectAlternativeNames"), domain)
	}
	for _, c := range []*harness.Resource{cdn, alb} {
		if c.String("validationMethod") != "DNS" {
			t.Errorf("%s validates by %q, want DNS", c.Name, c.String("validationMethod"))
		}
	}
	// The exported ARNs are the validated certificates', each in its region.
	if arn := inv.Outputs["cdnCertificateArn"].Value; !strings.HasPrefix(arn.(string), "arn:aws:acm:us-east-1:") || inv.ByID(arn.(string)) != cdn {
		t.Errorf("CloudFront certificate ARN %v is not the us-east-1 certificate", arn)
	}
}

func TestValidationRecordsFollowACMOnTheCertificatesProvider(t *testing.T) {
	inv := run(t, certificates, "us-east-1", "eu-central-1")
	zoneID := only(t, inv, tZone).Outputs["zoneId"].StringValue()
	cert := inv.Named(tCert, "edge-cdn-cert-certificate")
	options := objects(cert.Outputs["domainValidationOptions"])
	if len(options) != 5 {
		t.Fatalf("%d validation options, want one per name (5)", len(options))
	}
	var fqdns []string
	for _, o := range options {
		name := text(o, "domainName")
		record := inv.Named(tRecord, "edge-cdn-cert-validation-"+name)
		if record == nil {
			t.Errorf("no validation record for %s", name)
			continue
		}
		if record.String("name") != text(o, "resourceRecordName") || record.String("type") != "CNAME" ||
			!slices.Equal(record.Strings("records"), []string{text(o, "resourceRecordValue")}) {
			t.Errorf("validation record for %s is %s %s %v, want ACM's %v", name, record.String("name"), record.String("type"), record.Strings("records"), o)
		}
		if record.String("zoneId") != zoneID || record.Provider != cert.Provider {
			t.Errorf("validation record for %s in zone %q on %s, want zone %q on the certificate's provider", name, record.String("zoneId"), record.Provider, zoneID)
		}
		fqdns = append(fqdns, record.Outputs["fqdn"].StringValue())
	}
	v := inv.Named(tCertValid, "edge-cdn-cert-validation")
	if v.String("certificateArn") != cert.ID || !slices.Equal(v.Strings("validationRecordFqdns"), fqdns) {
		t.Errorf("validation waits for %q over %v, want %q over %v", v.String("certificateArn"), v.Strings("validationRecordFqdns"), cert.ID, fqdns)
	}
}

func TestCloudFrontCertificateRejectsRegionalProvider(t *testing.T) {
	err := runErr(func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewCertificate(ctx, "cert", &edge.CertificateArgs{
			DomainName: domain, ZoneID: pulumi.String("Z0123456789ABC"), ForCloudFront: true,
		}, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1")
	wantErrors(t, err, "ForCloudFront", "us-east-1", "eu-central-1")
}

func TestCertificateValidation(t *testing.T) {
	err := runErr(func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewCertificate(ctx, "cert", &edge.CertificateArgs{
			DomainName: "*.shop.example.com", SubjectAlternativeNames: []string{"www.shop.example.com", "www.shop.example.com"},
		}, pulumi.Providers(p[0]))
		return err
	}, "us-east-1")
	wantErrors(t, err, "DomainName", "SubjectAlternativeNames: \"www.shop.example.com\" is listed twice", "ZoneID")
}
