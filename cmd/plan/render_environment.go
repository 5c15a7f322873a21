package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// documentRenderers print the plans of one or more environments in each -format, one after
// the other; failed are the environments that could not be planned, whose errors are on
// stderr already (only markdown repeats them).
var documentRenderers = map[string]func(io.Writer, []*environmentPlan, []failure) error{
	"text":     each(renderEnvironmentText, "\n"),
	"json":     each(renderEnvironmentJSON, ""),
	"mermaid":  each(renderEnvironmentMermaid, ""),
	"markdown": markdownDocument(commentLimit),
}

// each renders every environment's plan with render, separated by sep.
func each(render func(io.Writer, *environmentPlan) error, sep string) func(io.Writer, []*environmentPlan, []failure) error {
	return func(w io.Writer, plans []*environmentPlan, _ []failure) error {
		for i, ep := range plans {
			if i > 0 {
				if _, err := io.WriteString(w, sep); err != nil {
					return err
				}
			}
			if err := render(w, ep); err != nil {
				return err
			}
		}
		return nil
	}
}

func renderEnvironmentJSON(w io.Writer, ep *environmentPlan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(ep)
}

// renderEnvironmentText prints an overview of the stacks and what they read from each
// other, then each stack's plan.
func renderEnvironmentText(w io.Writer, ep *environmentPlan) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Environment %s: %s, primaries first\n", ep.Environment, countf(len(ep.Stacks), "stack", "stacks"))
	for _, p := range ep.Stacks {
		fmt.Fprintf(&b, "  %s: %s in %s\n", p.Stack, p.Role, regionList(p))
	}
	for _, l := range ep.Links {
		fmt.Fprintf(&b, "  %s -> %s: %s\n", l.From, l.To, linkSummary(l))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	for _, p := range ep.Stacks {
		if _, err := fmt.Fprintf(w, "\n%s\n", strings.Repeat("=", 80)); err != nil {
			return err
		}
		if err := renderText(w, p); err != nil {
			return err
		}
	}
	return nil
}

// renderEnvironmentMermaid draws the environment: each stack with its role and regions, and
// an edge from each stack to the stack it references, labelled with the outputs it reads.
func renderEnvironmentMermaid(w io.Writer, ep *environmentPlan) error {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for _, p := range ep.Stacks {
		fmt.Fprintf(&b, "  %s[\"%s<br/>%s<br/>%s\"]\n", nodeID(p.Stack), p.Stack, p.Role, regionList(p))
	}
	for _, l := range ep.Links {
		label := "references, reads nothing"
		if l.Read {
			label = strings.Join(markSecret(l.Outputs, l.Secret), "<br/>")
		}
		fmt.Fprintf(&b, "  %s -->|\"%s\"| %s\n", nodeID(l.From), label, nodeID(l.To))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// regionList names a stack's regions, marking the disaster-recovery one.
func regionList(p *plan) string {
	if len(p.Regions) == 0 {
		return "no region"
	}
	names := make([]string, len(p.Regions))
	for i, r := range p.Regions {
		names[i] = r
		if r == p.SecondaryRegion {
			names[i] += " (DR)"
		}
	}
	return strings.Join(names, ", ")
}

// linkSummary says what a link reads.
func linkSummary(l link) string {
	if !l.Read {
		return "its saleor:primaryStack, no stack reference read"
	}
	return "reads " + outputList(reference{Outputs: l.Outputs, Secret: l.Secret})
}
