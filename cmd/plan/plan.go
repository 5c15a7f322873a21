package main

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/saleor-platform/infra/internal/cost"
	"github.com/saleor-platform/infra/internal/deploytime"
	"github.com/saleor-platform/infra/internal/harness"
)

// note says what the plan is and is not.
const note = "Offline plan: the resources this stack's program declares, from the offline harness. " +
	"It is not a diff against deployed state; run `pulumi preview` for that."

// plan is the summary of one stack's declared resources.
type plan struct {
	Stack       string `json:"stack"`
	Environment string `json:"environment"`
	// Role is saleor:role: primary or regional.
	Role string `json:"role"`
	// PrimaryStack is saleor:primaryStack, the stack a regional stack attaches to.
	PrimaryStack    string `json:"primaryStack,omitempty"`
	Region          string `json:"region"`
	SecondaryRegion string `json:"secondaryRegion,omitempty"`
	// Regions are every region the stack has resources in, its own first.
	Regions []string `json:"regions"`
	Sizing  string   `json:"sizing"`
	HA      string   `json:"ha"`
	Note    string   `json:"note"`
	// Outputs are the stack's exports, its contract with the stacks that reference it;
	// SecretOutputs are those of them that are secret.
	Outputs       []string `json:"outputs"`
	SecretOutputs []string `json:"secretOutputs,omitempty"`
	// References are the stacks the program read through stack references.
	References []reference `json:"references,omitempty"`
	Tiers      []*tier     `json:"tiers"`
	Edges      []edge      `json:"edges"`
	Totals     totals      `json:"totals"`
	Policy     []finding   `json:"policy"`
	// Cost is the monthly estimate (internal/cost).
	Cost *cost.Estimate `json:"cost"`
	// DeployTime is the critical path of a cold `pulumi up` (internal/deploytime).
	DeployTime *deploytime.Path `json:"deployTime"`
}

// reference is one stack reference the stack read: the stack it names and the outputs the
// read returned (Secret: those that are secret).
type reference struct {
	Stack   string   `json:"stack"`
	Outputs []string `json:"outputs"`
	Secret  []string `json:"secret,omitempty"`
}

// tier is one top-level component (or "providers" for what sits outside every component).
type tier struct {
	Name      string     `json:"name"`
	Type      string     `json:"type"`
	Region    string     `json:"region,omitempty"`
	Facts     []string   `json:"facts"`
	Resources []resource `json:"resources"`
}

// resource is one declared resource.
type resource struct {
	Type      string   `json:"type"`
	Name      string   `json:"name"`
	Region    string   `json:"region,omitempty"`
	Protected bool     `json:"protected,omitempty"`
	Facts     []string `json:"facts,omitempty"`
}

// edge says that tier To uses something of tier From.
type edge struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type totals struct {
	Resources int `json:"resources"`
	AWS       int `json:"aws"`
	Protected int `json:"protected"`
	Tiers     int `json:"tiers"`
}

// summarise groups an inventory by tier and extracts the facts. No secret of the run shows in
// the plan: facts read secret inputs as secretMask, and every secret's plaintext is redacted
// from facts and policy messages.
func summarise(inv *harness.Inventory) (*plan, error) {
	secrets := secretStrings(inv)
	cfg := inv.Stack.Config
	p := &plan{
		Stack: inv.Stack.Name, Environment: cfg[harness.EnvironmentKey], Role: cfg[harness.RoleKey],
		PrimaryStack: cfg[harness.PrimaryStackKey], Region: cfg["aws:region"], SecondaryRegion: cfg["saleor:secondaryRegion"],
		Regions: regions(inv), Sizing: cfg["saleor:sizing"], HA: cfg["saleor:ha"], Note: note,
	}
	if p.Role == "" {
		p.Role = "primary"
	}
	p.Outputs = slices.Sorted(maps.Keys(inv.Outputs))
	for _, name := range p.Outputs {
		if inv.Outputs[name].Secret {
			p.SecretOutputs = append(p.SecretOutputs, name)
		}
	}
	for _, r := range inv.StackReferences() {
		p.References = append(p.References, reference{Stack: r.Stack, Outputs: r.Outputs, Secret: r.Secret})
	}
	byName := map[string]*tier{}
	members := map[string][]*harness.Resource{}
	tierOf := map[string]string{} // resource URN -> tier name
	for _, r := range sortedResources(inv) {
		if r.Type == "pulumi:pulumi:Stack" || r.Read {
			continue // the stack itself; stack references, listed under References
		}
		name, typ := "providers", "pulumi:providers"
		if t := inv.Tier(r); t != nil {
			name, typ = t.Name, t.Type
		}
		tierOf[r.URN] = name
		t, ok := byName[name]
		if !ok {
			t = &tier{Name: name, Type: typ}
			byName[name] = t
			p.Tiers = append(p.Tiers, t)
		}
		if r == inv.Tier(r) {
			continue // the component itself
		}
		masked := withoutSecrets(r)
		members[name] = append(members[name], masked)
		p.Totals.Resources++
		if r.Custom && strings.HasPrefix(r.Type, "aws:") {
			p.Totals.AWS++
			t.Region = r.Region
		}
		if r.Protect && r.Custom {
			p.Totals.Protected++
		}
		t.Resources = append(t.Resources, resource{
			Type: shortType(r.Type), Name: r.Name, Region: r.Region, Protected: r.Protect && r.Custom, Facts: redactAll(resourceFacts(inv, masked), secrets),
		})
	}
	for _, t := range p.Tiers {
		t.Facts = redactAll(tierFacts(members[t.Name]), secrets)
	}
	p.Edges = tierEdges(inv, tierOf)
	p.Totals.Tiers = len(p.Tiers)
	if err := attachEstimates(p, inv); err != nil {
		return nil, err
	}
	return p, attachPolicyReport(p, inv, secrets)
}

// tierEdges derives which tier uses which from the recorded dependencies.
func tierEdges(inv *harness.Inventory, tierOf map[string]string) []edge {
	seen := map[edge]bool{}
	for _, r := range inv.Resources {
		deps := append([]string{}, r.Dependencies...)
		for _, d := range r.PropertyDependencies {
			deps = append(deps, d...)
		}
		for _, d := range deps {
			from, to := tierOf[d], tierOf[r.URN]
			if from != "" && to != "" && from != to && from != "providers" && to != "providers" {
				seen[edge{from, to}] = true
			}
		}
	}
	var out []edge
	for e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].From+out[i].To < out[j].From+out[j].To })
	return out
}

// regions lists the regions of the stack's AWS resources: aws:region first, then by name.
func regions(inv *harness.Inventory) []string {
	own := inv.Stack.Config["aws:region"]
	seen := map[string]bool{}
	for _, r := range inv.AWS() {
		if r.Region != "" && r.Region != own {
			seen[r.Region] = true
		}
	}
	out := []string{}
	if own != "" {
		out = append(out, own)
	}
	return append(out, slices.Sorted(maps.Keys(seen))...)
}

func sortedResources(inv *harness.Inventory) []*harness.Resource {
	out := append([]*harness.Resource{}, inv.Resources...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

// shortType turns "aws:ec2/subnet:Subnet" into "ec2.Subnet".
func shortType(typ string) string {
	parts := strings.Split(typ, ":")
	if len(parts) != 3 || parts[0] != "aws" {
		return typ
	}
	return strings.SplitN(parts[1], "/", 2)[0] + "." + parts[2]
}

func (p *plan) mandatoryViolations() int {
	n := 0
	for _, f := range p.Policy {
		if f.Level == mandatory {
			n++
		}
	}
	return n
}

func countf(n int, singular, plural string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", singular)
	}
	return fmt.Sprintf("%d %s", n, plural)
}

// redactAll redacts the secrets from each of facts.
func redactAll(facts, secrets []string) []string {
	for i, f := range facts {
		facts[i] = redact(f, secrets)
	}
	return facts
}
