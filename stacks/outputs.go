package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/edge"
	"github.com/saleor-platform/infra/internal/release/target"
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
	exportApplication(ctx, cfg, w)
}

// exportSecondary exports the stack's DR (secondary) region and its VPC, when it has one.
func exportSecondary(ctx *pulumi.Context, cfg *Config, secondary *foundation) {
	if secondary != nil {
		ctx.Export("secondaryRegion", pulumi.String(cfg.SecondaryRegion))
		ctx.Export("secondaryVpcId", secondary.network.VpcID)
	}
}

// exportApplication exports the application's and the edge's outputs, once they exist.
func exportApplication(ctx *pulumi.Context, cfg *Config, w watchedTiers) {
	if w.app == nil {
		return
	}
	exportRelease(ctx, cfg, w)
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

// exportRelease exports what cmd/release reads of the stack (target.Outputs): the public
// GraphQL endpoint, which CloudFront serves on the domain, and each application runtime by
// region role.
func exportRelease(ctx *pulumi.Context, cfg *Config, w watchedTiers) {
	runtimes := []any{w.app.Release}
	if w.dr != nil {
		runtimes = append(runtimes, w.dr.app.Release)
	}
	ctx.Export(target.OutputName, pulumi.All(runtimes...).ApplyT(func(v []any) target.Outputs {
		out := target.Outputs{
			GraphQLURL: edge.GraphQLURL(cfg.Domain),
			Regions:    map[string]target.Target{target.Primary: v[0].(target.Target)},
		}
		if len(v) > 1 {
			out.Regions[target.DR] = v[1].(target.Target)
		}
		return out
	}))
}
