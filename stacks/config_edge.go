package stacks

import (
	"errors"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/edge"
	"github.com/saleor-platform/infra/components/validate"
)

// EdgeConfig is the configuration of DNS, certificates, WAF, CloudFront and site hosting.
type EdgeConfig struct {
	// HostedZoneID is saleor:hostedZoneId: adopt this Route 53 zone instead of creating one.
	HostedZoneID string
	// ZoneDelegated is saleor:zoneDelegated: the zone the stack creates is delegated, so
	// certificates validated in it can be waited for.
	ZoneDelegated bool
	// OriginShieldRegion is saleor:originShieldRegion, the region of CloudFront's Origin
	// Shield in front of the origins (default: the stack's region).
	OriginShieldRegion string
	// PriceClass is saleor:cdnPriceClass.
	PriceClass edge.PriceClass
	// WAFRateLimit is saleor:wafRateLimit, requests per client IP per minute.
	WAFRateLimit int
	// WAF is saleor:waf: the stack's own rules on its CLOUDFRONT web ACL, whose window is a
	// minute (path limits are per minute, as WAFRateLimit).
	WAF edge.CustomRules
	// LanguagePrefixes and DefaultLanguage are saleor:languagePrefixes and
	// saleor:defaultLanguage: the storefront's /<language>/ paths.
	LanguagePrefixes []string
	DefaultLanguage  string
	// Storefront and Dashboard are saleor:storefront and saleor:dashboard; Dashboard is nil
	// when the dashboard is not served.
	Storefront edge.Site
	Dashboard  *edge.Site
}

// wafConfig is the shape of saleor:waf.
type wafConfig struct {
	GeoBlock       []string `json:"geoBlock"`
	IPAllowList    []string `json:"ipAllowList"`
	IPBlockList    []string `json:"ipBlockList"`
	PathRateLimits []struct {
		Path  string `json:"path"`
		Limit int    `json:"limit"`
	} `json:"pathRateLimits"`
}

// wafFields renames the edge component's fields in problems to saleor:waf's.
var wafFields = strings.NewReplacer("GeoBlock", "geoBlock", "IPAllowList", "ipAllowList", "IPBlockList", "ipBlockList",
	"PathRateLimits", "pathRateLimits", ".Path", ".path", ".Limit", ".limit", "(RateLimit)", "(saleor:wafRateLimit)")

// readWAF reads saleor:waf, checked as the edge component checks it (one problem per bad
// input, named by saleor:waf's fields).
func readWAF(s *source, e *EdgeConfig) {
	var w wafConfig
	if !s.object("saleor:waf", &w) {
		return
	}
	e.WAF = edge.CustomRules{GeoBlock: w.GeoBlock, IPAllowList: w.IPAllowList, IPBlockList: w.IPBlockList}
	for _, l := range w.PathRateLimits {
		e.WAF.PathRateLimits = append(e.WAF.PathRateLimits, edge.PathRateLimit{Path: l.Path, Limit: l.Limit})
	}
	limit := e.WAFRateLimit
	if limit < edge.MinRateLimit {
		limit = edge.MaxRateLimit + 1 // saleor:wafRateLimit's own problem is reported; judge path limits alone
	}
	var p validate.Problems
	e.WAF.Check(&p, limit)
	var invalid *validate.Error
	if errors.As(p.Err(), &invalid) {
		for _, problem := range invalid.Problems {
			s.problems.add("saleor:waf", "%s: %s", wafFields.Replace(problem.Field), wafFields.Replace(problem.Message))
		}
	}
}

// siteConfig is the shape of saleor:storefront and saleor:dashboard.
type siteConfig struct {
	// Hosting is "amplify", "external" or (dashboard only) "none".
	Hosting string `json:"hosting"`
	// Origin is the external host name (external hosting).
	Origin string `json:"origin"`
	// Repository and Branch are what Amplify builds (amplify hosting).
	Repository string `json:"repository"`
	Branch     string `json:"branch"`
}

var (
	zoneID   = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)
	language = regexp.MustCompile(`^[a-z]{2,3}$`)
	https    = regexp.MustCompile(`^https://[^\s]+$`)
)

func readEdge(s *source, c *Config) {
	e := &c.Edge
	e.HostedZoneID = s.text("saleor:hostedZoneId")
	e.ZoneDelegated = s.boolean("saleor:zoneDelegated", false)
	if e.HostedZoneID != "" && !zoneID.MatchString(e.HostedZoneID) {
		s.problems.add("saleor:hostedZoneId", "%q is not a Route 53 hosted zone ID such as \"Z0123456789ABCDEFGHIJ\"", e.HostedZoneID)
	}
	s.preset("saleor:cdnPriceClass")
	e.PriceClass = oneOf(s, "saleor:cdnPriceClass", edge.PriceClasses(), "")
	if s.preset("saleor:wafRateLimit") != "" {
		e.WAFRateLimit = s.integer("saleor:wafRateLimit", 0)
		if e.WAFRateLimit < 10 || e.WAFRateLimit > 2_000_000_000 {
			s.problems.add("saleor:wafRateLimit", "%d requests per IP per minute: WAF accepts 10 to 2000000000", e.WAFRateLimit)
		}
	}
	readWAF(s, e)
	e.LanguagePrefixes = s.list("saleor:languagePrefixes", nil)
	e.DefaultLanguage = s.preset("saleor:defaultLanguage")
	for _, l := range append(slices.Clone(e.LanguagePrefixes), e.DefaultLanguage) {
		if l != "" && !language.MatchString(l) {
			s.problems.add("saleor:languagePrefixes", "%q is not a two- or three-letter language code such as \"nl\"", l)
		}
	}
	for _, label := range c.RegionalDomains {
		if label == "www" || label == "api" {
			s.problems.add("saleor:regionalDomains", "%q is taken: www serves the storefront and api the API", label)
		}
	}
	e.OriginShieldRegion = s.text("saleor:originShieldRegion")
	if e.OriginShieldRegion == "" {
		e.OriginShieldRegion = c.Region
	}
	if shields := catalog.OriginShieldRegions(); c.Region != "" && !slices.Contains(shields, e.OriginShieldRegion) {
		s.problems.add("saleor:originShieldRegion", "%q hosts no CloudFront Origin Shield (it defaults to aws:region); name the one nearest the stack's region: %s",
			e.OriginShieldRegion, quoted(shields))
	}

	var storefront, dashboard siteConfig
	s.object("saleor:storefront", &storefront)
	s.object("saleor:dashboard", &dashboard)
	if c.APIOnly {
		checkAPIOnly(s, c, storefront, dashboard)
		return
	}
	if storefront.Hosting == "" {
		s.problems.add("saleor:storefront", "is required: {hosting: external, origin: <host>} or {hosting: amplify, repository: <https URL>, branch: <branch>}")
	}
	token := s.secret("saleor:amplifyAccessToken")
	if site, ok := readSite(s, "saleor:storefront", storefront, false, token != ""); ok {
		e.Storefront = *site
	}
	if dashboard.Hosting != "" && dashboard.Hosting != "none" {
		if site, ok := readSite(s, "saleor:dashboard", dashboard, true, token != ""); ok {
			e.Dashboard = site
		}
	}
}

// checkAPIOnly rejects what an API-only stack does not serve.
func checkAPIOnly(s *source, c *Config, storefront, dashboard siteConfig) {
	const why = "an API-only stack serves no storefront: remove it, or set saleor:apiOnly false"
	if storefront.Hosting != "" {
		s.problems.add("saleor:storefront", "is set: %s", why)
	}
	if dashboard.Hosting != "" && dashboard.Hosting != "none" {
		s.problems.add("saleor:dashboard", "is set: %s", why)
	}
	if len(c.RegionalDomains) > 0 {
		s.problems.add("saleor:regionalDomains", "%v: %s", c.RegionalDomains, why)
	}
	if len(c.Edge.LanguagePrefixes) > 0 {
		s.problems.add("saleor:languagePrefixes", "%v: %s", c.Edge.LanguagePrefixes, why)
	}
	if !c.Edge.WAF.Empty() {
		s.problems.add("saleor:waf", "is set, but an API-only stack has no web ACL of its own in front of clients: they come through its primary's distribution, so set saleor:waf on the primary")
	}
}

// readSite checks one site's config and returns it as the edge tier takes it; the Amplify
// access token is filled in by LoadConfig, as a secret.
func readSite(s *source, key string, sc siteConfig, optional, haveToken bool) (*edge.Site, bool) {
	allowed := []string{string(edge.AmplifyHosting), string(edge.ExternalHosting)}
	if optional {
		allowed = append(allowed, "none")
	}
	site := &edge.Site{Kind: edge.HostingKind(sc.Hosting), OriginHostname: sc.Origin, Repository: sc.Repository, Branch: sc.Branch}
	switch site.Kind {
	case edge.ExternalHosting:
		if !hostname.MatchString(sc.Origin) {
			s.problems.add(key, "origin %q is not a host name such as \"storefront.vercel.app\"", sc.Origin)
			return nil, false
		}
	case edge.AmplifyHosting:
		ok := true
		if !https.MatchString(sc.Repository) {
			s.problems.add(key, "repository %q is not an https:// Git URL", sc.Repository)
			ok = false
		}
		if !haveToken {
			s.problems.add("saleor:amplifyAccessToken", "is required (as a secret: pulumi config set --secret) when %s is hosted on Amplify", key)
			ok = false
		}
		return site, ok
	case "":
		return nil, false
	default:
		s.problems.add(key, "hosting %q is not one of %s", sc.Hosting, quoted(allowed))
		return nil, false
	}
	return site, true
}

// CertificatesValidate reports whether DNS validation of the stack's certificates can finish:
// the zone is adopted (taken as delegated) or saleor:zoneDelegated says the created zone is.
// Until then nothing may wait for a certificate, or the first pulumi up would wait on ACM
// for a delegation a person makes only after seeing the zone's name servers.
func (e EdgeConfig) CertificatesValidate() bool { return e.HostedZoneID != "" || e.ZoneDelegated }

// withAmplifyToken gives every Amplify site the secret access token.
func (e *EdgeConfig) withAmplifyToken(token pulumi.StringOutput) {
	for _, site := range []*edge.Site{&e.Storefront, e.Dashboard} {
		if site != nil && site.Kind == edge.AmplifyHosting {
			site.AccessToken = token
		}
	}
}
