// Package stacks is the composition: it reads a stack's configuration, creates its
// providers and wires the tiers together in dependency order.
package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/network"
)

// secondaryAZs is how many zones the disaster-recovery region's network spans: enough for
// a database subnet group.
const secondaryAZs = 2

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
	zones, err := availabilityZones(ctx, p.primary, "saleor:availabilityZones", cfg.AZCount)
	if err != nil {
		return err
	}
	nat := network.NatSingle
	if cfg.HA.IsMultiAZ() {
		nat = network.NatOnePerAZ
	}
	primary, err := newFoundation(ctx, cfg, regionPlan{
		provider: p.primary, cidr: cfg.VpcCIDR, zones: zones, nat: nat, endpoints: cfg.HA.IsMultiAZ(),
	})
	if err != nil {
		return err
	}
	ctx.Export("region", pulumi.String(cfg.Region))
	ctx.Export("vpcId", primary.network.VpcID)

	var secondary *foundation
	if cfg.HasDisasterRecovery() {
		drZones, err := availabilityZones(ctx, p.secondary, "saleor:secondaryRegion", secondaryAZs)
		if err != nil {
			return err
		}
		if secondary, err = newFoundation(ctx, cfg, regionPlan{
			suffix: "-dr", provider: p.secondary, cidr: cfg.SecondaryVpcCIDR, zones: drZones, nat: network.NatNone,
		}); err != nil {
			return err
		}
		ctx.Export("secondaryRegion", pulumi.String(cfg.SecondaryRegion))
		ctx.Export("secondaryVpcId", secondary.network.VpcID)
	}
	global, err := newGlobalFoundation(ctx, cfg, p, primary)
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
	ctx.Export("nameServers", names.zone.NameServers)
	ctx.Export("cdnDomainName", edgeTier.distribution.DomainName)
	ctx.Export("loadBalancerDnsName", app.LoadBalancerDNSName)
	ctx.Export("imageRepositoryUrl", app.RepositoryURL)
	ctx.Export("migrationTaskDefinitionArn", app.MigrationTaskDefinitionArn)
	return nil
}
