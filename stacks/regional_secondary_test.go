package stacks_test

import (
	"slices"
	"strings"
	"testing"
)

// TestRegionalSecondaryStandsByForItsClients: prod-na keeps in us-east-2 its own replica of
// prod-eu's writer (encrypted with a key of us-east-2), a VPC peered with prod-eu's whose app
// subnets prod-eu's database admits, and a pilot-light runtime whose load balancer is the
// failover partner of us-east-1 in the API name; prod-eu replicates the shared secrets there.
func TestRegionalSecondaryStandsByForItsClients(t *testing.T) {
	invs := production(t)
	eu, na := invs["prod-eu"], invs["prod-na"]
	writer := mustNamed(t, eu, typeRDSInstance, "database-primary")

	replica := crossRegionReplica(t, na, "database-dr")
	if replica.Region != "us-east-2" || replica.String("replicateSourceDb") != writer.Output("arn") {
		t.Errorf("prod-na's secondary replica is in %s of %q; want us-east-2, of prod-eu's writer %s", replica.Region, replica.String("replicateSourceDb"), writer.Output("arn"))
	}
	if key := replica.String("kmsKeyId"); arnRegionOf(key) != "us-east-2" {
		t.Errorf("the secondary replica is encrypted with %s, want a key of us-east-2", key)
	}

	var admitted []string
	for _, rule := range na.OfType(typeIngressRule) {
		if rule.Region == "eu-central-1" && rule.Number("fromPort") == 5432 {
			admitted = append(admitted, rule.String("cidrIpv4"))
		}
	}
	var secondaryApps []string
	for _, s := range na.OfType("aws:ec2/subnet:Subnet") {
		if s.Region == "us-east-2" && s.Tags()["Tier"] == "private" {
			secondaryApps = append(secondaryApps, s.String("cidrBlock"))
		}
	}
	if len(secondaryApps) == 0 {
		t.Fatal("prod-na has no app subnets in us-east-2")
	}
	for _, cidr := range secondaryApps {
		if !slices.Contains(admitted, cidr) {
			t.Errorf("prod-eu's database does not admit prod-na's us-east-2 app subnet %s (admitted %v)", cidr, admitted)
		}
	}

	for _, name := range []string{"compute-secret-key", "compute-jwt-key"} {
		s := mustNamed(t, eu, "aws:secretsmanager/secret:Secret", name)
		var regions []string
		for _, r := range s.Get("replicas").ArrayValue() {
			regions = append(regions, r.ObjectValue()["region"].StringValue())
		}
		if !slices.Contains(regions, "us-east-2") {
			t.Errorf("prod-eu's %s replicates to %v, not to prod-na's secondary region us-east-2", name, regions)
		}
	}

	lbs := na.OfType("aws:lb/loadBalancer:LoadBalancer")
	dns := map[string]string{}
	for _, lb := range lbs {
		dns[lb.Region] = lb.Output("dnsName")
	}
	pair := map[string]string{}
	for _, r := range na.OfType("aws:route53/record:Record") {
		if r.String("name") == "us-east-1.api.shop.example.com" {
			pair[r.String("failoverRoutingPolicies[0].type")] = r.String("aliases[0].name")
		}
	}
	if pair["PRIMARY"] != dns["us-east-1"] || pair["SECONDARY"] != dns["us-east-2"] || dns["us-east-2"] == "" {
		t.Errorf("us-east-1's failover pair %v; want PRIMARY %s and SECONDARY the us-east-2 load balancer %s", pair, dns["us-east-1"], dns["us-east-2"])
	}
	for _, svc := range na.OfType(typeECSService) {
		if svc.Region == "us-east-2" && svc.Number("desiredCount") != 0 {
			t.Errorf("%s runs %v tasks in the pilot-light secondary region", svc.Name, svc.Number("desiredCount"))
		}
	}
}

// arnRegionOf is the region field of an ARN.
func arnRegionOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 4 {
		return ""
	}
	return parts[3]
}
