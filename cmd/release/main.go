// Command release rolls a Saleor image out to one application runtime of a stack:
//
//	go run ./cmd/release -stack <stack> -image-tag <tag> [-region primary|dr]
//
// It reads the stack's "release" output (`pulumi stack output --json`, so the Pulumi CLI must
// be logged in to the stack's backend), uses the AWS credentials of the environment (the
// release workflow's saleor-github-release role) in the runtime's region, and runs the steps
// package internal/release documents: image check, migrations, collectstatic, the services
// (CodeDeploy blue/green for a blue-green API, ECS elsewhere), smoke tests, rollback.
//
// Exit status: 0 released; 1 stopped before anything was rolled out (a bad flag, a missing
// image, a failed migration); 2 rolled back; 3 the rollback failed and needs a person.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/saleor-platform/infra/internal/release"
	"github.com/saleor-platform/infra/internal/release/target"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	stack := fs.String("stack", "", "the stack to release to, e.g. prod-eu (or <org>/saleor/prod-eu)")
	tag := fs.String("image-tag", "", "the image tag to release, pushed to the region's ECR repository beforehand")
	role := fs.String("region", target.Primary, "the runtime: primary (the stack's region) or dr (its DR or secondary region)")
	timeout := fs.Duration("timeout", 90*time.Minute, "the whole release's time limit")
	wait := fs.Duration("wait", 30*time.Minute, "the longest wait for one step: a one-off task, a service deployment, a traffic shift")
	attempts := fs.Int("smoke-attempts", 6, "how often the smoke tests are tried before they fail")
	interval := fs.Duration("smoke-interval", 10*time.Second, "the wait between smoke test attempts")
	pulumi := fs.String("pulumi", "pulumi", "the Pulumi CLI")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	var problems []string
	if *stack == "" {
		problems = append(problems, "-stack is required")
	}
	if *tag == "" || strings.EqualFold(*tag, "latest") {
		problems = append(problems, "-image-tag is required: a release tag, never latest")
	}
	if *role != target.Primary && *role != target.DR {
		problems = append(problems, fmt.Sprintf("-region %q is not %q or %q", *role, target.Primary, target.DR))
	}
	if len(problems) > 0 {
		fmt.Fprintln(os.Stderr, "release: "+strings.Join(problems, "; "))
		return 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	outputs, err := release.PulumiCLI{Command: *pulumi}.Outputs(ctx, *stack)
	if err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		return 1
	}
	rt, err := release.Runtime(*stack, outputs, *role)
	if err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		return 1
	}
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(rt.Region))
	if err != nil {
		fmt.Fprintln(os.Stderr, "release: AWS credentials:", err)
		return 1
	}
	aws := newClients(cfg, *wait)
	r := &release.Release{
		Target: rt, GraphQLURL: outputs.GraphQLURL, Tag: *tag,
		Registry: aws, Cluster: aws, Deployer: aws, Targets: aws,
		HTTP: &http.Client{Timeout: 30 * time.Second}, Log: os.Stdout,
		SmokeAttempts: *attempts, SmokeInterval: *interval,
	}
	err = r.Run(ctx)
	var failure *release.Failure
	switch {
	case errors.As(err, &failure):
		fmt.Fprintln(os.Stderr, "release:", err)
		return failure.ExitCode()
	case err != nil:
		fmt.Fprintln(os.Stderr, "release:", err)
		return 1
	}
	return 0
}
