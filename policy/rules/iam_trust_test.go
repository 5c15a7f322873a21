package rules_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/policy/policytest"
)

const (
	githubProvider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
	pulumiProvider = "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc"
	ghAud          = "token.actions.githubusercontent.com:aud"
	ghSub          = "token.actions.githubusercontent.com:sub"
	puAud          = "api.pulumi.com/oidc:aud"
	puSub          = "api.pulumi.com/oidc:sub"
)

// trust renders a one-statement trust policy for a Federated principal with conditions.
func trust(principal any, cond map[string]map[string]any) string {
	stmt := map[string]any{
		"Effect": "Allow", "Principal": map[string]any{"Federated": principal},
		"Action": "sts:AssumeRoleWithWebIdentity",
	}
	if cond != nil {
		stmt["Condition"] = cond
	}
	b, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{stmt}})
	if err != nil {
		panic(err)
	}
	return string(b)
}

type conds = map[string]map[string]any

var trustCases = []struct {
	name string
	doc  string
	want string // "" compliant; else a word the violation must contain
}{
	// GitHub Actions.
	{"github: repository's pull requests and main", policytest.GitHubTrust, ""},
	{"github: one environment, exact", trust(githubProvider, conds{"StringEquals": {
		ghAud: "sts.amazonaws.com", ghSub: "repo:saleor-platform/infra:environment:production"}}), ""},
	{"github: any ref of one repository", trust(githubProvider, conds{
		"StringEquals": {ghAud: "sts.amazonaws.com"}, "StringLike": {ghSub: "repo:saleor-platform/infra:*"}}), ""},
	{"github: ForAnyValue:StringLike bounds too", trust(githubProvider, conds{
		"StringEquals": {ghAud: "sts.amazonaws.com"}, "ForAnyValue:StringLike": {ghSub: "repo:o/r:pull_request"}}), ""},
	{"github: condition keys are case-insensitive", trust(githubProvider, conds{"StringEquals": {
		"Token.Actions.GithubUserContent.com:AUD": "sts.amazonaws.com", "token.actions.githubusercontent.com:Sub": "repo:o/r:pull_request"}}), ""},
	{"github: no condition at all", trust(githubProvider, nil), "aud"},
	{"github: no aud", trust(githubProvider, conds{"StringEquals": {ghSub: "repo:o/r:pull_request"}}), "aud"},
	{"github: aud only a wildcard", trust(githubProvider, conds{
		"StringLike": {ghAud: "*", ghSub: "repo:o/r:pull_request"}}), "aud"},
	{"github: no sub", trust(githubProvider, conds{"StringEquals": {ghAud: "sts.amazonaws.com"}}), "any subject"},
	{"github: repo:*", trust(githubProvider, conds{
		"StringEquals": {ghAud: "sts.amazonaws.com"}, "StringLike": {ghSub: "repo:*"}}), "repo:*"},
	{"github: any repository of the owner", trust(githubProvider, conds{
		"StringEquals": {ghAud: "sts.amazonaws.com"}, "StringLike": {ghSub: "repo:saleor-platform/*:ref:refs/heads/main"}}), "saleor-platform/*"},
	{"github: any owner", trust(githubProvider, conds{
		"StringEquals": {ghAud: "sts.amazonaws.com"}, "StringLike": {ghSub: "repo:*/infra:pull_request"}}), "owner"},
	{"github: one specific, one open subject", trust(githubProvider, conds{
		"StringEquals": {ghAud: "sts.amazonaws.com"}, "StringLike": {ghSub: []string{"repo:o/r:pull_request", "repo:?/r:*"}}}), "repo:?/r:*"},
	{"github: a bare wildcard sub", trust(githubProvider, conds{
		"StringEquals": {ghAud: "sts.amazonaws.com"}, "StringLike": {ghSub: "*"}}), "want repo"},
	{"github: a negated sub bounds nothing", trust(githubProvider, conds{
		"StringEquals": {ghAud: "sts.amazonaws.com"}, "StringNotLike": {ghSub: "repo:evil/*"}}), "any subject"},
	{"github: ...IfExists bounds nothing", trust(githubProvider, conds{
		"StringEquals": {ghAud: "sts.amazonaws.com"}, "StringLikeIfExists": {ghSub: "repo:o/r:*"}}), "any subject"},
	{"github: ForAllValues bounds nothing", trust(githubProvider, conds{
		"StringEquals": {ghAud: "sts.amazonaws.com"}, "ForAllValues:StringLike": {ghSub: "repo:o/r:*"}}), "any subject"},
	{"github: a specific condition and an open one (both must hold)", trust(githubProvider, conds{
		"StringEquals": {ghAud: "sts.amazonaws.com", ghSub: "repo:o/r:pull_request"}, "StringLike": {ghSub: "*"}}), ""},
	{"github: principal among others", trust([]string{pulumiProvider, githubProvider}, conds{"StringEquals": {
		ghAud: "sts.amazonaws.com", ghSub: "repo:o/r:pull_request", puAud: "org", puSub: "pulumi:deploy:org:org:project:p:*"}}), ""},

	// Pulumi Deployments and ESC.
	{"pulumi: project's stacks", trust(pulumiProvider, conds{"StringEquals": {puAud: "acme"},
		"StringLike": {puSub: "pulumi:deploy:org:acme:project:saleor:stack:prod-*:operation:*:scope:write"}}), ""},
	{"pulumi: any stack of the project", trust(pulumiProvider, conds{"StringEquals": {puAud: "acme"},
		"StringLike": {puSub: "pulumi:deploy:org:acme:project:saleor:*"}}), ""},
	{"pulumi: ESC environment, default subject", trust(pulumiProvider, conds{"StringEquals": {
		puAud: "aws:acme", puSub: "pulumi:environments:org:acme:env:saleor/aws-production"}}), ""},
	{"pulumi: ESC environment, subjectAttributes", trust(pulumiProvider, conds{"StringEquals": {
		puAud: "aws:acme", puSub: "pulumi:environments:pulumi.organization.login:acme:currentEnvironment.name:saleor/aws-production"}}), ""},
	{"pulumi: the whole organisation", trust(pulumiProvider, conds{"StringEquals": {puAud: "acme"},
		"StringLike": {puSub: "pulumi:deploy:org:acme:*"}}), "want pulumi:deploy"},
	{"pulumi: any organisation", trust(pulumiProvider, conds{"StringEquals": {puAud: "acme"},
		"StringLike": {puSub: "pulumi:deploy:org:*:project:saleor:*"}}), "org:*"},
	{"pulumi: any project", trust(pulumiProvider, conds{"StringEquals": {puAud: "acme"},
		"StringLike": {puSub: "pulumi:deploy:org:acme:project:*:stack:prod:*"}}), "project:*"},
	{"pulumi: every ESC environment of the org", trust(pulumiProvider, conds{"StringEquals": {puAud: "aws:acme"},
		"StringLike": {puSub: "pulumi:environments:org:acme:env:*"}}), "env:*"},
	{"pulumi: a stack's import of any environment (<yaml>)", trust(pulumiProvider, conds{"StringEquals": {
		puAud: "aws:acme", puSub: "pulumi:environments:org:acme:env:<yaml>"}}), "<yaml>"},
	{"pulumi: a user, no environment", trust(pulumiProvider, conds{"StringEquals": {
		puAud: "aws:acme", puSub: "pulumi:environments:pulumi.organization.login:acme:pulumi.user.login:alice"}}), "want"},
	{"pulumi: bare wildcard", trust(pulumiProvider, conds{"StringEquals": {puAud: "acme"}, "StringLike": {puSub: "*"}}), "want"},
	{"pulumi: no sub", trust(pulumiProvider, conds{"StringEquals": {puAud: "acme"}}), "any subject"},
	{"pulumi: no aud", trust(pulumiProvider, conds{"StringLike": {puSub: "pulumi:deploy:org:acme:project:saleor:*"}}), "aud"},

	// Other providers and principals.
	{"eks: a service account", trust("arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/ABC", conds{
		"StringEquals": {"oidc.eks.eu-central-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
			"oidc.eks.eu-central-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:app:api"}}), ""},
	{"eks: any subject", trust("arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/ABC", conds{
		"StringEquals": {"oidc.eks.eu-central-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com"},
		"StringLike":   {"oidc.eks.eu-central-1.amazonaws.com/id/ABC:sub": "*"}}), "not only a wildcard"},
	{"SAML is not OIDC", trust("arn:aws:iam::123456789012:saml-provider/okta", nil), ""},
	{"a service principal is not a web identity", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`, ""},
	{"a Deny statement grants nothing", strings.Replace(trust(githubProvider, nil), `"Allow"`, `"Deny"`, 1), ""},
	{"not JSON", "{", "not valid JSON"},
}

// TestOIDCTrustIsScoped: trust policies that name who may assume the role pass; those open
// to any repository, organisation, project or subject, or without an audience, fail with a
// message saying what is open.
func TestOIDCTrustIsScoped(t *testing.T) {
	for _, c := range trustCases {
		t.Run(c.name, func(t *testing.T) {
			role := policytest.Resource("aws:iam/role:Role", "r", map[string]any{"assumeRolePolicy": c.doc})
			fs := checkOne(t, "iam-oidc-trust-scoped", role)
			switch {
			case c.want == "" && len(fs) > 0:
				t.Errorf("compliant trust flagged: %v", fs)
			case c.want != "" && len(fs) == 0:
				t.Errorf("open trust not flagged")
			case c.want != "" && !strings.Contains(fs[0].Message, c.want):
				t.Errorf("message %q does not say %q", fs[0].Message, c.want)
			}
		})
	}
}

// TestOIDCTrustUnknownIsDecidedAtUpdate: a trust policy built from an unknown provider ARN
// (preview) is no violation; a secret one is judged, its subjects never printed.
func TestOIDCTrustUnknownIsDecidedAtUpdate(t *testing.T) {
	role := policytest.Resource("aws:iam/role:Role", "r", map[string]any{"assumeRolePolicy": policytest.Computed})
	if fs := checkOne(t, "iam-oidc-trust-scoped", role); len(fs) != 0 {
		t.Errorf("unknown trust flagged: %v", fs)
	}
	open := trust(githubProvider, conds{"StringEquals": {ghAud: "sts.amazonaws.com"}, "StringLike": {ghSub: "repo:hidden-owner/*:*"}})
	role = policytest.Resource("aws:iam/role:Role", "r", map[string]any{"assumeRolePolicy": policytest.Secret(open)})
	fs := checkOne(t, "iam-oidc-trust-scoped", role)
	if len(fs) != 1 || strings.Contains(fs[0].Message, "hidden-owner") {
		t.Errorf("secret open trust: %v", fs)
	}
}
