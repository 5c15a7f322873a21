package engine_test

import (
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/saleor-platform/infra/internal/harness"
)

// TestEngineRefusesStackMissingRequiredConfig: a stack file without a key Pulumi.yaml declares
// without a default is refused by the real CLI before the program runs, naming the key.
func TestEngineRefusesStackMissingRequiredConfig(t *testing.T) {
	names, err := harness.StackNames()
	if err != nil {
		t.Fatal(err)
	}
	stack, err := harness.LoadStack(names[0])
	if err != nil {
		t.Fatal(err)
	}
	key := requiredKeySetBy(t, stack)
	file := stackFileWithout(t, stack.Name, key)

	s := open(t, stack.Name, file, "")
	preview, err := timed(t, stack.Name+" without "+key+": preview", s.Preview)
	if err == nil {
		t.Fatalf("the CLI previewed %s without %s", stack.Name, key)
	}
	short := strings.TrimPrefix(key, stack.Project+":")
	if msg := err.Error(); !strings.Contains(msg, "missing configuration") || !strings.Contains(msg, "'"+short+"'") {
		t.Errorf("the CLI refused %s without %s, but not with its missing configuration error naming '%s': %v", stack.Name, key, short, err)
	}
	if len(preview.Steps) > 0 {
		t.Errorf("the engine planned %d steps of a stack with missing configuration", len(preview.Steps))
	}
}

// requiredKeySetBy returns a key of the project that Pulumi.yaml declares without a default
// (the CLI requires it) and the stack file sets.
func requiredKeySetBy(t *testing.T, stack harness.Stack) string {
	t.Helper()
	project, err := workspace.LoadProject(projectFile(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(project.Config)) {
		decl := project.Config[name]
		key := stack.Project + ":" + name
		if !strings.Contains(name, ":") && decl.Default == nil && decl.Value == nil && stack.Config[key] != "" {
			return key
		}
	}
	t.Fatalf("Pulumi.%s.yaml sets no key that Pulumi.yaml declares without a default", stack.Name)
	return ""
}

// stackFileWithout writes a copy of Pulumi.<stack>.yaml without key into a temporary
// directory and returns its path.
func stackFileWithout(t *testing.T, stack, key string) string {
	t.Helper()
	project, err := workspace.LoadProject(projectFile(t))
	if err != nil {
		t.Fatal(err)
	}
	quiet := diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never})
	ps, err := workspace.LoadProjectStack(quiet, project, stackFile(t, stack))
	if err != nil {
		t.Fatal(err)
	}
	k, err := config.ParseKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := ps.Config.Remove(k, false); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "Pulumi."+stack+".yaml")
	if err := ps.Save(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestEngineFailsStackUnderStricterPolicyConfig: a non-production stack previewed with the
// production policy config fails on the mandatory violations the offline evaluation finds
// under that config, exactly those.
func TestEngineFailsStackUnderStricterPolicyConfig(t *testing.T) {
	const strict = "production"
	names, err := harness.StackNames()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		stack, err := harness.LoadStack(name)
		if err != nil {
			t.Fatal(err)
		}
		if environmentOf(t, stack) == strict {
			continue
		}
		planned, diags := offline(t, stack, strict, harness.Preview())
		want := offlineViolations(diags, policyx.EnforcementLevelMandatory)
		if len(want) == 0 {
			continue
		}

		s := open(t, name, stackFile(t, name), policyConfigFile(t, strict))
		preview, err := timed(t, name+" under "+strict+".json: preview", s.Preview)
		if err == nil {
			t.Fatalf("the preview of %s under %s.json succeeded; offline it has %d mandatory violations:%s", name, strict, len(want), listed(want))
		}
		got := engineViolations(preview.Policy, "mandatory", planned.Stack)
		if len(got) == 0 {
			t.Fatalf("the preview of %s under %s.json failed, but on no mandatory violation: %v", name, strict, err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("the engine's mandatory violations of %s under %s.json differ from the offline evaluation's\nonly from the engine:%s\nonly offline:%s",
				name, strict, listed(subtract(got, want)), listed(subtract(want, got)))
		}
		t.Logf("%s under %s.json: the engine refused it with %d mandatory violations", name, strict, len(got))
		return
	}
	t.Skipf("no stack outside %s has a mandatory violation under %s.json", strict, strict)
}
