package stacks

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

// owner is the change that makes the test stack own its account's services.
var owner = map[string]string{"saleor:manageAccountSecurity": "true"}

func withOwner(change map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range owner {
		out[k] = v
	}
	for k, v := range change {
		out[k] = v
	}
	return out
}

// TestDeliveryDefaults: the owning stack serves this repository, the account's stacks
// (prod-* in production; itself and its regional stacks elsewhere), the environment's ESC
// environment and its GitHub release environment; other stacks read no delivery settings.
func TestDeliveryDefaults(t *testing.T) {
	c, err := parseStack(t, "prod-test", owner)
	if err != nil {
		t.Fatal(err)
	}
	d := c.Delivery
	if d == nil || d.GitHubRepository != "saleor-platform/infra" || !slices.Equal(d.Stacks, []string{"prod-*"}) ||
		d.ESCEnvironment != "saleor/aws-production" || !slices.Equal(d.GitHubEnvironments, []string{"production"}) || d.PulumiOrganization != "" {
		t.Errorf("production defaults: %+v", d)
	}
	c, err = parseStack(t, "staging", withOwner(map[string]string{"saleor:environment": "staging", "saleor:secondaryRegion": "", "saleor:alertRecipients": ""}))
	if err != nil {
		t.Fatal(err)
	}
	if d := c.Delivery; d == nil || !slices.Equal(d.Stacks, []string{"staging", "staging-*"}) ||
		d.ESCEnvironment != "saleor/aws-nonproduction" || !slices.Equal(d.GitHubEnvironments, []string{"staging"}) {
		t.Errorf("staging defaults: %+v", d)
	}
	if c, err := parse(t, nil); err != nil || c.Delivery != nil {
		t.Errorf("a stack that does not own the account's services has delivery settings %+v (%v)", c.Delivery, err)
	}
}

// TestDeliveryBadInputsNameTheKey: every bad saleor:delivery field is reported, all at once,
// each naming the key, the field and what is allowed.
func TestDeliveryBadInputsNameTheKey(t *testing.T) {
	_, err := parse(t, withOwner(map[string]string{"saleor:delivery": `{"githubRepository": "saleor-platform/*",
		"pulumiOrganization": "Saleor Platform", "stacks": ["*", "qa"], "escEnvironment": "aws-production",
		"githubEnvironments": ["prod*"]}`}))
	var ce ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("want a ConfigError, got %v", err)
	}
	for _, want := range []string{
		`githubRepository: "saleor-platform/*" is not a GitHub repository "<owner>/<name>"`,
		`pulumiOrganization: "Saleor Platform" is not a Pulumi Cloud organisation name`,
		`stacks: "*" is not a stack name or pattern`,
		`escEnvironment: "aws-production" is not an ESC environment "<project>/<name>"`,
		`githubEnvironments: "prod*" is not a GitHub environment name`,
	} {
		if !slices.ContainsFunc(ce, func(p Problem) bool { return p.Key == "saleor:delivery" && strings.Contains(p.Message, want) }) {
			t.Errorf("no saleor:delivery problem %q in:\n%v", want, err)
		}
	}
	for _, c := range []struct{ name, value, says string }{
		{"unknown field", `{"repository": "a/b"}`, "unknown field"},
		{"empty stacks", `{"stacks": []}`, `stacks: is empty; list the stacks of the account, this one ("test") among them`},
		{"stacks without this one", `{"stacks": ["prod-*", "qa"]}`, `stacks: ["prod-*" "qa"] does not include this stack, "test"`},
	} {
		_, err := parse(t, withOwner(map[string]string{"saleor:delivery": c.value}))
		if err == nil || !strings.Contains(err.Error(), "saleor:delivery: ") || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	_, err = parse(t, map[string]string{"saleor:delivery": `{"stacks": ["test"]}`})
	if err == nil || !strings.Contains(err.Error(), "saleor:delivery: is set, but this stack does not own the account's services") {
		t.Errorf("delivery settings on a stack that creates no identities: %v", err)
	}
}

// TestDeliveryOrganization: the organisation is the configured one, else the stack's own in
// Pulumi Cloud; a self-managed backend's placeholder is refused, naming the key.
func TestDeliveryOrganization(t *testing.T) {
	for _, c := range []struct{ configured, stackOrg, want, err string }{
		{"", "acme", "acme", ""},
		{"saleor-platform", "acme", "saleor-platform", ""},
		{"saleor-platform", harness.Organization, "saleor-platform", ""},
		{"", harness.Organization, "", `saleor:delivery: pulumiOrganization: is required`},
		{"", "", "", `saleor:delivery: pulumiOrganization: is required`},
		{"", "Acme Corp", "", `saleor:delivery: pulumiOrganization: the stack's organisation "Acme Corp" is not`},
	} {
		d := &DeliveryConfig{PulumiOrganization: c.configured}
		got, err := d.Organization(c.stackOrg)
		if got != c.want || (err == nil) != (c.err == "") || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("configured %q, stack's %q: %q, %v; want %q, %s", c.configured, c.stackOrg, got, err, c.want, c.err)
		}
	}
}

// TestDefaultRepositoryIsThisModule: the default repository is the one go.mod's module path
// names, so the preview and release roles trust this repository.
func TestDefaultRepositoryIsThisModule(t *testing.T) {
	root, err := harness.ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(data), "\n")
	if got := strings.TrimPrefix(strings.TrimSpace(first), "module github.com/"); got != DefaultRepository {
		t.Errorf("go.mod starts %q, DefaultRepository is %s", first, DefaultRepository)
	}
}
