package deployments

import (
	"encoding/base64"
	"strings"

	"github.com/pulumi/pulumi-cloud-sdk/go/apitype"
	"github.com/pulumi/pulumi-cloud-sdk/go/apitype/jsonvalue"
)

// Settings are the fields of a stack's deployment settings this package manages; Pulumi
// Cloud's other fields (executor image, agent pool, cache options) are left as they are.
type Settings struct {
	// RepoURL, Branch and RepoDir are sourceContext.git: the clone URL, the branch name
	// (without refs/heads/) and the directory of Pulumi.yaml ("" for the root).
	RepoURL, Branch, RepoDir string
	// Repository is gitHub.repository, owner/name.
	Repository string
	// DeployCommits is gitHub.deployCommits: deploy every push to Branch.
	DeployCommits bool
	// PreviewPullRequests is gitHub.previewPullRequests.
	PreviewPullRequests bool
	// Paths is gitHub.paths, the path filters of pushes and pull requests.
	Paths []string
	// PreRunCommands is operationContext.preRunCommands.
	PreRunCommands []string
	// EnvironmentVariables is operationContext.environmentVariables.
	EnvironmentVariables map[string]EnvVar
	// RoleARN, SessionName and SessionDuration are operationContext.oidc.aws.
	RoleARN, SessionName, SessionDuration string
	// SkipIntermediateDeployments is operationContext.options.skipIntermediateDeployments:
	// of several queued deployments run only the newest.
	SkipIntermediateDeployments bool
}

// fromAPI reads the managed fields of the settings Pulumi Cloud returned.
func fromAPI(a apitype.DeploymentSettings) Settings {
	var s Settings
	if a.SourceContext != nil && a.SourceContext.Git != nil {
		g := a.SourceContext.Git
		s.RepoURL, s.Branch, s.RepoDir = g.RepoURL, strings.TrimPrefix(g.Branch, "refs/heads/"), g.RepoDir
	}
	if g := a.GitHub; g != nil {
		s.Repository, s.DeployCommits, s.PreviewPullRequests, s.Paths = g.Repository, g.DeployCommits, g.PreviewPullRequests, g.Paths
	}
	if o := a.Operation; o != nil {
		s.PreRunCommands = o.PreRunCommands
		if len(o.EnvironmentVariables) > 0 {
			s.EnvironmentVariables = map[string]EnvVar{}
		}
		for name, v := range o.EnvironmentVariables {
			s.EnvironmentVariables[name] = envVarFromAPI(v)
		}
		if o.OIDC != nil && o.OIDC.AWS != nil {
			s.RoleARN, s.SessionName, s.SessionDuration = o.OIDC.AWS.RoleARN, o.OIDC.AWS.SessionName, o.OIDC.AWS.Duration
		}
		if o.Options != nil {
			s.SkipIntermediateDeployments = o.Options.SkipIntermediateDeployments
		}
	}
	return s
}

// unreadableSecret stands for a secret Pulumi Cloud returned without its ciphertext; it is no
// base64, so it equals no planned ciphertext.
const unreadableSecret = "(secret without ciphertext)"

// envVarFromAPI keeps a secret's ciphertext, never a plaintext Pulumi Cloud marks secret.
func envVarFromAPI(v apitype.SecretValue) EnvVar {
	switch {
	case len(v.Ciphertext) > 0:
		return EnvVar{Ciphertext: base64.StdEncoding.EncodeToString(v.Ciphertext)}
	case v.Secret:
		return EnvVar{Ciphertext: unreadableSecret}
	default:
		return EnvVar{Value: v.Value}
	}
}

// request is the PATCH that makes the stack's managed fields equal to s. Pulumi Cloud merges a
// PATCH into the stored settings (null removes a key), so variables and a repository
// directory that have does not have in s are sent as null.
func (s Settings) request(have Settings) apitype.DeploymentSettingsRequest {
	git := apitype.SourceContextGitRequest{
		RepoURL: jsonvalue.NotNull(s.RepoURL),
		Branch:  jsonvalue.NotNull("refs/heads/" + s.Branch),
	}
	if have.RepoDir != "" && s.RepoDir == "" {
		git.RepoDir = jsonvalue.Null[string]()
	} else if s.RepoDir != "" {
		git.RepoDir = jsonvalue.NotNull(s.RepoDir)
	}
	vars := map[string]jsonvalue.Value[apitype.SecretValue]{}
	for name := range have.EnvironmentVariables {
		vars[name] = jsonvalue.Null[apitype.SecretValue]()
	}
	for name, v := range s.EnvironmentVariables {
		vars[name] = jsonvalue.NotNull(envVarToAPI(v))
	}
	return apitype.DeploymentSettingsRequest{
		SourceContext: jsonvalue.NotNull(apitype.SourceContextRequest{Git: jsonvalue.NotNull(git)}),
		GitHub: jsonvalue.NotNull(apitype.DeploymentSettingsGitHubRequest{
			Repository:          jsonvalue.NotNull(s.Repository),
			DeployCommits:       jsonvalue.NotNull(s.DeployCommits),
			PreviewPullRequests: jsonvalue.NotNull(s.PreviewPullRequests),
			PullRequestTemplate: jsonvalue.NotNull(false),
			Paths:               jsonvalue.NotNull(s.Paths),
		}),
		Operation: jsonvalue.NotNull(apitype.OperationContextRequest{
			PreRunCommands:       jsonvalue.NotNull(append([]string{}, s.PreRunCommands...)),
			EnvironmentVariables: jsonvalue.NotNull(vars),
			OIDC: jsonvalue.NotNull(apitype.OperationContextOIDCConfigurationRequest{
				AWS: jsonvalue.NotNull(apitype.OperationContextAWSOIDCConfigurationRequest{
					RoleARN:     jsonvalue.NotNull(s.RoleARN),
					SessionName: jsonvalue.NotNull(s.SessionName),
					Duration:    jsonvalue.NotNull(s.SessionDuration),
				}),
			}),
			Options: jsonvalue.NotNull(apitype.OperationContextOptionsRequest{
				SkipIntermediateDeployments: jsonvalue.NotNull(s.SkipIntermediateDeployments),
			}),
		}),
	}
}

// envVarToAPI sends a plain value as plain text and a secret as its ciphertext.
func envVarToAPI(v EnvVar) apitype.SecretValue {
	if v.Secret() {
		c, _ := base64.StdEncoding.DecodeString(v.Ciphertext) // validated in Plan
		return apitype.SecretValue{Ciphertext: c}
	}
	return apitype.SecretValue{Value: v.Value}
}
