package harness

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestDeclaredTableIsCurrent regenerates zz_declared.go from the pinned SDKs and the
// project's constructors and compares: a new resource type in the program, or an SDK bump,
// needs `go generate ./internal/harness`.
func TestDeclaredTableIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("scans the project and the SDK sources")
	}
	fresh := filepath.Join(t.TempDir(), "zz_declared.go")
	if out, err := exec.Command("go", "run", "./gen", "-o", fresh).CombinedOutput(); err != nil {
		t.Fatalf("go run ./gen: %v\n%s", err, out)
	}
	want, err := os.ReadFile(fresh)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("zz_declared.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatal("zz_declared.go is stale: run go generate ./internal/harness")
	}
}

// TestDeclaredTableKnowsEveryAutoNamedAndRuledType: the auto-name and naming-rule tables name
// only types the program constructs and properties their SDK declares, so a typo cannot
// silently switch a rule off.
func TestDeclaredTableKnowsEveryAutoNamedAndRuledType(t *testing.T) {
	for typ, rule := range autoNamed {
		if !isDeclaredInput(typ, rule.Property) {
			t.Errorf("autoNamed: %s has no input %s", typ, rule.Property)
		}
		if rule.FifoFlag != "" && !isDeclaredInput(typ, rule.FifoFlag) {
			t.Errorf("autoNamed: %s has no input %s", typ, rule.FifoFlag)
		}
	}
	for _, r := range nameRules {
		if !isDeclaredInput(r.Type, r.Property) {
			t.Errorf("nameRules: %s has no input %s", r.Type, r.Property)
		}
	}
}
