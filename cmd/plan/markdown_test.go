package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/saleor-platform/infra/internal/harness"
)

// stagingMarkdown plans the fake staging environment as markdown.
func stagingMarkdown(t *testing.T) (string, int) {
	t.Helper()
	var out, errs bytes.Buffer
	code := runWith([]string{"-environment", "staging", "-format", "markdown"}, &out, &errs, fakeSource(staging()...))
	if out.Len() == 0 {
		t.Fatalf("exit %d, nothing printed: %s", code, errs.String())
	}
	return out.String(), code
}

// TestPlanMarkdownDocument: the document starts with the marker the workflow finds its
// comment by, has a row per stack with the plan's numbers, the environment's mermaid
// diagram in a mermaid block, and a section per stack with its policy report and protected
// count.
func TestPlanMarkdownDocument(t *testing.T) {
	doc, code := stagingMarkdown(t)
	if first, _, _ := strings.Cut(doc, "\n"); first != markdownMarker {
		t.Errorf("first line %q, want the marker %q", first, markdownMarker)
	}
	var out bytes.Buffer
	runWith([]string{"-environment", "staging", "-format", "json"}, &out, io.Discard, fakeSource(staging()...))
	var ep environmentPlan
	if err := json.Unmarshal(out.Bytes(), &ep); err != nil {
		t.Fatal(err)
	}
	if code != wantExit(ep.Stacks...) {
		t.Errorf("exit %d for %v mandatory violations", code, violations(ep.Stacks))
	}
	for _, p := range ep.Stacks {
		row := fmt.Sprintf("| staging | %s | %s | %s | %d | %d | %d | %s | %d |", p.Stack, p.Role, regionList(p),
			p.Totals.Resources, p.Totals.AWS, p.Totals.Protected, mandatoryCell(p.mandatoryViolations()), len(p.Policy)-p.mandatoryViolations())
		if !strings.Contains(doc, row) {
			t.Errorf("no overview row %q:\n%s", row, doc)
		}
		for _, want := range []string{"\n### Stack " + p.Stack + "\n", fmt.Sprintf("Policy pack (`policy/config/staging.json`): %d mandatory", p.mandatoryViolations())} {
			if !strings.Contains(doc, want) {
				t.Errorf("no %q in the document", want)
			}
		}
	}
	var diagram bytes.Buffer
	if err := renderEnvironmentMermaid(&diagram, &ep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc, "## Environment staging\n\n```mermaid\n"+diagram.String()+"```\n") {
		t.Errorf("the environment's diagram is not in a mermaid block:\n%s", doc)
	}
	if strings.Index(doc, "### Stack eu") > strings.Index(doc, "### Stack benelux") {
		t.Error("the regional stack is printed before its primary")
	}
}

// TestPlanMarkdownListsMandatoryViolations: each mandatory finding is a row of its stack's
// report, the advisory ones are grouped by policy naming each resource once, text is made
// safe for a table cell, and the overview marks the stack.
func TestPlanMarkdownListsMandatoryViolations(t *testing.T) {
	p := &plan{Stack: "eu", Environment: "production", Role: "primary", Policy: []finding{
		{Policy: "rds-encrypted", Resource: "db", Message: "storageEncrypted must be true", Level: mandatory},
		{Policy: "tags", Resource: "bucket", Message: "a | pipe\nand a line", Level: "advisory"},
		{Policy: "tags", Resource: "bucket", Message: "another tag", Level: "advisory"},
	}}
	var b bytes.Buffer
	if err := markdownDocument(commentLimit)(&b, []*environmentPlan{{Environment: "production", Stacks: []*plan{p}}}, nil); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	for _, want := range []string{"| mandatory policy | resource | message |", "| rds-encrypted | `db` | storageEncrypted must be true |",
		"1 mandatory, 2 advisory", "| tags | advisory | `bucket` | a \\| pipe and a line |", "| **1** :x: | 2 |"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %q:\n%s", want, doc)
		}
	}
}

// TestPlanMarkdownFitsAComment: a document longer than the limit is printed without its cost
// and deploy-time charts, then without its folded details, keeping the overview, the
// diagrams and the mandatory violations.
func TestPlanMarkdownFitsAComment(t *testing.T) {
	full, _ := stagingMarkdown(t)
	var out, errs bytes.Buffer
	src := fakeSource(staging()...)
	plans := []*environmentPlan{}
	ep, err := planEnvironment("staging", src)
	if err != nil {
		t.Fatal(err)
	}
	plans = append(plans, ep)
	// Just too long: the cost and deploy-time charts go first.
	limit := len(full) - 1
	if err := markdownDocument(limit)(&out, plans, nil); err != nil {
		t.Fatal(err, errs.String())
	}
	shorter := out.String()
	if !strings.Contains(full, "Cost and cold-deploy critical path") || len(shorter) > limit ||
		strings.Contains(shorter, "Cost and cold-deploy critical path") || !strings.Contains(shorter, "<details>") ||
		!strings.Contains(shorter, "details are left out") {
		t.Errorf("%d characters for a limit of %d: want the charts, and only them, left out, and said:\n%s", len(shorter), limit, shorter)
	}
	// Much too long: every folded section goes.
	out.Reset()
	limit = len(shorter) - 1
	if err := markdownDocument(limit)(&out, plans, nil); err != nil {
		t.Fatal(err, errs.String())
	}
	short := out.String()
	if len(short) > limit || strings.Contains(short, "<details>") || !strings.Contains(short, "details are left out") {
		t.Errorf("%d characters for a limit of %d, folded sections kept or not said:\n%s", len(short), limit, short)
	}
	if !strings.Contains(short, "```mermaid\n") || !strings.Contains(short, "| staging | eu |") {
		t.Errorf("the short document lost the overview or the diagram:\n%s", short)
	}
}

// TestPlanAllPlansEveryEnvironment: -all plans each environment the stacks set, production
// first; one that fails is listed with its error, the others are still planned, and the exit
// is 1.
func TestPlanAllPlansEveryEnvironment(t *testing.T) {
	stacks := append(staging(), harnessStack("solo", "qa"), harnessStack("prod", "production"))
	var out, errs bytes.Buffer
	code := runWith([]string{"-all", "-format", "markdown"}, &out, &errs, fakeSource(stacks...))
	doc := out.String()
	order := []int{strings.Index(doc, "## Environment production"), strings.Index(doc, "## Environment staging"), strings.Index(doc, "## Environment qa")}
	if slices.Contains(order, -1) || !slices.IsSorted(order) {
		t.Errorf("environments at %v, want production, staging, qa:\n%s", order, doc)
	}
	if code != wantExitOf(t, doc) {
		t.Errorf("exit %d: %s", code, errs.String())
	}

	broken := append(staging(), harnessStack("solo", "qa"))
	broken[0].Config[harness.PrimaryStackKey] = "missing"
	out.Reset()
	errs.Reset()
	if code := runWith([]string{"-all", "-format", "markdown"}, &out, &errs, fakeSource(broken...)); code != 1 {
		t.Errorf("exit %d with a broken environment, want 1", code)
	}
	doc = out.String()
	if !strings.Contains(doc, "Environment **staging** could not be planned") || !strings.Contains(doc, `references stack "missing"`) {
		t.Errorf("the broken environment is not reported with its error:\n%s", doc)
	}
	if !strings.Contains(doc, "### Stack solo") || !strings.Contains(errs.String(), "missing") {
		t.Errorf("the other environment was not planned, or stderr lacks the error:\n%s\n%s", doc, errs.String())
	}
}

// wantExitOf reads the exit code a document calls for from its overview's mandatory column.
func wantExitOf(t *testing.T, doc string) int {
	t.Helper()
	rows := regexp.MustCompile(`(?m)^\| [a-z]+ \| [a-z-]+ \| .* \| (0|\*\*\d+\*\* :x:) \| \d+ \|$`).FindAllStringSubmatch(doc, -1)
	if len(rows) == 0 {
		t.Fatalf("no overview rows:\n%s", doc)
	}
	for _, r := range rows {
		if r[1] != "0" {
			return 1
		}
	}
	return 0
}

func harnessStack(name, environment string) harness.Stack {
	s := harness.ComponentStack()
	s.Name = name
	s.Config = map[string]string{harness.EnvironmentKey: environment}
	return s
}

// plaintextToken is the secret config value of secretProgram's stack.
const plaintextToken = "s3cr3t-token-do-not-print"

// secretProgram handles a secret config value the ways a plan could show it: read as plain
// text into a log group's name and a task definition's family (facts the plan prints, the
// family in the markdown's sizing too), marked secret in another log group's name, and
// exported as a secret output.
func secretProgram(ctx *pulumi.Context) error {
	token := config.Get(ctx, "saleor:apiToken")
	return harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		if _, err := cloudwatch.NewLogGroup(ctx, "plain", &cloudwatch.LogGroupArgs{
			Name: pulumi.String("app-" + token), RetentionInDays: pulumi.Int(7),
		}, pulumi.Provider(p[0])); err != nil {
			return err
		}
		if _, err := cloudwatch.NewLogGroup(ctx, "marked", &cloudwatch.LogGroupArgs{
			Name: pulumi.ToSecret(pulumi.String("marked-" + token)).(pulumi.StringOutput), RetentionInDays: pulumi.Int(7),
		}, pulumi.Provider(p[0])); err != nil {
			return err
		}
		if _, err := ecs.NewTaskDefinition(ctx, "task", &ecs.TaskDefinitionArgs{
			Family: pulumi.String("app-" + token), Cpu: pulumi.String("256"), Memory: pulumi.String("512"),
			NetworkMode: pulumi.String("awsvpc"), RequiresCompatibilities: pulumi.ToStringArray([]string{"FARGATE"}),
			ContainerDefinitions: pulumi.String(`[{"name":"app","image":"nginx","essential":true}]`),
		}, pulumi.Provider(p[0])); err != nil {
			return err
		}
		ctx.Export("apiToken", config.GetSecret(ctx, "saleor:apiToken"))
		return nil
	}, "eu-central-1")(ctx)
}

// TestPlanKeepsSecretsOut: a secret config value appears in no format of the plan, neither
// where the program marked it secret nor where it copied it into a plain value; the plan
// shows the mask in both places instead, so the test sees where the value would have been.
func TestPlanKeepsSecretsOut(t *testing.T) {
	s := harnessStack("vault", "staging")
	s.Config["saleor:apiToken"] = plaintextToken
	s.SecretKeys = []string{"saleor:apiToken"}
	inv, err := harness.Run(secretProgram, s)
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Outputs["apiToken"].Secret {
		t.Fatal("the test program's output is not secret: the test proves nothing")
	}
	for _, args := range [][]string{
		{"-stack", "vault", "-format", "markdown"},
		{"-environment", "staging", "-format", "markdown"},
		{"-all", "-format", "markdown"},
		{"-stack", "vault"},
		{"-stack", "vault", "-format", "json"},
		{"-environment", "staging"},
	} {
		var out, errs bytes.Buffer
		runWith(args, &out, &errs, programSource(secretProgram, s))
		text := out.String() + errs.String()
		if out.Len() == 0 {
			t.Errorf("%v: nothing printed: %s", args, errs.String())
		}
		if strings.Contains(text, plaintextToken) {
			t.Errorf("%v prints the secret:\n%s", args, text)
		}
		if args[len(args)-1] == "markdown" {
			if !strings.Contains(text, "`task`: app-"+secretMask+": 256 CPU units") {
				t.Errorf("%v: the task's sizing fact does not show %s:\n%s", args, secretMask, text)
			}
			continue // the markdown plan does not list log groups
		}
		// The plain copy is redacted in place; the marked input is masked whole (text:
		// "marked: <fact>", JSON: "<fact>").
		if !strings.Contains(text, "app-"+secretMask+" kept 7 days") ||
			!strings.Contains(text, "marked: "+secretMask+" kept 7 days") && !strings.Contains(text, `"`+secretMask+` kept 7 days"`) {
			t.Errorf("%v: the secret's places do not show %s:\n%s", args, secretMask, text)
		}
	}
}

// TestPlanRejectsFlagCombinations: one mode at a time, mermaid for one environment only.
func TestPlanRejectsFlagCombinations(t *testing.T) {
	for _, args := range [][]string{
		{"-all", "-stack", "eu"},
		{"-all", "-environment", "staging"},
		{"-all", "-format", "mermaid"},
		{"-environment", "staging", "-environment", "qa", "-format", "mermaid"},
		{"-environment", ""},
	} {
		var errs bytes.Buffer
		if code := runWith(args, io.Discard, &errs, fakeSource(staging()...)); code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", args, code, errs.String())
		}
	}
	var out bytes.Buffer
	code := runWith([]string{"-environment", "staging", "-environment", "staging", "-format", "json"}, &out, io.Discard, fakeSource(staging()...))
	dec := json.NewDecoder(&out)
	n := 0
	for {
		var ep environmentPlan
		if err := dec.Decode(&ep); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("exit %d: %v", code, err)
		}
		n++
	}
	if n != 1 {
		t.Errorf("a repeated -environment printed %d plans, want 1", n)
	}
}

// TestPlanMarkdownChartsPerEnvironment: every environment of the comment carries a pie of
// its cost by stack and its primary's cold-deploy gantt chart, even when the per-stack
// charts are left out to fit.
func TestPlanMarkdownChartsPerEnvironment(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run([]string{"-all", "-format", "markdown"}, &out, &errs, harness.LoadStack); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	doc := out.String()
	envs := strings.Count(doc, "\n## Environment ")
	if envs == 0 || strings.Count(doc, "pie showData title Monthly cost by stack") != envs ||
		strings.Count(doc, "title Cold deploy critical path") < envs || len(doc) > commentLimit {
		t.Errorf("%d environments, %d cost pies, %d gantt charts, %d characters (limit %d)", envs,
			strings.Count(doc, "pie showData title Monthly cost by stack"), strings.Count(doc, "title Cold deploy critical path"), len(doc), commentLimit)
	}
}
