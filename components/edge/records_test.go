package edge_test

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/edge"
	"github.com/saleor-platform/infra/internal/harness"
)

const zoneID = "Z0123456789ABC"

func recordArgs(endpoints ...edge.APIEndpoint) edge.RecordsArgs {
	return edge.RecordsArgs{
		ZoneID: pulumi.String(zoneID), Domain: domain, RegionalDomains: regional,
		DistributionDomainName: pulumi.String(cloudFrontDNS), DistributionZoneID: pulumi.String(cloudFrontZID),
		APIEndpoints: endpoints,
	}
}

var (
	primaryALB = edge.APIEndpoint{Region: "eu-central-1", LoadBalancerDNSName: pulumi.String(albDNS), LoadBalancerZoneID: pulumi.String(albZone)}
	drALB      = edge.APIEndpoint{Region: "eu-west-1", LoadBalancerDNSName: pulumi.String(albDNSDR), LoadBalancerZoneID: pulumi.String(albZoneDR)}
)

func records(t *testing.T, args edge.RecordsArgs) *harness.Inventory {
	t.Helper()
	return run(t, func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewRecords(ctx, "edge-records", &args, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1")
}

// recordsNamed returns the records of a DNS name.
func recordsNamed(inv *harness.Inventory, name string) []*harness.Resource {
	var out []*harness.Resource
	for _, r := range inv.OfType(tRecord) {
		if r.String("name") == name {
			out = append(out, r)
		}
	}
	return out
}

func TestSiteNamesAliasTheDistribution(t *testing.T) {
	inv := records(t, recordArgs(primaryALB))
	for _, host := range []string{domain, "www." + domain, "nl." + domain, "be." + domain, "de." + domain} {
		var types []string
		for _, r := range recordsNamed(inv, host) {
			types = append(types, r.String("type"))
			alias := objects(r.Get("aliases"))
			if r.String("zoneId") != zoneID || len(alias) != 1 || text(alias[0], "name") != cloudFrontDNS || text(alias[0], "zoneId") != cloudFrontZID {
				t.Errorf("%s %s: zone %q alias %v, want the distribution", host, r.String("type"), r.String("zoneId"), alias)
			}
		}
		slices.Sort(types)
		if !slices.Equal(types, []string{"A", "AAAA"}) {
			t.Errorf("%s has records %v, want A and AAAA", host, types)
		}
	}
}

// checkHealthCheck asserts a health check follows the load balancer at dns.
func checkHealthCheck(t *testing.T, inv *harness.Inventory, id, dns string) {
	t.Helper()
	hc := byOutputID(inv, tHealthCheck, id)
	if hc == nil {
		t.Fatalf("health check %q is not this component's", id)
	}
	if hc.String("type") != "HTTPS" || hc.String("resourcePath") != "/health/" || hc.Number("port") != 443 ||
		hc.Number("requestInterval") != 30 || hc.Number("failureThreshold") != 2 || !hc.Bool("measureLatency") || hc.String("fqdn") != dns {
		t.Errorf("health check %s: %s %s:%v%s every %v s, threshold %v, latency %v; want HTTPS %s:443/health/ every 30 s, threshold 2, latency measured",
			hc.Name, hc.String("type"), hc.String("fqdn"), hc.Get("port"), hc.String("resourcePath"), hc.Get("requestInterval"),
			hc.Get("failureThreshold"), hc.Get("measureLatency"), dns)
	}
}

func TestAPILatencyRecordsWithHealthChecks(t *testing.T) {
	inv := records(t, recordArgs(primaryALB, drALB))
	latency := recordsNamed(inv, "api."+domain)
	if len(latency) != 2 {
		t.Fatalf("%d api records, want one per serving region", len(latency))
	}
	dns := map[string]string{"eu-central-1": albDNS, "eu-west-1": albDNSDR}
	for _, r := range latency {
		policies := objects(r.Get("latencyRoutingPolicies"))
		if len(policies) != 1 || text(policies[0], "region") != r.String("setIdentifier") || dns[r.String("setIdentifier")] == "" {
			t.Errorf("api record %s: latency %v, set %q", r.Name, policies, r.String("setIdentifier"))
			continue
		}
		checkHealthCheck(t, inv, r.String("healthCheckId"), dns[r.String("setIdentifier")])
		alias := objects(r.Get("aliases"))
		if len(alias) != 1 || !field(alias[0], "evaluateTargetHealth").BoolValue() {
			t.Errorf("api record %s alias %v, want one that evaluates target health", r.Name, alias)
		}
	}
	if n := len(inv.OfType(tHealthCheck)); n != 2 {
		t.Errorf("%d health checks, want one per region", n)
	}
}

// failoverPair returns the PRIMARY and SECONDARY records of name.
func failoverPair(t *testing.T, inv *harness.Inventory, name string) map[string]*harness.Resource {
	t.Helper()
	pair := map[string]*harness.Resource{}
	for _, r := range recordsNamed(inv, name) {
		pair[text(objects(r.Get("failoverRoutingPolicies"))[0], "type")] = r
	}
	if len(pair) != 2 || pair["PRIMARY"] == nil || pair["SECONDARY"] == nil {
		t.Fatalf("%s records %v, want a PRIMARY and a SECONDARY", name, pair)
	}
	return pair
}

func aliasName(r *harness.Resource) string { return text(objects(r.Get("aliases"))[0], "name") }

func TestFailoverToAStandbyRegion(t *testing.T) {
	standby := drALB
	standby.Standby = true
	inv := records(t, recordArgs(primaryALB, standby))
	latency := recordsNamed(inv, "api."+domain)
	if len(latency) != 1 || latency[0].String("setIdentifier") != "eu-central-1" {
		t.Fatalf("api records %v, want only the primary's (a standby serves only on failover)", latency)
	}
	pairName := "eu-central-1.api." + domain
	if aliasName(latency[0]) != pairName {
		t.Errorf("the primary's latency record aliases %q, want its failover pair %q", aliasName(latency[0]), pairName)
	}
	pair := failoverPair(t, inv, pairName)
	if aliasName(pair["PRIMARY"]) != albDNS || aliasName(pair["SECONDARY"]) != albDNSDR {
		t.Errorf("failover PRIMARY %q SECONDARY %q, want the primary then the standby load balancer", aliasName(pair["PRIMARY"]), aliasName(pair["SECONDARY"]))
	}
	checkHealthCheck(t, inv, pair["PRIMARY"].String("healthCheckId"), albDNS)
	checkHealthCheck(t, inv, pair["SECONDARY"].String("healthCheckId"), albDNSDR)
	for _, member := range pair {
		if !slices.Contains(latency[0].Dependencies, member.URN) {
			t.Errorf("the latency record does not wait for %s, which it aliases", member.Name)
		}
	}
}

func TestActiveRegionsFailOverToEachOther(t *testing.T) {
	inv := records(t, recordArgs(primaryALB, drALB))
	for region, want := range map[string][2]string{"eu-central-1": {albDNS, albDNSDR}, "eu-west-1": {albDNSDR, albDNS}} {
		pair := failoverPair(t, inv, region+".api."+domain)
		if aliasName(pair["PRIMARY"]) != want[0] || aliasName(pair["SECONDARY"]) != want[1] {
			t.Errorf("%s fails over %q -> %q, want %q -> %q", region, aliasName(pair["PRIMARY"]), aliasName(pair["SECONDARY"]), want[0], want[1])
		}
	}
}

func TestSingleRegionAliasesItsLoadBalancer(t *testing.T) {
	inv := records(t, recordArgs(primaryALB))
	latency := recordsNamed(inv, "api."+domain)
	if len(latency) != 1 || aliasName(latency[0]) != albDNS || text(objects(latency[0].Get("aliases"))[0], "zoneId") != albZone {
		t.Fatalf("api records %v, want one aliasing the load balancer", latency)
	}
	checkHealthCheck(t, inv, latency[0].String("healthCheckId"), albDNS)
	for _, r := range inv.OfType(tRecord) {
		if len(objects(r.Get("failoverRoutingPolicies"))) > 0 {
			t.Errorf("failover record %s with one region", r.Name)
		}
	}
}

func TestRecordsValidation(t *testing.T) {
	standby := primaryALB
	standby.Standby = true
	err := runErr(func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewRecords(ctx, "edge-records", &edge.RecordsArgs{
			Domain: domain, RegionalDomains: []string{"api"},
			APIEndpoints:                []edge.APIEndpoint{standby, {Region: "eu-amsterdam-1", Standby: true}, {Region: "eu-amsterdam-1"}},
			HealthCheckPath:             "health",
			HealthCheckIntervalSeconds:  15,
			HealthCheckFailureThreshold: 11,
		}, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1")
	wantErrors(t, err, "ZoneID", "RegionalDomains: \"api\"", "DistributionDomainName", "DistributionZoneID",
		"APIEndpoints[0].Standby", "APIEndpoints[1].Region", "APIEndpoints[2].Region: \"eu-amsterdam-1\" is listed twice",
		"APIEndpoints[1].LoadBalancerDNSName", "APIEndpoints[2].LoadBalancerZoneID", "2 endpoints are Standby",
		"HealthCheckPath", "HealthCheckIntervalSeconds", "HealthCheckFailureThreshold")

	err = runErr(func(ctx *pulumi.Context, p []*awsProvider) error {
		a := recordArgs()
		_, err := edge.NewRecords(ctx, "edge-records", &a, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1")
	wantErrors(t, err, "APIEndpoints: is required")
}

// TestADrainedRegionLeavesTheAnswers: a Drained region keeps its health check but has no
// latency record and is nobody's failover partner; the region left serving aliases its own
// load balancer.
func TestADrainedRegionLeavesTheAnswers(t *testing.T) {
	drained := drALB
	drained.Drained = true
	inv := records(t, recordArgs(primaryALB, drained))
	latency := recordsNamed(inv, "api."+domain)
	if len(latency) != 1 || latency[0].String("setIdentifier") != "eu-central-1" || aliasName(latency[0]) != albDNS {
		t.Fatalf("api records %v, want only eu-central-1's, aliasing its load balancer", latency)
	}
	for _, r := range inv.OfType(tRecord) {
		if len(objects(r.Get("failoverRoutingPolicies"))) > 0 {
			t.Errorf("failover record %s: a drained region is nobody's partner", r.Name)
		}
	}
	if n := len(inv.OfType(tHealthCheck)); n != 2 {
		t.Errorf("%d health checks, want both regions' (a drained region is still watched)", n)
	}
}
