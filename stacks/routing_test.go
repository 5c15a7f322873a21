package stacks_test

import (
	"slices"
	"sort"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

// TestAPIRegionsShareOneLatencyName: every production stack that runs the API publishes its
// own latency record of api.<domain>, in the primary's zone, with its region as set
// identifier and a health check of its own load balancer's /health/ over HTTPS every 30 s;
// a primary's DR runtime adds a load balancer but no latency record (it is its region's
// failover partner: TestAPIRecordsRouteByLatencyWithHealthChecks). The site names go to the
// distribution of the stack that serves them.
func TestAPIRegionsShareOneLatencyName(t *testing.T) {
	invs := production(t)
	zone := invs["prod-eu"].Outputs["zoneId"].Value
	var regions []string
	for name, inv := range invs {
		all := inv.OfType("aws:lb/loadBalancer:LoadBalancer")
		if runtimes := runtimesOf(t, inv); len(all) != len(runtimes) {
			t.Errorf("%s: %d load balancers, want one for each of its %d runtimes", name, len(all), len(runtimes))
		}
		lbs := inRegion(inv, "aws:lb/loadBalancer:LoadBalancer", inv.Stack.Config["aws:region"])
		if len(lbs) != 1 {
			t.Fatalf("%s: %d load balancers in its region, want 1", name, len(lbs))
		}
		var latency []*harness.Resource
		for _, r := range inv.OfType("aws:route53/record:Record") {
			if r.String("zoneId") != zone {
				t.Errorf("%s: record %s is in zone %s, not the primary's %v", name, r.String("name"), r.String("zoneId"), zone)
			}
			if r.Has("latencyRoutingPolicies") {
				latency = append(latency, r)
			}
		}
		if len(latency) != 1 {
			t.Fatalf("%s: %d latency records, want 1 (its own region)", name, len(latency))
		}
		rec := latency[0]
		if rec.String("name") != "api.shop.example.com" || rec.String("setIdentifier") != inv.Stack.Config["aws:region"] ||
			rec.String("latencyRoutingPolicies[0].region") != inv.Stack.Config["aws:region"] {
			t.Errorf("%s: latency record %s, set %s, region %s; want api.shop.example.com for %s", name, rec.String("name"),
				rec.String("setIdentifier"), rec.String("latencyRoutingPolicies[0].region"), inv.Stack.Config["aws:region"])
		}
		regions = append(regions, rec.String("setIdentifier"))
		var check *harness.Resource
		for _, h := range inv.OfType("aws:route53/healthCheck:HealthCheck") {
			if h.ID == rec.String("healthCheckId") {
				check = h
			}
		}
		switch {
		case check == nil:
			t.Errorf("%s: the latency record's health check %q is not the stack's", name, rec.String("healthCheckId"))
		case check.String("fqdn") != lbs[0].Output("dnsName") || check.String("type") != "HTTPS" ||
			check.String("resourcePath") != "/health/" || check.Number("requestInterval") != 30:
			t.Errorf("%s: health check of %s %s%s every %vs; want HTTPS %s/health/ every 30s", name, check.String("type"),
				check.String("fqdn"), check.String("resourcePath"), check.Number("requestInterval"), lbs[0].Output("dnsName"))
		}
	}
	sort.Strings(regions)
	if want := []string{"eu-central-1", "eu-west-3", "us-east-1"}; !slices.Equal(regions, want) {
		t.Errorf("API regions %v, want %v", regions, want)
	}

	served := map[string]string{} // site name -> stack whose distribution it aliases
	for name, inv := range invs {
		dists := inv.OfType("aws:cloudfront/distribution:Distribution")
		for _, r := range inv.OfType("aws:route53/record:Record") {
			if r.Has("latencyRoutingPolicies") || r.Has("failoverRoutingPolicies") || r.String("type") != "A" {
				continue
			}
			if len(dists) != 1 || r.String("aliases[0].name") != dists[0].Output("domainName") {
				t.Errorf("%s: %s does not alias the stack's distribution", name, r.String("name"))
			}
			served[r.String("name")] = name
		}
	}
	for host, want := range map[string]string{
		"shop.example.com": "prod-eu", "de.shop.example.com": "prod-eu",
		"nl.shop.example.com": "prod-benelux", "be.shop.example.com": "prod-benelux",
	} {
		if served[host] != want {
			t.Errorf("%s is served by %q, want %s", host, served[host], want)
		}
	}
}
