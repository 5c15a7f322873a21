package stacks

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/identity"
	"github.com/saleor-platform/infra/components/storage"
)

// deliveryServices maps each pulumi-aws module the program creates resources in to the IAM
// service prefixes `pulumi up` calls for it; the delivery roles' permissions boundary allows
// exactly these. A resource of a module missing here fails TestDeliveryBoundaryAllowsEvery
// ServiceTheStacksUse.
var deliveryServices = map[string][]string{
	"acm":            {"acm"},
	"amplify":        {"amplify"},
	"appautoscaling": {"application-autoscaling", "cloudwatch"},
	"backup":         {"backup", "backup-storage"},
	"budgets":        {"budgets"},
	"cfg":            {"config"},
	"chatbot":        {"chatbot"},
	"cloudfront":     {"cloudfront"},
	"cloudtrail":     {"cloudtrail", "logs"},
	"cloudwatch":     {"cloudwatch", "logs"},
	"codedeploy":     {"codedeploy"},
	"costexplorer":   {"ce"},
	"ec2":            {"ec2"},
	"ecr":            {"ecr"},
	"ecs":            {"ecs"},
	"elasticache":    {"elasticache"},
	"guardduty":      {"guardduty"},
	"iam":            {"iam"},
	"kms":            {"kms"},
	"lb":             {"elasticloadbalancing"},
	"opensearch":     {"es"},
	"rds":            {"rds"},
	"route53":        {"route53"},
	"s3":             {"s3"},
	"scheduler":      {"scheduler"},
	"secretsmanager": {"secretsmanager"},
	"securityhub":    {"securityhub"},
	"sns":            {"sns"},
	"sqs":            {"sqs"},
	"ssm":            {"ssm"},
	"vpc":            {"ec2"},
	"wafv2":          {"wafv2", "logs"},
}

// DeliveryServices returns the IAM service prefixes of a pulumi-aws module ("lb" ->
// ["elasticloadbalancing"]), and whether the delivery boundary knows the module.
func DeliveryServices(module string) ([]string, bool) {
	s, ok := deliveryServices[module]
	return s, ok
}

// boundaryServices are every service of deliveryServices, plus the resource-tagging API
// the provider reads tags through.
func boundaryServices() []string {
	out := []string{"tag"}
	for _, services := range deliveryServices {
		out = append(out, services...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// drSuffix ends the names of what a stack runs in its DR or secondary region.
const drSuffix = "-dr"

// releaseScope is what the release role may touch of the account's stacks (saleor:delivery
// stacks): names start with "<project>-<stack>" (and "-dr" in the DR region), task and
// execution roles carry the Stack and Project tags, logs are under "/<project>/<stack>/ecs/",
// and the assets buckets, auto-named, are the storage tiers' "...-assets-<suffix>".
func releaseScope(cfg *Config) identity.ReleaseScope {
	s := identity.ReleaseScope{ProjectTag: cfg.Project, StackTags: cfg.Delivery.Stacks}
	for _, stack := range cfg.Delivery.Stacks {
		prefix := cfg.Project + "-" + stack
		s.NamePrefixes = append(s.NamePrefixes, prefix)
		if !strings.HasSuffix(stack, "*") {
			s.NamePrefixes = append(s.NamePrefixes, prefix+drSuffix)
		}
		s.LogGroups = append(s.LogGroups, "/"+cfg.Project+"/"+stack+"/ecs/*")
	}
	assets := string(storage.Assets)
	s.Buckets = []string{"storage-" + assets + "-*", "storage-*-" + assets + "-*"}
	return s
}

// newDelivery creates the account's delivery identities on the stack that owns the account's
// services, and exports the roles' ARNs.
func newDelivery(ctx *pulumi.Context, cfg *Config, p *providers) error {
	d := cfg.Delivery
	if d == nil {
		return nil
	}
	org, err := d.Organization(ctx.Organization())
	if err != nil {
		return err
	}
	ids, err := identity.NewDelivery(ctx, "identity", &identity.DeliveryArgs{
		NamePrefix: cfg.Project,
		GitHub:     identity.GitHubArgs{Repository: d.GitHubRepository, Environments: d.GitHubEnvironments},
		Pulumi: identity.PulumiArgs{
			Organization: org, Project: cfg.Project, Stacks: d.Stacks, Environments: []string{d.ESCEnvironment},
		},
		Release:          releaseScope(cfg),
		BoundaryServices: boundaryServices(),
		ProtectData:      cfg.Environment.IsProduction(),
	}, pulumi.Providers(p.primary))
	if err != nil {
		return err
	}
	ctx.Export("githubPreviewRoleArn", ids.PreviewRoleArn)
	ctx.Export("githubReleaseRoleArn", ids.ReleaseRoleArn)
	ctx.Export("pulumiDeployRoleArn", ids.DeployRoleArn)
	return nil
}
