package deployments

import (
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

// realInputs are the repository's settings.yaml and stack facts.
func realInputs(t *testing.T) (File, []Facts) {
	t.Helper()
	f, err := ParseFile(settingsYAML)
	if err != nil {
		t.Fatal(err)
	}
	facts, err := LoadFacts()
	if err != nil {
		t.Fatal(err)
	}
	return f, facts
}

// realPlan is the plan of the repository's settings and stack files.
func realPlan(t *testing.T) []Stack {
	t.Helper()
	_, stacks, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return stacks
}

// TestEveryStackFileHasSettings: the plan has exactly one entry per Pulumi.<stack>.yaml.
func TestEveryStackFileHasSettings(t *testing.T) {
	names, err := harness.StackNames()
	if err != nil {
		t.Fatal(err)
	}
	var planned []string
	for _, s := range realPlan(t) {
		planned = append(planned, s.Name)
	}
	slices.Sort(planned)
	if !slices.Equal(planned, names) {
		t.Errorf("planned stacks %v, stack files %v", planned, names)
	}
}

// TestSettingsAndStackFilesMustMatch: a stack file without settings, and settings naming a
// stack without a file, are both errors that name the stack.
func TestSettingsAndStackFilesMustMatch(t *testing.T) {
	f, facts := realInputs(t)
	withNewStack := append(slices.Clone(facts), Facts{Name: "demo-globex", Project: "saleor", Environment: "demo"})
	_, err := Plan(f, withNewStack)
	wantProblem(t, err, "stacks: has no entry for stack demo-globex (Pulumi.demo-globex.yaml)")

	var withoutQA []Facts
	for _, s := range facts {
		if s.Name != "qa" {
			withoutQA = append(withoutQA, s)
		}
	}
	_, err = Plan(f, withoutQA)
	wantProblem(t, err, "stacks.qa: names no stack: there is no Pulumi.qa.yaml")
}

// TestSettingsProblemsAreReportedTogether: every problem of a file is reported at once, each
// with its key.
func TestSettingsProblemsAreReportedTogether(t *testing.T) {
	_, facts := realInputs(t)
	bad, err := ParseFile([]byte(strings.ReplaceAll(string(settingsYAML), "repository: saleor-platform/infra", "repository: infra")))
	if err != nil {
		t.Fatal(err)
	}
	bad.Branch = "refs/heads/main"
	bad.Accounts["production"] = Account{ID: "1111", Environments: []string{"production", "staging"}, ESCEnvironment: "aws-production"}
	bad.Stacks["qa"] = StackEntry{Options: Options{
		PreRunCommands:       []string{" "},
		EnvironmentVariables: map[string]EnvVar{"SLACK_TOKEN": {Value: "xoxb-1"}, "1BAD": {Value: "x"}, "OK": {Ciphertext: "not base64!"}},
	}}
	_, err = Plan(bad, facts)
	for _, want := range []string{
		`repository: "infra" is not owner/name`,
		`branch: "refs/heads/main": give the branch name`,
		`accounts.production.id: "1111" is not a 12-digit AWS account ID`,
		`accounts.production.escEnvironment: "aws-production" is not <project>/<environment>`,
		`environments: "staging" is also in account`,
		"stacks.qa.preRunCommands[0]: is empty",
		"stacks.qa.environmentVariables.SLACK_TOKEN: looks like a credential and is plain text",
		"stacks.qa.environmentVariables.1BAD: is not a variable name",
		"stacks.qa.environmentVariables.OK: ciphertext is not base64",
	} {
		wantProblem(t, err, want)
	}
	// Order problems are reported beside the others.
	bad.Stacks["prod-eu"] = StackEntry{DeployAfter: "staging"}
	_, err = Plan(bad, facts)
	for _, want := range []string{`repository: "infra" is not owner/name`, `stacks.prod-eu.deployAfter: "staging" waits for environment staging`} {
		wantProblem(t, err, want)
	}
}

// TestSettingsFileIsReadStrictly: a misspelt key is an error naming it, not a silent default.
func TestSettingsFileIsReadStrictly(t *testing.T) {
	_, err := ParseFile([]byte(strings.Replace(string(settingsYAML), "deployAfter:", "deployAftr:", 1)))
	wantProblem(t, err, "field deployAftr not found")
	_, err = ParseFile([]byte("stacks:\n  qa:\n    environmentVariables:\n      X: {ciphertxt: abc}\n"))
	wantProblem(t, err, "field ciphertxt not found")
}

// TestSecretsOnlyAsCiphertextOfOneStack: a ciphertext is accepted on a stack, not in the
// defaults (it is encrypted for one stack), and is sent as ciphertext.
func TestSecretsOnlyAsCiphertextOfOneStack(t *testing.T) {
	f, facts := realInputs(t)
	f.Stacks["qa"] = StackEntry{Options: Options{EnvironmentVariables: map[string]EnvVar{"SLACK_TOKEN": {Ciphertext: "ZW5jcnlwdGVk"}}}}
	stacks, err := Plan(f, facts)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stacks {
		v, ok := s.Settings.EnvironmentVariables["SLACK_TOKEN"]
		if ok != (s.Name == "qa") || (ok && !v.Secret()) {
			t.Errorf("%s: SLACK_TOKEN %+v (set: %v)", s.Name, v, ok)
		}
	}
	f.Defaults.EnvironmentVariables = map[string]EnvVar{"SLACK_TOKEN": {Ciphertext: "ZW5jcnlwdGVk"}}
	_, err = Plan(f, facts)
	wantProblem(t, err, "defaults.environmentVariables.SLACK_TOKEN: a ciphertext belongs to one stack")
}

// TestStackOptionsOverrideDefaults: a stack's pre-run commands replace the defaults' and its
// variables merge over them by name.
func TestStackOptionsOverrideDefaults(t *testing.T) {
	f, facts := realInputs(t)
	f.Defaults.PreRunCommands = []string{"go build ./..."}
	f.Defaults.EnvironmentVariables = map[string]EnvVar{"LOG_LEVEL": {Value: "info"}, "REGION_HINT": {Value: "eu"}}
	f.Stacks["dev"] = StackEntry{Options: Options{PreRunCommands: []string{"go vet ./stacks"},
		EnvironmentVariables: map[string]EnvVar{"LOG_LEVEL": {Value: "debug"}}}}
	stacks, err := Plan(f, facts)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stacks {
		wantCmd, wantLevel := "go build ./...", "info"
		if s.Name == "dev" {
			wantCmd, wantLevel = "go vet ./stacks", "debug"
		}
		got := s.Settings
		if !slices.Equal(got.PreRunCommands, []string{wantCmd}) || got.EnvironmentVariables["LOG_LEVEL"].Value != wantLevel ||
			got.EnvironmentVariables["REGION_HINT"].Value != "eu" {
			t.Errorf("%s: pre-run %q, variables %+v", s.Name, got.PreRunCommands, got.EnvironmentVariables)
		}
	}
}

// TestEachStackDeploysWithItsAccountsRole: production stacks assume the production account's
// deploy role, every other stack the non-production account's.
func TestEachStackDeploysWithItsAccountsRole(t *testing.T) {
	f, facts := realInputs(t)
	env := map[string]string{}
	for _, s := range facts {
		env[s.Name] = s.Environment
	}
	for _, s := range realPlan(t) {
		account := "nonproduction"
		if env[s.Name] == "production" {
			account = "production"
		}
		if want := "arn:aws:iam::" + f.Accounts[account].ID + ":role/saleor-pulumi-deploy"; s.Settings.RoleARN != want {
			t.Errorf("%s (%s) assumes %s, want %s", s.Name, env[s.Name], s.Settings.RoleARN, want)
		}
		if s.Settings.SessionDuration != "1h" || !strings.Contains(s.Settings.SessionName, "${deployment.version}") {
			t.Errorf("%s: session %q for %s", s.Name, s.Settings.SessionName, s.Settings.SessionDuration)
		}
	}
}

// wantProblem fails unless err's text contains want.
func wantProblem(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v\nlacks %q", err, want)
	}
}
