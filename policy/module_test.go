package main

import (
	"fmt"
	"maps"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// programModule is the module of the Pulumi program, which requires this one through a
// replace directive from the directory above.
const programModule = "github.com/saleor-platform/infra"

// TestModuleVersionsMatchTheProgram checks that every module the pack and its tests build
// with resolves to the version the program's module resolves it to. The published pack is
// built from this go.mod alone, while the plan and the repository's tests build it within the
// program's module: were a version here behind the program's (after a bump of pulumi sdk/v3
// in the root go.mod), Pulumi Cloud would run other code than the tests checked. Skipped when
// the folder is not inside the repository.
func TestModuleVersionsMatchTheProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list in both modules")
	}
	if root, err := goOutput("..", "list", "-m"); err != nil || strings.TrimSpace(root) != programModule {
		t.Skipf("the folder above is not the program's module %s: %v", programModule, err)
	}
	out, err := goOutput(".", "list", "-deps", "-test",
		"-f", "{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}}{{end}}{{end}}", "./...")
	if err != nil {
		t.Fatal(err)
	}
	pack := versions(out)
	paths := slices.Sorted(maps.Keys(pack))
	out, err = goOutput("..", append([]string{"list", "-m", "-f", "{{.Path}} {{.Version}}"}, paths...)...)
	if err != nil {
		t.Fatal(err)
	}
	program := versions(out)
	for _, path := range paths {
		if program[path] != pack[path] {
			t.Errorf("%s: the pack builds with %s, the program with %s: run go -C policy get %s@%s && go -C policy mod tidy",
				path, pack[path], program[path], path, program[path])
		}
	}
}

// goOutput runs the go command in dir and returns its standard output.
func goOutput(dir string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if exit, ok := err.(*exec.ExitError); ok {
		return "", fmt.Errorf("go %s in %s: %w\n%s", strings.Join(args, " "), dir, err, exit.Stderr)
	}
	return string(out), err
}

// versions parses "path version" lines into path -> version.
func versions(out string) map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if path, version, ok := strings.Cut(line, " "); ok {
			m[path] = version
		}
	}
	return m
}
