package stacks_test

// A primary's DR runtime (saleor:drCompute) as a whole: where it runs, how it stands by in
// each mode, what promotion changes, that off builds none, what it is watched by and that
// the policy pack passes it. The per-tier tests check it tier by tier (runtimesOf).

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/policy/taggable"
	"github.com/saleor-platform/infra/stacks"
)

// drStack is the stack file with a DR runtime.
const drStack = "prod-eu"

// drRuntimeProvider is the provider the DR runtime's resources are created with.
const drRuntimeProvider = "aws-dr-runtime"

// drRuntimeTiers are the components of the DR runtime.
var drRuntimeTiers = []string{"cache-dr", "compute-dr", "edge-certificate-dr", "edge-waf-dr"}

// drMode is a way the DR runtime runs: the change to drStack's file and what it must give.
type drMode struct {
	name   string
	change map[string]string
	// standby is the Standby tag the runtime's resources carry, "" for none.
	standby string
	// beat is beat's task count; multiAZ whether the caches fail over across zones.
	beat    int
	multiAZ bool
}

// drModes are the three modes a DR runtime runs in.
var drModes = []drMode{
	{name: "pilot-light", standby: "pilot-light"},
	{name: "warm", change: map[string]string{"saleor:drCompute": "warm"}, standby: "warm", multiAZ: true},
	{name: "promoted", change: map[string]string{"saleor:promoteReplica": "true"}, beat: 1, multiAZ: true},
}

// runDRMode runs drStack in a mode and checks that the effective config says so.
func runDRMode(t *testing.T, m drMode) *harness.Inventory {
	t.Helper()
	inv := runStackChanged(t, drStack, m.change)
	rts := runtimesOf(t, inv)
	if len(rts) != 2 || !rts[1].dr {
		t.Fatalf("%s in mode %s runs %d runtimes, want a home and a DR one", drStack, m.name, len(rts))
	}
	return inv
}

// drRuntimeResources are the AWS resources of the DR runtime's components.
func drRuntimeResources(inv *harness.Inventory) []*harness.Resource {
	var out []*harness.Resource
	for _, r := range inv.AWS() {
		if tier := inv.Tier(r); tier != nil && slices.Contains(drRuntimeTiers, tier.Name) {
			out = append(out, r)
		}
	}
	return out
}

// providerName is the logical name of a resource's provider.
func providerName(inv *harness.Inventory, r *harness.Resource) string {
	if p := inv.ByURN(r.Provider); p != nil {
		return p.Name
	}
	return ""
}

// TestDRRuntimeRunsInTheDRRegion: every resource of the DR runtime's components is created
// with the DR runtime's provider, in the DR region (IAM roles and Route 53 records, global
// services, through it too), and that provider creates nothing else.
func TestDRRuntimeRunsInTheDRRegion(t *testing.T) {
	inv := runStack(t, drStack)
	cfg := stackConfig(t, inv)
	own := drRuntimeResources(inv)
	if len(own) == 0 {
		t.Fatal("no DR runtime resources")
	}
	for _, r := range own {
		if providerName(inv, r) != drRuntimeProvider || r.Region != cfg.SecondaryRegion || region(inv, r) != cfg.SecondaryRegion {
			t.Errorf("%s %s: provider %s in %s, want %s in %s", r.Type, r.Name, providerName(inv, r), r.Region, drRuntimeProvider, cfg.SecondaryRegion)
		}
	}
	for _, r := range inv.AWS() {
		if providerName(inv, r) == drRuntimeProvider && !slices.Contains(own, r) {
			t.Errorf("%s %s is created with the DR runtime's provider outside its components", r.Type, r.Name)
		}
	}
}

// TestDRRuntimeStandsByInEveryMode: in each mode, the DR runtime's resources (and they alone)
// carry the Standby tag of the mode, none once promoted; its API and workers desire their
// scaling minimum except in pilot-light (none, floor 0); beat runs only once promoted; its
// caches fail over across zones unless pilot-light; its VPC has a NAT gateway per zone.
func TestDRRuntimeStandsByInEveryMode(t *testing.T) {
	for _, m := range drModes {
		t.Run(m.name, func(t *testing.T) {
			inv := runDRMode(t, m)
			cfg := stackConfig(t, inv)
			dr := runtimesOf(t, inv)[1]
			checkStandbyTags(t, inv, m.standby)
			s := stackSizes(t, inv)
			apiMin := s.APITasks.Min
			if cfg.HA.IsMultiAZ() {
				apiMin = max(2, apiMin)
			}
			want := map[string]int{
				"api": dr.floor(apiMin), "worker": dr.floor(s.WorkerTasks.Min), "webhooks": dr.floor(s.WorkerTasks.Min), "beat": m.beat,
			}
			ws := workloads(t, inv, dr.region)
			for workload, n := range want {
				svc := mustService(t, ws, workload)
				if got := int(svc.Number("desiredCount")); got != n {
					t.Errorf("DR %s desires %d tasks, want %d", workload, got, n)
				}
				if target := scalingTargetOf(inv, svc); target != nil && int(target.Number("minCapacity")) != n {
					t.Errorf("DR %s scales down to %v, want %d", workload, target.Number("minCapacity"), n)
				}
			}
			caches := inRegion(inv, replicationGroupType, dr.region)
			if len(caches) != 3 {
				t.Errorf("%d caches in %s, want 3", len(caches), dr.region)
			}
			for _, g := range caches {
				if g.Bool("multiAzEnabled") != m.multiAZ || g.Bool("automaticFailoverEnabled") != m.multiAZ || (g.Number("numCacheClusters") > 1) != m.multiAZ {
					t.Errorf("DR cache %s: %v nodes, multi-AZ %v; want multi-AZ %v", g.Name, g.Number("numCacheClusters"), g.Bool("multiAzEnabled"), m.multiAZ)
				}
			}
			if n := len(inRegion(inv, typeNATGateway, cfg.SecondaryRegion)); n != secondaryZones(t, inv) {
				t.Errorf("%d NAT gateways in the DR VPC, want one per zone (%d)", n, secondaryZones(t, inv))
			}
		})
	}
}

// secondaryZones counts the zones of the DR VPC's private subnets.
func secondaryZones(t *testing.T, inv *harness.Inventory) int {
	t.Helper()
	vpc, _ := inv.Outputs["secondaryVpcId"].Value.(string)
	zones := map[string]bool{}
	for _, s := range inv.OfType(subnetType) {
		if s.String("vpcId") == vpc && s.Tags()["Tier"] == "private" {
			zones[s.String("availabilityZone")] = true
		}
	}
	if len(zones) < 2 {
		t.Fatalf("the DR VPC %q has %d private zones", vpc, len(zones))
	}
	return len(zones)
}

// checkStandbyTags checks that every taggable resource of the DR runtime carries Standby
// standby ("" for none) and that no other resource carries a Standby tag: the pack exempts
// what carries it from its multi-AZ minimums.
func checkStandbyTags(t *testing.T, inv *harness.Inventory, standby string) {
	t.Helper()
	own := drRuntimeResources(inv)
	var tagged int
	for _, r := range inv.AWS() {
		if !taggable.IsTaggable(r.Type) {
			continue
		}
		want := ""
		if slices.Contains(own, r) {
			want, tagged = standby, tagged+1
		}
		if got := standbyOf(r); got != want {
			t.Errorf("%s %s: Standby tag %q, want %q", r.Type, r.Name, got, want)
		}
	}
	if tagged == 0 {
		t.Error("the DR runtime has no taggable resource")
	}
}

// TestDRRuntimeOffBuildsNone: saleor:drCompute off keeps the DR region to the data's copies:
// no runtime component, no DR runtime provider, no NAT gateway in the DR VPC, no shared
// secret replicated there, and the stack region's API record aliases its load balancer
// without a failover pair.
func TestDRRuntimeOffBuildsNone(t *testing.T) {
	inv := runStackChanged(t, drStack, map[string]string{"saleor:drCompute": "off"})
	cfg := stackConfig(t, inv)
	if len(runtimesOf(t, inv)) != 1 {
		t.Fatalf("drCompute off, yet %d runtimes", len(runtimesOf(t, inv)))
	}
	for _, r := range inv.Resources {
		if slices.Contains(drRuntimeTiers, r.Name) || r.Name == drRuntimeProvider {
			t.Errorf("%s %s exists with drCompute off", r.Type, r.Name)
		}
	}
	if inv.Named("saleor:database:CrossRegionReplica", "database-dr") == nil || inv.Named("saleor:storage:Storage", "storage-dr") == nil {
		t.Error("drCompute off dropped the DR region's data copies")
	}
	if n := len(inRegion(inv, typeNATGateway, cfg.SecondaryRegion)); n != 0 {
		t.Errorf("%d NAT gateways in the DR VPC, want none", n)
	}
	for _, s := range inv.OfType(secretType) {
		if slices.Contains(secretReplicaRegions(s), cfg.SecondaryRegion) {
			t.Errorf("secret %s replicates to the DR region %s", s.Name, cfg.SecondaryRegion)
		}
	}
	for _, r := range inv.OfType(recordType) {
		if r.Has("failoverRoutingPolicies") {
			t.Errorf("record %s is a failover record, without a DR runtime", r.String("name"))
		}
	}
}

// TestDRRuntimePassesThePolicyPack: in each mode the stack passes production's policy
// config with no mandatory violation; standing by, that is the Standby tag's doing: without
// it the DR API service and caches fail the multi-AZ rules.
func TestDRRuntimePassesThePolicyPack(t *testing.T) {
	for _, m := range drModes {
		t.Run(m.name, func(t *testing.T) {
			inv := runDRMode(t, m)
			resources := inv.AnalyzerResources()
			if bad := mandatoryOnly(evaluatePolicy(t, "production", resources)); len(bad) > 0 {
				t.Errorf("%d mandatory violations:%s", len(bad), policyReport(bad))
			}
			if m.name != "pilot-light" {
				return
			}
			untag := removing("tags."+stacks.StandbyTag, "tagsAll."+stacks.StandbyTag)
			untagged := withChange(t, resources, typeECSService, "compute-dr-api", untag)
			untagged = withChange(t, untagged, typeReplicationGroup, "cache-dr-api", untag)
			mandatory := policyx.EnforcementLevelMandatory
			want := []policyViolation{
				{"ecs-service-multi-az", resources[findResource(t, resources, typeECSService, "compute-dr-api")].URN, mandatory},
				{"elasticache-multi-az", resources[findResource(t, resources, typeReplicationGroup, "cache-dr-api")].URN, mandatory},
			}
			if got := violationsOf(mandatoryOnly(evaluatePolicy(t, "production", untagged))); !sameViolations(got, want) {
				t.Errorf("without the Standby tag: %v, want %v", got, want)
			}
		})
	}
}

// sameViolations reports whether two lists blame the same violations, in any order and
// however many times each (a rule reports each failed check).
func sameViolations(a, b []policyViolation) bool {
	set := func(vs []policyViolation) []string {
		var out []string
		for _, v := range vs {
			out = append(out, v.String())
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	return slices.Equal(set(a), set(b))
}

// TestDRRuntimeAlarms: standing by, the DR runtime's only notifying alarm (its workers' scaling
// alarms act on it) is its certificate's expiry,
// in the DR region, and no alarm watches its health check; promoted, the DR region's
// instance watches it as the home region's does (its services, load balancer, target group,
// caches, dead-letter queues and certificate), us-east-1 alarms on its health check, and the
// promoted writer has no replica-lag alarm, which would fire forever. In every mode the
// alert table and the requirements hold for the whole stack.
func TestDRRuntimeAlarms(t *testing.T) {
	for _, m := range drModes {
		t.Run(m.name, func(t *testing.T) {
			inv := runDRMode(t, m)
			checkRequiredAlerts(t, inv)
			checkAlertTable(t, inv)
			dr := runtimesOf(t, inv)[1]
			var rules []string
			for _, a := range alarmsOf(t, inv) {
				if notifiesOnly(inv, a) && watchesDRRuntime(inv, a, dr.region) {
					rules = append(rules, alarmRule(a))
				}
			}
			slices.Sort(rules)
			rules = slices.Compact(rules)
			want := []string{"certificate-expiry"}
			if dr.standby == compute.Serving {
				want = []string{"5xx-rate", "cache-evictions", "cache-memory", "certificate-expiry", "dlq-messages",
					"health-check-failing", "latency-anomaly", "no-healthy-hosts", "task-cpu", "task-memory", "tasks-below-minimum", "unhealthy-hosts"}
			}
			if !slices.Equal(rules, want) {
				t.Errorf("the DR runtime's alarms follow rules %v, want %v", rules, want)
			}
			replica := crossRegionReplica(t, inv, "database-dr")
			lag := alarmsReading(alarmsOf(t, inv), dr.region, "AWS/RDS", "ReplicaLag", map[string]string{"DBInstanceIdentifier": replica.Output("identifier")})
			if promoted := !replica.Has("replicateSourceDb"); promoted == (len(lag) > 0) {
				t.Errorf("the DR database (promoted %v) has %d replica-lag alarms", promoted, len(lag))
			}
		})
	}
}

// watchesDRRuntime reports whether an alarm reads a metric of the DR runtime: of a resource
// in its region other than the DR database, or its Route 53 health check.
func watchesDRRuntime(inv *harness.Inventory, a alarmView, region string) bool {
	drLB := inRegion(inv, loadBalancerType, region)
	for _, m := range a.metrics {
		if id := m.dims["HealthCheckId"]; id != "" {
			check := inv.ByID(id)
			return check != nil && len(drLB) == 1 && check.String("fqdn") == drLB[0].Output("dnsName")
		}
	}
	return a.r.Region == region && !slices.ContainsFunc(a.metrics, func(m alarmMetric) bool { return m.namespace == "AWS/RDS" })
}

// alarmRule is the alert table rule an alarm implements, read from its description.
func alarmRule(a alarmView) string {
	d := a.r.String("alarmDescription")
	_, rest, ok := strings.Cut(d, "(rule ")
	if !ok {
		return "? " + d
	}
	rule, _, _ := strings.Cut(rest, ")")
	return rule
}

// TestDRRuntimeIsFoundByItsOutputs: the stack exports where its DR runtime is, for the
// delivery pipeline (which pushes every release to the DR repository too) and the on-call:
// its image repository and load balancer in the DR region, its cluster and migration task;
// with saleor:drCompute off, none of them.
func TestDRRuntimeIsFoundByItsOutputs(t *testing.T) {
	inv := runDRMode(t, drModes[0])
	dr := inv.Stack.Config["saleor:secondaryRegion"]
	for name, want := range map[string]string{
		"drImageRepositoryUrl": ".dkr.ecr." + dr + ".amazonaws.com/", "drLoadBalancerDnsName": "." + dr + ".elb.amazonaws.com",
		"drClusterName": "-dr", "drMigrationTaskDefinitionArn": ":ecs:" + dr + ":",
	} {
		out, ok := inv.Outputs[name]
		if v, _ := out.Value.(string); !ok || !strings.Contains(v, want) {
			t.Errorf("output %s = %v, want one containing %q", name, out.Value, want)
		}
	}
	off := runStackChanged(t, drStack, map[string]string{"saleor:drCompute": "off"})
	for name := range off.Outputs {
		if strings.HasPrefix(name, "dr") {
			t.Errorf("output %s without a DR runtime", name)
		}
	}
}
