package identity

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/validate"
)

// Delivery is the account's delivery identities.
type Delivery struct {
	pulumi.ResourceState

	// PreviewRoleArn, ReleaseRoleArn and DeployRoleArn are the roles' ARNs.
	PreviewRoleArn pulumi.StringOutput
	ReleaseRoleArn pulumi.StringOutput
	DeployRoleArn  pulumi.StringOutput
	// BoundaryArn is the permissions boundary's ARN.
	BoundaryArn pulumi.StringOutput
}

// deliveryType is the component's Pulumi type token.
const deliveryType = "saleor:identity:Delivery"

// NewDelivery creates the OIDC providers, the boundary and the three roles in the account of
// the component's AWS provider (IAM is global: the provider's region does not matter).
func NewDelivery(ctx *pulumi.Context, name string, args *DeliveryArgs, opts ...pulumi.ResourceOption) (*Delivery, error) {
	a, err := validate.Args(deliveryType, name, args, DeliveryArgs.withDefaults, DeliveryArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &Delivery{}
	if err := ctx.RegisterComponentResource(deliveryType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	env, err := awsenv.Lookup(ctx, parent)
	if err != nil {
		return nil, err
	}
	// Without thumbprints: IAM verifies both issuers' certificates itself.
	github, err := iam.NewOpenIdConnectProvider(ctx, name+"-github", &iam.OpenIdConnectProviderArgs{
		Url:           pulumi.String("https://" + GitHubIssuer),
		ClientIdLists: pulumi.ToStringArray([]string{GitHubAudience}),
	}, parent)
	if err != nil {
		return nil, err
	}
	org := a.Pulumi.Organization
	pulumiCloud, err := iam.NewOpenIdConnectProvider(ctx, name+"-pulumi", &iam.OpenIdConnectProviderArgs{
		Url:           pulumi.String("https://" + PulumiIssuer),
		ClientIdLists: pulumi.ToStringArray([]string{DeploymentsAudience(org), ESCAudience(org)}),
	}, parent)
	if err != nil {
		return nil, err
	}
	n := namesOf(a.NamePrefix)
	boundary, err := iam.NewPolicy(ctx, name+"-boundary", &iam.PolicyArgs{
		Name:        pulumi.String(n.boundary),
		Description: pulumi.String("Permissions boundary of the delivery roles: the program's services, less IAM users, the organisation, the delivery identities themselves and (in production) deleting data."),
		Policy:      pulumi.String(boundaryPolicy(a, arnsOf(env, n)).String()),
	}, parent)
	if err != nil {
		return nil, err
	}
	role := func(suffix, roleName, description string, trust pulumi.StringOutput, hours int) (*iam.Role, error) {
		return iam.NewRole(ctx, name+suffix, &iam.RoleArgs{
			Name:                pulumi.String(roleName),
			Description:         pulumi.String(description),
			AssumeRolePolicy:    trust,
			PermissionsBoundary: boundary.Arn,
			MaxSessionDuration:  pulumi.Int(hours * 3600),
		}, parent)
	}
	fromGitHub := func(build func(string, GitHubArgs) iampolicy.Document) pulumi.StringOutput {
		return iampolicy.Render(func(v []string) iampolicy.Document { return build(v[0], a.GitHub) }, github.Arn)
	}

	preview, err := role("-github-preview", n.preview, "GitHub Actions previews of "+a.GitHub.Repository+": read-only, no data.",
		fromGitHub(previewTrust), 1)
	if err != nil {
		return nil, err
	}
	if err := attach(ctx, name+"-github-preview-read-only", preview, managedPolicy(env.Partition, "ReadOnlyAccess"), parent); err != nil {
		return nil, err
	}
	if _, err := iam.NewRolePolicy(ctx, name+"-github-preview-no-data", &iam.RolePolicyArgs{
		Role: preview.Name, Policy: pulumi.String(previewDenies().String()),
	}, parent); err != nil {
		return nil, err
	}

	release, err := role("-github-release", n.release, "GitHub Actions releases of "+a.GitHub.Repository+": images, migrations, rollouts, static files.",
		fromGitHub(releaseTrust), 1)
	if err != nil {
		return nil, err
	}
	if _, err := iam.NewRolePolicy(ctx, name+"-github-release", &iam.RolePolicyArgs{
		Role: release.Name, Policy: pulumi.String(releasePolicy(env, a.Release).String()),
	}, parent); err != nil {
		return nil, err
	}

	deploy, err := role("-pulumi-deploy", n.deploy, "Pulumi Deployments and ESC of "+a.Pulumi.Organization+"/"+a.Pulumi.Project+": pulumi up, within the boundary.",
		iampolicy.Render(func(v []string) iampolicy.Document { return deployTrust(v[0], a.Pulumi) }, pulumiCloud.Arn), a.DeploySessionHours)
	if err != nil {
		return nil, err
	}
	if err := attach(ctx, name+"-pulumi-deploy-admin", deploy, managedPolicy(env.Partition, "AdministratorAccess"), parent); err != nil {
		return nil, err
	}

	c.PreviewRoleArn, c.ReleaseRoleArn, c.DeployRoleArn, c.BoundaryArn = preview.Arn, release.Arn, deploy.Arn, boundary.Arn
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"previewRoleArn": preview.Arn, "releaseRoleArn": release.Arn, "deployRoleArn": deploy.Arn, "boundaryArn": boundary.Arn,
	})
}

// attach attaches a managed policy to a role.
func attach(ctx *pulumi.Context, name string, role *iam.Role, policyArn string, opts ...pulumi.ResourceOption) error {
	_, err := iam.NewRolePolicyAttachment(ctx, name, &iam.RolePolicyAttachmentArgs{
		Role: role.Name, PolicyArn: pulumi.String(policyArn),
	}, opts...)
	return err
}
