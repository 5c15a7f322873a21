package edge

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/validate"
)

// maxCertificateNames is ACM's hard limit of names per certificate (the default quota is 10).
const maxCertificateNames = 100

// CertificateArgs configures a Certificate.
type CertificateArgs struct {
	// DomainName is the certificate's subject, e.g. "shop.example.com" or APIHostname(domain).
	// Required.
	DomainName string
	// SubjectAlternativeNames are the further names it covers, e.g. SiteHostnames(domain,
	// regional)[1:]. ACM's default quota is 10 names per certificate. Defaults to none.
	SubjectAlternativeNames []string
	// ZoneID is the Route 53 zone holding every name, where the DNS validation records go
	// (Zone.ZoneID). Required.
	ZoneID pulumi.StringInput
	// ForCloudFront says CloudFront serves the certificate. CloudFront reads certificates from
	// us-east-1 only, so the component's provider must then be in us-east-1. Defaults to false:
	// a regional certificate (for a load balancer) in the provider's region.
	ForCloudFront bool
}

// names returns every name the certificate covers.
func (a CertificateArgs) names() []string {
	return append([]string{a.DomainName}, a.SubjectAlternativeNames...)
}

func (a CertificateArgs) validate(p *validate.Problems) {
	p.Hostname("DomainName", a.DomainName)
	for i, san := range a.SubjectAlternativeNames {
		p.Hostname("SubjectAlternativeNames", san)
		if san == a.DomainName || slices.Contains(a.SubjectAlternativeNames[:i], san) {
			p.Add("SubjectAlternativeNames", "%q is listed twice (DomainName counts)", san)
		}
	}
	if n := len(a.names()); n > maxCertificateNames {
		p.Add("SubjectAlternativeNames", "%d names: ACM takes at most %d per certificate", n, maxCertificateNames)
	}
	p.Required("ZoneID", a.ZoneID != nil, "the hosted zone for the DNS validation records")
}

// Certificate is a DNS-validated ACM certificate in the region of the component's provider.
type Certificate struct {
	pulumi.ResourceState

	// Arn is the certificate's ARN, resolved once ACM has validated it, so whatever uses it
	// waits for a usable certificate.
	Arn pulumi.StringOutput `pulumi:"arn"`
}

// certificateType is the component's Pulumi type token.
const certificateType = "saleor:edge:Certificate"

// NewCertificate requests an ACM certificate and validates it through Route 53: one
// validation record per name, created with the component's provider (Route 53 is global, so
// any provider reaches the zone), and a CertificateValidation that waits for ACM.
func NewCertificate(ctx *pulumi.Context, name string, args *CertificateArgs, opts ...pulumi.ResourceOption) (*Certificate, error) {
	a, err := validate.Args(certificateType, name, args, nil, CertificateArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &Certificate{}
	if err := ctx.RegisterComponentResource(certificateType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	region, err := providerRegion(ctx, parent)
	if err != nil {
		return nil, err
	}
	if a.ForCloudFront {
		if err := requireGlobalProvider(certificateType, name, "ForCloudFront", region); err != nil {
			return nil, err
		}
	}
	cert, err := acm.NewCertificate(ctx, name+"-certificate", &acm.CertificateArgs{
		DomainName:              pulumi.String(a.DomainName),
		SubjectAlternativeNames: pulumi.ToStringArray(a.SubjectAlternativeNames),
		ValidationMethod:        pulumi.String("DNS"),
		Tags:                    pulumi.StringMap{"Name": pulumi.String(a.DomainName)},
	}, parent)
	if err != nil {
		return nil, err
	}
	var fqdns pulumi.StringArray
	for _, domain := range a.names() {
		record, err := newValidationRecord(ctx, name, domain, cert, a.ZoneID, parent)
		if err != nil {
			return nil, err
		}
		fqdns = append(fqdns, record.Fqdn)
	}
	validation, err := acm.NewCertificateValidation(ctx, name+"-validation", &acm.CertificateValidationArgs{
		CertificateArn:        cert.Arn,
		ValidationRecordFqdns: fqdns,
	}, parent)
	if err != nil {
		return nil, err
	}
	c.Arn = validation.CertificateArn
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"arn": c.Arn})
}

// newValidationRecord creates the CNAME ACM asks for to prove control of domain. The record
// may already exist: ACM asks the same record of every certificate for a name in an account
// (e.g. the primary and DR load balancers' certificates), so it is overwritten, not failed on.
func newValidationRecord(ctx *pulumi.Context, name, domain string, cert *acm.Certificate, zoneID pulumi.StringInput, parent pulumi.ResourceOrInvokeOption) (*route53.Record, error) {
	option := cert.DomainValidationOptions.ApplyT(func(all []acm.CertificateDomainValidationOption) (acm.CertificateDomainValidationOption, error) {
		for _, o := range all {
			if o.DomainName != nil && *o.DomainName == domain {
				return o, nil
			}
		}
		return acm.CertificateDomainValidationOption{}, fmt.Errorf("ACM returned no DNS validation record for %s", domain)
	}).(acm.CertificateDomainValidationOptionOutput)
	return route53.NewRecord(ctx, name+"-validation-"+domain, &route53.RecordArgs{
		ZoneId:         zoneID,
		Name:           option.ResourceRecordName().Elem(),
		Type:           option.ResourceRecordType().Elem(),
		Records:        pulumi.StringArray{option.ResourceRecordValue().Elem()},
		Ttl:            pulumi.Int(60),
		AllowOverwrite: pulumi.Bool(true),
	}, parent)
}
