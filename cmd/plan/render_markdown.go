package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/saleor-platform/infra/internal/cost"
	"github.com/saleor-platform/infra/internal/deploytime"
)

// markdownMarker is the first line of every markdown document: the pull-request workflow
// finds the comment it posted earlier by it and edits that comment instead of adding one.
const markdownMarker = "<!-- saleor-plan -->"

// commentLimit is the most characters a GitHub comment body may have (65,536), less a margin
// for what the workflow adds.
const commentLimit = 65536 - 1024

// detail is how much of each stack a markdown document shows.
type detail int

const (
	// noDetails: the counts, the mandatory violations, the cost and deploy time in one line.
	noDetails detail = iota
	// noCharts: also, folded, the advisory findings, tiers, sizing and protected resources.
	noCharts
	// allDetails: also, folded, the cost by tier (a pie), the largest items and the
	// cold-deploy critical path (a gantt chart).
	allDetails
)

// markdownDocument returns the markdown document renderer for documents of at most limit
// characters: when the whole document is longer, it prints it again with less detail (first
// without the cost and deploy-time charts, then without the folded sections), saying so;
// the counts, the mandatory violations, each stack's cost and deploy time and the diagrams
// stay.
func markdownDocument(limit int) func(io.Writer, []*environmentPlan, []failure) error {
	return func(w io.Writer, plans []*environmentPlan, failed []failure) error {
		doc, err := markdownText(plans, failed, allDetails)
		for _, fewer := range []detail{noCharts, noDetails} {
			if err != nil || len(doc) <= limit {
				break
			}
			doc, err = markdownText(plans, failed, fewer)
			doc += fmt.Sprintf("\n_Some details are left out to fit a comment (the whole plan has more than %d characters): "+
				"run `go run ./cmd/plan -all -format markdown`, or see this workflow run's summary._\n", limit)
		}
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, doc)
		return err
	}
}

// markdownText is one markdown document for a pull-request comment: an overview table of
// every stack, the environments that could not be planned with their errors, then per
// environment its diagram and per stack the policy report and, when details is set, the
// resource counts by tier, the sizing facts and the protected resources. Every value comes
// from a plan, which holds no secret (summarise redacts them).
func markdownText(plans []*environmentPlan, failed []failure, details detail) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n## Offline plan\n\n%s\n", markdownMarker, markdownNote)
	if len(plans) > 0 {
		b.WriteString("\n| environment | stack | role | regions | resources | AWS | protected | mandatory | advisory |\n")
		b.WriteString("|---|---|---|---|---:|---:|---:|---:|---:|\n")
		for _, ep := range plans {
			for _, p := range ep.Stacks {
				fmt.Fprintf(&b, "| %s | %s | %s | %s | %d | %d | %d | %s | %d |\n", ep.Environment, p.Stack, p.Role,
					cell(regionList(p)), p.Totals.Resources, p.Totals.AWS, p.Totals.Protected,
					mandatoryCell(p.mandatoryViolations()), len(p.Policy)-p.mandatoryViolations())
			}
		}
	}
	for _, f := range failed {
		fmt.Fprintf(&b, "\n> [!CAUTION]\n> Environment **%s** could not be planned:\n\n```text\n%s\n```\n", f.Environment, f.Err)
	}
	for _, ep := range plans {
		fmt.Fprintf(&b, "\n## Environment %s\n\n```mermaid\n", ep.Environment)
		if err := renderEnvironmentMermaid(&b, ep); err != nil {
			return "", err
		}
		b.WriteString("```\n")
		writeEnvironmentCharts(&b, ep)
		for _, p := range ep.Stacks {
			writeMarkdownStack(&b, p, details)
		}
	}
	return b.String(), nil
}

// markdownNote says what the document is, and where deployed state is compared.
const markdownNote = "What each stack's program declares, run offline with the stack's configuration; " +
	"**not a diff against deployed state**. What `pulumi up` would create, replace or delete " +
	"(a protected resource stops it) is in the `preview` jobs of this pull request."

// renderMarkdownStack prints one stack's plan as a markdown document (-stack -format markdown).
func renderMarkdownStack(w io.Writer, p *plan) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n## Offline plan\n\n%s\n", markdownMarker, markdownNote)
	writeMarkdownStack(&b, p, allDetails)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeMarkdownStack writes a stack's section: a heading with its role, regions, sizing and
// HA, the policy report (mandatory violations listed), the count of protected resources
// and, with details, folded: the advisory findings, the resource counts by tier, the sizing
// facts and the protected resources by type.
func writeMarkdownStack(b *strings.Builder, p *plan, details detail) {
	fmt.Fprintf(b, "\n### Stack %s\n\n%s in %s; sizing %s%%, %s", p.Stack, p.Role, regionList(p), p.Sizing, p.HA)
	if p.PrimaryStack != "" {
		fmt.Fprintf(b, "; attached to %s", p.PrimaryStack)
	}
	fmt.Fprintf(b, ". %s (%d AWS), %s.\n", countf(p.Totals.Resources, "resource", "resources"), p.Totals.AWS,
		countf(p.Totals.Protected, "protected resource", "protected resources"))
	if p.Cost != nil && p.DeployTime != nil {
		fmt.Fprintf(b, "Estimated $%.0f a month ($%.0f with reserved instances and Spot); a cold `pulumi up` takes about %s.\n",
			p.Cost.MonthlyUSD, p.Cost.WithLeversUSD, deploytime.Minutes(p.DeployTime.Seconds))
	}
	writeMarkdownPolicy(b, p, details > noDetails)
	if details == noDetails {
		return
	}
	if p.Cost != nil && p.DeployTime != nil && details == allDetails {
		b.WriteString("\n<details><summary>Cost and cold-deploy critical path</summary>\n\n")
		b.WriteString(cost.Markdown(p.Cost))
		b.WriteString("\n")
		b.WriteString(deploytime.Markdown(p.DeployTime))
		b.WriteString("\n</details>\n")
	}
	fmt.Fprintf(b, "\n<details><summary>Resources by tier (%s)</summary>\n\n", countf(p.Totals.Tiers, "tier", "tiers"))
	b.WriteString("| tier | component | region | resources | protected |\n|---|---|---|---:|---:|\n")
	for _, t := range p.Tiers {
		fmt.Fprintf(b, "| %s | %s | %s | %d | %d |\n", t.Name, t.Type, t.Region, len(t.Resources), protectedCount(t))
	}
	b.WriteString("\n</details>\n")
	if facts := sizingFacts(p); len(facts) > 0 {
		b.WriteString("\n<details><summary>Sizing</summary>\n\n")
		for _, f := range facts {
			fmt.Fprintf(b, "- %s\n", cell(f))
		}
		b.WriteString("\n</details>\n")
	}
	if p.Totals.Protected > 0 {
		fmt.Fprintf(b, "\n<details><summary>%s (protect: `pulumi up` stops before replacing or deleting one)</summary>\n\n",
			countf(p.Totals.Protected, "protected resource", "protected resources"))
		byType := map[string][]string{}
		var types []string
		for _, t := range p.Tiers {
			for _, r := range t.Resources {
				if !r.Protected {
					continue
				}
				if _, ok := byType[r.Type]; !ok {
					types = append(types, r.Type)
				}
				byType[r.Type] = append(byType[r.Type], "`"+r.Name+"`")
			}
		}
		slices.Sort(types)
		for _, typ := range types {
			fmt.Fprintf(b, "- %s (%d): %s\n", typ, len(byType[typ]), strings.Join(byType[typ], ", "))
		}
		b.WriteString("\n</details>\n")
	}
}

// writeMarkdownPolicy writes the policy report: the counts, every mandatory violation, and
// the other findings folded, one row per policy naming each resource once.
func writeMarkdownPolicy(b *strings.Builder, p *plan, details bool) {
	mandatoryN := p.mandatoryViolations()
	fmt.Fprintf(b, "\nPolicy pack (`policy/config/%s.json`): %d mandatory, %d advisory.\n", p.Environment, mandatoryN, len(p.Policy)-mandatoryN)
	// findings are sorted mandatory first (attachPolicyReport).
	if mandatoryN > 0 {
		b.WriteString("\n| mandatory policy | resource | message |\n|---|---|---|\n")
		for _, f := range p.Policy[:mandatoryN] {
			fmt.Fprintf(b, "| %s | `%s` | %s |\n", f.Policy, f.Resource, cell(f.Message))
		}
	}
	rest := p.Policy[mandatoryN:]
	if len(rest) == 0 || !details {
		return
	}
	fmt.Fprintf(b, "\n<details><summary>%s</summary>\n\n", countf(len(rest), "advisory finding", "advisory findings"))
	b.WriteString("| policy | level | resources | first message |\n|---|---|---|---|\n")
	var order []string
	byPolicy := map[string][]finding{}
	for _, f := range rest {
		if _, ok := byPolicy[f.Policy]; !ok {
			order = append(order, f.Policy)
		}
		byPolicy[f.Policy] = append(byPolicy[f.Policy], f)
	}
	for _, policy := range order {
		fs := byPolicy[policy]
		var names []string
		for _, f := range fs {
			if name := "`" + f.Resource + "`"; !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", policy, fs[0].Level, strings.Join(names, ", "), cell(fs[0].Message))
	}
	b.WriteString("\n</details>\n")
}

// sizingFacts are the facts that size a stack: each tier's, then those of its sizing
// resources (sizingTypes), prefixed with the tier.
func sizingFacts(p *plan) []string {
	var out []string
	for _, t := range p.Tiers {
		for _, f := range t.Facts {
			out = append(out, fmt.Sprintf("**%s**: %s", t.Name, f))
		}
		for _, r := range t.Resources {
			if !isSizing(r.Type) {
				continue
			}
			for _, f := range r.Facts {
				out = append(out, fmt.Sprintf("**%s** %s `%s`: %s", t.Name, r.Type, r.Name, f))
			}
		}
	}
	return out
}

// isSizing tells whether a resource's (short) type is one of sizingTypes.
func isSizing(short string) bool {
	return slices.ContainsFunc(sizingTypes, func(typ string) bool { return shortType(typ) == short })
}

func protectedCount(t *tier) int {
	n := 0
	for _, r := range t.Resources {
		if r.Protected {
			n++
		}
	}
	return n
}

// mandatoryCell marks a non-zero mandatory count, which fails the plan and the preview.
func mandatoryCell(n int) string {
	if n > 0 {
		return fmt.Sprintf("**%d** :x:", n)
	}
	return "0"
}

// cell makes text safe inside a markdown table cell or list item: one line, pipes escaped.
func cell(s string) string {
	s = strings.ReplaceAll(s, "\r", "")
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

// writeEnvironmentCharts writes, for an environment whose stacks were all estimated, a pie
// of its monthly cost by stack and the gantt chart of its primary's cold-deploy critical path
// (the first stack, deployed first): small enough for every comment, where the per-stack
// charts may not fit.
func writeEnvironmentCharts(b *strings.Builder, ep *environmentPlan) {
	if len(ep.Stacks) == 0 || slices.ContainsFunc(ep.Stacks, func(p *plan) bool { return p.Cost == nil || p.DeployTime == nil }) {
		return
	}
	b.WriteString("\n```mermaid\npie showData title Monthly cost by stack (USD)\n")
	for _, p := range ep.Stacks {
		fmt.Fprintf(b, "  %q : %.0f\n", p.Stack, p.Cost.MonthlyUSD)
	}
	b.WriteString("```\n\n")
	b.WriteString(deploytime.Markdown(ep.Stacks[0].DeployTime))
}
