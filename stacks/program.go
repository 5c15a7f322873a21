// Package stacks is the composition: it reads a stack's configuration, creates its
// providers and wires the tiers together in dependency order.
package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Program is the whole Pulumi program. It validates the configuration before it registers
// anything, and returns every problem at once.
func Program(ctx *pulumi.Context) error {
	cfg, err := LoadConfig(ctx)
	if err != nil {
		return err
	}
	p, err := newProviders(ctx, cfg)
	if err != nil {
		return err
	}
	primary, secondary, global, err := newFoundations(ctx, cfg, p)
	if err != nil {
		return err
	}
	data, err := newDataTier(ctx, cfg, p, primary, secondary)
	if err != nil {
		return err
	}
	names, err := newDNS(ctx, cfg, p)
	if err != nil {
		return err
	}
	app, err := newCompute(ctx, cfg, p, primary, data, names.api.Arn)
	if err != nil {
		return err
	}
	edgeTier, err := newEdge(ctx, cfg, p, primary, global, data, app, names)
	if err != nil {
		return err
	}
	if err := newObservability(ctx, cfg, p, primary, secondary, global, watchedTiers{data, app, names, edgeTier}); err != nil {
		return err
	}
	ctx.Export("region", pulumi.String(cfg.Region))
	ctx.Export("vpcId", primary.network.VpcID)
	if secondary != nil {
		ctx.Export("secondaryRegion", pulumi.String(cfg.SecondaryRegion))
		ctx.Export("secondaryVpcId", secondary.network.VpcID)
	}
	ctx.Export("nameServers", names.zone.NameServers)
	ctx.Export("cdnDomainName", edgeTier.distribution.DomainName)
	ctx.Export("loadBalancerDnsName", app.LoadBalancerDNSName)
	ctx.Export("imageRepositoryUrl", app.RepositoryURL)
	ctx.Export("migrationTaskDefinitionArn", app.MigrationTaskDefinitionArn)
	return nil
}
