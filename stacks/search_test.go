package stacks_test

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

// TestSearchDomainInProduction: prod-eu with saleor:search enabled gets a domain in its
// region's isolated subnets (one per zone) with its own group admitting the API's and the
// workers', encrypted with the region's database key and node to node, HTTPS-only with the
// forward-secrecy TLS 1.2 policy, under fine-grained access control with a dedicated master
// role, Multi-AZ with standby over 3 zones and 3 dedicated masters of the sized class, its
// four logs published to encrypted groups, protected; the data tier's NACL admits HTTPS from
// the app subnets; and the stack still passes the policy pack at production's config, in
// update and in preview.
func TestSearchDomainInProduction(t *testing.T) {
	inv, err := runChanged(t, "prod-eu", map[string]string{"saleor:search": `{"enabled": true}`})
	if err != nil {
		t.Fatal(err)
	}
	domains := inv.OfType("aws:opensearch/domain:Domain")
	if len(domains) != 1 {
		t.Fatalf("%d search domains, want 1 (none in the DR region)", len(domains))
	}
	d := domains[0]
	sizes := stackSizes(t, inv)
	isolated := map[string]bool{}
	for _, s := range inRegion(inv, subnetType, "eu-central-1") {
		isolated[s.ID] = s.Tags()["Tier"] == "isolated"
	}
	for _, s := range d.Strings("vpcOptions.subnetIds") {
		if !isolated[s] {
			t.Errorf("the domain is in subnet %s, not an isolated one", s)
		}
	}
	group := inv.ByID(d.Strings("vpcOptions.securityGroupIds")[0])
	api, worker := mustNamed(t, inv, "aws:ec2/securityGroup:SecurityGroup", "network-api"), mustNamed(t, inv, "aws:ec2/securityGroup:SecurityGroup", "network-worker")
	var admitted []string
	for _, r := range inv.OfType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
		if r.String("securityGroupId") == group.ID {
			admitted = append(admitted, r.String("referencedSecurityGroupId"))
		}
	}
	if slices.Sort(admitted); !slices.Equal(admitted, slices.Sorted(slices.Values([]string{api.ID, worker.ID}))) {
		t.Errorf("the domain's group admits %v, want the API's and the workers' groups", admitted)
	}
	key := mustNamed(t, inv, "aws:kms/key:Key", "security-database")
	checks := map[string]bool{
		"3 isolated subnets":          len(d.Strings("vpcOptions.subnetIds")) == 3,
		"the database key":            d.String("encryptAtRest.kmsKeyId") == key.Output("arn") && d.Bool("encryptAtRest.enabled"),
		"node-to-node encryption":     d.Bool("nodeToNodeEncryption.enabled"),
		"HTTPS with the PFS policy":   d.Bool("domainEndpointOptions.enforceHttps") && d.String("domainEndpointOptions.tlsSecurityPolicy") == "Policy-Min-TLS-1-2-PFS-2023-10",
		"fine-grained access control": d.Bool("advancedSecurityOptions.enabled") && !d.Bool("advancedSecurityOptions.internalUserDatabaseEnabled") && d.String("advancedSecurityOptions.masterUserOptions.masterUserArn") != "",
		"Multi-AZ with standby":       d.Bool("clusterConfig.multiAzWithStandbyEnabled") && d.Bool("clusterConfig.zoneAwarenessEnabled") && d.Number("clusterConfig.zoneAwarenessConfig.availabilityZoneCount") == 3,
		"3 dedicated masters":         d.Bool("clusterConfig.dedicatedMasterEnabled") && d.Number("clusterConfig.dedicatedMasterCount") == 3,
		"the sized data nodes":        d.String("clusterConfig.instanceType") == sizes.SearchNode.Name && int(d.Number("clusterConfig.instanceCount")) == sizes.SearchNodes,
		"the sized gp3 volumes":       d.String("ebsOptions.volumeType") == "gp3" && int(d.Number("ebsOptions.volumeSize")) == sizes.SearchStorageGiB,
		"four logs published":         len(d.Get("logPublishingOptions").ArrayValue()) == 4,
		"protect":                     d.Protect,
		"a name carrying the stack":   d.String("domainName") == "saleor-prod-eu-search",
		"its endpoint exported":       inv.Outputs["searchEndpoint"].Known,
	}
	for what, ok := range checks {
		if !ok {
			t.Errorf("the production search domain lacks %s", what)
		}
	}
	for i := range len(d.Get("logPublishingOptions").ArrayValue()) {
		arn := d.String(fmt.Sprintf("logPublishingOptions[%d].cloudwatchLogGroupArn", i))
		group := inv.ByID(strings.TrimPrefix(arn, "arn:aws:logs:eu-central-1:123456789012:log-group:"))
		if group == nil || group.String("kmsKeyId") == "" {
			t.Errorf("log %d goes to an unencrypted or unknown group", i)
		}
	}

	data := harnesstest.NACLs(t, inv)[mustNamed(t, inv, "aws:ec2/networkAcl:NetworkAcl", "network-isolated").ID]
	for _, s := range inRegion(inv, subnetType, "eu-central-1") {
		if s.Tags()["Tier"] != "private" {
			continue
		}
		app := netip.MustParsePrefix(s.String("cidrBlock")).Addr().Next()
		if !data.Allows(harnesstest.Packet{Protocol: harnesstest.TCP, Peer: app, Port: 443}) {
			t.Errorf("the data tier's NACL denies HTTPS from app subnet %s to the search domain", s.Name)
		}
	}
	for _, mode := range runModes {
		run := inv
		if mode.opts != nil {
			if run, err = runChanged(t, "prod-eu", map[string]string{"saleor:search": `{"enabled": true}`}, mode.opts...); err != nil {
				t.Fatalf("%s: %v", mode.name, err)
			}
		}
		if bad := mandatoryOnly(evaluatePolicy(t, stackEnvironment(t, run), run.AnalyzerResources())); len(bad) > 0 {
			t.Errorf("%s: mandatory violations with search enabled:%s", mode.name, policyReport(bad))
		}
	}
}

// TestSearchDomainOutsideProduction: staging (single-AZ) with search enabled keeps the domain
// in one zone without dedicated masters, not protected, and passes staging's pack config,
// where the Multi-AZ rule is advisory.
func TestSearchDomainOutsideProduction(t *testing.T) {
	inv, err := runChanged(t, "staging", map[string]string{"saleor:search": `{"enabled": true}`})
	if err != nil {
		t.Fatal(err)
	}
	d := mustNamed(t, inv, "aws:opensearch/domain:Domain", "search")
	if len(d.Strings("vpcOptions.subnetIds")) != 1 || d.Bool("clusterConfig.zoneAwarenessEnabled") || d.Bool("clusterConfig.dedicatedMasterEnabled") || d.Protect {
		t.Errorf("staging's domain: %v subnets, zone awareness %v, masters %v, protected %v", d.Strings("vpcOptions.subnetIds"),
			d.Bool("clusterConfig.zoneAwarenessEnabled"), d.Bool("clusterConfig.dedicatedMasterEnabled"), d.Protect)
	}
	if bad := mandatoryOnly(evaluatePolicy(t, stackEnvironment(t, inv), inv.AnalyzerResources())); len(bad) > 0 {
		t.Errorf("mandatory violations with search enabled in staging:%s", policyReport(bad))
	}
}
