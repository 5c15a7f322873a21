package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/edge"
)

// exportOutputs exports what operators and CI read from a primary, besides its contract
// (which has its region, VPC and zone): the DR region's, the name servers, the restored
// database instance while there is one, and once the zone is delegated the application's.
func exportOutputs(ctx *pulumi.Context, cfg *Config, primary, secondary *foundation, zone *edge.Zone, w watchedTiers) {
	exportSecondary(ctx, cfg, secondary)
	if r := w.data.database.Restored; r != nil {
		ctx.Export("restoredDatabaseIdentifier", r.Identifier)
		ctx.Export("restoredDatabaseUrlSecretArn", r.DatabaseURLSecretArn)
	}
	ctx.Export("nameServers", zone.NameServers)
	exportApplication(ctx, w)
}

// exportSecondary exports the stack's DR (secondary) region and its VPC, when it has one.
func exportSecondary(ctx *pulumi.Context, cfg *Config, secondary *foundation) {
	if secondary != nil {
		ctx.Export("secondaryRegion", pulumi.String(cfg.SecondaryRegion))
		ctx.Export("secondaryVpcId", secondary.network.VpcID)
	}
}

// exportApplication exports the application's and the edge's outputs, once they exist.
func exportApplication(ctx *pulumi.Context, w watchedTiers) {
	if w.app == nil {
		return
	}
	if w.edge != nil && w.edge.distribution != nil {
		ctx.Export("cdnDomainName", w.edge.distribution.DomainName)
	}
	ctx.Export("loadBalancerDnsName", w.app.LoadBalancerDNSName)
	ctx.Export("imageRepositoryUrl", w.app.RepositoryURL)
	ctx.Export("migrationTaskDefinitionArn", w.app.MigrationTaskDefinitionArn)
	if dr := w.dr; dr != nil {
		// The DR runtime pulls from its own region's repository, so a lost primary region does
		// not stop its tasks: every release is pushed there too.
		ctx.Export("drImageRepositoryUrl", dr.app.RepositoryURL)
		ctx.Export("drClusterName", dr.app.ClusterName)
		ctx.Export("drLoadBalancerDnsName", dr.app.LoadBalancerDNSName)
		ctx.Export("drMigrationTaskDefinitionArn", dr.app.MigrationTaskDefinitionArn)
	}
}
