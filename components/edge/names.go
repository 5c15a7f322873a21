package edge

import "regexp"

var zoneIDPattern = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)

// apiLabel is the subdomain of the API's origin name.
const apiLabel = "api"

// reservedLabels are subdomains the edge uses itself, so no regional domain may take them.
var reservedLabels = []string{"www", apiLabel}

// SiteScope is which of a domain's site names a distribution and its records serve.
type SiteScope string

const (
	// AllSites serves the apex, www and the regional domains: the primary stack's edge.
	AllSites SiteScope = ""
	// RegionalSites serves the regional domains only: a regional stack's edge, whose primary
	// serves the apex and www.
	RegionalSites SiteScope = "regional"
)

// Hostnames returns the names of scope: SiteHostnames for AllSites, the regional labels'
// names for RegionalSites.
func (scope SiteScope) Hostnames(domain string, regional []string) []string {
	names := SiteHostnames(domain, regional)
	if scope == RegionalSites {
		return names[2:]
	}
	return names
}

// SiteHostnames returns the names the storefront answers on: the apex domain, www and each
// regional label (nl, be, de, ...), in that order. The CloudFront certificate covers them,
// the distribution lists them as aliases and Records points each at the distribution.
func SiteHostnames(domain string, regional []string) []string {
	names := []string{domain, "www." + domain}
	for _, label := range regional {
		names = append(names, label+"."+domain)
	}
	return names
}

// APIHostname returns api.<domain>: the name on each load balancer's certificate, which
// CloudFront uses as the API origin and Records routes by latency to the regional load
// balancers. Clients never use it: the load balancers admit only CloudFront.
func APIHostname(domain string) string { return apiLabel + "." + domain }

// GraphQLURL returns the public GraphQL endpoint, https://<domain>/graphql/: CloudFront
// serves the API paths on the storefront's domain.
func GraphQLURL(domain string) string { return "https://" + domain + "/graphql/" }

// regionalAPIHostname names a region's failover pair: <region>.api.<domain>.
func regionalAPIHostname(region, domain string) string { return region + "." + APIHostname(domain) }
