package deploytime

import (
	"fmt"
	"io"
	"strings"
)

// Text writes the critical path, resource by resource, and the explicit waits that
// lengthen it.
func Text(w io.Writer, p *Path) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Cold deploy: critical path %s over %d resources (typical create times)\n", Minutes(p.Seconds), p.Resources)
	for _, s := range p.Steps {
		if s.Seconds == 0 {
			continue // providers and local resources
		}
		via := ""
		if s.Explicit {
			via = " (waits through dependsOn)"
		}
		fmt.Fprintf(&b, "  %7s +%6s  %s %s (%s)%s\n", Minutes(s.StartSeconds), Minutes(s.Seconds), shortType(s.Type), s.Resource, s.Region, via)
	}
	for _, wt := range p.Waits {
		fmt.Fprintf(&b, "  explicit wait: %s starts %s after its inputs allow, waiting on %s\n", wt.Resource, Minutes(wt.DelaySeconds), wt.On)
	}
	fmt.Fprintf(&b, "  %s\n", p.Note)
	_, err := io.WriteString(w, b.String())
	return err
}

// Markdown renders the critical path as a mermaid gantt chart for the PR comment.
func Markdown(p *Path) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**Cold `pulumi up`: critical path %s** over %d resources\n\n", Minutes(p.Seconds), p.Resources)
	b.WriteString("```mermaid\ngantt\n  title Cold deploy critical path\n  dateFormat X\n  axisFormat %H:%M\n")
	for _, s := range p.Steps {
		if s.Seconds == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %s %s : %d, %ds\n", shortType(s.Type), strings.NewReplacer(":", " ", "#", " ").Replace(s.Resource),
			int(s.StartSeconds), int(s.Seconds))
	}
	b.WriteString("```\n")
	return b.String()
}

// shortType turns "aws:ec2/subnet:Subnet" into "ec2.Subnet".
func shortType(typ string) string {
	parts := strings.Split(typ, ":")
	if len(parts) != 3 {
		return typ
	}
	return strings.SplitN(parts[1], "/", 2)[0] + "." + parts[2]
}
