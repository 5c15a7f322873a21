package deployments

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi-cloud-sdk/go/apitype"
)

// Difference is one field that Pulumi Cloud holds otherwise than the plan.
type Difference struct {
	// Field is the settings field (sourceContext.git.branch, ...) or trigger <name>.
	Field string
	// Want and Have are the planned and the held value, readable; secrets never in clear.
	Want, Have string
}

func (d Difference) String() string {
	return fmt.Sprintf("%s: want %s, have %s", d.Field, d.Want, d.Have)
}

// unset is how a report shows a field Pulumi Cloud does not hold.
const unset = "(unset)"

// settingsFields are the managed fields, in report order, each rendered for comparison.
var settingsFields = []struct {
	name string
	get  func(Settings) string
}{
	{"sourceContext.git.repoUrl", func(s Settings) string { return str(s.RepoURL) }},
	{"sourceContext.git.branch", func(s Settings) string { return str(s.Branch) }},
	{"sourceContext.git.repoDir", func(s Settings) string { return str(s.RepoDir) }},
	{"gitHub.repository", func(s Settings) string { return str(s.Repository) }},
	{"gitHub.deployCommits", func(s Settings) string { return strconv.FormatBool(s.DeployCommits) }},
	{"gitHub.previewPullRequests", func(s Settings) string { return strconv.FormatBool(s.PreviewPullRequests) }},
	{"gitHub.paths", func(s Settings) string { return list(s.Paths) }},
	{"operationContext.preRunCommands", func(s Settings) string { return list(s.PreRunCommands) }},
	{"operationContext.oidc.aws.roleArn", func(s Settings) string { return str(s.RoleARN) }},
	{"operationContext.oidc.aws.sessionName", func(s Settings) string { return str(s.SessionName) }},
	{"operationContext.oidc.aws.duration", func(s Settings) string { return duration(s.SessionDuration) }},
	{"operationContext.options.skipIntermediateDeployments", func(s Settings) string {
		return strconv.FormatBool(s.SkipIntermediateDeployments)
	}},
}

// diffSettings lists the managed fields where have differs from want, each environment
// variable on its own.
func diffSettings(want, have Settings) []Difference {
	var out []Difference
	for _, f := range settingsFields {
		if w, h := f.get(want), f.get(have); w != h {
			out = append(out, Difference{f.name, w, h})
		}
	}
	names := append(sortedKeys(want.EnvironmentVariables), sortedKeys(have.EnvironmentVariables)...)
	slices.Sort(names)
	for _, name := range slices.Compact(names) {
		w, wok := want.EnvironmentVariables[name]
		h, hok := have.EnvironmentVariables[name]
		if wok == hok && w == h {
			continue
		}
		out = append(out, Difference{"operationContext.environmentVariables." + name, envVarText(w, wok), envVarText(h, hok)})
	}
	return out
}

// envVarText shows a value; a secret only as such, with its ciphertext's length.
func envVarText(v EnvVar, ok bool) string {
	switch {
	case !ok:
		return unset
	case v.Secret():
		return fmt.Sprintf("[secret, %d-character ciphertext]", len(v.Ciphertext))
	default:
		return strconv.Quote(v.Value)
	}
}

// diffTriggers compares the planned triggers with the pulumi_deployments webhooks on the
// stack; webhooks of other formats (Slack, plain HTTP) are not this package's.
func diffTriggers(project string, want []Trigger, have []apitype.WebhookResponse) []Difference {
	held := map[string]apitype.WebhookResponse{}
	for _, h := range have {
		if h.Format != nil && *h.Format == TriggerFormat {
			held[h.Name] = h
		}
	}
	var out []Difference
	for _, t := range want {
		w := triggerText(webhook("", project, "", t))
		if h, ok := held[t.Name]; !ok {
			out = append(out, Difference{"trigger " + t.Name, w, unset})
		} else if got := triggerText(h.Webhook); got != w {
			out = append(out, Difference{"trigger " + t.Name, w, got})
		}
		delete(held, t.Name)
	}
	for _, name := range sortedKeys(held) {
		out = append(out, Difference{"trigger " + name, unset, triggerText(held[name].Webhook)})
	}
	return out
}

// webhook is the webhook of a trigger on stack (organisation org, project project).
func webhook(org, project, stack string, t Trigger) apitype.Webhook {
	format := TriggerFormat
	return apitype.Webhook{
		OrganizationName: org, ProjectName: &project, StackName: &stack,
		Name: t.Name, DisplayName: "Deploy " + t.Target + " after this stack's update succeeds",
		PayloadURL: project + "/" + t.Target, Active: true, Format: &format, Filters: []string{TriggerEvent},
	}
}

// triggerText is what of a webhook decides what it does.
func triggerText(w apitype.Webhook) string {
	filters := slices.Clone(w.Filters)
	slices.Sort(filters)
	state := "active"
	if !w.Active {
		state = "inactive"
	}
	return fmt.Sprintf("deploy %s on %s (%s, %q)", w.PayloadURL, strings.Join(filters, ","), state, w.DisplayName)
}

func str(s string) string {
	if s == "" {
		return unset
	}
	return strconv.Quote(s)
}

func list(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// duration compares durations by length, so that Pulumi Cloud's "1h0m0s" equals "1h".
func duration(s string) string {
	if d, err := time.ParseDuration(s); err == nil {
		return d.String()
	}
	return str(s)
}
