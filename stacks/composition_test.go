package stacks_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

// production runs prod-eu, then prod-benelux and prod-na with their stack references served
// from prod-eu's run, and returns the inventories by stack.
func production(t *testing.T) map[string]*harness.Inventory {
	t.Helper()
	var chain []harness.Stack
	for _, name := range []string{"prod-eu", "prod-benelux", "prod-na"} {
		s, err := harness.LoadStack(name)
		if err != nil {
			t.Fatal(err)
		}
		chain = append(chain, s)
	}
	invs, err := harness.RunEnvironment(stacks.Program, chain)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*harness.Inventory{}
	for _, inv := range invs {
		out[inv.Stack.Name] = inv
	}
	return out
}

// mustNamed returns the resource of type typ and name in inv, failing the test without one.
func mustNamed(t *testing.T, inv *harness.Inventory, typ, name string) *harness.Resource {
	t.Helper()
	r := inv.Named(typ, name)
	if r == nil {
		t.Fatalf("%s has no %s %s", inv.Stack.Name, typ, name)
	}
	return r
}

// TestContractOutputsAreStable: the primary's contract keeps its names (a rename breaks every
// deployed regional stack), listed in testdata/contract-outputs.txt; UPDATE_GOLDEN=1 rewrites
// it after a deliberate change.
func TestContractOutputsAreStable(t *testing.T) {
	path := filepath.Join("testdata", "contract-outputs.txt")
	got := strings.Join(stacks.ContractOutputs(), "\n") + "\n"
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("the contract's outputs changed:\n%s\nwant:\n%s\nEvery deployed regional stack reads them: keep the old names (add, never rename), "+
			"or update every regional stack in the same change and run UPDATE_GOLDEN=1 go test ./stacks -run TestContractOutputsAreStable", got, want)
	}
}

// TestEveryPrimaryExportsTheContract: each primary exports every contract output, the secret
// ones as secrets and nothing else of the contract in plaintext; each regional stack reads
// its primary through one stack reference that returned them all.
func TestEveryPrimaryExportsTheContract(t *testing.T) {
	names, err := harness.StackNames()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			inv := runStack(t, name)
			if inv.Stack.Config["saleor:role"] == "regional" {
				refs := inv.StackReferences()
				// A bare stack name is qualified with this stack's organisation and project, so
				// that the CLI does not look for it in the user's default organisation.
				want := harness.Organization + "/" + inv.Stack.Project + "/" + inv.Stack.Config["saleor:primaryStack"]
				if len(refs) != 1 || refs[0].Stack != want {
					t.Fatalf("references %+v, want one to its primary %s", refs, want)
				}
				for _, o := range stacks.ContractOutputs() {
					if !slices.Contains(refs[0].Outputs, o) {
						t.Errorf("reads %s of %s, which does not export it", o, refs[0].Stack)
					}
				}
				return
			}
			for _, o := range stacks.ContractOutputs() {
				out, ok := inv.Outputs[o]
				secret := o == "databaseUrl" || o == "originVerifySecret"
				switch {
				case !ok:
					t.Errorf("does not export contract output %s", o)
				case out.Secret != secret:
					t.Errorf("exports %s with secret %v, want %v", o, out.Secret, secret)
				}
			}
		})
	}
}

// TestRegionalStacksWireToTheirPrimary follows every wire from prod-benelux and prod-na into
// prod-eu: the replica's source, the peering of each of the stack's regions and its routes,
// the database's admission, the replicated secrets and the replicated buckets.
func TestRegionalStacksWireToTheirPrimary(t *testing.T) {
	invs := production(t)
	eu := invs["prod-eu"]
	writer := mustNamed(t, eu, typeRDSInstance, "database-primary")
	euVPC := mustNamed(t, eu, "aws:ec2/vpc:Vpc", "network")
	euDataNACL := mustNamed(t, eu, "aws:ec2/networkAcl:NetworkAcl", "network-isolated")
	euDataRoutes := mustNamed(t, eu, "aws:ec2/routeTable:RouteTable", "network-isolated")
	euDatabaseSG := eu.Named("aws:ec2/securityGroup:SecurityGroup", "network-database")
	for _, name := range []string{"prod-benelux", "prod-na"} {
		t.Run(name, func(t *testing.T) {
			inv := invs[name]
			region := inv.Stack.Config["aws:region"]
			cidr := inv.Stack.Config["saleor:vpcCidr"]

			replica := mustNamed(t, inv, typeRDSInstance, "database-replica")
			key := inv.ByID(replica.String("kmsKeyId"))
			if replica.String("replicateSourceDb") != writer.Outputs["arn"].StringValue() || replica.Region != region ||
				key == nil || key.Region != region {
				t.Errorf("replica of %s in %s with key %s; want prod-eu's writer, in %s, a key of %s",
					replica.String("replicateSourceDb"), replica.Region, replica.String("kmsKeyId"), region, region)
			}

			// Each region of the stack (its own, its secondary) peers with prod-eu's VPC.
			sites := []peeringSite{{"", region, cidr}}
			if r := inv.Stack.Config["saleor:secondaryRegion"]; r != "" {
				sites = append(sites, peeringSite{"-dr", r, inv.Stack.Config["saleor:secondaryVpcCidr"]})
			}
			siteOf := func(region string) int {
				return slices.IndexFunc(sites, func(s peeringSite) bool { return s.region == region })
			}
			for _, s := range sites {
				peering := mustNamed(t, inv, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "network-peering"+s.suffix)
				if peering.String("peerVpcId") != euVPC.ID || peering.String("vpcId") != mustNamed(t, inv, "aws:ec2/vpc:Vpc", "network"+s.suffix).ID ||
					peering.String("peerRegion") != "eu-central-1" || peering.Region != s.region {
					t.Errorf("peering %s -> %s in %s, from %s", peering.String("vpcId"), peering.String("peerVpcId"), peering.String("peerRegion"), peering.Region)
				}
			}
			returns := map[string]bool{}
			for _, r := range inv.OfType("aws:ec2/route:Route") {
				if r.String("vpcPeeringConnectionId") == "" {
					continue
				}
				switch {
				case siteOf(r.Region) >= 0:
					if r.String("destinationCidrBlock") != eu.Stack.Config["saleor:vpcCidr"] {
						t.Errorf("%s routes %s through the peering", r.Name, r.String("destinationCidrBlock"))
					}
				case r.Region == "eu-central-1":
					returns[r.String("destinationCidrBlock")] = true
					if siteOf(cidrSiteRegion(sites, r.String("destinationCidrBlock"))) < 0 || r.String("routeTableId") != euDataRoutes.ID {
						t.Errorf("%s returns to %s through %s", r.Name, r.String("destinationCidrBlock"), r.String("routeTableId"))
					}
				default:
					t.Errorf("%s is in %s", r.Name, r.Region)
				}
			}
			admitted := map[string]int{}
			for _, rule := range inv.OfType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
				if rule.Region != "eu-central-1" {
					continue
				}
				from := slices.IndexFunc(sites, func(s peeringSite) bool {
					return strings.HasPrefix(rule.String("cidrIpv4"), strings.Join(strings.Split(s.cidr, ".")[:2], ".")+".")
				})
				if rule.String("securityGroupId") != euDatabaseSG.ID || rule.Number("fromPort") != 5432 || from < 0 {
					t.Errorf("%s admits %s on %v into %s", rule.Name, rule.String("cidrIpv4"), rule.Number("fromPort"), rule.String("securityGroupId"))
					continue
				}
				admitted[sites[from].region]++
			}
			for _, s := range sites {
				if !returns[s.cidr] {
					t.Errorf("prod-eu's data tier has no route back to %s (%s)", s.cidr, s.region)
				}
				zones := 0
				for _, subnet := range inRegion(inv, subnetType, s.region) {
					if subnet.Tags()["Tier"] == "private" {
						zones++
					}
				}
				if admitted[s.region] != zones {
					t.Errorf("%d rules admit %s's app subnets into prod-eu's database, want one per zone (%d)", admitted[s.region], s.region, zones)
				}
			}
			for _, rule := range inv.OfType("aws:ec2/networkAclRule:NetworkAclRule") {
				if rule.Region == "eu-central-1" && rule.String("networkAclId") != euDataNACL.ID {
					t.Errorf("%s is on NACL %s, not prod-eu's data NACL", rule.Name, rule.String("networkAclId"))
				}
			}

			// The shared secrets are prod-eu's, replicated here with prod-eu's key of this region.
			sharedKey := mustNamed(t, eu, "aws:kms/key:Key", "security-"+region+"-secrets")
			for _, secret := range []string{"compute-secret-key", "compute-jwt-key", "database-url"} {
				s := mustNamed(t, eu, "aws:secretsmanager/secret:Secret", secret)
				replicated := false
				for i := range len(s.Get("replicas").ArrayValue()) {
					at := func(p string) string { return fmt.Sprintf("replicas[%d].%s", i, p) }
					replicated = replicated || s.String(at("region")) == region && s.String(at("kmsKeyId")) == sharedKey.Outputs["arn"].StringValue()
				}
				if !replicated {
					t.Errorf("prod-eu's %s is not replicated to %s with its key there: %v", secret, region, s.Get("replicas"))
				}
			}
			taskDefs := inv.OfType("aws:ecs/taskDefinition:TaskDefinition")
			if len(taskDefs) == 0 {
				t.Fatal("no task definitions")
			}
			api := mustNamed(t, inv, "aws:ecs/taskDefinition:TaskDefinition", "compute-api")
			var containers []struct {
				Secrets []struct{ Name, ValueFrom string }
			}
			if err := json.Unmarshal([]byte(api.String("containerDefinitions")), &containers); err != nil {
				t.Fatal(err)
			}
			from := map[string]string{}
			for _, s := range containers[0].Secrets {
				from[s.Name] = s.ValueFrom
			}
			for variable, secret := range map[string]string{"SECRET_KEY": "compute-secret-key", "RSA_PRIVATE_KEY": "compute-jwt-key", "DATABASE_URL": "database-url"} {
				primaryArn := mustNamed(t, eu, "aws:secretsmanager/secret:Secret", secret).Outputs["arn"].StringValue()
				if want := strings.Replace(primaryArn, ":eu-central-1:", ":"+region+":", 1); from[variable] != want {
					t.Errorf("%s comes from %s, want prod-eu's replica %s", variable, from[variable], want)
				}
			}

			// prod-eu replicates its media and assets buckets here; this stack writes to the
			// originals.
			media := mustNamed(t, eu, typeBucketV2, "storage-media")
			replicaMedia := mustNamed(t, eu, typeBucketV2, "storage-"+region+"-media")
			if replicaMedia.Region != region {
				t.Errorf("the media replica for %s is in %s", region, replicaMedia.Region)
			}
			rc := mustNamed(t, eu, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "storage-media")
			replicatedHere := false
			for i := range len(rc.Get("rules").ArrayValue()) {
				at := func(p string) string { return fmt.Sprintf("rules[%d].%s", i, p) }
				replicatedHere = replicatedHere || rc.String(at("id")) == region && rc.String(at("destination.bucket")) == replicaMedia.Outputs["arn"].StringValue()
			}
			if !replicatedHere {
				t.Errorf("prod-eu's media is not replicated to %s: %v", region, rc.Get("rules"))
			}
			params := map[string]string{}
			for _, p := range inv.OfType("aws:ssm/parameter:Parameter") {
				params[p.String("name")] = p.String("insecureValue")
			}
			if got := params["/saleor/"+name+"/AWS_MEDIA_BUCKET_NAME"]; got != media.String("bucket") {
				t.Errorf("AWS_MEDIA_BUCKET_NAME is %q, want prod-eu's media bucket %q", got, media.String("bucket"))
			}
		})
	}
}

// TestRegionalStacksInheritTheEnvironmentsSettings: a regional stack writes its primary's
// saleor:appSettings to Parameter Store in its own region, its own saleor:appSettings
// overriding them.
func TestRegionalStacksInheritTheEnvironmentsSettings(t *testing.T) {
	load := func(name, settings string) harness.Stack {
		s, err := harness.LoadStack(name)
		if err != nil {
			t.Fatal(err)
		}
		return s.With(map[string]string{"saleor:appSettings": settings})
	}
	invs, err := harness.RunEnvironment(stacks.Program, []harness.Stack{
		load("prod-eu", `{"DEFAULT_COUNTRY":"DE","DEFAULT_CURRENCY":"EUR"}`),
		load("prod-benelux", `{"DEFAULT_COUNTRY":"NL"}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	benelux := invs[1]
	want := map[string]string{"DEFAULT_COUNTRY": "NL", "DEFAULT_CURRENCY": "EUR"}
	for variable, value := range want {
		var found bool
		for _, p := range benelux.OfType("aws:ssm/parameter:Parameter") {
			if strings.HasSuffix(p.Inputs["name"].StringValue(), "/"+variable) {
				found = true
				if got := p.Inputs["insecureValue"].StringValue(); got != value {
					t.Errorf("%s's %s parameter is %q, want %q", benelux.Stack.Name, variable, got, value)
				}
				if p.Region != "eu-west-3" {
					t.Errorf("%s's %s parameter is in %s, want its own region eu-west-3", benelux.Stack.Name, variable, p.Region)
				}
			}
		}
		if !found {
			t.Errorf("%s writes no %s parameter", benelux.Stack.Name, variable)
		}
	}
}

// peeringSite is one region of a regional stack peered with its primary: the suffix of its
// network's and peering's names, its region and its VPC range.
type peeringSite struct{ suffix, region, cidr string }

// cidrSiteRegion is the region of the site whose VPC range is cidr ("" for none).
func cidrSiteRegion(sites []peeringSite, cidr string) string {
	for _, s := range sites {
		if s.cidr == cidr {
			return s.region
		}
	}
	return ""
}
