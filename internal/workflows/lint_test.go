package workflows

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"

	"github.com/saleor-platform/infra/internal/harness"
)

// workflowFiles returns the repository root and the paths of its workflow files.
func workflowFiles(t *testing.T) (root string, paths []string) {
	t.Helper()
	root, err := harness.ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	for _, pattern := range []string{"*.yml", "*.yaml"} {
		found, err := filepath.Glob(filepath.Join(root, ".github", "workflows", pattern))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, found...)
	}
	if len(paths) == 0 {
		t.Fatal("no workflow in .github/workflows")
	}
	return root, paths
}

// newLinter is actionlint as its command runs it, with shellcheck on the run: scripts when
// the machine has it (actionlint skips that check otherwise).
func newLinter(t *testing.T) *actionlint.Linter {
	t.Helper()
	opts := &actionlint.LinterOptions{Color: actionlint.ColorOptionKindNever}
	if path, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = path
	}
	l, err := actionlint.NewLinter(io.Discard, opts)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestWorkflowsPassActionlint lints every workflow as one project, so that a call of a
// reusable workflow is checked against the inputs it declares.
func TestWorkflowsPassActionlint(t *testing.T) {
	root, paths := workflowFiles(t)
	project, err := actionlint.NewProject(root)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := newLinter(t).LintFiles(paths, project)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("%s:%d:%d: %s [%s]", e.Filepath, e.Line, e.Column, e.Message, e.Kind)
	}
}

// TestActionlintRejectsBrokenWorkflows: the lint above can fail; each broken workflow
// yields an error of the kind named.
func TestActionlintRejectsBrokenWorkflows(t *testing.T) {
	const valid = "on: push\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n"
	if errs, err := newLinter(t).Lint("valid.yml", []byte(valid), nil); err != nil || len(errs) != 0 {
		t.Fatalf("the valid workflow: %v %v", errs, err)
	}
	for _, c := range []struct{ name, kind, workflow string }{
		{"no runs-on", "syntax-check", strings.Replace(valid, "    runs-on: ubuntu-latest\n", "", 1)},
		{"unknown event", "events", strings.Replace(valid, "on: push", "on: pushed", 1)},
		{"unknown permission", "permissions", strings.Replace(valid, "permissions: {}", "permissions:\n  pull-request: write", 1)},
		{"undefined context", "expression", strings.Replace(valid, "go test ./...", "echo ${{ matrix.stack }}", 1)},
		{"needs an unknown job", "job-needs", strings.Replace(valid, "    runs-on:", "    needs: build\n    runs-on:", 1)},
	} {
		errs, err := newLinter(t).Lint(c.name+".yml", []byte(c.workflow), nil)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range errs {
			found = found || e.Kind == c.kind
		}
		if !found {
			t.Errorf("%s: no %s error in %v", c.name, c.kind, errs)
		}
	}
}

// TestNoWorkflowDestroys: no workflow runs `pulumi destroy` (or the action's destroy
// command); the word does not appear in any workflow at all.
func TestNoWorkflowDestroys(t *testing.T) {
	_, paths := workflowFiles(t)
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if strings.Contains(strings.ToLower(line), "destroy") {
				t.Errorf("%s:%d mentions destroy: %s", filepath.Base(path), i+1, strings.TrimSpace(line))
			}
		}
	}
}

// usesLine matches a step's or a job's uses: and captures the action or workflow.
var usesLine = regexp.MustCompile(`^\s*(?:-\s+)?uses:\s*(\S+)`)

// majorOrExact is a ref that pins a release: a major tag (v7), a version (v7.0.1) or a commit.
var majorOrExact = regexp.MustCompile(`^(v\d+(\.\d+){0,2}|[0-9a-f]{40})$`)

// TestWorkflowsPinActionsAndDropPermissions: every third-party action is pinned at least by
// its major version (no branch), and every workflow grants nothing at the top level, each
// job asking for what it needs.
func TestWorkflowsPinActionsAndDropPermissions(t *testing.T) {
	_, paths := workflowFiles(t)
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(path)
		if !regexp.MustCompile(`(?m)^permissions: \{\}$`).Match(data) {
			t.Errorf("%s: no top-level `permissions: {}`", name)
		}
		for i, line := range strings.Split(string(data), "\n") {
			m := usesLine.FindStringSubmatch(line)
			if m == nil || strings.HasPrefix(m[1], "./") {
				continue
			}
			_, ref, ok := strings.Cut(m[1], "@")
			if !ok || !majorOrExact.MatchString(ref) {
				t.Errorf("%s:%d: %s is not pinned to a release or commit", name, i+1, m[1])
			}
		}
	}
}
