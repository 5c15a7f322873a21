package deployments

import (
	"fmt"
	"slices"
	"sort"
)

const (
	// DeployRoleName is the IAM role Pulumi Deployments and the ESC environments assume in
	// each account (the identities component creates it).
	DeployRoleName = "saleor-pulumi-deploy"
	// SessionName is the deploy role's session name, so that CloudTrail names the stack and
	// the deployment (Deployments substitutes the placeholders; AWS allows 64 characters).
	SessionName = "saleor-${stack.name}-${deployment.version}"
	// SessionDuration is how long a deployment's AWS credentials last: AWS's default maximum
	// session of a role, which every deploy role allows.
	SessionDuration = "1h"
	// TriggerEvent is the event of a stack that deploys the stacks after it.
	TriggerEvent = "update_succeeded"
	// TriggerFormat is the webhook format that creates a deployment of another stack.
	TriggerFormat = "pulumi_deployments"
)

// Stack is what Pulumi Cloud must hold for one stack.
type Stack struct {
	// Name and Project identify the stack in the organisation.
	Name, Project string
	// Environment is the stack's saleor:environment.
	Environment string
	// Account names the AWS account (settings.yaml accounts) the stack deploys into.
	Account string
	// After is the stack whose successful update deploys this one, "" for a stack that
	// deploys on push.
	After string
	// Settings are the stack's deployment settings.
	Settings Settings
	// Triggers are the webhooks on this stack that deploy the stacks after it.
	Triggers []Trigger
}

// Trigger is a pulumi_deployments webhook: when its stack's update succeeds, Pulumi Cloud
// creates a deployment of Target with Target's own settings.
type Trigger struct {
	// Name is the webhook's name, deploy-<target>.
	Name string
	// Target is the stack to deploy, in the same project.
	Target string
}

func triggerName(target string) string { return "deploy-" + target }

// DeployRoleARN is the deploy role of an account.
func DeployRoleARN(accountID string) string {
	return fmt.Sprintf("arn:aws:iam::%s:role/%s", accountID, DeployRoleName)
}

// Load reads the embedded settings.yaml and the stack files and returns the plan.
func Load() (File, []Stack, error) {
	f, err := ParseFile(settingsYAML)
	if err != nil {
		return File{}, nil, err
	}
	facts, err := LoadFacts()
	if err != nil {
		return File{}, nil, err
	}
	stacks, err := Plan(f, facts)
	return f, stacks, err
}

// Plan validates the file against the stacks' facts and returns each stack's settings and
// triggers, in deployment order (every stack after the one it deploys after; ties by name).
func Plan(f File, facts []Facts) ([]Stack, error) {
	if err := validate(f, facts); err != nil {
		return nil, err
	}
	byName := map[string]Facts{}
	for _, s := range facts {
		byName[s.Name] = s
	}
	after := deployAfter(f, byName)
	var out []Stack
	for _, name := range deploymentOrder(after) {
		s := byName[name]
		o := f.options(name)
		account := accountOf(f, s.Environment)
		st := Stack{Name: name, Project: s.Project, Environment: s.Environment, Account: account, After: after[name]}
		st.Settings = Settings{
			RepoURL:                     "https://github.com/" + f.Repository + ".git",
			Branch:                      f.Branch,
			Repository:                  f.Repository,
			DeployCommits:               after[name] == "",
			PreviewPullRequests:         *o.PreviewPullRequests,
			Paths:                       paths(f, name, after),
			PreRunCommands:              append([]string{}, o.PreRunCommands...),
			EnvironmentVariables:        o.EnvironmentVariables,
			RoleARN:                     DeployRoleARN(f.Accounts[account].ID),
			SessionName:                 SessionName,
			SessionDuration:             SessionDuration,
			SkipIntermediateDeployments: true,
		}
		for _, target := range sortedKeys(after) {
			if after[target] == name {
				st.Triggers = append(st.Triggers, Trigger{Name: triggerName(target), Target: target})
			}
		}
		out = append(out, st)
	}
	return out, nil
}

// accountOf names the account that holds an environment.
func accountOf(f File, environment string) string {
	for _, name := range sortedKeys(f.Accounts) {
		if slices.Contains(f.Accounts[name].Environments, environment) {
			return name
		}
	}
	return ""
}

// paths are a stack's path filters: the program's, its own stack file and the stack files
// of every stack deployed after it, so that a change to any of them runs the chain.
func paths(f File, name string, after map[string]string) []string {
	files := []string{stackFile(name)}
	for other := range after {
		if chain, _ := ancestors(after, other); slices.Contains(chain, name) {
			files = append(files, stackFile(other))
		}
	}
	sort.Strings(files[1:])
	return append(append([]string{}, f.ProgramPaths...), files...)
}

func stackFile(name string) string { return "Pulumi." + name + ".yaml" }

// deploymentOrder lists the stacks so that each comes after the one it deploys after.
func deploymentOrder(after map[string]string) []string {
	depth := map[string]int{}
	for name := range after {
		chain, _ := ancestors(after, name)
		depth[name] = len(chain)
	}
	names := sortedKeys(after)
	sort.SliceStable(names, func(i, j int) bool { return depth[names[i]] < depth[names[j]] })
	return names
}

// AccountIDs returns the AWS account ID of each saleor:environment, from settings.yaml: the
// one place the accounts are written (the workflows' roles are checked against it).
func AccountIDs() (map[string]string, error) {
	f, err := ParseFile(settingsYAML)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, a := range f.Accounts {
		for _, env := range a.Environments {
			out[env] = a.ID
		}
	}
	return out, nil
}
