package deployments

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

// globRegexp translates a path filter glob as Pulumi Deployments documents it (matched against
// the whole repository path; `*` within a directory, `**` across directories) to a regexp.
func globRegexp(glob string) *regexp.Regexp {
	var b strings.Builder
	for i := 0; i < len(glob); i++ {
		switch {
		case strings.HasPrefix(glob[i:], "**/"):
			b.WriteString("(.*/)?")
			i += 2
		case strings.HasPrefix(glob[i:], "**"):
			b.WriteString(".*")
			i++
		case glob[i] == '*':
			b.WriteString("[^/]*")
		case glob[i] == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		}
	}
	return regexp.MustCompile("^" + b.String() + "$")
}

// triggers says whether a change to path passes the filters: it matches an include filter
// (or there is none) and no exclude filter, which always wins.
func triggers(filters []string, path string) bool {
	included, hasInclude := false, false
	for _, f := range filters {
		if rest, ok := strings.CutPrefix(f, "!"); ok {
			if globRegexp(rest).MatchString(path) {
				return false
			}
			continue
		}
		hasInclude = true
		included = included || globRegexp(f).MatchString(path)
	}
	return included || !hasInclude
}

// programFiles lists, relative to the repository root, the non-test Go files of every package
// of this module that the program (the root package, main.go) is built from.
func programFiles(t *testing.T) []string {
	t.Helper()
	root, err := harness.ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "list", "-deps", "-f", `{{if .Module}}{{if .Module.Main}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}
{{end}}{{end}}{{end}}`, ".")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var files []string
	for _, abs := range strings.Fields(string(out)) {
		rel, err := filepath.Rel(root, abs)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, filepath.ToSlash(rel))
	}
	if !slices.Contains(files, "main.go") || !slices.ContainsFunc(files, func(f string) bool { return strings.HasPrefix(f, "stacks/") }) {
		t.Fatalf("go list found %d program files without main.go or stacks/: %v", len(files), files)
	}
	return files
}

// TestPathFiltersCoverTheProgram: a change to any file the program is built from, to its
// module files, Pulumi.yaml, the policy pack or the stack's own file deploys the stack; a
// change to docs, tests or another chain's stack file does not.
func TestPathFiltersCoverTheProgram(t *testing.T) {
	program := append(programFiles(t), "go.mod", "go.sum", "Pulumi.yaml", "policy/main.go", "policy/config/production.json")
	for _, s := range realPlan(t) {
		paths := s.Settings.Paths
		for _, f := range append(program, stackFile(s.Name)) {
			if !triggers(paths, f) {
				t.Errorf("%s: a change to %s deploys nothing: add it to programPaths", s.Name, f)
			}
		}
		for _, f := range []string{"README.md", "docs/delivery.md", "stacks/stacks_test.go", "stacks/testdata/x.json",
			"cmd/plan/main.go", "deploy/deployments/settings.yaml", ".github/workflows/pr.yml", "Pulumi.qa.yaml"} {
			if s.Name != "qa" && triggers(paths, f) {
				t.Errorf("%s: a change to %s would deploy it", s.Name, f)
			}
		}
	}
}

// TestAChangeToAStackFileRunsItsChain: a push that changes only Pulumi.<stack>.yaml deploys the
// pushed stack that starts the stack's chain, so the change reaches the stack.
func TestAChangeToAStackFileRunsItsChain(t *testing.T) {
	stacks := realPlan(t)
	after := map[string]string{}
	for _, s := range stacks {
		after[s.Name] = s.After
	}
	for _, s := range stacks {
		chain, _ := ancestors(after, s.Name)
		start := s.Name
		if len(chain) > 0 {
			start = chain[len(chain)-1]
		}
		var pushed []string
		for _, p := range stacks {
			if p.Settings.DeployCommits && triggers(p.Settings.Paths, stackFile(s.Name)) {
				pushed = append(pushed, p.Name)
			}
		}
		if !slices.Equal(pushed, []string{start}) {
			t.Errorf("a change to %s deploys %v on push, want %s, which starts its chain", stackFile(s.Name), pushed, start)
		}
	}
}

// TestGlobSemantics pins the matcher the path tests rely on.
func TestGlobSemantics(t *testing.T) {
	for _, c := range []struct {
		filters []string
		path    string
		want    bool
	}{
		{[]string{"*.go"}, "main.go", true},
		{[]string{"*.go"}, "stacks/program.go", false},
		{[]string{"stacks/**"}, "stacks/a/b.go", true},
		{[]string{"stacks/**", "!**/*_test.go"}, "stacks/a_test.go", false},
		{[]string{"!docs/**"}, "main.go", true},
		{[]string{"Pulumi.yaml"}, "Pulumi.qa.yaml", false},
	} {
		if got := triggers(c.filters, c.path); got != c.want {
			t.Errorf("%v on %s: %v, want %v", c.filters, c.path, got, c.want)
		}
	}
}
