// Command deployments keeps each stack's Pulumi Deployments settings and deployment triggers
// in Pulumi Cloud equal to deploy/deployments/settings.yaml and the stack files.
//
//	go run ./cmd/deployments -org <org> -check                  # drift report; exit 1 on drift
//	go run ./cmd/deployments -org <org> -apply                  # write the stacks that drift
//	go run ./cmd/deployments -org <org> -stack prod-eu -check   # one stack only
//	go run ./cmd/deployments -org <org> -stack prod-eu -encrypt SLACK_TOKEN < value
//
// -check prints, per stack, every managed field and trigger Pulumi Cloud holds otherwise, and
// exits 1 if any differs. -apply does the same, then writes only the stacks that differ (one
// PATCH of the settings, the triggers one by one) and exits 0 once all writes succeeded.
// -encrypt reads a secret from standard input, has Pulumi Cloud encrypt it for the stack and
// prints the settings.yaml entry; the secret itself is never printed.
//
// PULUMI_ACCESS_TOKEN authenticates; PULUMI_BACKEND_URL selects the API (default
// https://api.pulumi.com). Exit 2 on bad flags or invalid settings, listing every problem.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/pulumi/pulumi-cloud-sdk/go/apiclient"

	"github.com/saleor-platform/infra/deploy/deployments"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr, &http.Client{Timeout: time.Minute}))
}

// run is the command; getenv, stdin and client are the process's (tests substitute theirs).
func run(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer, client *http.Client) int {
	fs := flag.NewFlagSet("deployments", flag.ContinueOnError)
	fs.SetOutput(stderr)
	org := fs.String("org", "", "Pulumi organisation the stacks live in (required)")
	only := fs.String("stack", "", "limit to this stack")
	check := fs.Bool("check", false, "report how Pulumi Cloud differs from the settings; exit 1 on drift")
	apply := fs.Bool("apply", false, "write the stacks whose settings or triggers differ")
	encrypt := fs.String("encrypt", "", "encrypt standard input as environment variable `NAME` of -stack")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	modes := 0
	for _, on := range []bool{*check, *apply, *encrypt != ""} {
		if on {
			modes++
		}
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "unexpected arguments %q\n", fs.Args())
		return 2
	case *org == "":
		fmt.Fprintln(stderr, "-org is required: the Pulumi organisation the stacks live in")
		return 2
	case modes != 1:
		fmt.Fprintln(stderr, "give one of -check, -apply or -encrypt NAME")
		return 2
	case *encrypt != "" && *only == "":
		fmt.Fprintln(stderr, "-encrypt needs -stack: a ciphertext belongs to one stack")
		return 2
	}
	_, stacks, err := deployments.Load()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if *only != "" {
		if stacks = selectStack(stacks, *only); stacks == nil {
			fmt.Fprintf(stderr, "-stack %q: no such stack (no Pulumi.%s.yaml)\n", *only, *only)
			return 2
		}
	}
	c, err := deployments.NewClient(getenv("PULUMI_BACKEND_URL"), getenv("PULUMI_ACCESS_TOKEN"), client)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	ctx := context.Background()
	if *encrypt != "" {
		return runEncrypt(ctx, c, *org, stacks[0], *encrypt, stdin, stdout, stderr)
	}
	reports, err := deployments.Check(ctx, c, *org, stacks)
	printReports(stdout, reports)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if *check {
		return exitOnDrift(reports)
	}
	if err := deployments.Apply(ctx, c, *org, reports); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, r := range reports {
		if len(r.Differences) > 0 {
			fmt.Fprintf(stdout, "%s: applied %d changes\n", r.Stack.Name, len(r.Differences))
		}
	}
	return 0
}

func selectStack(stacks []deployments.Stack, name string) []deployments.Stack {
	for _, s := range stacks {
		if s.Name == name {
			return []deployments.Stack{s}
		}
	}
	return nil
}

// printReports prints each stack's drift, field by field.
func printReports(w io.Writer, reports []deployments.Report) {
	for _, r := range reports {
		if len(r.Differences) == 0 {
			fmt.Fprintf(w, "%s: in step\n", r.Stack.Name)
			continue
		}
		fmt.Fprintf(w, "%s: %d differences\n", r.Stack.Name, len(r.Differences))
		for _, d := range r.Differences {
			fmt.Fprintf(w, "  %s\n", d)
		}
	}
}

func exitOnDrift(reports []deployments.Report) int {
	for _, r := range reports {
		if len(r.Differences) > 0 {
			return 1
		}
	}
	return 0
}

// runEncrypt encrypts standard input (without a trailing newline) for the stack.
func runEncrypt(ctx context.Context, c *apiclient.CloudClient, org string, s deployments.Stack, name string, stdin io.Reader, stdout, stderr io.Writer) int {
	secret, err := io.ReadAll(stdin)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	value := strings.TrimRight(string(secret), "\r\n")
	if value == "" {
		fmt.Fprintln(stderr, "standard input is empty: pipe the secret in")
		return 2
	}
	v, err := deployments.Encrypt(ctx, c, org, s, value)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "# settings.yaml, under stacks.%s.environmentVariables:\n%s: {ciphertext: %s}\n", s.Name, name, v.Ciphertext)
	return 0
}
