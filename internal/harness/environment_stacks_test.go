package harness

import (
	"maps"
	"slices"
	"testing"
)

// TestEnvironmentStacksPartitionTheStackFiles: every stack file is listed under its own
// saleor:environment and no other, primaries before the stacks that reference one, and each
// environment's references stay inside it, so RunEnvironment can order it; StackEnvironments
// reads each file's environment as LoadStack does.
func TestEnvironmentStacksPartitionTheStackFiles(t *testing.T) {
	names, err := StackNames()
	if err != nil || len(names) == 0 {
		t.Fatalf("stack files: %v %v", names, err)
	}
	environmentOf := map[string]string{}
	for _, name := range names {
		s, err := LoadStack(name)
		if err != nil {
			t.Fatal(err)
		}
		environmentOf[name] = s.Config[EnvironmentKey]
	}
	if read, err := StackEnvironments(); err != nil || !maps.Equal(read, environmentOf) {
		t.Errorf("StackEnvironments %v (%v), the loaded stacks say %v", read, err, environmentOf)
	}
	var listed []string
	for _, env := range slices.Sorted(maps.Values(environmentOf)) {
		if slices.Contains(listed, env) {
			continue
		}
		listed = append(listed, env)
		got, err := EnvironmentStacks(env)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for name, e := range environmentOf {
			if e == env {
				want = append(want, name)
			}
		}
		if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
			t.Errorf("environment %s lists %v, the stack files say %v", env, got, want)
		}
		stacks, err := LoadEnvironment(env)
		if err != nil {
			t.Fatal(err)
		}
		seenRegional := false
		for _, s := range stacks {
			regional := s.Config[PrimaryStackKey] != ""
			if seenRegional && !regional {
				t.Errorf("environment %s: primary %s listed after a regional stack: %v", env, s.Name, got)
			}
			seenRegional = seenRegional || regional
		}
		if _, err := runOrder(stacks); err != nil {
			t.Errorf("environment %s: %v", env, err)
		}
	}
	if got, err := EnvironmentStacks("no-such-environment"); err != nil || len(got) != 0 {
		t.Errorf("an unknown environment lists %v, %v", got, err)
	}
	if _, err := LoadEnvironment("no-such-environment"); err == nil {
		t.Error("loading an unknown environment succeeds")
	}
}
