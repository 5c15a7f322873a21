package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/edge"
)

// exportOutputs exports what operators and CI read from the stack. Before the zone is
// delegated (no application yet) only the foundation's outputs and the name servers exist.
func exportOutputs(ctx *pulumi.Context, cfg *Config, primary, secondary *foundation, zone *edge.Zone, w watchedTiers) {
	ctx.Export("region", pulumi.String(cfg.Region))
	ctx.Export("vpcId", primary.network.VpcID)
	if secondary != nil {
		ctx.Export("secondaryRegion", pulumi.String(cfg.SecondaryRegion))
		ctx.Export("secondaryVpcId", secondary.network.VpcID)
	}
	ctx.Export("nameServers", zone.NameServers)
	ctx.Export("zoneDelegated", pulumi.Bool(cfg.Edge.CertificatesValidate()))
	if w.app == nil {
		return
	}
	ctx.Export("cdnDomainName", w.edge.distribution.DomainName)
	ctx.Export("loadBalancerDnsName", w.app.LoadBalancerDNSName)
	ctx.Export("imageRepositoryUrl", w.app.RepositoryURL)
	ctx.Export("migrationTaskDefinitionArn", w.app.MigrationTaskDefinitionArn)
}
