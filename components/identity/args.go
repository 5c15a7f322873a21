package identity

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/saleor-platform/infra/components/validate"
)

// DeliveryArgs configures a Delivery.
type DeliveryArgs struct {
	// NamePrefix starts every name the component gives: the roles
	// <NamePrefix>-github-preview, <NamePrefix>-github-release and <NamePrefix>-pulumi-deploy
	// and the boundary <NamePrefix>-delivery-boundary. Required, e.g. "saleor".
	NamePrefix string
	// GitHub is the repository whose workflows preview and release.
	GitHub GitHubArgs
	// Pulumi is the Pulumi Cloud organisation, project and stacks that deploy.
	Pulumi PulumiArgs
	// Release is what the release role may touch.
	Release ReleaseScope
	// BoundaryServices are the IAM service prefixes the permissions boundary allows, e.g.
	// "ec2", "elasticloadbalancing": every service the program creates resources in.
	// Required.
	BoundaryServices []string
	// ProtectData makes the boundary deny deleting RDS instances and clusters, S3 buckets,
	// KMS keys and AWS Backup vaults and recovery points without MFA. Set it in production.
	// Defaults to false.
	ProtectData bool
	// DeploySessionHours is the longest session of the deploy role, in hours: a first `pulumi
	// up` of a production stack runs for more than an hour. 1 to 12; defaults to 4.
	DeploySessionHours int
}

// GitHubArgs names the GitHub repository and what in it may assume the roles.
type GitHubArgs struct {
	// Repository is "<owner>/<name>", as GitHub spells it (the sub claim is compared case
	// sensitively). Required.
	Repository string
	// Branch is the branch that previews and releases run on besides pull requests. Defaults
	// to "main".
	Branch string
	// Environments are the repository's GitHub environments whose jobs may release (a job
	// in an environment has the sub "repo:<owner>/<name>:environment:<environment>", not its
	// branch). Defaults to none.
	Environments []string
}

// PulumiArgs names the Pulumi Cloud organisation, project and stacks that deploy.
type PulumiArgs struct {
	// Organization is the Pulumi Cloud organisation, in lower case as in its URL. Required.
	Organization string
	// Project is the Pulumi project. Required.
	Project string
	// Stacks are the project's stacks whose Deployments may assume the deploy role: names,
	// or patterns where * stands for any characters after a literal start (e.g. "prod-*").
	// Required.
	Stacks []string
	// Environments are the ESC environments, "<project>/<name>", whose aws-login may assume
	// the deploy role. Defaults to none.
	Environments []string
}

// ReleaseScope is what the release role may touch, by name, tag and account: the resources
// of the stacks the account holds, and nothing of another account.
type ReleaseScope struct {
	// NamePrefixes are patterns (* for any characters) the names of the stacks' ECR
	// repositories ("<prefix>/..."), ECS clusters, services' clusters, task definition
	// families ("<prefix>-...") and CodeDeploy deployment groups ("<prefix>-...") start with,
	// e.g. "saleor-prod-*". Required.
	NamePrefixes []string
	// LogGroups are patterns of the log groups whose events a release reads (the migration
	// task's output), e.g. "/saleor/prod-*/ecs/*". Defaults to none.
	LogGroups []string
	// Buckets are name patterns of the buckets a release writes the static files to. Object
	// access is bound to the role's own account, since S3 ARNs name no account. Required.
	Buckets []string
	// StackTags are patterns of the Stack tag of the roles a release may pass to ECS tasks
	// (task and execution roles are auto-named, so their names cannot scope it). Required.
	StackTags []string
	// ProjectTag is the Project tag those roles carry. Required.
	ProjectTag string
}

func (a DeliveryArgs) withDefaults() DeliveryArgs {
	if a.GitHub.Branch == "" {
		a.GitHub.Branch = "main"
	}
	if a.DeploySessionHours == 0 {
		a.DeploySessionHours = 4
	}
	return a
}

func (a DeliveryArgs) validate(p *validate.Problems) {
	p.Match("NamePrefix", a.NamePrefix, namePrefix, `a name prefix such as "saleor" (letters, digits, +=,.@_-; at most 40)`)
	check(p, "GitHub.Repository", a.GitHub.Repository, CheckRepository)
	check(p, "GitHub.Branch", a.GitHub.Branch, checkBranch)
	for i, e := range a.GitHub.Environments {
		check(p, validate.Index("GitHub.Environments", i), e, CheckGitHubEnvironment)
	}
	check(p, "Pulumi.Organization", a.Pulumi.Organization, CheckOrganization)
	check(p, "Pulumi.Project", a.Pulumi.Project, checkProject)
	p.Required("Pulumi.Stacks", len(a.Pulumi.Stacks) > 0, `the stacks that deploy to the account, e.g. ["prod-*"]`)
	for i, s := range a.Pulumi.Stacks {
		check(p, validate.Index("Pulumi.Stacks", i), s, CheckStackPattern)
	}
	for i, e := range a.Pulumi.Environments {
		check(p, validate.Index("Pulumi.Environments", i), e, CheckESCEnvironment)
	}
	a.Release.validate(p.At("Release"))
	p.Required("BoundaryServices", len(a.BoundaryServices) > 0, `the IAM service prefixes the program uses, e.g. ["ec2", "s3"]`)
	for i, s := range a.BoundaryServices {
		p.Match(validate.Index("BoundaryServices", i), s, servicePrefix, `an IAM service prefix such as "elasticloadbalancing"`)
	}
	p.Range("DeploySessionHours", a.DeploySessionHours, 1, 12, "hours")
}

func (s ReleaseScope) validate(p *validate.Problems) {
	for _, f := range []struct {
		name     string
		patterns []string
	}{{"NamePrefixes", s.NamePrefixes}, {"Buckets", s.Buckets}, {"StackTags", s.StackTags}} {
		p.Required(f.name, len(f.patterns) > 0, "at least one pattern that starts with a literal character")
		for i, v := range f.patterns {
			p.Match(validate.Index(f.name, i), v, anchoredPattern, "a pattern that starts with a literal character (no bare *)")
		}
	}
	for i, v := range s.LogGroups {
		p.Match(validate.Index("LogGroups", i), v, logGroupPattern, `a log group pattern such as "/saleor/prod-*/ecs/*"`)
	}
	p.Required("ProjectTag", s.ProjectTag != "", `the Project tag of the roles releases pass, e.g. "saleor"`)
}

// check reports value's problem, if any, as field's.
func check(p *validate.Problems, field, value string, f func(string) error) {
	if err := f(value); err != nil {
		p.Add(field, "%v", err)
	}
}

var (
	namePrefix = regexp.MustCompile(`^[\w+=,.@-]{1,40}$`)
	// GitHub owners: letters, digits and single hyphens, at most 39; repositories: letters,
	// digits, '.', '_' and '-', at most 100.
	repository = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}/[A-Za-z0-9._-]{1,100}$`)
	// Pulumi Cloud organisation names are lower case (the URL's app.pulumi.com/<org>).
	organization    = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,99}$`)
	project         = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,100}$`)
	stackPattern    = regexp.MustCompile(`^[A-Za-z0-9_.-][A-Za-z0-9_.*-]{0,99}$`)
	escEnvironment  = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$`)
	branch          = regexp.MustCompile(`^[A-Za-z0-9._/-]{1,255}$`)
	servicePrefix   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	anchoredPattern = regexp.MustCompile(`^[A-Za-z0-9_.-][A-Za-z0-9_.*/-]*$`)
	logGroupPattern = regexp.MustCompile(`^[A-Za-z0-9_./#-][A-Za-z0-9_./#*-]*$`)
)

// CheckRepository reports a GitHub repository that is not "<owner>/<name>" without
// wildcards.
func CheckRepository(s string) error {
	if !repository.MatchString(s) || strings.HasSuffix(s, "/.") || strings.HasSuffix(s, "/..") {
		return fmt.Errorf("%q is not a GitHub repository \"<owner>/<name>\" such as \"saleor-platform/infra\" (no wildcards)", s)
	}
	return nil
}

// CheckOrganization reports a Pulumi Cloud organisation name that is not lower-case letters,
// digits, '.', '_' and '-'.
func CheckOrganization(s string) error {
	if !organization.MatchString(s) {
		return fmt.Errorf("%q is not a Pulumi Cloud organisation name: lower-case letters, digits, '.', '_' and '-', as in app.pulumi.com/<org>", s)
	}
	return nil
}

// CheckStackPattern reports a stack name or pattern that is not letters, digits, '.', '_',
// '-' and '*' after a literal first character.
func CheckStackPattern(s string) error {
	if !stackPattern.MatchString(s) {
		return fmt.Errorf("%q is not a stack name or pattern such as \"staging\" or \"prod-*\" (a literal first character, then letters, digits, '.', '_', '-' or '*')", s)
	}
	return nil
}

// CheckESCEnvironment reports an ESC environment that is not "<project>/<name>".
func CheckESCEnvironment(s string) error {
	if !escEnvironment.MatchString(s) {
		return fmt.Errorf("%q is not an ESC environment \"<project>/<name>\" such as \"saleor/aws-production\"", s)
	}
	return nil
}

// CheckGitHubEnvironment reports a GitHub environment name that is empty, padded or holds a
// wildcard or a colon (which would widen or break the sub claim it is compared with).
func CheckGitHubEnvironment(s string) error {
	if s == "" || strings.TrimSpace(s) != s || strings.ContainsAny(s, "*?:") || len(s) > 255 {
		return fmt.Errorf("%q is not a GitHub environment name such as \"production\" (no '*', '?' or ':')", s)
	}
	return nil
}

func checkBranch(s string) error {
	if !branch.MatchString(s) {
		return fmt.Errorf("%q is not a branch name such as \"main\" (no wildcards)", s)
	}
	return nil
}

func checkProject(s string) error {
	if !project.MatchString(s) {
		return fmt.Errorf("%q is not a Pulumi project name such as \"saleor\"", s)
	}
	return nil
}
