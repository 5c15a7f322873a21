// Package stacks is the composition: it reads a stack's configuration, creates its
// providers and wires the tiers together in dependency order.
package stacks

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Program is the whole Pulumi program. It validates the configuration before it registers
// anything, and returns every problem at once. A primary stack builds what its environment
// shares and publishes its contract; a regional stack attaches to its primary.
//
// A stack whose zone is not delegated yet deploys in two steps: until then it builds
// everything that needs no certificate (keys, network, data, backups, the zone, alerting) and
// stops there, because ACM validates a certificate only once the zone is delegated, and a
// person can delegate it only after seeing its name servers. A regional stack follows its
// primary's zone.
func Program(ctx *pulumi.Context) error {
	cfg, err := LoadConfig(ctx)
	if err != nil {
		return err
	}
	p, err := newProviders(ctx, cfg)
	if err != nil {
		return err
	}
	if cfg.IsRegional() {
		err = newRegionalStack(ctx, cfg, p)
	} else {
		err = newPrimaryStack(ctx, cfg, p)
	}
	if err != nil || cfg.Observability.CostTags.Active() {
		return err
	}
	return ctx.Log.Info(costTagsPending, nil)
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
