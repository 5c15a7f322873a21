package stacks_test

// Issue 6 (edge tier) as deployed by the real stacks: certificates and web ACLs in the
// regions CloudFront and the load balancer need, the WAF rate rule, the distribution's
// viewer and origin settings, the media bucket's grant, and the Route 53 records.

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

const (
	oacType             = "aws:cloudfront/originAccessControl:OriginAccessControl"
	recordType          = "aws:route53/record:Record"
	webACLAssociateType = "aws:wafv2/webAclAssociation:WebAclAssociation"
	webACLType          = "aws:wafv2/webAcl:WebAcl"
	zoneType            = "aws:route53/zone:Zone"
)

// cloudFrontRegion is where CloudFront reads its ACM certificate and CLOUDFRONT-scoped web
// ACLs live (an AWS rule, not a choice).
const cloudFrontRegion = "us-east-1"

// The requirements' rate limit: 1000 requests per client IP per minute unless the stack
// configures another limit.
const (
	defaultRateLimit  = 1000
	rateWindowSeconds = 60
)

// The api. records' health checks.
const (
	healthCheckIntervalSecs = 30
	healthCheckFailures     = 2
)

func TestCloudFrontCertificateAndWebACLAreInUSEast1(t *testing.T) {
	forEachStorefrontStack(t, func(t *testing.T, inv *harness.Inventory, d *harness.Resource) {
		cert := byARN(inv, certificateType, d.String("viewerCertificate.acmCertificateArn"))
		acl := byARN(inv, webACLType, d.String("webAclId"))
		if cert == nil || acl == nil {
			t.Fatalf("distribution uses certificate %q and web ACL %q; want the stack's", d.String("viewerCertificate.acmCertificateArn"), d.String("webAclId"))
		}
		for _, r := range []*harness.Resource{cert, acl} {
			if r.Region != cloudFrontRegion || providerRegion(inv, r) != cloudFrontRegion {
				t.Errorf("%s %s is in %q with a provider of %q, want %s", r.Type, r.Name, r.Region, providerRegion(inv, r), cloudFrontRegion)
			}
		}
		if acl.String("scope") != "CLOUDFRONT" {
			t.Errorf("the distribution's web ACL %s has scope %q, want CLOUDFRONT", acl.Name, acl.String("scope"))
		}
		names := certificateNames(cert)
		for _, alias := range d.Strings("aliases") {
			if !slices.Contains(names, alias) {
				t.Errorf("alias %s is not on the CloudFront certificate %v", alias, names)
			}
		}
	})
}

// TestLoadBalancerCertificateIsRegional: the certificate each load balancer's HTTPS listener
// presents is an ACM certificate of the load balancer's region and names the api. host of
// the environment's domain (a regional stack's is its primary's), which the distribution,
// where the stack has one, connects to. Each runtime has one load balancer, in its region:
// the stack's, and a primary's DR region for its DR runtime; there is none elsewhere.
func TestLoadBalancerCertificateIsRegional(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		cfg := stackConfig(t, inv)
		apiHost := "api." + cfg.Domain
		if cfg.ServesStorefront() {
			if origin := originByDomain(t, mustDistribution(t, inv), apiHost); origin == nil {
				t.Errorf("the distribution has no origin %s", apiHost)
			}
		}
		albs := inv.OfType(loadBalancerType)
		if len(albs) == 0 {
			t.Fatal("no load balancers")
		}
		for _, rt := range runtimesOf(t, inv) {
			if n := len(inRegion(inv, loadBalancerType, rt.region)); n != 1 {
				t.Errorf("the %s runtime has %d load balancers in %s, want 1", rt.name, n, rt.region)
			}
		}
		for _, alb := range albs {
			if rt := runtimeIn(t, inv, alb.Region); rt == nil {
				t.Errorf("load balancer %s is in %s, where the stack runs no runtime (the stack's region is %s)", alb.Name, alb.Region, cfg.Region)
			}
			var https int
			for _, l := range listenersOf(inv, alb) {
				if l.String("protocol") != "HTTPS" {
					continue
				}
				https++
				cert := byARN(inv, certificateType, l.String("certificateArn"))
				if cert == nil || cert.Region != alb.Region || providerRegion(inv, cert) != alb.Region || !slices.Contains(certificateNames(cert), apiHost) {
					t.Errorf("listener %s presents %q; want an ACM certificate of %s for %s", l.Name, l.String("certificateArn"), alb.Region, apiHost)
				}
			}
			if https == 0 {
				t.Errorf("load balancer %s has no HTTPS listener", alb.Name)
			}
		}
	})
}

func TestRateRuleBlocksAbove1000RequestsPerMinute(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		limit := defaultRateLimit
		if v := inv.Stack.Config["saleor:wafRateLimit"]; v != "" {
			limit, _ = strconv.Atoi(v)
		}
		acls := inv.OfType(webACLType)
		if len(acls) == 0 {
			t.Fatal("no web ACLs")
		}
		for _, acl := range acls {
			var rules []struct {
				Name   string `json:"name"`
				Action struct {
					Block *struct{} `json:"block"`
				} `json:"action"`
				Statement struct {
					RateBasedStatement *struct {
						Limit               int `json:"limit"`
						EvaluationWindowSec int `json:"evaluationWindowSec"`
					} `json:"rateBasedStatement"`
				} `json:"statement"`
			}
			decode(t, acl, "rules", &rules)
			var rate int
			for _, r := range rules {
				s := r.Statement.RateBasedStatement
				if s == nil {
					continue
				}
				rate++
				if s.Limit != limit || s.EvaluationWindowSec != rateWindowSeconds || r.Action.Block == nil {
					t.Errorf("%s rule %s: %d per %d s, blocks %v; want %d per %d s, blocked", acl.Name, r.Name, s.Limit, s.EvaluationWindowSec,
						r.Action.Block != nil, limit, rateWindowSeconds)
				}
			}
			// The REGIONAL ACL sits behind CloudFront, whose ACL limits each viewer; it sees only
			// CloudFront's addresses, so it has no rate rule.
			want := map[string]int{"CLOUDFRONT": 1, "REGIONAL": 0}[acl.String("scope")]
			if rate != want {
				t.Errorf("%s (%s) has %d rate-based rules, want %d", acl.Name, acl.String("scope"), rate, want)
			}
		}
	})
}

func TestEveryCacheBehaviorIsHTTPSOnly(t *testing.T) {
	forEachStorefrontStack(t, func(t *testing.T, inv *harness.Inventory, d *harness.Resource) {
		var ordered []cacheBehavior
		var fallback cacheBehavior
		decode(t, d, "orderedCacheBehaviors", &ordered)
		decode(t, d, "defaultCacheBehavior", &fallback)
		if len(ordered) == 0 {
			t.Fatal("no ordered cache behaviors")
		}
		fallback.PathPattern = "(default)"
		for _, b := range append(ordered, fallback) {
			if p := b.ViewerProtocolPolicy; p != "https-only" && p != "redirect-to-https" {
				t.Errorf("behavior %s to %s lets viewers in with %q", b.PathPattern, b.TargetOriginID, p)
			}
		}
	})
}

// TestMediaOriginUsesOACAndItsBucketAdmitsOnlyCloudFront: every origin that is a
// bucket (the media bucket at least) is read through an S3 origin access control that signs
// every request. A primary's distribution reads its own media bucket, whose policy allows
// reads to CloudFront on behalf of this distribution only; a regional stack's reads the
// media replica its primary keeps in the stack's region (the contract's), whose policy
// allows CloudFront reads on behalf of the account's distributions, this one among them (the
// primary cannot know its ARN).
func TestMediaOriginUsesOACAndItsBucketAdmitsOnlyCloudFront(t *testing.T) {
	forEachStorefrontStack(t, func(t *testing.T, inv *harness.Inventory, d *harness.Resource) {
		media, holder := mediaOrigin(t, inv)
		if originByDomain(t, d, media.Output("bucketRegionalDomainName")) == nil {
			t.Errorf("no origin reads the media bucket %s", media.Output("bucketRegionalDomainName"))
		}
		for _, o := range origins(t, d) {
			if bucketByDomain(inv, o.DomainName) == nil && bucketByDomain(holder, o.DomainName) == nil {
				continue
			}
			oac := inv.ByID(o.OriginAccessControlID)
			if oac == nil || oac.Type != oacType || oac.String("originAccessControlOriginType") != "s3" ||
				oac.String("signingBehavior") != "always" || oac.String("signingProtocol") != "sigv4" ||
				(o.S3OriginConfig != nil && o.S3OriginConfig.OriginAccessIdentity != "") {
				t.Errorf("origin %s (%s) is not read through an always-signing S3 origin access control (%q)", o.OriginID, o.DomainName, o.OriginAccessControlID)
			}
		}
		var grants int
		for _, s := range bucketPolicyOf(t, holder, media).Statement {
			if s.Effect != "Allow" {
				continue
			}
			grants++
			p := s.principals()
			if len(p) != 1 || !slices.Equal(p["Service"], strs{"cloudfront.amazonaws.com"}) || !admitsDistribution(s, d.Output("arn"), holder != inv) {
				t.Errorf("media bucket statement %q admits %s under %v, want CloudFront for %s", s.Sid, string(s.Principal), s.Condition, d.Output("arn"))
			}
		}
		if grants == 0 {
			t.Error("the media bucket's policy lets the distribution read nothing")
		}
	})
}

// mediaOrigin is the media bucket a stack's distribution serves and the run that declares
// it: the stack's own; on a regional stack its primary's replica in the stack's region.
func mediaOrigin(t *testing.T, inv *harness.Inventory) (bucket *harness.Resource, holder *harness.Inventory) {
	t.Helper()
	cfg := stackConfig(t, inv)
	if !cfg.IsRegional() {
		return bucketWithRole(t, inv, "media", cfg.Region), inv
	}
	primary := primaryRun(t, inv)
	domain := cfg.Primary.Replicas[cfg.Region].MediaBucket.RegionalDomainName
	if b := bucketByDomain(primary, domain); b != nil && b.Region == cfg.Region && b.Tags()["Role"] == "media" {
		return b, primary
	}
	t.Fatalf("primary %s declares no media bucket %s in %s", primary.Stack.Name, domain, cfg.Region)
	return nil, nil
}

// admitsDistribution reports whether a bucket policy statement's condition admits exactly
// distribution, or, for a bucket of the account's distributions, only distributions of
// this account, this one among them.
func admitsDistribution(s policyStatement, distribution string, anyOfAccount bool) bool {
	if !anyOfAccount {
		return len(s.Condition) == 1 && len(s.Condition["StringEquals"]) == 1 && s.Condition["StringEquals"]["AWS:SourceArn"] == distribution
	}
	pattern, _ := s.Condition["ArnLike"]["AWS:SourceArn"].(string)
	matches, err := path.Match(pattern, distribution)
	return len(s.Condition) == 2 && s.Condition["StringEquals"]["AWS:SourceAccount"] == harness.AccountID &&
		err == nil && matches && strings.HasPrefix(pattern, "arn:"+harness.Partition+":cloudfront::"+harness.AccountID+":distribution/")
}

// TestOriginShieldIsNearTheStack: every origin is shielded in the stack's region or, where
// that region hosts no Origin Shield (eu-west-3), in saleor:originShieldRegion, a region that
// hosts one.
func TestOriginShieldIsNearTheStack(t *testing.T) {
	forEachStorefrontStack(t, func(t *testing.T, inv *harness.Inventory, d *harness.Resource) {
		want := stackConfig(t, inv).Edge.OriginShieldRegion
		if !slices.Contains(catalog.OriginShieldRegions(), want) {
			t.Errorf("the stack's Origin Shield region %s hosts no Origin Shield", want)
		}
		for _, o := range origins(t, d) {
			if !o.OriginShield.Enabled || o.OriginShield.OriginShieldRegion != want {
				t.Errorf("origin %s: shield %v in %q, want it in %s", o.OriginID, o.OriginShield.Enabled, o.OriginShield.OriginShieldRegion, want)
			}
		}
	})
}

func TestViewersGetTLS12WithSNI(t *testing.T) {
	forEachStorefrontStack(t, func(t *testing.T, inv *harness.Inventory, d *harness.Resource) {
		if v, m := d.String("viewerCertificate.minimumProtocolVersion"), d.String("viewerCertificate.sslSupportMethod"); v != "TLSv1.2_2021" || m != "sni-only" ||
			d.Bool("viewerCertificate.cloudfrontDefaultCertificate") {
			t.Errorf("viewer certificate: %s, %s, default certificate %v; want TLSv1.2_2021 over sni-only with the stack's certificate", v, m,
				d.Bool("viewerCertificate.cloudfrontDefaultCertificate"))
		}
	})
}

// TestWAFIsAttached: the CLOUDFRONT web ACL protects the distribution, where the stack has
// one, and a REGIONAL one every load balancer.
func TestWAFIsAttached(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		if stackConfig(t, inv).ServesStorefront() {
			d := mustDistribution(t, inv)
			if acl := byARN(inv, webACLType, d.String("webAclId")); acl == nil || acl.String("scope") != "CLOUDFRONT" {
				t.Errorf("distribution web ACL %q is not the stack's CLOUDFRONT ACL", d.String("webAclId"))
			}
		}
		for _, alb := range inv.OfType(loadBalancerType) {
			protected := false
			for _, a := range inv.OfType(webACLAssociateType) {
				acl := byARN(inv, webACLType, a.String("webAclArn"))
				protected = protected || a.String("resourceArn") == alb.Output("arn") && acl != nil && acl.String("scope") == "REGIONAL" && acl.Region == alb.Region
			}
			if !protected {
				t.Errorf("load balancer %s has no REGIONAL web ACL", alb.Name)
			}
		}
	})
}

// TestSiteDomainsAliasTheDistribution: the site names a stack serves (siteHosts: a
// primary's apex, www and regional domains; a regional stack's regional domains only) are
// exactly the distribution's aliases, each with A and AAAA alias records to the distribution
// in the environment's zone (a regional stack's is its primary's).
func TestSiteDomainsAliasTheDistribution(t *testing.T) {
	forEachStorefrontStack(t, func(t *testing.T, inv *harness.Inventory, d *harness.Resource) {
		hosts := siteHosts(stackConfig(t, inv))
		if aliases := slices.Sorted(slices.Values(d.Strings("aliases"))); !slices.Equal(aliases, slices.Sorted(slices.Values(hosts))) {
			t.Errorf("the distribution's aliases are %v, want the stack's site names %v", aliases, hosts)
		}
		zone := siteZoneID(t, inv)
		for _, host := range hosts {
			for _, typ := range []string{"A", "AAAA"} {
				var ok bool
				for _, r := range recordsNamed(inv, zone, host, typ) {
					ok = ok || r.String("aliases[0].name") == d.Output("domainName") && r.String("aliases[0].zoneId") == d.Output("hostedZoneId")
				}
				if !ok {
					t.Errorf("no %s alias record for %s to the distribution", typ, host)
				}
			}
		}
	})
}

// TestAPIOnlyStacksServeNoStorefront: an API-only stack (saleor:apiOnly) serves only the API
// behind the shared api. name: no distribution, no CLOUDFRONT web ACL, no certificate or
// record of another name, no hosted site.
func TestAPIOnlyStacksServeNoStorefront(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		cfg := stackConfig(t, inv)
		if cfg.ServesStorefront() {
			t.Skip("the stack serves the storefront: the distribution tests")
		}
		apiHost := "api." + cfg.Domain
		for _, typ := range []string{distributionType, oacType, monitoringSubType, "aws:amplify/app:App"} {
			if n := len(inv.OfType(typ)); n > 0 {
				t.Errorf("%d %s in an API-only stack", n, typ)
			}
		}
		for _, acl := range inv.OfType(webACLType) {
			if acl.String("scope") != "REGIONAL" {
				t.Errorf("web ACL %s has scope %q; an API-only stack has only its load balancer's REGIONAL one", acl.Name, acl.String("scope"))
			}
		}
		for _, cert := range inv.OfType(certificateType) {
			if names := certificateNames(cert); !slices.Equal(names, []string{apiHost}) {
				t.Errorf("certificate %s names %v, want only %s", cert.Name, names, apiHost)
			}
		}
		for _, r := range inv.OfType(recordType) {
			if name := strings.TrimSuffix(r.String("name"), "."); name != apiHost && !strings.HasSuffix(name, "."+apiHost) {
				t.Errorf("record %s for %s; an API-only stack publishes only %s", r.Name, name, apiHost)
			}
		}
		if len(inv.OfType(typeECSService)) == 0 {
			t.Error("the API-only stack runs no service")
		}
	})
}

// TestAPIRecordsRouteByLatencyWithHealthChecks: api.<domain> has a latency record for each
// serving load balancer's region in the environment's zone, guarded by an HTTPS health check
// of that load balancer on /health/ every 30 s that fails after 2 failures. A primary's DR
// runtime has no latency record (it would draw its region's clients while standing by, and
// promotion alone does not change the records): it is the SECONDARY of the failover pair
// <region>.api.<domain> the stack region's latency record aliases, behind a health check of
// its own load balancer, the stack region's load balancer the PRIMARY.
func TestAPIRecordsRouteByLatencyWithHealthChecks(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		cfg := stackConfig(t, inv)
		apiHost := "api." + cfg.Domain
		zone := siteZoneID(t, inv)
		for _, alb := range inv.OfType(loadBalancerType) {
			var latency []*harness.Resource
			for _, r := range recordsNamed(inv, zone, apiHost, "A") {
				if r.String("latencyRoutingPolicies[0].region") == alb.Region {
					latency = append(latency, r)
				}
			}
			if rt := runtimeIn(t, inv, alb.Region); rt != nil && rt.dr {
				if len(latency) != 0 {
					t.Errorf("%d latency records of %s for the DR runtime's %s, want none", len(latency), apiHost, alb.Region)
				}
				checkFailoverPair(t, inv, zone, cfg.Region+"."+apiHost, alb)
				continue
			}
			if len(latency) != 1 {
				t.Errorf("%d latency records of %s for %s, want 1", len(latency), apiHost, alb.Region)
				continue
			}
			checkAPIHealthCheck(t, inv, latency[0], alb)
		}
	})
}

// checkFailoverPair checks the failover pair name: PRIMARY the load balancer of the stack's
// region, SECONDARY standby, each behind a health check of its own load balancer.
func checkFailoverPair(t *testing.T, inv *harness.Inventory, zone, name string, standby *harness.Resource) {
	t.Helper()
	home := inRegion(inv, loadBalancerType, stackConfig(t, inv).Region)
	if len(home) != 1 {
		t.Fatalf("%d load balancers in the stack's region, want 1", len(home))
	}
	pair := map[string]*harness.Resource{}
	for _, r := range recordsNamed(inv, zone, name, "A") {
		pair[r.String("failoverRoutingPolicies[0].type")] = r
	}
	if len(pair) != 2 || pair["PRIMARY"] == nil || pair["SECONDARY"] == nil {
		t.Fatalf("%s has records %v, want a PRIMARY and a SECONDARY", name, slices.Sorted(maps.Keys(pair)))
	}
	for role, alb := range map[string]*harness.Resource{"PRIMARY": home[0], "SECONDARY": standby} {
		if r := pair[role]; r.String("aliases[0].name") != alb.Output("dnsName") || !r.Bool("aliases[0].evaluateTargetHealth") {
			t.Errorf("%s %s aliases %q (target health %v), want load balancer %s (%s)", name, role,
				r.String("aliases[0].name"), r.Bool("aliases[0].evaluateTargetHealth"), alb.Name, alb.Region)
		}
		checkAPIHealthCheck(t, inv, pair[role], alb)
	}
	var aliased bool
	for _, r := range recordsNamed(inv, zone, "api."+stackConfig(t, inv).Domain, "A") {
		aliased = aliased || r.String("latencyRoutingPolicies[0].region") == home[0].Region && r.String("aliases[0].name") == name
	}
	if !aliased {
		t.Errorf("the latency record of %s does not alias the failover pair %s", home[0].Region, name)
	}
}

// checkAPIHealthCheck checks that a record is guarded by an HTTPS health check of alb's
// /health/ every 30 s that fails after 2 failures.
func checkAPIHealthCheck(t *testing.T, inv *harness.Inventory, record, alb *harness.Resource) {
	t.Helper()
	check := inv.ByID(record.String("healthCheckId"))
	if check == nil || check.Type != healthCheckType {
		t.Errorf("record %s has no health check (%q)", record.Name, record.String("healthCheckId"))
		return
	}
	if check.String("type") != "HTTPS" || check.Number("port") != 443 || check.String("resourcePath") != healthPath ||
		check.Number("requestInterval") != healthCheckIntervalSecs || check.Number("failureThreshold") != healthCheckFailures ||
		check.String("fqdn") != alb.Output("dnsName") {
		t.Errorf("health check %s: %s %s:%v%s every %v s, %v failures; want HTTPS %s:443%s every %d s, %d failures", check.Name,
			check.String("type"), check.String("fqdn"), check.Number("port"), check.String("resourcePath"), check.Number("requestInterval"),
			check.Number("failureThreshold"), alb.Output("dnsName"), healthPath, healthCheckIntervalSecs, healthCheckFailures)
	}
}

// ---- Helpers ----

type cacheBehavior struct {
	PathPattern          string `json:"pathPattern"`
	TargetOriginID       string `json:"targetOriginId"`
	ViewerProtocolPolicy string `json:"viewerProtocolPolicy"`
}

type cdnOrigin struct {
	OriginID              string `json:"originId"`
	DomainName            string `json:"domainName"`
	OriginAccessControlID string `json:"originAccessControlId"`
	S3OriginConfig        *struct {
		OriginAccessIdentity string `json:"originAccessIdentity"`
	} `json:"s3OriginConfig"`
	OriginShield struct {
		Enabled            bool   `json:"enabled"`
		OriginShieldRegion string `json:"originShieldRegion"`
	} `json:"originShield"`
}

func mustDistribution(t *testing.T, inv *harness.Inventory) *harness.Resource {
	t.Helper()
	ds := inv.OfType(distributionType)
	if len(ds) != 1 {
		t.Fatalf("%d CloudFront distributions, want 1", len(ds))
	}
	return ds[0]
}

// forEachStorefrontStack runs f for every stack that serves the storefront, with its
// distribution; an API-only stack has none (TestAPIOnlyStacksServeNoStorefront).
func forEachStorefrontStack(t *testing.T, f func(t *testing.T, inv *harness.Inventory, d *harness.Resource)) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		if !stackConfig(t, inv).ServesStorefront() {
			t.Skip("an API-only stack has no distribution: TestAPIOnlyStacksServeNoStorefront")
		}
		f(t, inv, mustDistribution(t, inv))
	})
}

// siteHosts are the site names a stack's distribution serves: a primary's apex, www and
// regional domains, a regional stack's regional domains (its primary serves the others).
func siteHosts(cfg *stacks.Config) []string {
	var hosts []string
	if !cfg.IsRegional() {
		hosts = []string{cfg.Domain, "www." + cfg.Domain}
	}
	for _, label := range cfg.RegionalDomains {
		hosts = append(hosts, label+"."+cfg.Domain)
	}
	return hosts
}

// siteZoneID is the hosted zone the stack's records go to: a primary's own; a regional
// stack's primary's (the contract's zoneId), the stack having none of its own.
func siteZoneID(t *testing.T, inv *harness.Inventory) string {
	t.Helper()
	cfg := stackConfig(t, inv)
	if !cfg.IsRegional() {
		return mustZone(t, inv).Output("zoneId")
	}
	if zones := inv.OfType(zoneType); len(zones) > 0 {
		t.Errorf("a regional stack declares %d hosted zones; the environment's zone is its primary's", len(zones))
	}
	return cfg.Primary.ZoneID
}

func mustZone(t *testing.T, inv *harness.Inventory) *harness.Resource {
	t.Helper()
	zones := inv.OfType(zoneType)
	if len(zones) != 1 {
		t.Fatalf("%d hosted zones, want 1", len(zones))
	}
	return zones[0]
}

func origins(t *testing.T, d *harness.Resource) []cdnOrigin {
	t.Helper()
	var out []cdnOrigin
	decode(t, d, "origins", &out)
	if len(out) == 0 {
		t.Fatalf("distribution %s has no origins", d.Name)
	}
	return out
}

func originByDomain(t *testing.T, d *harness.Resource, domain string) *cdnOrigin {
	t.Helper()
	for _, o := range origins(t, d) {
		if o.DomainName == domain {
			return &o
		}
	}
	return nil
}

// bucketByDomain is the stack's bucket with this (regional) domain name, or nil.
func bucketByDomain(inv *harness.Inventory, domain string) *harness.Resource {
	for _, b := range inv.OfType(bucketType) {
		if domain == b.Output("bucketRegionalDomainName") || domain == b.Output("bucketDomainName") {
			return b
		}
	}
	return nil
}

// recordsNamed are the stack's records of a name and type in the zone of zoneID.
func recordsNamed(inv *harness.Inventory, zoneID, name, typ string) []*harness.Resource {
	var out []*harness.Resource
	for _, r := range inv.OfType(recordType) {
		if r.String("zoneId") == zoneID && r.String("name") == name && r.String("type") == typ {
			out = append(out, r)
		}
	}
	return out
}

func certificateNames(cert *harness.Resource) []string {
	return append([]string{cert.String("domainName")}, cert.Strings("subjectAlternativeNames")...)
}

// providerRegion is the region input of the provider a resource was created with.
func providerRegion(inv *harness.Inventory, r *harness.Resource) string {
	if p := inv.ByURN(r.Provider); p != nil {
		return p.String("region")
	}
	return ""
}

// TestWAFCustomRulesReachTheCloudFrontACL: saleor:waf puts its rules on the stack's CLOUDFRONT
// web ACL (its IP sets in us-east-1, CLOUDFRONT scope), never on the REGIONAL ACL behind
// CloudFront; the baseline stays and the stack passes the policy pack.
func TestWAFCustomRulesReachTheCloudFrontACL(t *testing.T) {
	inv, err := runChanged(t, "staging", map[string]string{"saleor:waf": `{"geoBlock": ["KP"], "ipAllowList": ["203.0.113.0/24"],
		"ipBlockList": ["198.51.100.0/24", "2001:db8::/32"], "pathRateLimits": [{"path": "/graphql/", "limit": 300}]}`})
	if err != nil {
		t.Fatal(err)
	}
	names := func(acl *harness.Resource) []string {
		var out []string
		for i := range len(acl.Get("rules").ArrayValue()) {
			out = append(out, acl.String(fmt.Sprintf("rules[%d].name", i)))
		}
		return out
	}
	cdn := mustNamed(t, inv, webACLType, "edge-waf-global-acl")
	want := []string{"ip-block-list", "ip-reputation", "geo-block", "rate-limit", "rate-limit-path-1", "common", "known-bad-inputs", "sqli"}
	if got := names(cdn); !slices.Equal(got, want) {
		t.Errorf("the CLOUDFRONT ACL's rules are %v, want %v", got, want)
	}
	if got := names(mustNamed(t, inv, webACLType, "edge-waf-acl")); slices.ContainsFunc(got, func(n string) bool {
		return slices.Contains([]string{"ip-block-list", "geo-block", "rate-limit-path-1"}, n)
	}) {
		t.Errorf("the REGIONAL ACL behind CloudFront took custom rules: %v", got)
	}
	sets := inv.OfType("aws:wafv2/ipSet:IpSet")
	if len(sets) != 3 {
		t.Errorf("%d IP sets, want 3 (allow IPv4, block IPv4 and IPv6)", len(sets))
	}
	for _, s := range sets {
		if s.Region != "us-east-1" || s.String("scope") != "CLOUDFRONT" {
			t.Errorf("IP set %s: %s scope in %s, want CLOUDFRONT in us-east-1", s.Name, s.String("scope"), s.Region)
		}
	}
	if bad := mandatoryOnly(evaluatePolicy(t, stackEnvironment(t, inv), inv.AnalyzerResources())); len(bad) > 0 {
		t.Errorf("mandatory violations with saleor:waf:%s", policyReport(bad))
	}
}
