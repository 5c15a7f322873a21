package cost

import (
	"fmt"
	"math"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

// estimateWith runs stack name (after its primaries) with config changes and estimates it.
func estimateWith(t *testing.T, name string, change map[string]string) *Estimate {
	t.Helper()
	loaded, err := harness.LoadWithPrimaries(name, harness.LoadStack)
	if err != nil {
		t.Fatal(err)
	}
	loaded[len(loaded)-1] = loaded[len(loaded)-1].With(change)
	invs, err := harness.RunEnvironment(stacks.Program, loaded)
	if err != nil {
		t.Fatalf("%s with %v: %v", name, change, err)
	}
	est, err := Of(invs[len(invs)-1])
	if err != nil {
		t.Fatal(err)
	}
	return est
}

// TestEstimateFallsWithSizing: the same stack shape costs less at every lower sizing.
func TestEstimateFallsWithSizing(t *testing.T) {
	for _, name := range []string{"staging", "prod-eu"} {
		prev := math.Inf(1)
		for _, sizing := range []int{100, 75, 50, 25} {
			est := estimateWith(t, name, map[string]string{"saleor:sizing": fmt.Sprint(sizing)})
			t.Logf("%s at %d%%: $%.2f", name, sizing, est.MonthlyUSD)
			if est.MonthlyUSD >= prev {
				t.Errorf("%s at %d%%: $%.2f, not below the larger sizing's $%.2f", name, sizing, est.MonthlyUSD, prev)
			}
			prev = est.MonthlyUSD
		}
	}
}

// TestLeversMatchThePriceTable: the reserved saving is the reserved fractions of the
// databases' and caches' instance-hours, and the Spot saving the Spot fraction of the
// on-demand worker tasks, both recomputed here from the inventory and the table.
func TestLeversMatchThePriceTable(t *testing.T) {
	inv := allStacks(t)["prod-eu"]
	est, err := Of(inv)
	if err != nil {
		t.Fatal(err)
	}
	var reserved, spot float64
	for _, db := range inv.OfType("aws:rds/instance:Instance") {
		p, err := catalog.RDSInstanceHour(db.String("instanceClass"), db.Region)
		if err != nil {
			t.Fatal(err)
		}
		copies := 1.0
		if db.Bool("multiAz") {
			copies = 2
		}
		reserved += p.USD * HoursPerMonth * copies * catalog.RDSReserved1Year.Fraction
	}
	for _, c := range inv.OfType("aws:elasticache/replicationGroup:ReplicationGroup") {
		p, err := catalog.CacheNodeHour(c.String("nodeType"), c.Region)
		if err != nil {
			t.Fatal(err)
		}
		reserved += p.USD * HoursPerMonth * c.Number("numCacheClusters") * catalog.CacheReserved1Year.Fraction
	}
	e := &estimator{inv: inv}
	for _, s := range inv.OfType("aws:ecs/service:Service") {
		tk, err := e.serviceTasks(s)
		if err != nil {
			t.Fatal(err)
		}
		if !isWorker(tk.role) {
			continue
		}
		cpu, _ := catalog.PriceOf(catalog.FargateVCPUHour, s.Region)
		gb, _ := catalog.PriceOf(catalog.FargateGBHour, s.Region)
		spot += tk.onDemand * HoursPerMonth * (tk.vcpu*cpu.USD + tk.gb*gb.USD) * catalog.FargateSpot.Fraction
	}
	got := map[Lever]float64{}
	for _, s := range est.Savings {
		got[s.Lever] = s.USD
	}
	if reserved == 0 || math.Abs(got[Reserved]-reserved) > 0.01 {
		t.Errorf("reserved saves $%.2f, the table says $%.2f", got[Reserved], reserved)
	}
	if spot == 0 || math.Abs(got[Spot]-spot) > 0.01 {
		t.Errorf("Spot saves $%.2f, the table says $%.2f", got[Spot], spot)
	}
	if d := est.MonthlyUSD - est.WithLeversUSD; math.Abs(d-(got[Reserved]+got[Spot])) > 0.02 {
		t.Errorf("with levers $%.2f is $%.2f below $%.2f, not the savings' sum", est.WithLeversUSD, d, est.MonthlyUSD)
	}
}

// TestSpotTasksAtSpotPrice: a worker service on FARGATE base 1 + FARGATE_SPOT (staging's)
// runs its first task on-demand and, scaled to three, the other two at the Spot discount
// of its region's on-demand price.
func TestSpotTasksAtSpotPrice(t *testing.T) {
	inv := allStacks(t)["staging"]
	svc := *inv.Named("aws:ecs/service:Service", "compute-worker")
	svc.Inputs = svc.Inputs.Copy()
	svc.Inputs["desiredCount"] = resource.NewProperty(3.0)
	e := &estimator{inv: inv, active: map[string]bool{}, vcpus: map[string]float64{}, roleVCPUs: map[string]float64{}}
	fargateService(e, &svc)
	if len(e.errs) > 0 {
		t.Fatal(e.errs)
	}
	od, _ := catalog.PriceOf(catalog.FargateVCPUHour, svc.Region)
	quantities := map[string]float64{}
	for _, l := range e.lines {
		quantities[l.Item] = l.Quantity
		if l.Item == string(catalog.FargateVCPUHour)+", Spot" {
			if want := od.USD * (1 - catalog.FargateSpot.Fraction); math.Abs(l.UnitUSD-want) > 1e-9 {
				t.Errorf("Spot vCPU-hour $%v, want $%v", l.UnitUSD, want)
			}
		}
	}
	spot, onDemand := quantities[string(catalog.FargateVCPUHour)+", Spot"], quantities[string(catalog.FargateVCPUHour)+", on-demand"]
	if onDemand == 0 || math.Abs(spot-2*onDemand) > 0.01 {
		t.Errorf("three worker tasks: %v vCPU-hours on-demand, %v on Spot; want one task's and two tasks'", onDemand, spot)
	}
}

// TestAPIOnlyCostsLess: a regional stack serving the API only costs less than the same stack
// serving the storefront too, and prod-na (API-only) costs less per region-equivalent in
// its own region than prod-benelux (full) in its own.
func TestAPIOnlyCostsLess(t *testing.T) {
	full := estimateWith(t, "prod-benelux", nil)
	apiOnly := estimateWith(t, "prod-benelux", map[string]string{"saleor:apiOnly": "true", "saleor:storefront": "",
		"saleor:regionalDomains": "", "saleor:languagePrefixes": ""})
	t.Logf("prod-benelux full $%.2f, API-only $%.2f", full.MonthlyUSD, apiOnly.MonthlyUSD)
	if apiOnly.MonthlyUSD >= full.MonthlyUSD {
		t.Errorf("API-only prod-benelux $%.2f, not below the full stack's $%.2f", apiOnly.MonthlyUSD, full.MonthlyUSD)
	}
	inRegion := func(est *Estimate, region string) (usd float64) {
		for _, l := range est.Lines {
			if l.Region == region {
				usd += l.USD
			}
		}
		return usd
	}
	all := allStacks(t)
	na, err := Of(all["prod-na"])
	if err != nil {
		t.Fatal(err)
	}
	naOwn, beneluxOwn := inRegion(na, "us-east-1"), inRegion(full, "eu-west-3")
	t.Logf("prod-na in us-east-1 $%.2f, prod-benelux in eu-west-3 $%.2f", naOwn, beneluxOwn)
	if naOwn >= beneluxOwn {
		t.Errorf("prod-na in its region $%.2f, not below prod-benelux in its region $%.2f", naOwn, beneluxOwn)
	}
}
