// Package identity is the account's delivery identities: who, besides a person with an
// administrator identity, may preview, release to and deploy the stacks of one AWS account.
// One Delivery per account, created by the stack that owns the account's services (the same
// switch as GuardDuty and Security Hub: AWS allows one OIDC provider per issuer URL in an
// account, and the role names are fixed so workflows can name them).
//
// It creates two IAM OIDC identity providers and three roles, every role bounded by one
// permissions boundary, a managed policy of its own:
//
//   - token.actions.githubusercontent.com (GitHub Actions), audience "sts.amazonaws.com",
//     what aws-actions/configure-aws-credentials asks for.
//   - api.pulumi.com/oidc (Pulumi Cloud), audiences "<org>" (Pulumi Deployments' OIDC
//     integration) and "aws:<org>" (Pulumi ESC's aws-login).
//   - <prefix>-github-preview: GitHub Actions jobs of one repository on a pull request
//     (sub "repo:<owner>/<repo>:pull_request") or on the main branch (sub
//     "repo:<owner>/<repo>:ref:refs/heads/main"). AWS's ReadOnlyAccess, minus reading data:
//     object contents, secret values, KMS decryption, log events and queue messages, since a
//     pull request runs its own code with this role.
//   - <prefix>-github-release: the same repository on the main branch or in one of its
//     release environments (sub "repo:<owner>/<repo>:environment:<name>"). Pushes images,
//     runs the migration task, rolls services (ECS and CodeDeploy), writes the static files
//     to the assets buckets and reads the tasks' logs, each scoped to the names, tags or
//     account of the stacks the account holds (ReleaseScope).
//   - <prefix>-pulumi-deploy: Pulumi Deployments of the organisation's project stacks
//     (sub "pulumi:deploy:org:<org>:project:<project>:stack:<stack>:operation:<op>:scope:write")
//     and the ESC environment that logs in with it (sub
//     "pulumi:environments:pulumi.organization.login:<org>:currentEnvironment.name:<project>/<env>",
//     the environment's aws-login setting subjectAttributes: [currentEnvironment.name], or
//     "pulumi:environments:org:<org>:env:<project>/<env>" when the environment is opened by
//     itself). AdministratorAccess, within the boundary.
//
// The boundary allows only the AWS services the program uses (BoundaryServices) and denies,
// whatever a role's own policies say: IAM users and their credentials; AWS Organizations and
// account settings; assuming other roles; changing the boundary, the three roles' trust,
// policies or boundary, and the OIDC providers; and, with ProtectData, deleting databases,
// buckets, KMS keys and backups without MFA, which a web-identity session never has. The
// delivery identities are therefore changed only by a person with an administrator
// identity, who also runs the first `pulumi up` that creates them.
//
// What the boundary does not stop: the deploy role creates the application's roles and
// runs its workloads, and could grant them more than they need. That is what review of the
// main branch and of the Deployments settings guards.
package identity
