package harness

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// cloudFrontZoneID is the hosted zone ID of every CloudFront distribution's domain name.
const cloudFrontZoneID = "Z2FDTNDATAQYW2"

// Computed outputs of the edge tier's types (Route 53, ACM, WAF, CloudFront, Amplify).
func init() {
	register("aws:route53/zone:Zone", func(r *Resource, _ string, set func(string, any)) (string, string) {
		id := "Z" + upperHash(r.URN, 20)
		set("zoneId", id)
		var servers []any
		for i, tld := range []string{"com", "net", "org", "co.uk"} {
			servers = append(servers, fmt.Sprintf("ns-%d.awsdns-%02d.%s", 100+i, i, tld))
		}
		set("nameServers", servers)
		set("primaryNameServer", servers[0])
		return id, fmt.Sprintf("arn:%s:route53:::hostedzone/%s", Partition, id)
	})
	register("aws:route53/record:Record", func(r *Resource, _ string, set func(string, any)) (string, string) {
		name := strings.TrimSuffix(r.String("name"), ".")
		set("fqdn", name)
		id := strings.Join([]string{r.String("zoneId"), name, r.String("type")}, "_")
		if s := r.String("setIdentifier"); s != "" {
			id += "_" + s
		}
		return id, ""
	})
	register("aws:route53/healthCheck:HealthCheck", func(r *Resource, _ string, _ func(string, any)) (string, string) {
		id := uuidOf(r.URN)
		return id, fmt.Sprintf("arn:%s:route53:::healthcheck/%s", Partition, id)
	})

	register("aws:acm/certificate:Certificate", func(r *Resource, _ string, set func(string, any)) (string, string) {
		arn := fmt.Sprintf("arn:%s:acm:%s:%s:certificate/%s", Partition, r.Region, AccountID, uuidOf(r.URN))
		names := append([]string{r.String("domainName")}, r.Strings("subjectAlternativeNames")...)
		var options []any
		for _, name := range names {
			token := shortHash(AccountID + name) // ACM's record is per account and name
			options = append(options, map[string]any{
				"domainName":          name,
				"resourceRecordName":  fmt.Sprintf("_%s.%s.", token, name),
				"resourceRecordType":  "CNAME",
				"resourceRecordValue": fmt.Sprintf("_%s.%s.acm-validations.aws.", shortHash(token), shortHash(name)),
			})
		}
		set("domainValidationOptions", options)
		set("status", "ISSUED")
		return arn, arn
	})
	register("aws:acm/certificateValidation:CertificateValidation", func(r *Resource, _ string, _ func(string, any)) (string, string) {
		return r.String("certificateArn"), ""
	})

	register("aws:wafv2/webAcl:WebAcl", func(r *Resource, id string, set func(string, any)) (string, string) {
		uuid := uuidOf(r.URN)
		scope := "regional"
		if r.String("scope") == "CLOUDFRONT" {
			scope = "global"
		}
		set("capacity", 1127)
		set("lockToken", uuidOf(r.URN+"lock"))
		return uuid, fmt.Sprintf("arn:%s:wafv2:%s:%s:%s/webacl/%s/%s", Partition, r.Region, AccountID, scope, r.String("name"), uuid)
	})
	register("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", func(r *Resource, _ string, _ func(string, any)) (string, string) {
		return r.String("resourceArn"), ""
	})
	register("aws:wafv2/webAclAssociation:WebAclAssociation", func(r *Resource, _ string, _ func(string, any)) (string, string) {
		return r.String("webAclArn") + "," + r.String("resourceArn"), ""
	})

	register("aws:cloudfront/distribution:Distribution", func(r *Resource, _ string, set func(string, any)) (string, string) {
		id := "E" + upperHash(r.URN, 13)
		set("domainName", "d"+shortHash(r.URN+"d")+"abcdef.cloudfront.net")
		set("hostedZoneId", cloudFrontZoneID)
		set("etag", "E"+upperHash(r.URN+"etag", 13))
		set("status", "Deployed")
		return id, fmt.Sprintf("arn:%s:cloudfront::%s:distribution/%s", Partition, AccountID, id)
	})
	register("aws:cloudfront/function:Function", func(r *Resource, _ string, set func(string, any)) (string, string) {
		name := r.String("name")
		set("etag", "E"+upperHash(r.URN+"etag", 13))
		set("liveStageEtag", "E"+upperHash(r.URN+"live", 13))
		set("status", "UNASSOCIATED")
		return name, fmt.Sprintf("arn:%s:cloudfront::%s:function/%s", Partition, AccountID, name)
	})
	cloudFrontPolicy := func(kind string) func(r *Resource, _ string, set func(string, any)) (string, string) {
		return func(r *Resource, _ string, set func(string, any)) (string, string) {
			id := uuidOf(r.URN)
			set("etag", "E"+upperHash(r.URN+"etag", 13))
			return id, fmt.Sprintf("arn:%s:cloudfront::%s:%s/%s", Partition, AccountID, kind, id)
		}
	}
	register("aws:cloudfront/cachePolicy:CachePolicy", cloudFrontPolicy("cache-policy"))
	register("aws:cloudfront/originRequestPolicy:OriginRequestPolicy", cloudFrontPolicy("origin-request-policy"))
	register("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy", cloudFrontPolicy("response-headers-policy"))
	register("aws:cloudfront/originAccessControl:OriginAccessControl", func(r *Resource, _ string, set func(string, any)) (string, string) {
		id := "E" + upperHash(r.URN, 13)
		set("etag", "E"+upperHash(r.URN+"etag", 13))
		return id, fmt.Sprintf("arn:%s:cloudfront::%s:origin-access-control/%s", Partition, AccountID, id)
	})

	register("aws:amplify/app:App", func(r *Resource, _ string, set func(string, any)) (string, string) {
		id := "d" + shortHash(r.URN) + "abcdef"
		set("defaultDomain", id+".amplifyapp.com")
		return id, fmt.Sprintf("arn:%s:amplify:%s:%s:apps/%s", Partition, r.Region, AccountID, id)
	})
	register("aws:amplify/branch:Branch", func(r *Resource, _ string, _ func(string, any)) (string, string) {
		app, branch := r.String("appId"), r.String("branchName")
		return app + "/" + branch, fmt.Sprintf("arn:%s:amplify:%s:%s:apps/%s/branches/%s", Partition, r.Region, AccountID, app, branch)
	})
	register("aws:amplify/domainAssociation:DomainAssociation", func(r *Resource, _ string, set func(string, any)) (string, string) {
		app, domain := r.String("appId"), r.String("domainName")
		set("certificateVerificationDnsRecord", fmt.Sprintf("_%s.%s. CNAME _%s.acm-validations.aws.", shortHash(domain), domain, shortHash(app)))
		return app + "/" + domain, fmt.Sprintf("arn:%s:amplify:%s:%s:apps/%s/domains/%s", Partition, r.Region, AccountID, app, domain)
	})
}

// uuidOf derives a stable UUID-shaped ID from s.
func uuidOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	h := hex.EncodeToString(sum[:16])
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[:8], h[8:12], h[12:16], h[16:20], h[20:32])
}

// upperHash derives a stable upper-case alphanumeric ID of n characters from s, for the
// IDs AWS writes in capitals (hosted zones, distributions).
func upperHash(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	return strings.ToUpper(hex.EncodeToString(sum[:]))[:n]
}
