package identity

import (
	"fmt"
	"strings"

	"github.com/saleor-platform/infra/components/iampolicy"
)

// The OIDC issuers the roles trust, as IAM names them (the provider URL without https://,
// which also prefixes their condition keys), and the audiences their tokens carry.
const (
	// GitHubIssuer issues GitHub Actions' tokens.
	GitHubIssuer = "token.actions.githubusercontent.com"
	// GitHubAudience is the audience aws-actions/configure-aws-credentials requests.
	GitHubAudience = "sts.amazonaws.com"
	// PulumiIssuer issues Pulumi Cloud's tokens, for Deployments and ESC alike.
	PulumiIssuer = "api.pulumi.com/oidc"
)

// DeploymentsAudience is the audience of Pulumi Deployments' tokens: the organisation.
func DeploymentsAudience(org string) string { return org }

// ESCAudience is the audience of Pulumi ESC aws-login's tokens: "aws:<org>".
func ESCAudience(org string) string { return "aws:" + org }

// assumeWithWebIdentity is a trust statement for tokens of issuer (its provider's ARN) with
// audience and one of subjects; subjects with a * are compared with StringLike.
func assumeWithWebIdentity(sid, providerArn, issuer, audience string, subjects []string) iampolicy.Statement {
	op := "StringEquals"
	for _, s := range subjects {
		if strings.ContainsAny(s, "*?") {
			op = "StringLike"
		}
	}
	cond := map[string]map[string]any{"StringEquals": {issuer + ":aud": audience}}
	if cond[op] == nil {
		cond[op] = map[string]any{}
	}
	cond[op][issuer+":sub"] = subjects
	return iampolicy.Statement{
		Sid:       sid,
		Effect:    "Allow",
		Principal: map[string]any{"Federated": providerArn},
		Action:    []string{"sts:AssumeRoleWithWebIdentity"},
		Condition: cond,
	}
}

// gitHubSubject is the sub claim of a job of repository in context, e.g. "pull_request",
// "ref:refs/heads/main" or "environment:production" (GitHub's default subject template).
func gitHubSubject(repository, context string) string {
	return fmt.Sprintf("repo:%s:%s", repository, context)
}

// previewTrust admits the repository's jobs on pull requests and on the branch.
func previewTrust(githubArn string, g GitHubArgs) iampolicy.Document {
	return iampolicy.New(assumeWithWebIdentity("GitHubPullRequestsAndBranch", githubArn, GitHubIssuer, GitHubAudience, []string{
		gitHubSubject(g.Repository, "pull_request"),
		gitHubSubject(g.Repository, "ref:refs/heads/"+g.Branch),
	}))
}

// releaseTrust admits the repository's jobs on the branch and in its release environments.
func releaseTrust(githubArn string, g GitHubArgs) iampolicy.Document {
	subjects := []string{gitHubSubject(g.Repository, "ref:refs/heads/"+g.Branch)}
	for _, e := range g.Environments {
		subjects = append(subjects, gitHubSubject(g.Repository, "environment:"+e))
	}
	return iampolicy.New(assumeWithWebIdentity("GitHubBranchAndReleaseEnvironments", githubArn, GitHubIssuer, GitHubAudience, subjects))
}

// deploySubjects are the sub claims of Pulumi Deployments of the stacks: any operation.
func deploySubjects(p PulumiArgs) []string {
	var out []string
	for _, stack := range p.Stacks {
		out = append(out, fmt.Sprintf("pulumi:deploy:org:%s:project:%s:stack:%s:operation:*:scope:write", p.Organization, p.Project, stack))
	}
	return out
}

// escSubjects are the sub claims of the ESC environments' aws-login: with subjectAttributes
// [currentEnvironment.name] (what a stack that imports the environment sends; without it, a
// stack's import sends "env:<yaml>", which names no environment and is never trusted), and
// the default subject of the environment opened by itself.
func escSubjects(p PulumiArgs) []string {
	var out []string
	for _, env := range p.Environments {
		out = append(out,
			fmt.Sprintf("pulumi:environments:pulumi.organization.login:%s:currentEnvironment.name:%s", p.Organization, env),
			fmt.Sprintf("pulumi:environments:org:%s:env:%s", p.Organization, env))
	}
	return out
}

// deployTrust admits the stacks' Deployments and the ESC environments.
func deployTrust(pulumiArn string, p PulumiArgs) iampolicy.Document {
	statements := []iampolicy.Statement{
		assumeWithWebIdentity("PulumiDeploymentsOfTheStacks", pulumiArn, PulumiIssuer, DeploymentsAudience(p.Organization), deploySubjects(p)),
	}
	if len(p.Environments) > 0 {
		statements = append(statements,
			assumeWithWebIdentity("PulumiESCEnvironments", pulumiArn, PulumiIssuer, ESCAudience(p.Organization), escSubjects(p)))
	}
	return iampolicy.New(statements...)
}
