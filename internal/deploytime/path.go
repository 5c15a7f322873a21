package deploytime

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/saleor-platform/infra/internal/harness"
)

// Step is one resource on the critical path.
type Step struct {
	Resource string `json:"resource"`
	Type     string `json:"type"`
	Region   string `json:"region,omitempty"`
	// StartSeconds and Seconds are when the create starts (all its dependencies done) and how
	// long it takes.
	StartSeconds float64 `json:"startSeconds"`
	Seconds      float64 `json:"seconds"`
	// Explicit is true when the resource waits for the previous step only through dependsOn:
	// it reads none of its outputs.
	Explicit bool `json:"explicit,omitempty"`
}

// Wait is an explicit dependency (dependsOn, no output read) that delays a resource.
type Wait struct {
	Resource string `json:"resource"`
	On       string `json:"on"`
	// DelaySeconds is how much later the resource starts because of the wait than its input
	// dependencies alone allow.
	DelaySeconds float64 `json:"delaySeconds"`
}

// Path is the critical path of a cold `pulumi up`.
type Path struct {
	// Seconds is the path's length: the cold deploy's lower bound with unlimited parallelism
	// (the engine runs up to its --parallel limit, by default unbounded for Go programs).
	Seconds   float64 `json:"seconds"`
	Resources int     `json:"resources"`
	Steps     []Step  `json:"steps"`
	// Waits are the explicit dependencies that delay their resource by a minute or more,
	// longest first.
	Waits []Wait `json:"waits,omitempty"`
	Note  string `json:"note"`
}

const note = "Critical path of a cold `pulumi up` from the recorded dependencies and typical create " +
	"durations (internal/deploytime); AWS decides the real times."

// node is one resource's place in the graph.
type node struct {
	r *harness.Resource
	// deps are the custom resources r waits for; input the subset whose outputs it reads.
	deps, input []string
	dur         time.Duration
	finish      time.Duration
	prev        string
	done, busy  bool
}

// ColdDeploy computes the critical path of creating every resource of inv.
func ColdDeploy(inv *harness.Inventory) (*Path, error) {
	return newGraph(inv).path()
}

// path finds the latest-finishing resource and walks its chain back.
func (g *graph) path() (*Path, error) {
	p := &Path{Note: note, Resources: len(g.order)}
	var last *node
	for _, urn := range g.order {
		n := g.nodes[urn]
		if err := g.visit(n); err != nil {
			return nil, err
		}
		if last == nil || n.finish > last.finish || (n.finish == last.finish && urn < last.r.URN) {
			last = n
		}
	}
	if last == nil {
		return p, nil
	}
	p.Seconds = last.finish.Seconds()
	for n := last; n != nil; n = g.nodes[n.prev] {
		p.Steps = append(p.Steps, Step{Resource: n.r.Name, Type: n.r.Type, Region: n.r.Region,
			StartSeconds: (n.finish - n.dur).Seconds(), Seconds: n.dur.Seconds(),
			Explicit: n.prev != "" && !slices.Contains(n.input, n.prev)})
	}
	slices.Reverse(p.Steps)
	p.Waits = g.waits()
	return p, nil
}

type graph struct {
	inv      *harness.Inventory
	nodes    map[string]*node
	order    []string
	children map[string][]string
}

func newGraph(inv *harness.Inventory) *graph {
	g := &graph{inv: inv, nodes: map[string]*node{}, children: map[string][]string{}}
	for _, r := range inv.Resources {
		if r.Parent != "" {
			g.children[r.Parent] = append(g.children[r.Parent], r.URN)
		}
	}
	for _, r := range inv.Resources {
		if !r.Custom || r.Read {
			continue
		}
		n := &node{r: r, dur: createTime(inv, r)}
		input := map[string]bool{}
		for _, ds := range r.PropertyDependencies {
			for _, d := range ds {
				for _, c := range g.customs(d) {
					input[c] = true
				}
			}
		}
		all := map[string]bool{}
		for c := range input {
			all[c] = true
		}
		for _, d := range r.Dependencies {
			for _, c := range g.customs(d) {
				all[c] = true
			}
		}
		if p := inv.ByURN(r.Parent); p != nil && p.Custom {
			all[p.URN], input[p.URN] = true, true
		}
		if r.Provider != "" {
			all[r.Provider], input[r.Provider] = true, true
		}
		delete(all, r.URN)
		for d := range all {
			n.deps = append(n.deps, d)
		}
		for d := range input {
			n.input = append(n.input, d)
		}
		slices.Sort(n.deps)
		g.nodes[r.URN] = n
		g.order = append(g.order, r.URN)
	}
	return g
}

// customs expands a dependency to the custom resources it stands for: itself, or a
// component's custom descendants.
func (g *graph) customs(urn string) []string {
	r := g.inv.ByURN(urn)
	if r == nil || r.Custom {
		return []string{urn}
	}
	var out []string
	for _, c := range g.children[urn] {
		out = append(out, g.customs(c)...)
	}
	return out
}

// visit computes n's finish time: its dependencies' latest finish plus its own duration.
func (g *graph) visit(n *node) error {
	if n.done {
		return nil
	}
	if n.busy {
		return fmt.Errorf("dependency cycle through %s %s", n.r.Type, n.r.Name)
	}
	n.busy = true
	var start time.Duration
	for _, d := range n.deps {
		dn, ok := g.nodes[d]
		if !ok {
			continue // outside the run (a stack reference, a provider's default)
		}
		if err := g.visit(dn); err != nil {
			return err
		}
		if dn.finish > start || (dn.finish == start && n.prev == "") {
			start, n.prev = dn.finish, d
		}
	}
	n.finish, n.done, n.busy = start+n.dur, true, false
	return nil
}

// waits lists the explicit dependencies that delay their resource by a minute or more.
func (g *graph) waits() []Wait {
	var out []Wait
	for _, urn := range g.order {
		n := g.nodes[urn]
		var inputStart time.Duration
		for _, d := range n.input {
			if dn, ok := g.nodes[d]; ok {
				inputStart = max(inputStart, dn.finish)
			}
		}
		start := n.finish - n.dur
		if n.prev == "" || slices.Contains(n.input, n.prev) || start-inputStart < time.Minute {
			continue
		}
		out = append(out, Wait{Resource: n.r.Name, On: g.nodes[n.prev].r.Name, DelaySeconds: (start - inputStart).Seconds()})
	}
	slices.SortStableFunc(out, func(a, b Wait) int { return cmp.Compare(b.DelaySeconds, a.DelaySeconds) })
	return out
}

// createTime is a resource's typical create duration.
func createTime(inv *harness.Inventory, r *harness.Resource) time.Duration {
	if r.Type == "aws:rds/instance:Instance" {
		src := r.String("replicateSourceDb")
		return rdsCreate(r.Bool("multiAz"), src != "", strings.HasPrefix(src, "arn:"))
	}
	if !strings.HasPrefix(r.Type, "aws:") {
		return 0 // providers, random, tls: local
	}
	if d, ok := createDurations[r.Type]; ok {
		return d.Typical
	}
	return DefaultCreate.Typical
}

// Minutes formats seconds as "1h02m" or "12m30s".
func Minutes(seconds float64) string {
	d := time.Duration(seconds) * time.Second
	if d >= time.Hour {
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}
