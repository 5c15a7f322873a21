package identity

import (
	"fmt"
	"slices"

	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/components/iampolicy"
)

// names are the names the component gives, from DeliveryArgs.NamePrefix.
type names struct{ preview, release, deploy, boundary string }

func namesOf(prefix string) names {
	return names{
		preview:  prefix + "-github-preview",
		release:  prefix + "-github-release",
		deploy:   prefix + "-pulumi-deploy",
		boundary: prefix + "-delivery-boundary",
	}
}

// arns are the ARNs the boundary protects, built from names: the boundary is created before
// the roles that carry it.
type arns struct {
	roles              []string
	boundary           string
	identityProviders  []string
	partition, account string
}

func arnsOf(env awsenv.Environment, n names) arns {
	iamARN := func(kind, name string) string {
		return fmt.Sprintf("arn:%s:iam::%s:%s/%s", env.Partition, env.Account, kind, name)
	}
	return arns{
		roles:             []string{iamARN("role", n.preview), iamARN("role", n.release), iamARN("role", n.deploy)},
		boundary:          iamARN("policy", n.boundary),
		identityProviders: []string{iamARN("oidc-provider", GitHubIssuer), iamARN("oidc-provider", PulumiIssuer)},
		partition:         env.Partition, account: env.Account,
	}
}

// managedPolicy is the ARN of an AWS managed policy.
func managedPolicy(partition, name string) string {
	return fmt.Sprintf("arn:%s:iam::aws:policy/%s", partition, name)
}

// Actions the boundary denies every delivery role.
var (
	iamUserActions = []string{
		"iam:CreateUser", "iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
		"iam:CreateServiceSpecificCredential", "iam:UploadSSHPublicKey", "iam:UploadSigningCertificate",
		"iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:AddUserToGroup",
	}
	boundaryActions = []string{"iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"}
	roleActions     = []string{
		"iam:UpdateAssumeRolePolicy", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
		"iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy",
		"iam:UpdateRole", "iam:DeleteRole",
	}
	providerActions = []string{
		"iam:DeleteOpenIDConnectProvider", "iam:AddClientIDToOpenIDConnectProvider",
		"iam:RemoveClientIDFromOpenIDConnectProvider", "iam:UpdateOpenIDConnectProviderThumbprint",
	}
	// dataDeletions are what ProtectData denies without MFA.
	dataDeletions = []string{
		"rds:DeleteDBInstance", "rds:DeleteDBCluster", "s3:DeleteBucket", "kms:ScheduleKeyDeletion",
		"backup:DeleteBackupVault", "backup:DeleteRecoveryPoint",
	}
)

func deny(sid string, actions []string, resources ...string) iampolicy.Statement {
	return iampolicy.Statement{Sid: sid, Effect: "Deny", Action: actions, Resource: resources}
}

// boundaryPolicy is the permissions boundary of the three roles: the program's services,
// less what only an administrator may do.
func boundaryPolicy(a DeliveryArgs, x arns) iampolicy.Document {
	var services []string
	for _, s := range slices.Sorted(slices.Values(a.BoundaryServices)) {
		services = append(services, s+":*")
	}
	statements := []iampolicy.Statement{
		iampolicy.Allow("TheServicesTheProgramUses", slices.Compact(services), "*"),
		deny("NoIAMUsersOrLongLivedCredentials", iamUserActions, "*"),
		deny("NoOrganizationsOrAccountSettings", []string{"organizations:*", "account:*"}, "*"),
		deny("NoAssumingOtherRoles", []string{"sts:AssumeRole"}, "*"),
		deny("NoNewIdentityProviders", []string{"iam:CreateOpenIDConnectProvider", "iam:CreateSAMLProvider"}, "*"),
		deny("NoChangingTheBoundary", boundaryActions, x.boundary),
		deny("NoChangingTheDeliveryRoles", roleActions, x.roles...),
		deny("NoChangingTheIdentityProviders", providerActions, x.identityProviders...),
	}
	if a.ProtectData {
		statements = append(statements, iampolicy.Statement{
			Sid: "NoDeletingDataWithoutMFA", Effect: "Deny", Action: dataDeletions, Resource: "*",
			Condition: map[string]map[string]any{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
		})
	}
	return iampolicy.New(statements...)
}

// dataReads are what the preview role may not do of ReadOnlyAccess: read what the stacks
// hold, rather than how they are configured.
var dataReads = []string{
	"s3:GetObject", "s3:GetObjectVersion", "secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue",
	"kms:Decrypt", "logs:GetLogEvents", "logs:FilterLogEvents", "logs:StartQuery", "logs:StartLiveTail",
	"logs:GetLogRecord", "sqs:ReceiveMessage",
}

// previewDenies keeps the preview role to configuration: a pull request runs its own code
// with it.
func previewDenies() iampolicy.Document {
	return iampolicy.New(deny("NoDataReads", dataReads, "*"))
}

// releasePolicy is what a release does: push the image to the stacks' repositories, register
// task definitions and pass them the stacks' roles, run the migration task, roll the services
// (ECS or CodeDeploy), write the static files and read the tasks' logs.
func releasePolicy(env awsenv.Environment, s ReleaseScope) iampolicy.Document {
	arn := func(service, resource string) string {
		return fmt.Sprintf("arn:%s:%s:*:%s:%s", env.Partition, service, env.Account, resource)
	}
	each := func(format string, patterns []string) []string {
		var out []string
		for _, p := range patterns {
			out = append(out, fmt.Sprintf(format, p))
		}
		return slices.Compact(slices.Sorted(slices.Values(out)))
	}
	prefixes := s.NamePrefixes
	var repositories, clusters, services, tasks, families, groups []string
	for _, r := range each("repository/%s/*", prefixes) {
		repositories = append(repositories, arn("ecr", r))
	}
	for _, c := range each("cluster/%s", prefixes) {
		clusters = append(clusters, arn("ecs", c))
	}
	for _, c := range each("service/%s/*", prefixes) {
		services = append(services, arn("ecs", c))
	}
	for _, c := range each("task/%s/*", prefixes) {
		tasks = append(tasks, arn("ecs", c))
	}
	for _, f := range each("task-definition/%s-*:*", prefixes) {
		families = append(families, arn("ecs", f))
	}
	for _, g := range each("deploymentgroup:*/%s-*", prefixes) {
		groups = append(groups, arn("codedeploy", g))
	}
	var logGroups []string
	for _, g := range each("log-group:%s", s.LogGroups) {
		logGroups = append(logGroups, arn("logs", g))
	}
	buckets := slices.Concat(
		each(fmt.Sprintf("arn:%s:s3:::%%s", env.Partition), s.Buckets),
		each(fmt.Sprintf("arn:%s:s3:::%%s/*", env.Partition), s.Buckets))
	ownAccount := map[string]map[string]any{"StringEquals": {"aws:ResourceAccount": env.Account}}

	statements := []iampolicy.Statement{
		iampolicy.Allow("LogInToECR", []string{"ecr:GetAuthorizationToken"}, "*"),
		iampolicy.Allow("PushAndReadImages", []string{
			"ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
			"ecr:PutImage", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages", "ecr:DescribeRepositories",
		}, repositories...),
		// RegisterTaskDefinition takes no resource; what a definition can do is bounded by
		// the roles it may be given (PassTaskRolesToECS) and the services it may be rolled to.
		iampolicy.Allow("RegisterTaskDefinitions", []string{"ecs:RegisterTaskDefinition"}, "*"),
		{
			Sid: "TagRegisteredTaskDefinitions", Effect: "Allow", Action: []string{"ecs:TagResource"}, Resource: "*",
			Condition: map[string]map[string]any{"StringEquals": {"ecs:CreateAction": "RegisterTaskDefinition"}},
		},
		iampolicy.Allow("ReadECS", []string{"ecs:Describe*", "ecs:List*"}, "*"),
		{
			Sid: "RunTasksInTheStacksClusters", Effect: "Allow", Action: []string{"ecs:RunTask"}, Resource: families,
			Condition: map[string]map[string]any{"ArnLike": {"ecs:cluster": clusters}},
		},
		iampolicy.Allow("StopTheStacksTasks", []string{"ecs:StopTask"}, tasks...),
		iampolicy.Allow("RollTheStacksServices", []string{"ecs:UpdateService"}, services...),
		{
			Sid: "PassTaskRolesToECS", Effect: "Allow", Action: []string{"iam:PassRole"},
			Resource: fmt.Sprintf("arn:%s:iam::%s:role/*", env.Partition, env.Account),
			Condition: map[string]map[string]any{
				"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com", "iam:ResourceTag/Project": s.ProjectTag},
				"StringLike":   {"iam:ResourceTag/Stack": s.StackTags},
			},
		},
		iampolicy.Allow("DeployThroughTheStacksDeploymentGroups", []string{
			"codedeploy:CreateDeployment", "codedeploy:StopDeployment", "codedeploy:GetDeployment", "codedeploy:GetDeploymentGroup",
		}, groups...),
		iampolicy.Allow("ReadDeploymentConfigs", []string{"codedeploy:GetDeploymentConfig"}, arn("codedeploy", "deploymentconfig:*")),
		iampolicy.Allow("RegisterRevisions", []string{
			"codedeploy:RegisterApplicationRevision", "codedeploy:GetApplicationRevision", "codedeploy:GetApplication",
		}, arn("codedeploy", "application:*")),
		{
			Sid: "WriteStaticFiles", Effect: "Allow", Action: []string{"s3:PutObject", "s3:GetObject", "s3:ListBucket"},
			Resource: buckets, Condition: ownAccount,
		},
		{
			Sid: "EncryptStaticFiles", Effect: "Allow", Action: []string{"kms:GenerateDataKey", "kms:Decrypt"},
			Resource: arn("kms", "key/*"),
			Condition: map[string]map[string]any{"StringLike": {
				"kms:ViaService":                   "s3.*." + env.DNSSuffix,
				"kms:EncryptionContext:aws:s3:arn": buckets,
			}},
		},
	}
	if len(logGroups) > 0 {
		statements = append(statements, iampolicy.Allow("ReadTaskLogs",
			[]string{"logs:GetLogEvents", "logs:FilterLogEvents", "logs:DescribeLogStreams"}, logGroups...))
	}
	return iampolicy.New(statements...)
}
