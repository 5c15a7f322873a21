package edge_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/internal/harness"
)

const (
	domain        = "shop.example.com"
	albDNS        = "saleor-alb-123456.eu-central-1.elb.amazonaws.com"
	albDNSDR      = "saleor-alb-654321.eu-west-1.elb.amazonaws.com"
	albZone       = "Z215JYRZR1TBD5"
	albZoneDR     = "Z32O12XQLNTSW2"
	albArn        = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/saleor/50dc6c495c0c9188"
	mediaBucket   = "saleor-media-abc.s3.eu-central-1.amazonaws.com"
	assetsBucket  = "saleor-assets-abc.s3.eu-central-1.amazonaws.com"
	logsBucket    = "saleor-logs-abc.s3.amazonaws.com"
	originSecret  = "s3cr3t-origin-verify-value"
	amplifyToken  = "ghp_offlinetesttoken"
	cdnCertArn    = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
	cdnWebACLArn  = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge-waf/66666666-7777-8888-9999-000000000000"
	cloudFrontDNS = "d111111abcdef8.cloudfront.net"
	cloudFrontZID = "Z2FDTNDATAQYW2"
)

// Resource types.
const (
	tAPP         = "aws:amplify/app:App"
	tBranch      = "aws:amplify/branch:Branch"
	tDomainAssoc = "aws:amplify/domainAssociation:DomainAssociation"
	tCachePolicy = "aws:cloudfront/cachePolicy:CachePolicy"
	tCert        = "aws:acm/certificate:Certificate"
	tCertValid   = "aws:acm/certificateValidation:CertificateValidation"
	tDist        = "aws:cloudfront/distribution:Distribution"
	tFunction    = "aws:cloudfront/function:Function"
	tHealthCheck = "aws:route53/healthCheck:HealthCheck"
	tLogGroup    = "aws:cloudwatch/logGroup:LogGroup"
	tOAC         = "aws:cloudfront/originAccessControl:OriginAccessControl"
	tRecord      = "aws:route53/record:Record"
	tReqPolicy   = "aws:cloudfront/originRequestPolicy:OriginRequestPolicy"
	tHdrPolicy   = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy"
	tWebACL      = "aws:wafv2/webAcl:WebAcl"
	tWAFLogging  = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
	tWAFAssoc    = "aws:wafv2/webAclAssociation:WebAclAssociation"
	tZone        = "aws:route53/zone:Zone"
)

var regional = []string{"nl", "be", "de"}

// logs returns the logging settings of a region, as the stack's security tier would make them.
func logs(region string) logging.Settings {
	days := map[logging.Class]int{}
	for _, c := range logging.Classes() {
		days[c] = 30
	}
	return logging.Settings{
		KMSKeyArn:     pulumi.String("arn:aws:kms:" + region + ":123456789012:key/logs"),
		RetentionDays: days,
		Prefix:        "/saleor/test",
	}
}

type awsProvider = aws.Provider

type body func(ctx *pulumi.Context, p []*aws.Provider) error

// run runs body with one provider per region and fails the test on error.
func run(t *testing.T, b body, regions ...string) *harness.Inventory {
	t.Helper()
	inv, err := harness.Run(harness.InRegions(b, regions...), harness.ComponentStack())
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// runErr runs body and returns its error.
func runErr(b body, regions ...string) error {
	_, err := harness.Run(harness.InRegions(b, regions...), harness.ComponentStack())
	return err
}

// wantErrors fails unless err names every want.
func wantErrors(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one naming %v", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error does not name %q:\n%v", w, err)
		}
	}
}

// objects returns the objects of an array value, secrets unwrapped.
func objects(v resource.PropertyValue) []resource.PropertyMap {
	v = unsecret(v)
	if !v.IsArray() {
		return nil
	}
	var out []resource.PropertyMap
	for _, e := range v.ArrayValue() {
		if e = unsecret(e); e.IsObject() {
			out = append(out, e.ObjectValue())
		}
	}
	return out
}

// field returns the value at key of m, secrets unwrapped, walking nested keys.
func field(m resource.PropertyMap, keys ...string) resource.PropertyValue {
	v := resource.NewProperty(m)
	for _, k := range keys {
		if v = unsecret(v); !v.IsObject() {
			return resource.PropertyValue{}
		}
		v = v.ObjectValue()[resource.PropertyKey(k)]
	}
	return unsecret(v)
}

// text returns the string at key of m, "" if absent.
func text(m resource.PropertyMap, keys ...string) string {
	if v := field(m, keys...); v.IsString() {
		return v.StringValue()
	}
	return ""
}

// texts returns the strings of the array at key of m.
func texts(m resource.PropertyMap, keys ...string) []string {
	v := field(m, keys...)
	if !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		if e = unsecret(e); e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

func unsecret(v resource.PropertyValue) resource.PropertyValue {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v
}

// providerRegion returns the region of the provider r was created with.
func providerRegion(inv *harness.Inventory, r *harness.Resource) string {
	if p := inv.ByURN(r.Provider); p != nil {
		return p.String("region")
	}
	return ""
}

// only returns the single resource of a type, failing otherwise.
func only(t *testing.T, inv *harness.Inventory, typ string) *harness.Resource {
	t.Helper()
	rs := inv.OfType(typ)
	if len(rs) != 1 {
		t.Fatalf("%d resources of %s, want 1", len(rs), typ)
	}
	return rs[0]
}
