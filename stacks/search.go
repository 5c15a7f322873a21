package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/search"
	"github.com/saleor-platform/infra/components/security"
)

// newSearch creates the stack's search domain in its region when saleor:search enables it,
// in the isolated subnets of f (whose NACL admits search.Port from the app subnets), reached
// by the API and the workers, and exports its endpoint, ARN and admin role. The disaster-
// recovery region has none: the index is rebuilt from the database.
func newSearch(ctx *pulumi.Context, cfg *Config, p *providers, f *foundation) error {
	if !cfg.Search.Enabled {
		return nil
	}
	net := f.network
	subnets := make([]pulumi.StringInput, len(net.Layout.Isolated))
	for i := range subnets {
		subnets[i] = net.IsolatedSubnetIDs.Index(pulumi.Int(i))
	}
	domain, err := search.NewSearch(ctx, "search", &search.SearchArgs{
		DomainName:              searchDomainName(cfg),
		NodeClass:               cfg.Sizes.SearchNode.Name,
		DataNodes:               cfg.Sizes.SearchNodes,
		StorageGiB:              cfg.Sizes.SearchStorageGiB,
		HA:                      cfg.HA,
		VpcID:                   net.VpcID,
		SubnetIDs:               subnets,
		ClientSecurityGroupIDs:  []pulumi.StringInput{net.SecurityGroups.API, net.SecurityGroups.Worker},
		KMSKeyArn:               f.security.KeyArn(security.Database),
		Logs:                    f.logs,
		CreateServiceLinkedRole: cfg.Search.CreateServiceLinkedRole,
		DeletionProtection:      cfg.Environment.IsProduction(),
	}, pulumi.Providers(p.primary))
	if err != nil {
		return err
	}
	ctx.Export("searchEndpoint", domain.Endpoint)
	ctx.Export("searchDomainArn", domain.Arn)
	ctx.Export("searchAdminRoleArn", domain.AdminRoleArn)
	return nil
}

// searchPort is the port the isolated subnets of a region admit from its app subnets for
// the search domain: search.Port in the stack's own region with search enabled, else none.
func searchPort(cfg *Config, plan regionPlan) int {
	if cfg.Search.Enabled && plan.suffix == "" {
		return search.Port
	}
	return 0
}
