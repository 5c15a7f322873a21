// Command plan is the offline plan of a stack: it runs the program under the offline harness
// with the stack's real configuration and prints what the stack declares, grouped by tier,
// with the sizing and HA facts a reviewer wants, and the policy pack's report. It needs no
// cloud account and shows declared resources, not a diff against deployed state.
//
//	go run ./cmd/plan -stack staging [-format text|json|mermaid]
//
// It exits 1 on invalid configuration (listing every problem) or on a mandatory policy
// violation, 2 on bad flags.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, harness.LoadStack))
}

// run is the command; load reads a stack by name (tests substitute their own).
func run(args []string, stdout, stderr io.Writer, load func(name string) (harness.Stack, error)) int {
	flags := flag.NewFlagSet("plan", flag.ContinueOnError)
	flags.SetOutput(stderr)
	stack := flags.String("stack", "", "stack to plan: the name in Pulumi.<stack>.yaml (required)")
	format := flags.String("format", "text", "output format: text, json or mermaid")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	render, ok := renderers[*format]
	if *stack == "" || !ok {
		fmt.Fprintln(stderr, "usage: plan -stack <name> [-format text|json|mermaid]")
		return 2
	}
	p, err := build(*stack, load)
	if err != nil {
		fmt.Fprintf(stderr, "stack %s: %v\n", *stack, err)
		return 1
	}
	if err := render(stdout, p); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if p.mandatoryViolations() > 0 {
		fmt.Fprintf(stderr, "stack %s: %d mandatory policy violations\n", *stack, p.mandatoryViolations())
		return 1
	}
	return 0
}

// build runs the stack through the harness and summarises it.
func build(stack string, load func(string) (harness.Stack, error)) (*plan, error) {
	s, err := load(stack)
	if err != nil {
		return nil, err
	}
	inv, err := harness.Run(stacks.Program, s)
	if err != nil {
		return nil, err
	}
	return summarise(inv)
}
