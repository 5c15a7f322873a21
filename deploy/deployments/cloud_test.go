package deployments

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/saleor-platform/infra/deploy/deployments/fakecloud"
)

// TestSecretVariablesTravelAsCiphertext: a secret variable is sent as the ciphertext of the
// settings file, never as plain text, and is in step once Pulumi Cloud holds that ciphertext;
// a different ciphertext is drift.
func TestSecretVariablesTravelAsCiphertext(t *testing.T) {
	f, facts := realInputs(t)
	ciphertext := base64.StdEncoding.EncodeToString(fakecloud.Ciphertext("xoxb-1"))
	f.Stacks["qa"] = StackEntry{Options: Options{EnvironmentVariables: map[string]EnvVar{
		"SLACK_TOKEN": {Ciphertext: ciphertext}, "LOG_LEVEL": {Value: "debug"}}}}
	stacks, err := Plan(f, facts)
	if err != nil {
		t.Fatal(err)
	}
	var qa []Stack
	for _, s := range stacks {
		if s.Name == "qa" {
			qa = append(qa, s)
		}
	}
	cloud := fakecloud.New(t, "acme", "saleor/qa")
	c, err := NewClient(cloud.URL, fakecloud.Token, http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	reports, err := Check(ctx, c, "acme", qa)
	if err != nil {
		t.Fatal(err)
	}
	if err := Apply(ctx, c, "acme", reports); err != nil {
		t.Fatal(err)
	}
	for _, r := range cloud.Requests() {
		if r.Method == http.MethodPost && (!bytes.Contains(r.Body, []byte(`"SLACK_TOKEN":{"ciphertext":"`+ciphertext+`"}`)) ||
			!bytes.Contains(r.Body, []byte(`"LOG_LEVEL":"debug"`)) || bytes.Contains(r.Body, []byte("xoxb-1"))) {
			t.Errorf("PATCH body: %s", r.Body)
		}
	}
	reports, err = Check(ctx, c, "acme", qa)
	if err != nil || len(reports[0].Differences) != 0 {
		t.Errorf("after apply: %v, %v", reports[0].Differences, err)
	}

	qa[0].Settings.EnvironmentVariables = map[string]EnvVar{"SLACK_TOKEN": {Ciphertext: base64.StdEncoding.EncodeToString(fakecloud.Ciphertext("xoxb-2"))},
		"LOG_LEVEL": {Value: "debug"}}
	reports, _ = Check(ctx, c, "acme", qa)
	if len(reports[0].Differences) != 1 || reports[0].Differences[0].Field != "operationContext.environmentVariables.SLACK_TOKEN" {
		t.Errorf("a new ciphertext: differences %v", reports[0].Differences)
	}
}

// TestBackendURL: the API URL follows PULUMI_BACKEND_URL as the CLI reads it.
func TestBackendURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "https://api.pulumi.com",
		"https://app.pulumi.com":   "https://api.pulumi.com",
		"https://api.pulumi.com/":  "https://api.pulumi.com",
		"https://pulumi.corp.test": "https://pulumi.corp.test",
		"file:///tmp/state":        "",
		"s3://bucket":              "",
	} {
		got, err := apiURL(in)
		if got != want || (err != nil) != (want == "") {
			t.Errorf("apiURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
