package harness

import (
	"strings"
	"testing"
)

// TestStackFilesPassTheCLIConfigChecks: every stack file passes the Pulumi CLI's own config
// validation (required keys, declared types, secrets), which LoadStack calls.
func TestStackFilesPassTheCLIConfigChecks(t *testing.T) {
	names, err := StackNames()
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no Pulumi.<stack>.yaml found")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			s, err := LoadStack(name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.resolved(); err != nil {
				t.Errorf("the loaded config fails the CLI's check again: %v", err)
			}
		})
	}
}

// TestCLIConfigChecksRefuse: a changed stack config is refused as the Pulumi CLI refuses
// it, with the CLI's message.
func TestCLIConfigChecksRefuse(t *testing.T) {
	names, err := StackNames()
	if err != nil || len(names) == 0 {
		t.Fatalf("stack files: %v %v", names, err)
	}
	base, err := LoadStack(names[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		change map[string]string
		want   string
	}{
		{"a required key unset", map[string]string{"saleor:owner": ""}, "is missing configuration value 'owner'"},
		{"an integer that is not one", map[string]string{"saleor:wafRateLimit": "lots"}, "'wafRateLimit' must be of type 'integer'"},
		{"a list that is a string", map[string]string{"saleor:regionalDomains": "nl"}, "'regionalDomains' must be of type 'array<string>'"},
		{"an object that is a string", map[string]string{"saleor:dashboard": "vercel"}, "'dashboard' must be of type 'object'"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := base.With(c.change).resolved()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
			if _, runErr := Run(nil, base.With(c.change)); runErr == nil || runErr.Error() != err.Error() {
				t.Errorf("Run does not refuse the stack as the CLI does: %v", runErr)
			}
		})
	}
}

// TestUnsetKeysTakeTheDeclaredDefault: a key unset with With takes Pulumi.yaml's default, as
// `pulumi config rm` does.
func TestUnsetKeysTakeTheDeclaredDefault(t *testing.T) {
	names, err := StackNames()
	if err != nil || len(names) == 0 {
		t.Fatalf("stack files: %v %v", names, err)
	}
	base, err := LoadStack(names[0])
	if err != nil {
		t.Fatal(err)
	}
	decls, err := DeclaredConfig()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range decls {
		if d.Default == "" {
			continue
		}
		s, err := base.With(map[string]string{d.Key: ""}).resolved()
		if err != nil {
			t.Fatal(err)
		}
		if s.Config[d.Key] != d.Default {
			t.Errorf("%s unset reads %q, want the declared default %q", d.Key, s.Config[d.Key], d.Default)
		}
	}
}
