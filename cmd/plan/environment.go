package main

import (
	"cmp"
	"errors"
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

// failure is an environment that could not be planned, and why.
type failure struct {
	Environment string
	Err         error
}

// planEnvironments prints the plans of every stack of each environment, in the order given,
// as one document. An environment that cannot be planned is reported on stderr (and, in
// markdown, in the document) and the others are still planned.
func planEnvironments(environments []string, format string, stdout, stderr io.Writer, src source) int {
	var plans []*environmentPlan
	var failed []failure
	var stackPlans []*plan
	for _, env := range environments {
		ep, err := planEnvironment(env, src)
		if err != nil {
			fmt.Fprintln(stderr, err)
			failed = append(failed, failure{Environment: env, Err: err})
			continue
		}
		plans = append(plans, ep)
		stackPlans = append(stackPlans, ep.Stacks...)
	}
	if err := documentRenderers[format](stdout, plans, failed); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if code := policyExitCode(stderr, stackPlans); code != 0 || len(failed) == 0 {
		return code
	}
	return 1
}

// planEnvironment plans every stack of an environment; its error has one line per problem,
// each naming the stack or the environment.
func planEnvironment(name string, src source) (*environmentPlan, error) {
	names, err := src.environment(name)
	if err == nil && len(names) == 0 {
		err = fmt.Errorf("no stack sets %s to %q", harness.EnvironmentKey, name)
	}
	if err != nil {
		return nil, fmt.Errorf("environment %s: %w", name, err)
	}
	var loaded []harness.Stack
	var errs []error
	for _, n := range names {
		s, err := src.load(n)
		if err != nil {
			errs = append(errs, fmt.Errorf("stack %s: %w", n, err))
			continue
		}
		loaded = append(loaded, s)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if src.check != nil {
		if err := src.check(loaded); err != nil {
			return nil, fmt.Errorf("environment %s: %w", name, err)
		}
	}
	invs, err := harness.RunEnvironment(src.program, loaded)
	if err != nil {
		return nil, err
	}
	ep := &environmentPlan{Environment: name, Note: note}
	for _, inv := range invs {
		p, err := summarise(inv)
		if err != nil {
			return nil, fmt.Errorf("stack %s: %w", inv.Stack.Name, err)
		}
		ep.Stacks = append(ep.Stacks, p)
	}
	ep.Links = links(ep.Stacks, src.reads)
	return ep, nil
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
