// Command plan is the offline plan of a stack or of whole environments: it runs the program
// under the offline harness with each stack's real configuration and prints what the stack
// declares, grouped by tier, with the sizing and HA facts a reviewer wants, the stacks it
// references, and the policy pack's report. It needs no cloud account and shows declared
// resources, not a diff against deployed state.
//
//	go run ./cmd/plan -stack staging [-format text|json|mermaid|markdown]
//	go run ./cmd/plan -environment production [-environment staging ...] [-format ...]
//	go run ./cmd/plan -all -format markdown
//	go run ./cmd/plan -environment production -cost [-format text|json]
//
// -stack plans one stack; a regional stack's primary (saleor:primaryStack) is run offline
// first to serve its stack reference, and only the named stack is printed. -environment
// plans every stack whose saleor:environment is the name, primaries first; repeated, it
// plans each environment in turn. -all plans every environment of the stack files
// (Pulumi.*.yaml), production first. -format mermaid draws one environment: each stack with
// its role and regions, and an edge from each regional stack to its primary labelled with
// the outputs it reads. -format markdown is one document for a pull-request comment, whose
// first line is the marker <!-- saleor-plan --> (see markdownMarker); an environment that
// cannot be planned is listed in it with its errors. Several environments print one after
// the other: text documents, JSON objects (one per environment).
//
// It exits 1 on invalid configuration in any stack it runs (listing every problem) or on a
// mandatory policy violation in any stack it prints, 2 on bad flags.
package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

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
		program: stacks.Program, load: load, environment: harness.EnvironmentStacks, environments: stackFileEnvironments,
		check: checkEnvironment, reads: contractReads,
	})
}

// stackFileEnvironments lists the environments the stack files set.
func stackFileEnvironments() ([]string, error) {
	byStack, err := harness.StackEnvironments()
	if err != nil {
		return nil, err
	}
	return slices.Compact(slices.Sorted(maps.Values(byStack))), nil
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
	// environments lists the environments that have stacks, in any order.
	environments func() ([]string, error)
	// check is the environment-wide check of an environment's stacks; nil: none.
	check func(stacks []harness.Stack) error
	// reads keeps, of the outputs a stack reference returned, those the program reads; nil:
	// all of them.
	reads func(outputs []string) []string
}

const usage = "usage: plan (-stack <name> | -environment <name> [-environment <name> ...] | -all) [-cost] [-format text|json|mermaid|markdown]"

func runWith(args []string, stdout, stderr io.Writer, src source) int {
	flags := flag.NewFlagSet("plan", flag.ContinueOnError)
	flags.SetOutput(stderr)
	stack := flags.String("stack", "", "stack to plan: the name in Pulumi.<stack>.yaml")
	var environments names
	flags.Var(&environments, "environment", "environment to plan: every stack whose saleor:environment is this name; repeat for several")
	all := flags.Bool("all", false, "plan every environment of the stack files, production first")
	format := flags.String("format", "text", "output format: text, json, mermaid or markdown")
	estimateOnly := flags.Bool("cost", false, "print the monthly cost estimate only (text or json); with -environment, every stack's and the total")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *estimateOnly {
		*format = costOnly + *format
	}
	_, ok := renderers[*format]
	modes := 0
	for _, set := range []bool{*stack != "", len(environments) > 0, *all} {
		if set {
			modes++
		}
	}
	if modes != 1 || !ok || flags.NArg() > 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	if *format == "mermaid" && (*all || len(environments) > 1) {
		fmt.Fprintln(stderr, "plan: -format mermaid draws one environment")
		return 2
	}
	if *stack != "" {
		return planStack(*stack, *format, stdout, stderr, src)
	}
	if *all {
		listed, err := src.environments()
		if err == nil && len(listed) == 0 {
			err = errors.New("no stack file")
		}
		if err != nil {
			fmt.Fprintf(stderr, "stack files: %v\n", err)
			return 1
		}
		environments = planOrder(listed)
	}
	return planEnvironments(environments, *format, stdout, stderr, src)
}

// names is a flag that may be repeated, each value appended once.
type names []string

func (n *names) String() string { return strings.Join(*n, ",") }

func (n *names) Set(v string) error {
	if v == "" {
		return errors.New("empty name")
	}
	if !slices.Contains(*n, v) {
		*n = append(*n, v)
	}
	return nil
}

// planOrder orders environments as stacks.Environments does (production first), any other
// after them by name.
func planOrder(environments []string) []string {
	rank := func(env string) int {
		i := slices.Index(stacks.Environments(), stacks.Environment(env))
		if i < 0 {
			return len(stacks.Environments())
		}
		return i
	}
	out := slices.Clone(environments)
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a, b)) })
	return out
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
