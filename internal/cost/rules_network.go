package cost

import (
	"fmt"
	"strings"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/internal/harness"
)

func natGateway(e *estimator, r *harness.Resource) {
	e.add(r, catalog.NATGatewayHour, HoursPerMonth, "always on")
	e.add(r, catalog.NATGatewayGB, e.traffic(r.Region, e.a.NATGB), "assumed data through the gateway")
}

func publicIPv4(e *estimator, r *harness.Resource) {
	e.add(r, catalog.PublicIPv4Hour, HoursPerMonth, "one address, always on")
}

// loadBalancer prices the ALB's hours, its LCUs in an active region and, internet-facing,
// its public IPv4 address in each subnet.
func loadBalancer(e *estimator, r *harness.Resource) {
	e.add(r, catalog.ALBHour, HoursPerMonth, "always on")
	if e.active[r.Region] {
		e.add(r, catalog.ALBLCUHour, e.a.ALBLCU*HoursPerMonth, fmt.Sprintf("%g LCU on average", e.a.ALBLCU))
	}
	if !r.Bool("internal") {
		n := float64(len(r.Strings("subnets")) + arrayLen(r, "subnetMappings"))
		e.add(r, catalog.PublicIPv4Hour, n*HoursPerMonth, fmt.Sprintf("internet-facing: one public address in each of %g subnets", n))
	}
}

// vpcEndpoint prices an interface endpoint per AZ (subnet) and its data; a gateway
// endpoint (S3) is free and adds no line.
func vpcEndpoint(e *estimator, r *harness.Resource) {
	if r.String("vpcEndpointType") != "Interface" {
		return
	}
	azs := float64(len(r.Strings("subnetIds")))
	service := strings.TrimPrefix(r.String("serviceName"), "com.amazonaws."+r.Region+".")
	e.add(r, catalog.InterfaceEndpointHour, azs*HoursPerMonth, fmt.Sprintf("%s in %g AZs", service, azs))
	e.add(r, catalog.InterfaceEndpointGB, e.traffic(r.Region, e.a.EndpointGB), "assumed data through the endpoint")
}

// distribution prices CloudFront's requests and data out, the functions on its behaviours
// and its Origin Shield requests.
func distribution(e *estimator, r *harness.Resource) {
	e.add(r, catalog.CDNRequests10k, e.a.RequestsMillion*100, fmt.Sprintf("%g million viewer requests", e.a.RequestsMillion))
	e.add(r, catalog.CDNDataOutGB, e.a.CDNDataOutGB, "assumed data out to viewers")
	if hasFunctions(r) {
		e.add(r, catalog.CDNFunctionMillion, e.a.RequestsMillion, "one viewer function invocation per request")
	}
	for i := range arrayLen(r, "origins") {
		if r.Bool(fmt.Sprintf("origins[%d].originShield.enabled", i)) {
			e.add(r, catalog.OriginShield10k, e.a.RequestsMillion*e.a.OriginShare*100,
				fmt.Sprintf("%g%% of requests reach the shield", 100*e.a.OriginShare))
			break
		}
	}
}

func hasFunctions(r *harness.Resource) bool {
	if r.Has("defaultCacheBehavior.functionAssociations[0]") {
		return true
	}
	for i := range arrayLen(r, "orderedCacheBehaviors") {
		if r.Has(fmt.Sprintf("orderedCacheBehaviors[%d].functionAssociations[0]", i)) {
			return true
		}
	}
	return false
}

// monitoringSubscription prices CloudFront's additional metrics: eight per distribution.
func monitoringSubscription(e *estimator, r *harness.Resource) {
	e.add(r, catalog.CustomMetricMonth, 8, "CloudFront's eight additional distribution metrics")
}

// webACL prices the ACL, its rules and the requests it inspects: every viewer request for
// a CLOUDFRONT ACL, the origin share for a REGIONAL one.
func webACL(e *estimator, r *harness.Resource) {
	e.add(r, catalog.WAFWebACLMonth, 1, r.String("scope"))
	rules := float64(arrayLen(r, "rules"))
	e.add(r, catalog.WAFRuleMonth, rules, fmt.Sprintf("%g rules and rule groups", rules))
	requests := e.a.RequestsMillion
	if r.String("scope") == "REGIONAL" {
		requests = e.traffic(r.Region, requests*e.a.OriginShare)
	}
	e.add(r, catalog.WAFRequestsMillion, requests, "requests inspected")
}

func hostedZone(e *estimator, r *harness.Resource) {
	e.add(r, catalog.HostedZoneMonth, 1, "one zone")
	e.add(r, catalog.DNSQueriesMillion, e.a.DNSQueriesMillion, "assumed non-alias queries")
}

// healthCheck prices a check of an AWS endpoint and each optional feature it uses.
func healthCheck(e *estimator, r *harness.Resource) {
	e.add(r, catalog.HealthCheckMonth, 1, r.String("type"))
	var options []string
	if strings.HasPrefix(r.String("type"), "HTTPS") {
		options = append(options, "HTTPS")
	}
	if strings.HasSuffix(r.String("type"), "STR_MATCH") {
		options = append(options, "string match")
	}
	if r.Bool("measureLatency") {
		options = append(options, "latency")
	}
	if r.Number("requestInterval") == 10 {
		options = append(options, "fast interval")
	}
	if len(options) > 0 {
		e.add(r, catalog.HealthCheckOptionMonth, float64(len(options)), strings.Join(options, ", "))
	}
}
