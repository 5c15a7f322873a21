package workflows

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"

	"github.com/saleor-platform/infra/internal/harness"
)

// parse reads a workflow of .github/workflows with actionlint's parser.
func parse(t *testing.T, name string) *actionlint.Workflow {
	t.Helper()
	root, err := harness.ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, ".github", "workflows", name))
	if err != nil {
		t.Fatal(err)
	}
	w, errs := actionlint.Parse(data)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", name, errs)
	}
	return w
}

// job returns a workflow's job by id.
func job(t *testing.T, w *actionlint.Workflow, id string) *actionlint.Job {
	t.Helper()
	j, ok := w.Jobs[id]
	if !ok {
		t.Fatalf("no job %s", id)
	}
	return j
}

// matrixRows returns the include rows of a job's matrix, each as key -> value.
func matrixRows(t *testing.T, j *actionlint.Job) []map[string]string {
	t.Helper()
	if j.Strategy == nil || j.Strategy.Matrix == nil || j.Strategy.Matrix.Include == nil {
		t.Fatalf("job %s has no matrix include", j.ID.Value)
	}
	var rows []map[string]string
	for _, c := range j.Strategy.Matrix.Include.Combinations {
		row := map[string]string{}
		for k, a := range c.Assigns {
			s, ok := a.Value.(*actionlint.RawYAMLString)
			if !ok {
				t.Fatalf("matrix value %s is not a string: %v", k, a.Value)
			}
			row[k] = s.Value
		}
		rows = append(rows, row)
	}
	return rows
}

// stackEnvironments maps every stack file's stack to its saleor:environment.
func stackEnvironments(t *testing.T) map[string]string {
	t.Helper()
	byStack, err := harness.StackEnvironments()
	if err != nil || len(byStack) == 0 {
		t.Fatalf("stack files: %v %v", byStack, err)
	}
	return byStack
}

// previewProblems compares the preview matrix with the stack files: one row per stack file
// and no other, each with the stack's environment (which picks its policy config) and the
// preview role of the environment's account.
func previewProblems(rows []map[string]string, environments map[string]string) []string {
	var problems []string
	seen := map[string]bool{}
	for _, row := range rows {
		stack := row["stack"]
		env, ok := environments[stack]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("matrix row %v: no Pulumi.%s.yaml", row, stack))
			continue
		case seen[stack]:
			problems = append(problems, fmt.Sprintf("stack %s has two matrix rows", stack))
		}
		seen[stack] = true
		if row["environment"] != env {
			problems = append(problems, fmt.Sprintf("stack %s: matrix environment %q, its stack file says %q", stack, row["environment"], env))
		}
		if want := RoleARN(AccountOf(env), PreviewRole); row["role"] != want {
			problems = append(problems, fmt.Sprintf("stack %s (%s): role %q, want %q", stack, env, row["role"], want))
		}
	}
	for _, stack := range slices.Sorted(maps.Keys(environments)) {
		if !seen[stack] {
			problems = append(problems, fmt.Sprintf("Pulumi.%s.yaml is missing from the preview matrix", stack))
		}
	}
	return problems
}

// TestPreviewMatrixIsTheStackFiles: the preview job previews every stack file, with its
// environment's policy config and its account's preview role.
func TestPreviewMatrixIsTheStackFiles(t *testing.T) {
	rows := matrixRows(t, job(t, parse(t, "pr.yml"), "preview"))
	for _, p := range previewProblems(rows, stackEnvironments(t)) {
		t.Error(p)
	}
}

// TestPreviewMatrixCheckFindsEveryMismatch: the check above fails on a stack file missing
// from the matrix, a row without a stack file, a wrong environment and a role of the other
// account.
func TestPreviewMatrixCheckFindsEveryMismatch(t *testing.T) {
	environments := map[string]string{"prod-eu": "production", "staging": "staging", "qa": "qa"}
	rows := []map[string]string{
		{"stack": "prod-eu", "environment": "production", "role": RoleARN(AccountOf("qa"), PreviewRole)},
		{"stack": "staging", "environment": "qa", "role": RoleARN(AccountOf("qa"), PreviewRole)},
		{"stack": "gone", "environment": "qa", "role": RoleARN(AccountOf("qa"), PreviewRole)},
	}
	got := strings.Join(previewProblems(rows, environments), "\n")
	for _, want := range []string{
		`stack prod-eu (production): role "arn:aws:iam::222222222222:role/saleor-github-preview", want "arn:aws:iam::111111111111:role/saleor-github-preview"`,
		`stack staging: matrix environment "qa", its stack file says "staging"`,
		"no Pulumi.gone.yaml",
		"Pulumi.qa.yaml is missing from the preview matrix",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems do not say %q:\n%s", want, got)
		}
	}
}

// TestReleaseOrder: the release runs staging, then production; each job releases its
// environment's stacks primaries first (harness.EnvironmentStacks) with the release role of
// the environment's account, in the GitHub environment of that name.
func TestReleaseOrder(t *testing.T) {
	w := parse(t, "release.yml")
	for _, c := range []struct{ id, needs string }{{"staging", "build"}, {"production", "staging"}} {
		j := job(t, w, c.id)
		if len(j.Needs) != 1 || j.Needs[0].Value != c.needs {
			t.Errorf("job %s needs %v, want %s", c.id, j.Needs, c.needs)
		}
		if j.WorkflowCall == nil || j.WorkflowCall.Uses.Value != "./.github/workflows/release-environment.yml" {
			t.Fatalf("job %s does not call release-environment.yml", c.id)
		}
		input := func(name string) string {
			if in, ok := j.WorkflowCall.Inputs[name]; ok && in.Value != nil {
				return in.Value.Value
			}
			return ""
		}
		want, err := harness.EnvironmentStacks(c.id)
		if err != nil || len(want) == 0 {
			t.Fatalf("environment %s: %v %v", c.id, want, err)
		}
		if got := strings.Fields(input("stacks")); !slices.Equal(got, want) {
			t.Errorf("job %s releases %v, want %v (primaries first)", c.id, got, want)
		}
		if input("environment") != c.id {
			t.Errorf("job %s runs in environment %q", c.id, input("environment"))
		}
		if want := RoleARN(AccountOf(c.id), ReleaseRole); input("role") != want {
			t.Errorf("job %s assumes %q, want %q", c.id, input("role"), want)
		}
	}
	release := job(t, parse(t, "release-environment.yml"), "release")
	if release.Environment == nil || release.Environment.Name.Value != "${{ inputs.environment }}" {
		t.Error("the release job does not run in the GitHub environment it releases to: production's approval would not apply")
	}
}
