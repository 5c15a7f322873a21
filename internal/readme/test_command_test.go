package readme_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

// testCommandMark ends the README line that gives the command running every test.
const testCommandMark = "# every test"

// TestReadmeTestCommandIsCI checks that .ci/run runs the README's test command (each command
// of its && list as a line of its own, in order, which `set -e` stops at the first failure),
// so that whoever runs it runs what CI runs, and that it tests every Go module of the
// repository: `go test ./...` stops at a nested go.mod (the policy pack's), so each nested
// module needs its own `go -C <dir> test ./...`.
func TestReadmeTestCommandIsCI(t *testing.T) {
	root, err := harness.ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	command := ""
	for _, line := range strings.Split(readFile(t, filepath.Join(root, "README.md")), "\n") {
		if before, _, ok := strings.Cut(line, testCommandMark); ok {
			command = strings.TrimSpace(before)
			break
		}
	}
	if command == "" {
		t.Fatalf("README.md has no line with %q giving the test command", testCommandMark)
	}
	steps := strings.Split(command, " && ")
	next := 0
	for _, line := range strings.Split(readFile(t, filepath.Join(root, ".ci", "run")), "\n") {
		if next < len(steps) && strings.TrimSpace(line) == steps[next] {
			next++
		}
	}
	if next < len(steps) {
		t.Errorf(".ci/run does not run the README's test command %q: no line %q after the earlier steps",
			command, steps[next])
	}
	for _, dir := range moduleDirs(t, root) {
		want := "go test ./..."
		if dir != "." {
			want = "go -C " + dir + " test ./..."
		}
		if !strings.Contains(command, want) {
			t.Errorf("the test command %q does not test the module in %s: add %q", command, dir, want)
		}
	}
}

// moduleDirs lists the directories, relative to root, that hold a go.mod, outside testdata.
func moduleDirs(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.Name() == "go.mod" {
			rel, err := filepath.Rel(root, filepath.Dir(path))
			if err != nil {
				return err
			}
			dirs = append(dirs, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
