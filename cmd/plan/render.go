package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
)

// renderers print a plan in each -format.
var renderers = map[string]func(io.Writer, *plan) error{
	"text":     renderText,
	"json":     renderJSON,
	"mermaid":  renderMermaid,
	"markdown": renderMarkdownStack,
}

func renderJSON(w io.Writer, p *plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

func renderText(w io.Writer, p *plan) error {
	var b strings.Builder
	dr := "no DR region"
	if p.SecondaryRegion != "" {
		dr = "DR in " + p.SecondaryRegion
	}
	fmt.Fprintf(&b, "Stack %s: %s in %s, %s; sizing %s%%, %s\n%s\n", p.Stack, p.Environment, p.Region, dr, p.Sizing, p.HA, p.Note)
	if p.PrimaryStack != "" {
		fmt.Fprintf(&b, "Role: %s, attached to %s\n", p.Role, p.PrimaryStack)
	}
	for _, r := range p.References {
		fmt.Fprintf(&b, "Reads stack %s: %s\n", r.Stack, outputList(r))
	}
	fmt.Fprintf(&b, "Exports: %s\n", outputList(reference{Outputs: p.Outputs, Secret: p.SecretOutputs}))
	for _, t := range p.Tiers {
		fmt.Fprintf(&b, "\n%s (%s", t.Name, t.Type)
		if t.Region != "" {
			fmt.Fprintf(&b, ", %s", t.Region)
		}
		fmt.Fprintf(&b, ") — %s\n", countf(len(t.Resources), "resource", "resources"))
		for _, f := range t.Facts {
			fmt.Fprintf(&b, "  * %s\n", f)
		}
		for _, r := range t.Resources {
			mark := "+"
			if r.Protected {
				mark = "+ [protected]"
			}
			fmt.Fprintf(&b, "  %s %s %s", mark, r.Type, r.Name)
			if len(r.Facts) > 0 {
				fmt.Fprintf(&b, ": %s", strings.Join(r.Facts, "; "))
			}
			b.WriteString("\n")
		}
	}
	fmt.Fprintf(&b, "\nTotals: %d resources (%d AWS, %d protected) in %d tiers\n",
		p.Totals.Resources, p.Totals.AWS, p.Totals.Protected, p.Totals.Tiers)
	writeEstimates(&b, p)
	fmt.Fprintf(&b, "\nPolicy report (%s config): %d mandatory, %d findings in all\n",
		p.Environment, p.mandatoryViolations(), len(p.Policy))
	for _, f := range p.Policy {
		fmt.Fprintf(&b, "  [%s] %s on %s: %s\n", f.Level, f.Policy, f.Resource, strings.ReplaceAll(f.Message, "\n", " "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// renderMermaid draws the tiers and which uses which, as a flowchart.
func renderMermaid(w io.Writer, p *plan) error {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for _, t := range p.Tiers {
		if t.Name == "providers" {
			continue
		}
		fmt.Fprintf(&b, "  %s[\"%s<br/>%s<br/>%s\"]\n", nodeID(t.Name), t.Name, t.Type, t.Region)
	}
	for _, e := range p.Edges {
		fmt.Fprintf(&b, "  %s --> %s\n", nodeID(e.From), nodeID(e.To))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// outputList names the outputs a reference reads, marking the secret ones.
func outputList(r reference) string {
	if len(r.Outputs) == 0 {
		return "no outputs"
	}
	return strings.Join(markSecret(r.Outputs, r.Secret), ", ")
}

// markSecret returns names with " (secret)" after those in secret.
func markSecret(names, secret []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n
		if slices.Contains(secret, n) {
			out[i] += " (secret)"
		}
	}
	return out
}

// nodeID makes a tier or stack name a Mermaid node ID.
func nodeID(name string) string {
	return strings.Map(func(c rune) rune {
		if c == '_' || unicode.IsLetter(c) || unicode.IsDigit(c) {
			return c
		}
		return '_'
	}, name)
}
