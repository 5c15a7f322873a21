package identity_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/identity"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

func args() identity.DeliveryArgs {
	return identity.DeliveryArgs{
		NamePrefix: "shop",
		GitHub:     identity.GitHubArgs{Repository: "acme/shop-infra", Environments: []string{"production"}},
		Pulumi: identity.PulumiArgs{Organization: "acme", Project: "shop", Stacks: []string{"prod-*"},
			Environments: []string{"shop/aws-production"}},
		Release: identity.ReleaseScope{NamePrefixes: []string{"shop-prod-*"}, LogGroups: []string{"/shop/prod-*/ecs/*"},
			Buckets: []string{"storage-assets-*"}, StackTags: []string{"prod-*"}, ProjectTag: "shop"},
		BoundaryServices: []string{"ec2", "s3", "iam"},
	}
}

func run(t *testing.T, a identity.DeliveryArgs) *harness.Inventory {
	t.Helper()
	inv, err := harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		_, err := identity.NewDelivery(ctx, "delivery", &a, pulumi.Providers(p[0]))
		return err
	}, "eu-west-1"), harness.ComponentStack())
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func TestNilArgsNameEveryRequiredField(t *testing.T) {
	harnesstest.NilArgs(t, identity.NewDelivery, "NamePrefix", "GitHub.Repository", "Pulumi.Organization", "Pulumi.Project",
		"Pulumi.Stacks", "Release.NamePrefixes", "Release.Buckets", "Release.StackTags", "Release.ProjectTag", "BoundaryServices")
}

// TestOpenOrMalformedArgsAreRejected: wildcards where a repository, organisation, stack or
// release scope is named, and malformed names, are refused before anything is registered,
// all at once.
func TestOpenOrMalformedArgsAreRejected(t *testing.T) {
	a := args()
	a.GitHub.Repository = "acme/*"
	a.GitHub.Environments = []string{"prod*"}
	a.Pulumi.Organization = "*"
	a.Pulumi.Stacks = []string{"*"}
	a.Pulumi.Environments = []string{"aws-production"}
	a.Release.NamePrefixes = []string{"*"}
	a.BoundaryServices = []string{"EC2:*"}
	a.DeploySessionHours = 13
	harnesstest.Rejected(t, harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		_, err := identity.NewDelivery(ctx, "delivery", &a, pulumi.Providers(p[0]))
		return err
	}, "eu-west-1"), "GitHub.Repository", "GitHub.Environments[0]", "Pulumi.Organization", "Pulumi.Stacks[0]",
		"Pulumi.Environments[0]", "Release.NamePrefixes[0]", "BoundaryServices[0]", "DeploySessionHours")
}

// TestRolesAreNamedAndBoundedFromArgs: the names carry NamePrefix, every role carries the
// boundary, the deploy role's sessions last DeploySessionHours (4 by default) and the others'
// one hour, the Pulumi provider accepts Deployments' and ESC's audiences, and without
// ProtectData the boundary leaves deletions to the roles' own policies.
func TestRolesAreNamedAndBoundedFromArgs(t *testing.T) {
	inv := run(t, args())
	boundary := harnesstest.Named(t, inv, "aws:iam/policy:Policy", "delivery-boundary")
	if boundary.String("name") != "shop-delivery-boundary" {
		t.Errorf("boundary named %q", boundary.String("name"))
	}
	hours := map[string]float64{"shop-github-preview": 1, "shop-github-release": 1, "shop-pulumi-deploy": 4}
	for _, r := range inv.OfType("aws:iam/role:Role") {
		want, ok := hours[r.String("name")]
		if !ok {
			t.Errorf("unexpected role %q", r.String("name"))
			continue
		}
		if r.Number("maxSessionDuration") != want*3600 || r.String("permissionsBoundary") != boundary.Output("arn") {
			t.Errorf("%s: session %v s, boundary %q", r.String("name"), r.Number("maxSessionDuration"), r.String("permissionsBoundary"))
		}
		delete(hours, r.String("name"))
	}
	if len(hours) > 0 {
		t.Errorf("roles missing: %v", hours)
	}
	pulumiIdP := harnesstest.Named(t, inv, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "delivery-pulumi")
	if got := pulumiIdP.Strings("clientIdLists"); !slices.Equal(got, []string{"acme", "aws:acme"}) || pulumiIdP.String("url") != "https://api.pulumi.com/oidc" {
		t.Errorf("Pulumi provider %s with audiences %v", pulumiIdP.String("url"), got)
	}
	var doc iampolicy.Document
	if err := json.Unmarshal([]byte(boundary.String("policy")), &doc); err != nil {
		t.Fatal(err)
	}
	var sids []string
	for _, s := range doc.Statement {
		sids = append(sids, s.Sid)
	}
	if slices.Contains(sids, "NoDeletingDataWithoutMFA") || !slices.Contains(sids, "NoChangingTheDeliveryRoles") {
		t.Errorf("boundary statements without ProtectData: %v", sids)
	}
	if !strings.Contains(boundary.String("policy"), `"ec2:*","iam:*","s3:*"`) {
		t.Errorf("boundary does not allow exactly the services, sorted: %s", boundary.String("policy"))
	}
}
