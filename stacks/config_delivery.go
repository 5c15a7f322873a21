package stacks

import (
	"fmt"
	"path"
	"slices"

	"github.com/saleor-platform/infra/components/identity"
)

// DeliveryConfig is saleor:delivery, read on the stack that owns the account's services
// (saleor:manageAccountSecurity), which creates the account's delivery identities
// (components/identity): who may preview, release to and deploy the account's stacks.
type DeliveryConfig struct {
	// GitHubRepository is the repository whose workflows preview and release,
	// "<owner>/<name>". Defaults to DefaultRepository.
	GitHubRepository string `json:"githubRepository"`
	// PulumiOrganization is the Pulumi Cloud organisation whose Deployments and ESC
	// environment deploy. Defaults to the organisation of the stack being deployed
	// (Organization).
	PulumiOrganization string `json:"pulumiOrganization"`
	// Stacks are the project's stacks in the account (names, or patterns with *): whose
	// Deployments may deploy and whose resources releases may touch. Defaults to "prod-*" in
	// production, else the stack itself and "<stack>-*". Must include the stack itself.
	Stacks []string `json:"stacks"`
	// ESCEnvironment is the ESC environment, "<project>/<name>", that logs in with the deploy
	// role. Defaults to "<project>/aws-production" in production, else
	// "<project>/aws-nonproduction".
	ESCEnvironment string `json:"escEnvironment"`
	// GitHubEnvironments are the repository's GitHub environments whose jobs may release.
	// Defaults to ["production"] in production, else ["staging"].
	GitHubEnvironments []string `json:"githubEnvironments"`
}

// DefaultRepository is this repository on GitHub: go.mod's module path without "github.com/".
const DefaultRepository = "saleor-platform/infra"

// diyOrganization is the organisation a self-managed (DIY) backend reports: no Pulumi Cloud
// organisation, and one anybody could register there.
const diyOrganization = "organization"

// readDelivery reads saleor:delivery on the stack that owns the account's services.
func readDelivery(s *source, c *Config) {
	const key = "saleor:delivery"
	var d DeliveryConfig
	set := s.object(key, &d)
	if !c.ManageAccountSecurity {
		if set {
			s.problems.add(key, "is set, but this stack does not own the account's services (saleor:manageAccountSecurity: true), "+
				"whose stack creates the account's delivery identities and reads it")
		}
		return
	}
	prod := c.Environment.IsProduction()
	if d.GitHubRepository == "" {
		d.GitHubRepository = DefaultRepository
	}
	if d.Stacks == nil {
		d.Stacks = []string{"prod-*"}
		if !prod {
			d.Stacks = []string{c.Stack, c.Stack + "-*"}
		}
	}
	if d.ESCEnvironment == "" {
		d.ESCEnvironment = c.Project + "/aws-nonproduction"
		if prod {
			d.ESCEnvironment = c.Project + "/aws-production"
		}
	}
	if d.GitHubEnvironments == nil {
		d.GitHubEnvironments = []string{"staging"}
		if prod {
			d.GitHubEnvironments = []string{"production"}
		}
	}

	problem := func(field string, err error) {
		if err != nil {
			s.problems.add(key, "%s: %v", field, err)
		}
	}
	problem("githubRepository", identity.CheckRepository(d.GitHubRepository))
	if d.PulumiOrganization != "" {
		problem("pulumiOrganization", identity.CheckOrganization(d.PulumiOrganization))
	}
	for _, stack := range d.Stacks {
		problem("stacks", identity.CheckStackPattern(stack))
	}
	if len(d.Stacks) == 0 {
		s.problems.add(key, "stacks: is empty; list the stacks of the account, this one (%q) among them", c.Stack)
	} else if !slices.ContainsFunc(d.Stacks, func(p string) bool { return StackMatches(p, c.Stack) }) {
		s.problems.add(key, "stacks: %q does not include this stack, %q, whose Deployments must be able to deploy it", d.Stacks, c.Stack)
	}
	problem("escEnvironment", identity.CheckESCEnvironment(d.ESCEnvironment))
	for _, e := range d.GitHubEnvironments {
		problem("githubEnvironments", identity.CheckGitHubEnvironment(e))
	}
	c.Delivery = &d
}

// StackMatches reports whether a stack name matches a saleor:delivery stacks pattern, where
// * stands for any characters.
func StackMatches(pattern, stack string) bool {
	ok, err := path.Match(pattern, stack)
	return err == nil && ok
}

// Organization returns the Pulumi Cloud organisation the delivery identities trust:
// pulumiOrganization, else stackOrg, the organisation of the stack being deployed. A
// self-managed backend's placeholder "organization" is not one: trusting it would admit
// whoever registers that name in Pulumi Cloud.
func (d *DeliveryConfig) Organization(stackOrg string) (string, error) {
	if d.PulumiOrganization != "" {
		return d.PulumiOrganization, nil
	}
	if stackOrg == "" || stackOrg == diyOrganization {
		return "", ConfigError{{Key: "saleor:delivery", Message: fmt.Sprintf("pulumiOrganization: is required: "+
			"this stack's backend names no Pulumi Cloud organisation (it reports %q); set the organisation whose "+
			"Deployments and ESC environments deploy the account", stackOrg)}}
	}
	if err := identity.CheckOrganization(stackOrg); err != nil {
		return "", ConfigError{{Key: "saleor:delivery", Message: "pulumiOrganization: the stack's organisation " + err.Error()}}
	}
	return stackOrg, nil
}
