package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"

	"github.com/saleor-platform/infra/internal/harness"
)

// environmentPlan is the plan of every stack of an environment, primaries first, and how
// the stacks reference each other.
type environmentPlan struct {
	Environment string  `json:"environment"`
	Note        string  `json:"note"`
	Stacks      []*plan `json:"stacks"`
	Links       []link  `json:"links"`
}

// link says that stack From references stack To (its saleor:primaryStack, or a stack
// reference it read) and which of To's outputs the read returned.
type link struct {
	From    string   `json:"from"`
	To      string   `json:"to"`
	Outputs []string `json:"outputs"`
	Secret  []string `json:"secret,omitempty"`
	// Read is false when From names To as its primary but read no stack reference to it.
	Read bool `json:"read"`
}

// planEnvironment prints the plans of every stack of an environment.
func planEnvironment(name, format string, stdout, stderr io.Writer, src source) int {
	names, err := src.environment(name)
	if err == nil && len(names) == 0 {
		err = fmt.Errorf("no stack sets %s to %q", harness.EnvironmentKey, name)
	}
	if err != nil {
		fmt.Fprintf(stderr, "environment %s: %v\n", name, err)
		return 1
	}
	var loaded []harness.Stack
	failed := false
	for _, n := range names {
		s, err := src.load(n)
		if err != nil {
			fmt.Fprintf(stderr, "stack %s: %v\n", n, err)
			failed = true
			continue
		}
		loaded = append(loaded, s)
	}
	if failed {
		return 1
	}
	if src.check != nil {
		if err := src.check(loaded); err != nil {
			fmt.Fprintf(stderr, "environment %s: %v\n", name, err)
			return 1
		}
	}
	invs, err := harness.RunEnvironment(src.program, loaded)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	ep := &environmentPlan{Environment: name, Note: note}
	for _, inv := range invs {
		p, err := summarise(inv)
		if err != nil {
			fmt.Fprintf(stderr, "stack %s: %v\n", inv.Stack.Name, err)
			return 1
		}
		ep.Stacks = append(ep.Stacks, p)
	}
	ep.Links = links(ep.Stacks, src.reads)
	if err := environmentRenderers[format](stdout, ep); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return policyExitCode(stderr, ep.Stacks)
}

// links derives the references between the stacks: every stack reference read, and every
// saleor:primaryStack, read or not.
func links(plans []*plan, read func([]string) []string) []link {
	if read == nil {
		read = func(outputs []string) []string { return outputs }
	}
	out := []link{}
	for _, p := range plans {
		primary := ""
		if p.PrimaryStack != "" {
			primary = harness.ReferencedStack(p.PrimaryStack)
		}
		for _, r := range p.References {
			to := harness.ReferencedStack(r.Stack)
			out = append(out, link{From: p.Stack, To: to, Outputs: read(r.Outputs), Secret: read(r.Secret), Read: true})
			if to == primary {
				primary = ""
			}
		}
		if primary != "" {
			out = append(out, link{From: p.Stack, To: primary, Outputs: []string{}})
		}
	}
	slices.SortStableFunc(out, func(a, b link) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
	})
	return out
}
