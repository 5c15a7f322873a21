package stacks_test

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/security"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/policy/taggable"
	"github.com/saleor-platform/infra/stacks"
)

// requiredTags are the tag keys every taggable resource must carry (the providers'
// defaultTags; the policy pack's tagging rule checks the same keys).
var requiredTags = []string{"Project", "Environment", "Stack", "Region", "CostCenter", "Owner", "ManagedBy"}

// runStack runs the whole program as a stack from the repo, in update mode, after the
// primaries it references (whose outputs serve its stack references).
func runStack(t testing.TB, name string, opts ...harness.Option) *harness.Inventory {
	t.Helper()
	inv, err := runChain(t, name, nil, opts...)
	if err != nil {
		t.Fatalf("stack %s: %v", name, err)
	}
	return inv
}

// runChanged runs a stack from the repo with config changed, after its primaries.
func runChanged(t testing.TB, name string, change map[string]string, opts ...harness.Option) (*harness.Inventory, error) {
	t.Helper()
	return runChain(t, name, func(s harness.Stack) harness.Stack {
		if s.Name == name {
			return s.With(change)
		}
		return s
	}, opts...)
}

// runChain runs stack name after the primaries it references, each stack of the chain
// changed by change (nil: as the files say). It returns the stack's inventory, nil when it
// did not run, and remembers the chain's runs for primaryRun.
func runChain(t testing.TB, name string, change func(harness.Stack) harness.Stack, opts ...harness.Option) (*harness.Inventory, error) {
	t.Helper()
	chain, err := harness.LoadWithPrimaries(name, harness.LoadStack)
	if err != nil {
		t.Fatal(err)
	}
	if change != nil {
		for i := range chain {
			chain[i] = change(chain[i])
		}
	}
	invs, err := harness.RunEnvironment(stacks.Program, chain, opts...)
	if len(invs) < len(chain) {
		return nil, err
	}
	inv := invs[len(invs)-1]
	chains.Store(inv, invs)
	return inv, err
}

// chains maps each inventory runChain returned to the runs of its chain, primaries first.
var chains sync.Map

// primaryRun is the run of a regional stack's primary that served its stack reference, as
// deployed (update mode): what the regional stack reads from and writes to lives there.
func primaryRun(t testing.TB, inv *harness.Inventory) *harness.Inventory {
	t.Helper()
	invs, ok := chains.Load(inv)
	if !ok {
		t.Fatalf("stack %s was not run with its primaries (runStack, runChanged)", inv.Stack.Name)
	}
	primary := stackConfig(t, inv).PrimaryStackName()
	for _, run := range invs.([]*harness.Inventory) {
		if run.Stack.Name == primary {
			if run.Preview { // a preview of a regional stack reads its primary as deployed
				return runStack(t, primary)
			}
			return run
		}
	}
	t.Fatalf("stack %s: its primary %s did not run", inv.Stack.Name, primary)
	return nil
}

// stackConfig is the program's own view of the stack's configuration (stacks.LoadConfig's):
// its stack file over Pulumi.yaml's defaults, the defaults of its environment and, for a
// regional stack, its primary's contract as the run read it through the stack reference.
// Tests read effective values here, never a key the stack file may leave unset.
func stackConfig(t testing.TB, inv *harness.Inventory) *stacks.Config {
	t.Helper()
	var primary map[string]any
	for _, ref := range inv.OfType(harness.StackReferenceType) {
		if ref.Name == "primary" {
			primary, _ = plain(ref.Outputs["outputs"]).(map[string]any)
		}
	}
	cfg, err := stacks.EffectiveConfig(inv.Stack.Project, inv.Stack.Name, inv.Stack.Config, inv.Stack.SecretKeys, primary)
	if err != nil {
		t.Fatalf("stack %s: %v", inv.Stack.Name, err)
	}
	return cfg
}

// primaryContract is what a regional stack read from its primary: its stacks.Contract.
func primaryContract(t testing.TB, inv *harness.Inventory) stacks.Contract {
	t.Helper()
	cfg := stackConfig(t, inv)
	if !cfg.IsRegional() {
		t.Fatalf("stack %s is a primary; it reads no contract", inv.Stack.Name)
	}
	return cfg.Primary.Contract
}

// snap returns the catalog's sizes at percent.
func snap(t testing.TB, percent int) catalog.Sizes {
	t.Helper()
	s, err := catalog.Snap(percent)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// stackSizes returns the catalog's sizes at the stack's effective saleor:sizing (its
// environment's default when the stack file leaves it out).
func stackSizes(t testing.TB, inv *harness.Inventory) catalog.Sizes {
	t.Helper()
	return snap(t, stackConfig(t, inv).Sizes.Percent)
}

// forEachStack runs f for every Pulumi.<stack>.yaml in the repo.
func forEachStack(t *testing.T, f func(t *testing.T, inv *harness.Inventory)) {
	names, err := harness.StackNames()
	if err != nil || len(names) == 0 {
		t.Fatalf("stack files: %v %v", names, err)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) { f(t, runStack(t, name)) })
	}
}

// hubProvider is the provider a regional stack reaches its primary's region with.
const hubProvider = "aws-hub"

// expectedRegion is where a resource belongs, by the names the program gives its components
// and providers: DR-region components carry a "-dr" suffix, us-east-1 ones "-global", a
// primary's components in one of its replica regions that region ("storage-eu-west-3"); a
// regional stack's resources on the hub provider are in its primary's region. Everything
// else is in the stack's region.
func expectedRegion(cfg *stacks.Config, inv *harness.Inventory, r *harness.Resource) string {
	if p := inv.ByURN(r.Provider); p != nil && p.Name == hubProvider && cfg.IsRegional() {
		return cfg.Primary.Region
	}
	if tier := inv.Tier(r); tier != nil {
		switch {
		case strings.HasSuffix(tier.Name, "-dr"):
			return cfg.SecondaryRegion
		case strings.HasSuffix(tier.Name, "-global"):
			return catalog.GlobalServicesRegion
		}
		for _, region := range cfg.ReplicaRegions {
			if strings.HasSuffix(tier.Name, "-"+region) {
				return region
			}
		}
	}
	return cfg.Region
}

// TestEveryResourceHasAnExplicitProviderOfItsRegion: no resource uses the default provider,
// each is in the region its component's name says (expectedRegion), and only the peering's
// accepter side uses the hub provider into the primary's region.
func TestEveryResourceHasAnExplicitProviderOfItsRegion(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		cfg := stackConfig(t, inv)
		for _, r := range inv.AWS() {
			if r.Provider == "" {
				t.Errorf("%s %s uses the default provider", r.Type, r.Name)
				continue
			}
			if want := expectedRegion(cfg, inv, r); r.Region != want {
				t.Errorf("%s %s is in %q, want %q", r.Type, r.Name, r.Region, want)
			}
			if p := inv.ByURN(r.Provider); p != nil && p.Name == hubProvider {
				if tier := inv.Tier(r); tier == nil || tier.Type != "saleor:network:Peering" {
					t.Errorf("%s %s uses the hub provider outside the peering", r.Type, r.Name)
				}
			}
		}
	})
}

func TestEveryTaggableResourceCarriesTheRequiredTags(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		for _, r := range inv.AWS() {
			if !taggable.IsTaggable(r.Type) {
				continue
			}
			for _, field := range []string{"tags", "tagsAll"} {
				for _, key := range requiredTags {
					if r.String(field+"."+key) == "" {
						t.Errorf("%s %s: %s has no %s", r.Type, r.Name, field, key)
					}
				}
			}
			if r.String("tagsAll.Region") != r.Region || r.String("tagsAll.Stack") != inv.Stack.Name {
				t.Errorf("%s %s: Region/Stack tags %q/%q, want %q/%q", r.Type, r.Name,
					r.String("tagsAll.Region"), r.String("tagsAll.Stack"), r.Region, inv.Stack.Name)
			}
		}
	})
}

// TestZonesAndNatGateways: each stack's own VPC spans its zones, with a NAT gateway per zone
// when multi-AZ and one otherwise; a regional stack's VPC as much as a primary's.
func TestZonesAndNatGateways(t *testing.T) {
	tests := map[string]struct{ zones, nats int }{
		"prod-eu":         {3, 3},
		"prod-benelux":    {3, 3},
		"prod-na":         {3, 3},
		"staging":         {2, 1},
		"staging-benelux": {2, 1},
		// qa, development and demo at their environment's defaults: single-az on 2 zones.
		"qa":        {2, 1},
		"dev":       {2, 1},
		"demo-acme": {2, 1},
	}
	for stack, want := range tests {
		inv := runStack(t, stack)
		zones := map[string]bool{}
		for _, s := range inv.OfType("aws:ec2/subnet:Subnet") {
			if s.Region == inv.Stack.Config["aws:region"] {
				zones[s.String("availabilityZone")] = true
			}
		}
		var nats int
		for _, n := range inv.OfType("aws:ec2/natGateway:NatGateway") {
			if n.Region == inv.Stack.Config["aws:region"] {
				nats++
			}
		}
		if len(zones) != want.zones || nats != want.nats {
			t.Errorf("%s: %d zones and %d NAT gateways in the primary region, want %d and %d", stack, len(zones), nats, want.zones, want.nats)
		}
	}
}

func TestLogGroupsEncryptedAndKeysRotated(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		groups := inv.OfType("aws:cloudwatch/logGroup:LogGroup")
		if len(groups) == 0 {
			t.Fatal("no log groups")
		}
		for _, g := range groups {
			key := inv.ByID(g.String("kmsKeyId"))
			if key == nil || key.Type != "aws:kms/key:Key" || key.Region != g.Region {
				t.Errorf("log group %s is not encrypted with a key of its region (%q)", g.String("name"), g.String("kmsKeyId"))
			}
			if g.Number("retentionInDays") == 0 {
				t.Errorf("log group %s never expires", g.String("name"))
			}
		}
		for _, k := range inv.OfType("aws:kms/key:Key") {
			if !k.Bool("enableKeyRotation") {
				t.Errorf("key %s is not rotated", k.Name)
			}
			if k.Protect != (inv.Stack.Config["saleor:environment"] == "production") {
				t.Errorf("key %s: protect %v in %s", k.Name, k.Protect, inv.Stack.Config["saleor:environment"])
			}
		}
	})
}

// TestEachRegionHoldsTheKeysItNeeds: a stack keeps one key of each data class a region needs
// there, and no other: a primary every class in its region and its DR region, the shared
// secrets' and the bucket replicas' keys (secrets, storage) in each replica region; a
// regional stack every class but backup and audit in its region and its secondary region (its
// primary backs up and audits the environment); and every stack logs and messaging keys in us-east-1 for the
// global services' logs and alarms (a stack in us-east-1 uses its region's).
func TestEachRegionHoldsTheKeysItNeeds(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		cfg := stackConfig(t, inv)
		want := map[string][]security.DataClass{}
		need := func(region string, classes ...security.DataClass) {
			for _, c := range classes {
				if !slices.Contains(want[region], c) {
					want[region] = append(want[region], c)
				}
			}
		}
		need(catalog.GlobalServicesRegion, security.Logs, security.Messaging)
		own := security.DataClasses()
		if cfg.IsRegional() {
			own = slices.DeleteFunc(own, func(c security.DataClass) bool { return c == security.Backup || c == security.Audit })
		}
		need(cfg.Region, own...)
		if cfg.HasDisasterRecovery() {
			need(cfg.SecondaryRegion, own...)
		}
		for _, region := range cfg.ReplicaRegions {
			need(region, security.Secrets, security.Storage)
		}
		got := map[string][]security.DataClass{}
		for _, k := range inv.OfType(kmsKeyType) {
			got[k.Region] = append(got[k.Region], keyClass(inv, k))
		}
		for region := range got {
			if _, expected := want[region]; !expected {
				want[region] = nil // no key belongs there
			}
		}
		for _, region := range slices.Sorted(maps.Keys(want)) {
			w, g := slices.Sorted(slices.Values(want[region])), slices.Sorted(slices.Values(got[region]))
			if !slices.Equal(w, g) {
				t.Errorf("keys in %s: %v, want one of each of %v", region, g, w)
			}
		}
	})
}

// TestNoOpenIngress: no security group admits 0.0.0.0/0 or ::/0, except the load balancer on
// 443 and 80.
func TestNoOpenIngress(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		for _, r := range inv.OfType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
			if cidr := r.String("cidrIpv4") + r.String("cidrIpv6"); cidr != "0.0.0.0/0" && cidr != "::/0" {
				continue
			}
			group := inv.ByID(r.String("securityGroupId"))
			port := r.Number("fromPort")
			if group == nil || group.String("tags.Role") != "alb" || (port != 443 && port != 80) || r.Number("toPort") != port {
				t.Errorf("%s admits the internet on %v-%v", r.Name, port, r.Number("toPort"))
			}
		}
		for _, g := range inv.OfType("aws:ec2/securityGroup:SecurityGroup") {
			if g.Has("ingress") && len(g.Get("ingress").ArrayValue()) > 0 {
				t.Errorf("%s has inline ingress rules; rules are separate resources", g.Name)
			}
		}
	})
}

// TestProgramRunsInPreview: the whole program plans with every AWS-computed value unknown,
// as `pulumi preview` of a new stack.
func TestProgramRunsInPreview(t *testing.T) {
	names, _ := harness.StackNames()
	for _, name := range names {
		inv := runStack(t, name, harness.Preview())
		if len(inv.AWS()) == 0 {
			t.Errorf("%s: nothing planned in preview", name)
		}
	}
}

// BenchmarkProgramProdEU runs the full prod-eu program through the harness.
func BenchmarkProgramProdEU(b *testing.B) {
	var resources int
	for b.Loop() {
		resources = len(runStack(b, "prod-eu").Resources)
	}
	b.ReportMetric(float64(resources), "resources")
}
