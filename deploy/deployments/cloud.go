package deployments

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/pulumi/pulumi-cloud-sdk/go/apiclient"
	"github.com/pulumi/pulumi-cloud-sdk/go/apitype"
)

// DefaultBackendURL is Pulumi Cloud's API, used when PULUMI_BACKEND_URL is unset.
const DefaultBackendURL = "https://api.pulumi.com"

// NewClient is a Pulumi Cloud API client for backendURL (a Pulumi Cloud URL as the CLI takes
// it in PULUMI_BACKEND_URL; "" is DefaultBackendURL) that authenticates with an access token.
func NewClient(backendURL, token string, hc *http.Client) (*apiclient.CloudClient, error) {
	base, err := apiURL(backendURL)
	if err != nil {
		return nil, err
	}
	if token == "" {
		return nil, errors.New("PULUMI_ACCESS_TOKEN is empty: create an access token of the organisation (or a member with admin on the stacks) and export it")
	}
	return &apiclient.CloudClient{BaseURL: base, Executor: func(req *http.Request) (*http.Response, error) {
		req.Header.Set("Authorization", "token "+token)
		return hc.Do(req)
	}}, nil
}

// apiURL turns a backend URL into the API's: the console's app.pulumi.com serves the API at
// api.pulumi.com; file:// and cloud-bucket backends have no Deployments.
func apiURL(backend string) (string, error) {
	if backend == "" {
		return DefaultBackendURL, nil
	}
	u, err := url.Parse(backend)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("PULUMI_BACKEND_URL %q is not a Pulumi Cloud URL: Deployments need Pulumi Cloud (%s)", backend, DefaultBackendURL)
	}
	if u.Host == "app.pulumi.com" {
		u.Host = "api.pulumi.com"
	}
	return strings.TrimSuffix(u.Scheme+"://"+u.Host+u.Path, "/"), nil
}

// Report is one stack's drift: the fields Pulumi Cloud holds otherwise than the plan.
type Report struct {
	Stack       Stack
	Differences []Difference
	// have is what Pulumi Cloud held; the PATCH removes its unplanned variables.
	have Settings
	// hooks are the stack's webhooks as held.
	hooks []apitype.WebhookResponse
}

// Check reads each stack's deployment settings and webhooks and compares them with the plan.
// A stack without settings reads as empty, so every field differs.
func Check(ctx context.Context, c *apiclient.CloudClient, org string, stacks []Stack) ([]Report, error) {
	var reports []Report
	var errs []error
	for _, s := range stacks {
		r := Report{Stack: s}
		held, err := c.GetDeploymentSettings(ctx, org, s.Project, s.Name)
		if err != nil && !notFound(err) {
			errs = append(errs, fmt.Errorf("%s: reading deployment settings: %w", s.Name, err))
			continue
		}
		if held != nil {
			r.have = fromAPI(*held)
		}
		hooks, err := c.ListStackWebhooks(ctx, org, s.Project, s.Name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: reading webhooks: %w", s.Name, err))
			continue
		}
		r.hooks = *hooks
		r.Differences = append(diffSettings(s.Settings, r.have), diffTriggers(s.Project, s.Triggers, r.hooks)...)
		reports = append(reports, r)
	}
	return reports, errors.Join(errs...)
}

// Apply writes what the reports found different: the managed settings fields in one PATCH,
// and the triggers created, updated or deleted one by one. A stack in step is not written.
func Apply(ctx context.Context, c *apiclient.CloudClient, org string, reports []Report) error {
	var errs []error
	for _, r := range reports {
		if len(r.Differences) == 0 {
			continue
		}
		if len(diffSettings(r.Stack.Settings, r.have)) > 0 {
			if _, err := c.PatchDeploymentSettings(ctx, org, r.Stack.Project, r.Stack.Name, r.Stack.Settings.request(r.have)); err != nil {
				errs = append(errs, fmt.Errorf("%s: writing deployment settings: %w", r.Stack.Name, err))
			}
		}
		if err := applyTriggers(ctx, c, org, r); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", r.Stack.Name, err))
		}
	}
	return errors.Join(errs...)
}

// applyTriggers creates the missing triggers, updates the changed ones and deletes the
// pulumi_deployments webhooks the plan does not have.
func applyTriggers(ctx context.Context, c *apiclient.CloudClient, org string, r Report) error {
	s := r.Stack
	held := map[string]apitype.WebhookResponse{}
	for _, h := range r.hooks {
		if h.Format != nil && *h.Format == TriggerFormat {
			held[h.Name] = h
		}
	}
	var errs []error
	for _, t := range s.Triggers {
		want := webhook(org, s.Project, s.Name, t)
		h, ok := held[t.Name]
		delete(held, t.Name)
		switch {
		case !ok:
			if _, err := c.CreateStackWebhook(ctx, org, s.Project, s.Name, want); err != nil {
				errs = append(errs, fmt.Errorf("creating trigger %s: %w", t.Name, err))
			}
		case triggerText(h.Webhook) != triggerText(want):
			if _, err := c.UpdateStackWebhook(ctx, org, s.Project, s.Name, t.Name, want); err != nil {
				errs = append(errs, fmt.Errorf("updating trigger %s: %w", t.Name, err))
			}
		}
	}
	for _, name := range sortedKeys(held) {
		if err := c.DeleteStackWebhook(ctx, org, s.Project, s.Name, name); err != nil {
			errs = append(errs, fmt.Errorf("deleting trigger %s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}

// Encrypt has Pulumi Cloud encrypt a secret for one stack's deployment settings and returns
// the ciphertext settings.yaml takes ({ciphertext: <base64>}).
func Encrypt(ctx context.Context, c *apiclient.CloudClient, org string, s Stack, secret string) (EnvVar, error) {
	got, err := c.EncryptDeploymentSettingsSecret(ctx, org, s.Project, s.Name, apitype.SecretValue{Value: secret, Secret: true})
	if err != nil {
		return EnvVar{}, fmt.Errorf("%s: encrypting: %w", s.Name, err)
	}
	v := envVarFromAPI(*got)
	if !v.Secret() || v.Ciphertext == unreadableSecret {
		return EnvVar{}, fmt.Errorf("%s: Pulumi Cloud returned no ciphertext", s.Name)
	}
	return v, nil
}

func notFound(err error) bool {
	var api *apiclient.APIError
	return errors.As(err, &api) && api.IsNotFound()
}
