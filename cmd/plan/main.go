// Command plan is the offline plan of a stack or of a whole environment: it runs the program
// under the offline harness with each stack's real configuration and prints what the stack
// declares, grouped by tier, with the sizing and HA facts a reviewer wants, the stacks it
// references, and the policy pack's report. It needs no cloud account and shows declared
// resources, not a diff against deployed state.
//
//	go run ./cmd/plan -stack staging [-format text|json|mermaid]
//	go run ./cmd/plan -environment production [-format text|json|mermaid]
//	go run ./cmd/plan -environment production -cost [-format text|json]
//
// -stack plans one stack; a regional stack's primary (saleor:primaryStack) is run offline
// first to serve its stack reference, and only the named stack is printed. -environment
// plans every stack whose saleor:environment is the name, primaries first; -format mermaid
// then draws the environment: each stack with its role and regions, and an edge from each
// regional stack to its primary labelled with the outputs it reads.
//
// It exits 1 on invalid configuration in any stack it runs (listing every problem) or on a
// mandatory policy violation in any stack it prints, 2 on bad flags.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, harness.LoadStack))
}

// run is the command over the real program and stack files; load reads a stack by name
// (tests substitute their own).
func run(args []string, stdout, stderr io.Writer, load func(name string) (harness.Stack, error)) int {
	return runWith(args, stdout, stderr, source{
		program: stacks.Program, load: load, environment: harness.EnvironmentStacks, check: checkEnvironment, reads: contractReads,
	})
}

// contractReads keeps, of the outputs a stack reference returned (all the referenced stack's),
// those the program reads: a regional stack reads exactly its primary's contract.
func contractReads(outputs []string) []string {
	contract := stacks.ContractOutputs()
	out := []string{}
	for _, o := range outputs {
		if slices.Contains(contract, o) {
			out = append(out, o)
		}
	}
	return out
}

// checkEnvironment runs the program's environment-wide checks over an environment's stacks.
func checkEnvironment(loaded []harness.Stack) error {
	configs := make([]stacks.StackConfig, len(loaded))
	for i, s := range loaded {
		configs[i] = stacks.StackConfig{Name: s.Name, Config: s.Config}
	}
	if problems := stacks.CheckEnvironment(configs); len(problems) > 0 {
		return problems
	}
	return nil
}

// source is what the command plans: the program and where its stacks come from.
type source struct {
	program pulumi.RunFunc
	// load reads a stack by name.
	load func(name string) (harness.Stack, error)
	// environment lists the stacks of an environment, primaries first.
	environment func(name string) ([]string, error)
	// check is the environment-wide check of an environment's stacks; nil: none.
	check func(stacks []harness.Stack) error
	// reads keeps, of the outputs a stack reference returned, those the program reads; nil:
	// all of them.
	reads func(outputs []string) []string
}

const usage = "usage: plan (-stack <name> | -environment <name>) [-cost] [-format text|json|mermaid]"

func runWith(args []string, stdout, stderr io.Writer, src source) int {
	flags := flag.NewFlagSet("plan", flag.ContinueOnError)
	flags.SetOutput(stderr)
	stack := flags.String("stack", "", "stack to plan: the name in Pulumi.<stack>.yaml")
	environment := flags.String("environment", "", "environment to plan: every stack whose saleor:environment is this name")
	format := flags.String("format", "text", "output format: text, json or mermaid")
	estimateOnly := flags.Bool("cost", false, "print the monthly cost estimate only (text or json); with -environment, every stack's and the total")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *estimateOnly {
		*format = costOnly + *format
	}
	_, ok := renderers[*format]
	if (*stack == "") == (*environment == "") || !ok || flags.NArg() > 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	if *environment != "" {
		return planEnvironment(*environment, *format, stdout, stderr, src)
	}
	return planStack(*stack, *format, stdout, stderr, src)
}

// planStack prints the plan of one stack, after running the stacks it references.
func planStack(name, format string, stdout, stderr io.Writer, src source) int {
	loaded, err := harness.LoadWithPrimaries(name, src.load)
	if err != nil {
		fmt.Fprintf(stderr, "stack %s: %v\n", name, err)
		return 1
	}
	if code := checkEnvironmentOf(loaded[len(loaded)-1], stderr, src); code != 0 {
		return code
	}
	invs, err := harness.RunEnvironment(src.program, loaded)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	p, err := summarise(invs[len(invs)-1])
	if err != nil {
		fmt.Fprintf(stderr, "stack %s: %v\n", name, err)
		return 1
	}
	if err := renderers[format](stdout, p); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return policyExitCode(stderr, []*plan{p})
}

// checkEnvironmentOf runs the environment-wide checks over the environment of stack s.
func checkEnvironmentOf(s harness.Stack, stderr io.Writer, src source) int {
	if src.check == nil {
		return 0
	}
	env := s.Config[harness.EnvironmentKey]
	names, err := src.environment(env)
	var loaded []harness.Stack
	for _, n := range names {
		if err != nil {
			break
		}
		var st harness.Stack
		st, err = src.load(n)
		loaded = append(loaded, st)
	}
	if err == nil {
		err = src.check(loaded)
	}
	if err != nil {
		fmt.Fprintf(stderr, "environment %s: %v\n", env, err)
		return 1
	}
	return 0
}

// policyExitCode reports each plan's mandatory policy violations and returns 1 when there
// are any.
func policyExitCode(stderr io.Writer, plans []*plan) int {
	budgetWarnings(stderr, plans)
	code := 0
	for _, p := range plans {
		if n := p.mandatoryViolations(); n > 0 {
			fmt.Fprintf(stderr, "stack %s: %d mandatory policy violations\n", p.Stack, n)
			code = 1
		}
	}
	return code
}
