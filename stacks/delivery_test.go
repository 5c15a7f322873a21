package stacks_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

// accountIDs stand for the two accounts of the layout (account()) when a test evaluates
// one account's policies against another's resources; the harness deploys every stack into
// harness.AccountID.
var accountIDs = map[string]string{"production": "111111111111", "non-production": "222222222222"}

// inAccount moves the harness's account ID in s (an ARN, a policy) to acct's.
func inAccount(s, acct string) string {
	return strings.ReplaceAll(s, harness.AccountID, accountIDs[acct])
}

// stackRun is one stack file's update run and the account it deploys to.
type stackRun struct {
	inv     *harness.Inventory
	account string
}

var everyStackRuns struct {
	once sync.Once
	runs []stackRun
	err  error
}

// everyStack runs every stack file once, each environment primaries first, as deployed.
func everyStack(t *testing.T) []stackRun {
	t.Helper()
	r := &everyStackRuns
	r.once.Do(func() {
		for _, env := range stacks.Environments() {
			loaded, err := harness.LoadEnvironment(string(env))
			if err != nil {
				r.err = err
				return
			}
			invs, err := harness.RunEnvironment(stacks.Program, loaded)
			if err != nil {
				r.err = err
				return
			}
			for _, inv := range invs {
				r.runs = append(r.runs, stackRun{inv, account(string(env))})
			}
		}
	})
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.runs
}

// deliveryRoleNames are the role names every part of the delivery agrees on.
var deliveryRoleNames = []string{"saleor-github-preview", "saleor-github-release", "saleor-pulumi-deploy"}

// deliveryExports are the owning stack's exports of the roles' ARNs, in deliveryRoleNames' order.
var deliveryExports = []string{"githubPreviewRoleArn", "githubReleaseRoleArn", "pulumiDeployRoleArn"}

// owners returns the run of the stack that owns each account's services.
func owners(t *testing.T) map[string]*harness.Inventory {
	t.Helper()
	out := map[string]*harness.Inventory{}
	for _, run := range everyStack(t) {
		if stackConfig(t, run.inv).ManageAccountSecurity {
			if other, twice := out[run.account]; twice {
				t.Fatalf("%s and %s both own the %s account's services", other.Stack.Name, run.inv.Stack.Name, run.account)
			}
			out[run.account] = run.inv
		}
	}
	if len(out) != len(accountIDs) {
		t.Fatalf("owning stacks %v, want one per account", out)
	}
	return out
}

// deliveryRole returns an owner's role of a name.
func deliveryRole(t *testing.T, inv *harness.Inventory, name string) *harness.Resource {
	t.Helper()
	for _, r := range inv.OfType("aws:iam/role:Role") {
		if r.String("name") == name {
			return r
		}
	}
	t.Fatalf("%s has no role %s", inv.Stack.Name, name)
	return nil
}

// TestDeliveryIdentitiesOnlyInTheAccountOwner: the stack that owns an account's services
// creates the account's two OIDC providers, the boundary and the three roles with the agreed
// names, and exports the roles' ARNs; no other stack creates any of them.
func TestDeliveryIdentitiesOnlyInTheAccountOwner(t *testing.T) {
	for _, run := range everyStack(t) {
		inv := run.inv
		var providers, roles, boundaries []string
		for _, r := range inv.AWS() {
			switch {
			case r.Type == "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
				providers = append(providers, r.String("url")+" "+strings.Join(r.Strings("clientIdLists"), ","))
			case r.Type == "aws:iam/role:Role" && slices.Contains(deliveryRoleNames, r.String("name")):
				roles = append(roles, r.String("name"))
			case r.Type == "aws:iam/policy:Policy":
				boundaries = append(boundaries, r.String("name"))
			}
		}
		slices.Sort(providers)
		slices.Sort(roles)
		if !stackConfig(t, inv).ManageAccountSecurity {
			if len(providers)+len(roles)+len(boundaries) > 0 {
				t.Errorf("%s does not own the %s account's services, yet creates %v %v %v", inv.Stack.Name, run.account, providers, roles, boundaries)
			}
			for _, e := range deliveryExports {
				if _, ok := inv.Outputs[e]; ok {
					t.Errorf("%s exports %s", inv.Stack.Name, e)
				}
			}
			continue
		}
		wantProviders := []string{
			"https://api.pulumi.com/oidc saleor-platform,aws:saleor-platform",
			"https://token.actions.githubusercontent.com sts.amazonaws.com",
		}
		if !slices.Equal(providers, wantProviders) || !slices.Equal(roles, deliveryRoleNames) ||
			!slices.Equal(boundaries, []string{"saleor-delivery-boundary"}) {
			t.Errorf("%s: providers %v, roles %v, boundary %v", inv.Stack.Name, providers, roles, boundaries)
		}
		for i, e := range deliveryExports {
			want := fmt.Sprintf("arn:aws:iam::%s:role/%s", harness.AccountID, deliveryRoleNames[i])
			if got := inv.Outputs[e]; !got.Known || got.Value != want {
				t.Errorf("%s exports %s = %v, want %s", inv.Stack.Name, e, got.Value, want)
			}
		}
	}
}

// assume asks a role's trust policy to admit a web-identity token of an issuer.
func assume(t *testing.T, trust policyDocument, providerArn, issuer, aud, sub string) decision {
	t.Helper()
	return decide(t, trust, request{action: "sts:AssumeRoleWithWebIdentity", federated: providerArn,
		context: map[string]string{issuer + ":aud": aud, issuer + ":sub": sub}})
}

// TestDeliveryTrustIsScoped: GitHub's tokens reach the preview role from the repository's
// pull requests and main branch only, and the release role from main and the account's
// release environment only; Pulumi Cloud's reach the deploy role from Deployments of the
// project's stacks in the account (every stack file of that account, none of the other)
// and from the account's ESC environment. Other repositories, branches, organisations,
// projects, environments and audiences are refused.
func TestDeliveryTrustIsScoped(t *testing.T) {
	const (
		gh, pu = "token.actions.githubusercontent.com", "api.pulumi.com/oidc"
		repo   = "repo:" + stacks.DefaultRepository
		org    = "saleor-platform"
	)
	for acct, inv := range owners(t) {
		t.Run(inv.Stack.Name, func(t *testing.T) {
			ghArn := inv.Named("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "identity-github").Output("arn")
			puArn := inv.Named("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "identity-pulumi").Output("arn")
			trustOf := func(name string) policyDocument {
				return parsePolicy(t, deliveryRole(t, inv, name).String("assumeRolePolicy"))
			}
			releaseEnv, escEnv, otherEnv := "staging", "saleor/aws-nonproduction", "saleor/aws-production"
			if acct == "production" {
				releaseEnv, escEnv, otherEnv = "production", "saleor/aws-production", "saleor/aws-nonproduction"
			}
			for _, c := range []struct {
				role, provider, issuer, aud, sub string
				want                             decision
			}{
				{"saleor-github-preview", ghArn, gh, "sts.amazonaws.com", repo + ":pull_request", allowed},
				{"saleor-github-preview", ghArn, gh, "sts.amazonaws.com", repo + ":ref:refs/heads/main", allowed},
				{"saleor-github-preview", ghArn, gh, "sts.amazonaws.com", repo + ":ref:refs/heads/feature", implicit},
				{"saleor-github-preview", ghArn, gh, "sts.amazonaws.com", "repo:someone-else/infra:pull_request", implicit},
				{"saleor-github-preview", ghArn, gh, "sts.amazonaws.com", repo + ":environment:" + releaseEnv, implicit},
				{"saleor-github-preview", ghArn, gh, "https://github.com/saleor-platform", repo + ":pull_request", implicit},
				{"saleor-github-preview", puArn, gh, "sts.amazonaws.com", repo + ":pull_request", implicit},
				{"saleor-github-release", ghArn, gh, "sts.amazonaws.com", repo + ":ref:refs/heads/main", allowed},
				{"saleor-github-release", ghArn, gh, "sts.amazonaws.com", repo + ":environment:" + releaseEnv, allowed},
				{"saleor-github-release", ghArn, gh, "sts.amazonaws.com", repo + ":pull_request", implicit},
				{"saleor-github-release", ghArn, gh, "sts.amazonaws.com", repo + ":environment:sandbox", implicit},
				{"saleor-github-release", ghArn, gh, "sts.amazonaws.com", "repo:saleor-platform/fork:ref:refs/heads/main", implicit},
				{"saleor-pulumi-deploy", puArn, pu, "aws:" + org, "pulumi:environments:pulumi.organization.login:" + org + ":currentEnvironment.name:" + escEnv, allowed},
				{"saleor-pulumi-deploy", puArn, pu, "aws:" + org, "pulumi:environments:org:" + org + ":env:" + escEnv, allowed},
				{"saleor-pulumi-deploy", puArn, pu, "aws:" + org, "pulumi:environments:org:" + org + ":env:" + otherEnv, implicit},
				{"saleor-pulumi-deploy", puArn, pu, "aws:" + org, "pulumi:environments:org:" + org + ":env:<yaml>", implicit},
				{"saleor-pulumi-deploy", puArn, pu, org, "pulumi:environments:org:" + org + ":env:" + escEnv, implicit},
				{"saleor-pulumi-deploy", puArn, pu, "other", "pulumi:deploy:org:other:project:saleor:stack:" + inv.Stack.Name + ":operation:update:scope:write", implicit},
				{"saleor-pulumi-deploy", puArn, pu, org, "pulumi:deploy:org:" + org + ":project:other:stack:" + inv.Stack.Name + ":operation:update:scope:write", implicit},
				{"saleor-pulumi-deploy", ghArn, pu, org, "pulumi:deploy:org:" + org + ":project:saleor:stack:" + inv.Stack.Name + ":operation:update:scope:write", implicit},
			} {
				if got := assume(t, trustOf(c.role), c.provider, c.issuer, c.aud, c.sub); got != c.want {
					t.Errorf("%s, aud %q, sub %q: %s, want %s", c.role, c.aud, c.sub, got, c.want)
				}
			}
			deploy := trustOf("saleor-pulumi-deploy")
			for _, run := range everyStack(t) {
				sub := fmt.Sprintf("pulumi:deploy:org:%s:project:saleor:stack:%s:operation:update:scope:write", org, run.inv.Stack.Name)
				want := implicit
				if run.account == acct {
					want = allowed
				}
				if got := assume(t, deploy, puArn, pu, org, sub); got != want {
					t.Errorf("Deployments of %s (%s account): %s, want %s", run.inv.Stack.Name, run.account, got, want)
				}
			}
		})
	}
}

// TestDeliveryRolesCarryTheBoundary: each delivery role carries the account's boundary,
// which allows the program's services but denies IAM users and keys, the organisation,
// assuming other roles, new identity providers and changes to the boundary, the roles and
// the providers; in production it also denies deleting data without MFA. The preview role
// has AWS's ReadOnlyAccess and may not read data; the deploy role has AdministratorAccess.
func TestDeliveryRolesCarryTheBoundary(t *testing.T) {
	for acct, inv := range owners(t) {
		t.Run(inv.Stack.Name, func(t *testing.T) {
			policy := inv.Named("aws:iam/policy:Policy", "identity-boundary")
			boundaryArn := policy.Output("arn")
			for _, name := range deliveryRoleNames {
				if got := deliveryRole(t, inv, name).String("permissionsBoundary"); got != boundaryArn {
					t.Errorf("%s's boundary is %q, want %s", name, got, boundaryArn)
				}
			}
			boundary := parsePolicy(t, policy.String("policy"))
			iamArn := func(kind, name string) string {
				return fmt.Sprintf("arn:aws:iam::%s:%s/%s", harness.AccountID, kind, name)
			}
			noMFA := map[string]string{"aws:MultiFactorAuthPresent": "false"}
			deletions := allowed // outside production the boundary lets the deploy role delete
			if acct == "production" {
				deletions = denied
			}
			for _, c := range []struct {
				req  request
				want decision
			}{
				{request{action: "ec2:CreateVpc", resource: "*"}, allowed},
				{request{action: "iam:CreateRole", resource: iamArn("role", "compute-api-task-1234567")}, allowed},
				{request{action: "iam:CreateUser", resource: iamArn("user", "backdoor")}, denied},
				{request{action: "iam:CreateAccessKey", resource: iamArn("user", "someone")}, denied},
				{request{action: "organizations:LeaveOrganization", resource: "*"}, denied},
				{request{action: "account:PutAlternateContact", resource: "*"}, denied},
				{request{action: "sts:AssumeRole", resource: iamArn("role", "OrganizationAccountAccessRole")}, denied},
				{request{action: "iam:CreateOpenIDConnectProvider", resource: iamArn("oidc-provider", "evil.example.com")}, denied},
				{request{action: "iam:CreatePolicyVersion", resource: boundaryArn}, denied},
				{request{action: "iam:DeletePolicy", resource: boundaryArn}, denied},
				{request{action: "iam:AddClientIDToOpenIDConnectProvider", resource: iamArn("oidc-provider", "api.pulumi.com/oidc")}, denied},
				{request{action: "dynamodb:Scan", resource: "*"}, implicit},
				{request{action: "rds:DeleteDBInstance", resource: "*", context: noMFA}, deletions},
				{request{action: "s3:DeleteBucket", resource: "*", context: noMFA}, deletions},
				{request{action: "kms:ScheduleKeyDeletion", resource: "*"}, deletions},
				{request{action: "rds:DeleteDBInstance", resource: "*", context: map[string]string{"aws:MultiFactorAuthPresent": "true"}}, allowed},
			} {
				if got := decide(t, boundary, c.req); got != c.want {
					t.Errorf("boundary: %s on %s %v: %s, want %s", c.req.action, c.req.resource, c.req.context, got, c.want)
				}
			}
			for _, name := range deliveryRoleNames {
				for _, action := range []string{"iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy",
					"iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary", "iam:DeleteRole"} {
					if got := decide(t, boundary, request{action: action, resource: iamArn("role", name)}); got != denied {
						t.Errorf("boundary: %s on %s: %s, want denied", action, name, got)
					}
				}
			}

			attached := map[string][]string{}
			for _, a := range inv.OfType("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
				if role := inv.ByID(a.String("role")); role != nil && slices.Contains(deliveryRoleNames, role.String("name")) {
					attached[role.String("name")] = append(attached[role.String("name")], a.String("policyArn"))
				}
			}
			for name, want := range map[string][]string{
				"saleor-github-preview": {"arn:aws:iam::aws:policy/ReadOnlyAccess"},
				"saleor-github-release": nil,
				"saleor-pulumi-deploy":  {"arn:aws:iam::aws:policy/AdministratorAccess"},
			} {
				if !slices.Equal(attached[name], want) {
					t.Errorf("%s has managed policies %v, want %v", name, attached[name], want)
				}
			}
			noData := parsePolicy(t, inv.Named("aws:iam/rolePolicy:RolePolicy", "identity-github-preview-no-data").String("policy"))
			for _, action := range []string{"s3:GetObject", "secretsmanager:GetSecretValue", "kms:Decrypt", "logs:GetLogEvents", "sqs:ReceiveMessage"} {
				if got := decide(t, noData, request{action: action, resource: "arn:aws:s3:::storage-media-1234567/customer.pdf"}); got != denied {
					t.Errorf("preview role: %s: %s, want denied", action, got)
				}
			}
			for _, s := range noData.Statement {
				if s.Effect != "Deny" {
					t.Errorf("preview role's own policy allows %v", s.Action)
				}
			}
		})
	}
}

// TestDeliveryBoundaryAllowsEveryServiceTheStacksUse: every AWS resource any stack declares
// belongs to a service each account's boundary allows, so the deploy role's `pulumi up` is
// not refused by its own boundary (a new module needs its IAM prefixes in
// stacks.deliveryServices).
func TestDeliveryBoundaryAllowsEveryServiceTheStacksUse(t *testing.T) {
	boundaries := map[string]policyDocument{}
	for acct, inv := range owners(t) {
		boundaries[acct] = parsePolicy(t, inv.Named("aws:iam/policy:Policy", "identity-boundary").String("policy"))
	}
	seen := map[string]bool{}
	for _, run := range everyStack(t) {
		for _, r := range run.inv.AWS() {
			module := strings.SplitN(strings.SplitN(r.Type, ":", 3)[1], "/", 2)[0]
			if seen[run.account+module] {
				continue
			}
			seen[run.account+module] = true
			services, ok := stacks.DeliveryServices(module)
			if !ok {
				t.Errorf("%s (%s) is of module %s, which the delivery boundary does not know", r.Type, run.inv.Stack.Name, module)
			}
			for _, s := range services {
				if got := decide(t, boundaries[run.account], request{action: s + ":Create", resource: "*"}); got != allowed {
					t.Errorf("%s account's boundary: %s:* is %s, though %s creates %s", run.account, s, got, run.inv.Stack.Name, r.Type)
				}
			}
		}
	}
}

// releaseRequests are what a release of a stack does: push to its repositories, roll its
// services, run its migration task in its cluster, deploy through its deployment groups,
// write to its assets buckets, pass its task and execution roles to ECS and read its
// migration logs, each with the ARNs and condition keys AWS would see, in acct.
func releaseRequests(t *testing.T, inv *harness.Inventory, acct string) map[string][]request {
	t.Helper()
	out := map[string][]request{}
	add := func(kind, action, resource string, context map[string]string) {
		out[kind] = append(out[kind], request{action: action, resource: inAccount(resource, acct), context: context})
	}
	for _, r := range inv.OfType("aws:ecr/repository:Repository") {
		add("push", "ecr:PutImage", r.Output("arn"), nil)
	}
	for _, r := range inv.OfType("aws:ecs/service:Service") {
		add("roll", "ecs:UpdateService", r.Output("arn"), nil)
	}
	for _, td := range inv.OfType("aws:ecs/taskDefinition:TaskDefinition") {
		for _, c := range inv.OfType("aws:ecs/cluster:Cluster") {
			if c.Region == td.Region && strings.HasSuffix(td.String("family"), "-migrate") {
				add("migrate", "ecs:RunTask", td.Output("arn"), map[string]string{"ecs:cluster": inAccount(c.Output("arn"), acct)})
			}
		}
		for _, key := range []string{"taskRoleArn", "executionRoleArn"} {
			role := inv.ByID(td.String(key))
			if role == nil {
				t.Fatalf("%s: %s %q is no role of the stack", td.Name, key, td.String(key))
			}
			tags := role.Tags()
			add("pass", "iam:PassRole", role.Output("arn"), map[string]string{
				"iam:PassedToService": "ecs-tasks.amazonaws.com", "iam:ResourceTag/Stack": tags["Stack"], "iam:ResourceTag/Project": tags["Project"],
			})
		}
	}
	for _, g := range inv.OfType("aws:codedeploy/deploymentGroup:DeploymentGroup") {
		add("deploy", "codedeploy:CreateDeployment", fmt.Sprintf("arn:aws:codedeploy:%s:%s:deploymentgroup:%s/%s",
			g.Region, harness.AccountID, g.String("appName"), g.String("deploymentGroupName")), nil)
	}
	for _, b := range inv.OfType("aws:s3/bucketV2:BucketV2") {
		if b.Tags()["Role"] == "assets" {
			add("static", "s3:PutObject", "arn:aws:s3:::"+b.String("bucket")+"/static/dashboard.css",
				map[string]string{"aws:ResourceAccount": accountIDs[acct]})
		}
	}
	for _, g := range inv.OfType("aws:cloudwatch/logGroup:LogGroup") {
		if strings.HasSuffix(g.String("name"), "/ecs/migrate") {
			add("logs", "logs:GetLogEvents", g.Output("arn")+":log-stream:migrate/saleor/0123", nil)
		}
	}
	return out
}

// TestReleaseRoleReachesOnlyItsAccountsStacks: evaluated as IAM would, the release role of
// each account may release every stack of its account (push, migrate, roll, deploy, write
// static files, pass the task roles, read the migration logs) and nothing of any stack of
// the other account. Its names and tags alone keep it off the other account's stacks too:
// moved into the role's own account, they stay out of reach, but for the assets buckets,
// whose auto-generated names carry no stack, which the account binds. The few actions AWS
// cannot scope to a resource are read-only, log-in or registration.
func TestReleaseRoleReachesOnlyItsAccountsStacks(t *testing.T) {
	unscoped := []string{"ecr:GetAuthorizationToken", "ecs:RegisterTaskDefinition", "ecs:TagResource", "ecs:Describe*", "ecs:List*"}
	for acct, owner := range owners(t) {
		t.Run(owner.Stack.Name, func(t *testing.T) {
			policy := owner.Named("aws:iam/rolePolicy:RolePolicy", "identity-github-release").String("policy")
			release := parsePolicy(t, inAccount(policy, acct))
			for _, s := range release.Statement {
				if slices.Contains(s.Resource, "*") {
					for _, a := range s.Action {
						if !slices.Contains(unscoped, a) {
							t.Errorf("%s: %s on every resource", s.Sid, a)
						}
					}
				}
			}
			kinds := map[string]bool{}
			for _, run := range everyStack(t) {
				want := implicit
				if run.account == acct {
					want = allowed
				}
				for kind, reqs := range releaseRequests(t, run.inv, run.account) {
					kinds[kind] = true
					for _, req := range reqs {
						if got := decide(t, release, req); got != want {
							t.Errorf("%s (%s account): %s on %s %v: %s, want %s", run.inv.Stack.Name, run.account, req.action, req.resource, req.context, got, want)
						}
					}
				}
				if run.account == acct {
					continue
				}
				for kind, reqs := range releaseRequests(t, run.inv, acct) { // the same names in the role's account
					for _, req := range reqs {
						if got := decide(t, release, req); kind != "static" && got != implicit {
							t.Errorf("%s moved into the %s account: %s on %s %v: %s, want %s", run.inv.Stack.Name, acct, req.action, req.resource, req.context, got, implicit)
						}
					}
				}
			}
			for _, kind := range []string{"push", "roll", "migrate", "pass", "deploy", "static", "logs"} {
				if !kinds[kind] {
					t.Errorf("no stack has anything to %s: the test checks nothing there", kind)
				}
			}
		})
	}
}
