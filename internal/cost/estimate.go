package cost

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/usage"
)

// HoursPerMonth is the month the hourly prices are multiplied by (AWS's own convention).
const HoursPerMonth = 730

// Lever names a purchase option the savings view applies.
type Lever string

const (
	// Reserved prices steady RDS instances and ElastiCache nodes at 1-year reserved rates.
	Reserved Lever = "reserved"
	// Spot runs every background worker task (Celery and webhook workers, not the API or
	// beat) on Fargate Spot.
	Spot Lever = "spot"
)

// Line is one priced quantity of one resource, per month.
type Line struct {
	Tier     string  `json:"tier"`
	Resource string  `json:"resource"`
	Type     string  `json:"type"`
	Region   string  `json:"region,omitempty"`
	Item     string  `json:"item"`
	Quantity float64 `json:"quantity"`
	Unit     string  `json:"unit"`
	// UnitUSD is the price of one unit as configured (Spot already applied where the stack
	// runs tasks on Spot).
	UnitUSD float64 `json:"unitUsd"`
	USD     float64 `json:"usd"`
	// Lever is the purchase option the savings view applies to the line; LeverUSD the
	// line's cost with it.
	Lever    Lever   `json:"lever,omitempty"`
	LeverUSD float64 `json:"leverUsd"`
	// Basis says where the quantity comes from.
	Basis string `json:"basis,omitempty"`
	// Estimate is set when the price is an estimate (see catalog.Price).
	Estimate bool `json:"estimate,omitempty"`
}

// TierCost is one tier's monthly total.
type TierCost struct {
	Tier string  `json:"tier"`
	USD  float64 `json:"usd"`
}

// Saving is what one lever saves a month.
type Saving struct {
	Lever   Lever   `json:"lever"`
	Name    string  `json:"name"`
	USD     float64 `json:"usd"`
	Percent float64 `json:"percentOfTotal"`
}

// Estimate is one stack's monthly bill as the program declares it, under usage.Assumptions.
type Estimate struct {
	Stack       string `json:"stack"`
	Environment string `json:"environment"`
	// MonthlyUSD is the bill as configured; WithLeversUSD with every lever applied.
	MonthlyUSD    float64           `json:"monthlyUsd"`
	WithLeversUSD float64           `json:"withLeversUsd"`
	Savings       []Saving          `json:"savings"`
	Tiers         []TierCost        `json:"tiers"`
	Lines         []Line            `json:"lines"`
	Free          []FreeItem        `json:"free"`
	Assumptions   usage.Assumptions `json:"assumptions"`
	// BudgetUSD is saleor:monthlyBudgetUsd (0: unset); OverBudget is true when MonthlyUSD
	// exceeds it.
	BudgetUSD  int    `json:"budgetUsd,omitempty"`
	OverBudget bool   `json:"overBudget,omitempty"`
	PricesAsOf string `json:"pricesAsOf"`
	Note       string `json:"note"`
}

// FreeItem counts the resources of a type that cost nothing themselves, and why.
type FreeItem struct {
	Type   string `json:"type"`
	Count  int    `json:"count"`
	Reason string `json:"reason"`
}

// BudgetKey is the stack config key of the monthly budget, in US dollars.
const BudgetKey = "saleor:monthlyBudgetUsd"

const note = "Monthly estimate from AWS list prices (USD, on-demand unless the stack uses Spot) and the stated usage " +
	"assumptions; excludes tax, support, credits and free tiers. Prices marked estimate were not re-read from AWS."

// estimator prices one inventory.
type estimator struct {
	inv   *harness.Inventory
	a     usage.Assumptions
	lines []Line
	errs  []error
	// active are the regions where the stack runs tasks.
	active map[string]bool
	// vcpus are the running Fargate vCPUs per region; roleVCPUs per "<region>/<role>".
	vcpus, roleVCPUs map[string]float64
}

// Of estimates the monthly bill of a stack's inventory. It fails, listing every problem,
// when a resource type has no cost rule (and is not known to be free) or a price is
// missing for a type or region: nothing is priced at 0 silently.
func Of(inv *harness.Inventory) (*Estimate, error) {
	a, err := usage.For(inv.Stack.Config)
	if err != nil {
		return nil, err
	}
	e := &estimator{inv: inv, a: a, active: map[string]bool{}, vcpus: map[string]float64{}, roleVCPUs: map[string]float64{}}
	e.scanTasks()
	free := map[string]int{}
	for _, r := range inv.AWS() {
		if rule, ok := rules[r.Type]; ok {
			rule(e, r)
			continue
		}
		if _, ok := freeTypes[r.Type]; ok {
			free[r.Type]++
			continue
		}
		e.errs = append(e.errs, fmt.Errorf("%s %s: no cost rule for type %s (add one to internal/cost, or list it as free with the reason)", r.Type, r.Name, r.Type))
	}
	if len(e.errs) > 0 {
		return nil, errors.Join(e.errs...)
	}
	est := &Estimate{Stack: inv.Stack.Name, Environment: inv.Stack.Config["saleor:environment"], Assumptions: a,
		PricesAsOf: catalog.PricesAsOf, Note: note}
	est.Lines = e.lines
	for t, n := range free {
		est.Free = append(est.Free, FreeItem{Type: t, Count: n, Reason: freeTypes[t]})
	}
	sort.Slice(est.Free, func(i, j int) bool { return est.Free[i].Type < est.Free[j].Type })
	est.total()
	if b, err := strconv.Atoi(inv.Stack.Config[BudgetKey]); err == nil {
		est.BudgetUSD = b
		est.OverBudget = est.MonthlyUSD > float64(b)
	}
	return est, nil
}

// total sums the lines into the totals, tiers and savings.
func (est *Estimate) total() {
	tiers := map[string]float64{}
	saved := map[Lever]float64{}
	for _, l := range est.Lines {
		est.MonthlyUSD += l.USD
		est.WithLeversUSD += l.LeverUSD
		tiers[l.Tier] += l.USD
		if l.Lever != "" {
			saved[l.Lever] += l.USD - l.LeverUSD
		}
	}
	for t, usd := range tiers {
		est.Tiers = append(est.Tiers, TierCost{t, round2(usd)})
	}
	slices.SortFunc(est.Tiers, func(a, b TierCost) int { return cmp.Or(cmp.Compare(b.USD, a.USD), cmp.Compare(a.Tier, b.Tier)) })
	for _, lv := range []struct {
		l    Lever
		name string
	}{{Reserved, catalog.RDSReserved1Year.Name + " and " + catalog.CacheReserved1Year.Name}, {Spot, catalog.FargateSpot.Name + " for every worker task"}} {
		s := Saving{Lever: lv.l, Name: lv.name, USD: round2(saved[lv.l])}
		if est.MonthlyUSD > 0 {
			s.Percent = round2(100 * saved[lv.l] / est.MonthlyUSD)
		}
		est.Savings = append(est.Savings, s)
	}
	est.MonthlyUSD = round2(est.MonthlyUSD)
	est.WithLeversUSD = round2(est.WithLeversUSD)
}

// Largest returns the n most expensive lines, most expensive first.
func (est *Estimate) Largest(n int) []Line {
	out := slices.Clone(est.Lines)
	slices.SortStableFunc(out, func(a, b Line) int { return cmp.Compare(b.USD, a.USD) })
	return out[:min(n, len(out))]
}

// add prices quantity of item for r in its region.
func (e *estimator) add(r *harness.Resource, item catalog.PriceItem, quantity float64, basis string) *Line {
	p, err := catalog.PriceOf(item, r.Region)
	if err != nil {
		e.errs = append(e.errs, fmt.Errorf("%s %s: %w", r.Type, r.Name, err))
		return nil
	}
	return e.addPrice(r, string(item), p, quantity, basis)
}

func (e *estimator) addPrice(r *harness.Resource, item string, p catalog.Price, quantity float64, basis string) *Line {
	tier := "providers"
	if t := e.inv.Tier(r); t != nil {
		tier = t.Name
	}
	usd := quantity * p.USD
	e.lines = append(e.lines, Line{Tier: tier, Resource: r.Name, Type: shortType(r.Type), Region: r.Region, Item: item,
		Quantity: round2(quantity), Unit: p.Unit, UnitUSD: p.USD, USD: usd, LeverUSD: usd, Basis: basis, Estimate: p.Estimate != ""})
	return &e.lines[len(e.lines)-1]
}

// withLever sets the savings view of a line: its cost with discount d applied.
func withLever(l *Line, lever Lever, d catalog.Discount) {
	if l == nil {
		return
	}
	l.Lever = lever
	l.LeverUSD = l.USD * (1 - d.Fraction)
}

// traffic scales a traffic-driven quantity to the region: full where tasks run, else
// StandbyShare.
func (e *estimator) traffic(region string, q float64) float64 {
	if e.active[region] {
		return q
	}
	return q * e.a.StandbyShare
}

// shortType turns "aws:ec2/subnet:Subnet" into "ec2.Subnet".
func shortType(typ string) string {
	parts := strings.Split(typ, ":")
	if len(parts) != 3 {
		return typ
	}
	return strings.SplitN(parts[1], "/", 2)[0] + "." + parts[2]
}

func round2(f float64) float64 {
	if f < 0 {
		return -round2(-f)
	}
	return float64(int64(f*100+0.5)) / 100
}

// arrayLen is the length of the array input at path; 0 when absent or not an array.
func arrayLen(r *harness.Resource, path string) int {
	if v := r.Get(path); v.IsArray() {
		return len(v.ArrayValue())
	}
	return 0
}

func sortStrings(s []string) { sort.Strings(s) }
