package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-cloud-sdk/go/apitype"

	"github.com/saleor-platform/infra/deploy/deployments"
	"github.com/saleor-platform/infra/deploy/deployments/fakecloud"
	"github.com/saleor-platform/infra/internal/harness"
)

const org = "acme"

// cloud is a fake Pulumi Cloud holding every stack of the repository, without settings.
func cloud(t *testing.T) *fakecloud.Server {
	t.Helper()
	names, err := harness.StackNames()
	if err != nil {
		t.Fatal(err)
	}
	var stacks []string
	for _, n := range names {
		stacks = append(stacks, "saleor/"+n)
	}
	return fakecloud.New(t, org, stacks...)
}

// deploymentsCmd runs the command against the fake with the fake's token.
func deploymentsCmd(t *testing.T, c *fakecloud.Server, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	env := map[string]string{"PULUMI_BACKEND_URL": c.URL, "PULUMI_ACCESS_TOKEN": fakecloud.Token}
	var out, errs bytes.Buffer
	code = run(append([]string{"-org", org}, args...), func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errs, http.DefaultClient)
	return code, out.String(), errs.String()
}

// writes are the requests that change something.
func writes(reqs []fakecloud.Request) []fakecloud.Request {
	var out []fakecloud.Request
	for _, r := range reqs {
		if r.Method != http.MethodGet {
			out = append(out, r)
		}
	}
	return out
}

// TestApplyWritesEveryStackThenNothing: against an organisation without settings, -check
// reports drift on every stack and writes nothing; -apply PATCHes each stack's settings and
// creates its triggers, each request authenticated and on the stack's own path; afterwards
// -check is in step and a second -apply writes nothing.
func TestApplyWritesEveryStackThenNothing(t *testing.T) {
	c := cloud(t)
	_, plan, err := deployments.Load()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := deploymentsCmd(t, c, "", "-check")
	if code != 1 || len(writes(c.Requests())) != 0 {
		t.Fatalf("-check on empty settings: exit %d, want 1 and no writes\n%s%s", code, out, errs)
	}
	for _, s := range plan {
		if !strings.Contains(out, s.Name+": ") || strings.Contains(out, s.Name+": in step") {
			t.Errorf("-check does not report drift of %s:\n%s", s.Name, out)
		}
	}

	code, out, errs = deploymentsCmd(t, c, "", "-apply")
	if code != 0 {
		t.Fatalf("-apply: exit %d\n%s%s", code, out, errs)
	}
	reqs := c.Requests()
	for _, r := range reqs {
		if r.Authorization != "token "+fakecloud.Token {
			t.Errorf("%s %s sent Authorization %q", r.Method, r.Path, r.Authorization)
		}
	}
	var patched, created []string
	for _, r := range writes(reqs) {
		switch {
		case r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/deployments/settings"):
			patched = append(patched, strings.TrimSuffix(strings.TrimPrefix(r.Path, "/api/stacks/"+org+"/saleor/"), "/deployments/settings"))
		case r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/hooks"):
			created = append(created, r.Path)
		default:
			t.Errorf("unexpected write %s %s", r.Method, r.Path)
		}
	}
	var want, wantHooks []string
	for _, s := range plan {
		want = append(want, s.Name)
		for range s.Triggers {
			wantHooks = append(wantHooks, "/api/stacks/"+org+"/saleor/"+s.Name+"/hooks")
		}
	}
	slices.Sort(patched)
	slices.Sort(want)
	if !slices.Equal(patched, want) || !slices.Equal(created, wantHooks) {
		t.Errorf("-apply patched %v and created hooks %v, want %v and %v", patched, created, want, wantHooks)
	}

	code, out, _ = deploymentsCmd(t, c, "", "-check")
	if code != 0 || strings.Count(out, ": in step") != len(plan) {
		t.Errorf("-check after -apply: exit %d\n%s", code, out)
	}
	c.Requests()
	if code, out, _ = deploymentsCmd(t, c, "", "-apply"); code != 0 || len(writes(c.Requests())) != 0 {
		t.Errorf("second -apply: exit %d, writes %v\n%s", code, writes(c.Requests()), out)
	}
}

// TestApplyBodies: what -apply sends for a production stack: push-to-deploy off, no PR
// previews, main of this repository, the production deploy role, and a trigger on prod-eu
// that deploys each production regional stack when prod-eu's update succeeds.
func TestApplyBodies(t *testing.T) {
	c := cloud(t)
	if code, out, errs := deploymentsCmd(t, c, "", "-apply", "-stack", "prod-eu"); code != 0 {
		t.Fatalf("-apply: exit %d\n%s%s", code, out, errs)
	}
	var body struct {
		SourceContext struct {
			Git struct{ RepoURL, Branch string } `json:"git"`
		} `json:"sourceContext"`
		GitHub struct {
			Repository          string   `json:"repository"`
			DeployCommits       *bool    `json:"deployCommits"`
			PreviewPullRequests *bool    `json:"previewPullRequests"`
			Paths               []string `json:"paths"`
		} `json:"gitHub"`
		Operation struct {
			OIDC struct {
				AWS struct{ RoleArn, SessionName, Duration string } `json:"aws"`
			} `json:"oidc"`
		} `json:"operationContext"`
	}
	var hooks []apitype.Webhook
	for _, r := range writes(c.Requests()) {
		switch r.Path {
		case "/api/stacks/acme/saleor/prod-eu/deployments/settings":
			if err := json.Unmarshal(r.Body, &body); err != nil {
				t.Fatal(err)
			}
		case "/api/stacks/acme/saleor/prod-eu/hooks":
			var h apitype.Webhook
			if err := json.Unmarshal(r.Body, &h); err != nil {
				t.Fatal(err)
			}
			hooks = append(hooks, h)
		default:
			t.Errorf("-stack prod-eu wrote %s %s", r.Method, r.Path)
		}
	}
	g, aws := body.GitHub, body.Operation.OIDC.AWS
	if body.SourceContext.Git.RepoURL != "https://github.com/saleor-platform/infra.git" || body.SourceContext.Git.Branch != "refs/heads/main" ||
		g.Repository != "saleor-platform/infra" || g.DeployCommits == nil || *g.DeployCommits || g.PreviewPullRequests == nil || *g.PreviewPullRequests ||
		!slices.Contains(g.Paths, "Pulumi.prod-eu.yaml") || !slices.Contains(g.Paths, "Pulumi.prod-na.yaml") ||
		aws.RoleArn != "arn:aws:iam::111111111111:role/saleor-pulumi-deploy" || aws.Duration != "1h" {
		t.Errorf("prod-eu settings body: %+v", body)
	}
	var targets []string
	for _, h := range hooks {
		if h.Format == nil || *h.Format != "pulumi_deployments" || !slices.Equal(h.Filters, []string{"update_succeeded"}) || !h.Active ||
			h.OrganizationName != org || *h.StackName != "prod-eu" || h.Name != "deploy-"+strings.TrimPrefix(h.PayloadURL, "saleor/") {
			t.Errorf("trigger on prod-eu: %+v", h)
		}
		targets = append(targets, h.PayloadURL)
	}
	slices.Sort(targets)
	if !slices.Equal(targets, []string{"saleor/prod-benelux", "saleor/prod-na"}) {
		t.Errorf("triggers on prod-eu deploy %v", targets)
	}
}

// TestCheckReportsDriftFieldByField: every field someone changed by hand is reported with the
// planned and the held value, a stray trigger too, other webhooks are ignored, and -apply
// repairs exactly that stack: the stray variable is removed (null), the stray trigger deleted.
func TestCheckReportsDriftFieldByField(t *testing.T) {
	c := cloud(t)
	if code, _, errs := deploymentsCmd(t, c, "", "-apply"); code != 0 {
		t.Fatalf("-apply: %s", errs)
	}
	s := c.Settings("saleor/staging")
	s["gitHub"].(map[string]any)["deployCommits"] = false
	s["sourceContext"].(map[string]any)["git"].(map[string]any)["branch"] = "refs/heads/develop"
	s["operationContext"].(map[string]any)["oidc"].(map[string]any)["aws"].(map[string]any)["duration"] = "1h0m0s" // the same length
	s["operationContext"].(map[string]any)["environmentVariables"] = map[string]any{"DEBUG": "1", "OLD_TOKEN": map[string]any{"ciphertext": "c2VjcmV0LWNpcGhlcg=="}}
	c.SetSettings("saleor/staging", s)
	format, slack := "pulumi_deployments", "slack"
	project, stack := "saleor", "staging"
	c.SetHook("saleor/staging", apitype.Webhook{OrganizationName: org, ProjectName: &project, StackName: &stack, Name: "deploy-qa",
		DisplayName: "by hand", PayloadURL: "saleor/qa", Active: true, Format: &format, Filters: []string{"update_succeeded"}})
	c.SetHook("saleor/staging", apitype.Webhook{OrganizationName: org, ProjectName: &project, StackName: &stack, Name: "chatops",
		DisplayName: "Slack", PayloadURL: "https://hooks.slack.com/x", Active: true, Format: &slack})
	c.Requests()

	code, out, _ := deploymentsCmd(t, c, "", "-check")
	if code != 1 {
		t.Errorf("-check: exit %d, want 1", code)
	}
	for _, want := range []string{
		"staging: 5 differences",
		`  sourceContext.git.branch: want "main", have "develop"`,
		"  gitHub.deployCommits: want true, have false",
		`  operationContext.environmentVariables.DEBUG: want (unset), have "1"`,
		"  operationContext.environmentVariables.OLD_TOKEN: want (unset), have [secret, 20-character ciphertext]",
		`  trigger deploy-qa: want (unset), have deploy saleor/qa on update_succeeded (active, "by hand")`,
		"staging-benelux: in step",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("-check output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "chatops") || strings.Contains(out, "c2VjcmV0") {
		t.Errorf("-check reports another webhook or a ciphertext:\n%s", out)
	}

	if code, _, errs := deploymentsCmd(t, c, "", "-apply"); code != 0 {
		t.Fatalf("-apply: %s", errs)
	}
	var paths []string
	for _, r := range writes(c.Requests()) {
		paths = append(paths, r.Method+" "+r.Path)
		if strings.HasSuffix(r.Path, "/deployments/settings") && !bytes.Contains(r.Body, []byte(`"OLD_TOKEN":null`)) {
			t.Errorf("the PATCH does not remove OLD_TOKEN: %s", r.Body)
		}
	}
	if !slices.Equal(paths, []string{"POST /api/stacks/acme/saleor/staging/deployments/settings", "DELETE /api/stacks/acme/saleor/staging/hooks/deploy-qa"}) {
		t.Errorf("-apply wrote %v", paths)
	}
	if _, ok := c.Hooks("saleor/staging")["chatops"]; !ok {
		t.Error("-apply deleted a webhook that is not a trigger")
	}
	if code, out, _ := deploymentsCmd(t, c, "", "-check"); code != 0 {
		t.Errorf("-check after repair: exit %d\n%s", code, out)
	}
}

// TestEncryptPrintsTheCiphertextOnly: -encrypt sends the secret to the stack's encrypt
// endpoint and prints the settings.yaml entry, never the secret.
func TestEncryptPrintsTheCiphertextOnly(t *testing.T) {
	c := cloud(t)
	code, out, errs := deploymentsCmd(t, c, "xoxb-secret\n", "-stack", "qa", "-encrypt", "SLACK_TOKEN")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Contains(out, "xoxb-secret") || !strings.Contains(out, "SLACK_TOKEN: {ciphertext: ") {
		t.Errorf("output:\n%s", out)
	}
	reqs := c.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/api/stacks/acme/saleor/qa/deployments/settings/encrypt" || !bytes.Contains(reqs[0].Body, []byte("xoxb-secret")) {
		t.Errorf("requests %+v", reqs)
	}
}

// TestBadInvocations: flags and environment are checked before anything is sent.
func TestBadInvocations(t *testing.T) {
	c := cloud(t)
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"-check"}, nil, "-org is required"},
		{[]string{"-org", org}, nil, "give one of -check, -apply or -encrypt"},
		{[]string{"-org", org, "-check", "-apply"}, nil, "give one of -check, -apply or -encrypt"},
		{[]string{"-org", org, "-encrypt", "X"}, nil, "-encrypt needs -stack"},
		{[]string{"-org", org, "-check", "-stack", "prod-mars"}, nil, `-stack "prod-mars": no such stack`},
		{[]string{"-org", org, "-check"}, map[string]string{"PULUMI_BACKEND_URL": c.URL}, "PULUMI_ACCESS_TOKEN is empty"},
		{[]string{"-org", org, "-check"}, map[string]string{"PULUMI_BACKEND_URL": "s3://state", "PULUMI_ACCESS_TOKEN": "x"}, "is not a Pulumi Cloud URL"},
	} {
		var out, errs bytes.Buffer
		code := run(tc.args, func(k string) string { return tc.env[k] }, strings.NewReader(""), &out, &errs, http.DefaultClient)
		if code != 2 || !strings.Contains(errs.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tc.args, code, errs.String(), tc.want)
		}
	}
	if n := len(c.Requests()); n != 0 {
		t.Errorf("bad invocations sent %d requests", n)
	}
}

// TestUnknownStackInTheOrganisation: a stack not created in Pulumi Cloud yet fails -check with
// its name and the API's message, and exits 1.
func TestUnknownStackInTheOrganisation(t *testing.T) {
	c := fakecloud.New(t, org, "saleor/staging")
	code, _, errs := deploymentsCmd(t, c, "", "-check")
	if code != 1 || !strings.Contains(errs, "qa: reading webhooks") || !strings.Contains(errs, "not found") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
}
