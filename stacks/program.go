// Package stacks is the composition: it reads a stack's configuration, creates its
// providers and wires the tiers together in dependency order.
package stacks

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Program is the whole Pulumi program. It validates the configuration before it registers
// anything, and returns every problem at once.
//
// A stack that creates its hosted zone deploys in two steps: until saleor:zoneDelegated is
// true it builds everything that needs no certificate (keys, network, data, backups, the
// zone, alerting) and stops there, because ACM validates a certificate only once the zone is
// delegated, and a person can delegate it only after seeing its name servers.
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
	zone, err := newZone(ctx, cfg, p)
	if err != nil {
		return err
	}
	w := watchedTiers{data: data}
	if cfg.Edge.CertificatesValidate() {
		if w.names, err = newCertificates(ctx, cfg, p, zone); err != nil {
			return err
		}
		if w.app, err = newCompute(ctx, cfg, p, primary, data, w.names.api.Arn); err != nil {
			return err
		}
		if w.edge, err = newEdge(ctx, cfg, p, primary, global, data, w.app, w.names); err != nil {
			return err
		}
	} else {
		if err := data.storage.KeepMediaPrivate(ctx); err != nil {
			return err
		}
		if err := ctx.Log.Warn(delegationPending(cfg), nil); err != nil {
			return err
		}
	}
	if err := newObservability(ctx, cfg, p, primary, secondary, global, w); err != nil {
		return err
	}
	if !cfg.Observability.CostTags.Active() {
		if err := ctx.Log.Info(costTagsPending, nil); err != nil {
			return err
		}
	}
	exportOutputs(ctx, cfg, primary, secondary, zone, w)
	return nil
}

// costTagsPending is the plan's note while the cost allocation tags are not active.
const costTagsPending = "saleor:costAllocationTags is pending: the budget counts the whole account and no cost anomaly " +
	"monitor is made. Once the Stack tag shows in Billing (up to 24 h after the first deploy), set it to activate on the " +
	"stack that owns the account's services, or to active where that is done elsewhere."

// delegationPending is the plan's message while the created zone is not delegated.
func delegationPending(cfg *Config) string {
	return fmt.Sprintf("saleor:zoneDelegated is false: this update creates the hosted zone %s and everything that needs no "+
		"certificate; the application, load balancer, CloudFront, WAF and DNS records wait for its delegation. Delegate %s "+
		"to the name servers of the stack output nameServers (at the registrar or in the parent zone), then run "+
		"`pulumi config set saleor:zoneDelegated true` and `pulumi up` again.", cfg.Domain, cfg.Domain)
}
