package stacks

import (
	"net/netip"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/cache"
	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/components/database"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/network"
	"github.com/saleor-platform/infra/components/security"
)

// foundation is what every region of the stack stands on: its keys, its network (none in
// us-east-1 when the stack only keeps global services' keys there) and how it keeps logs.
type foundation struct {
	security *security.Security
	network  *network.Network
	logs     logging.Settings
}

// regionPlan is what differs between the primary and the disaster-recovery region.
type regionPlan struct {
	// suffix is appended to component names ("" for the primary, "-dr").
	suffix   string
	provider *aws.Provider
	cidr     netip.Prefix
	zones    []string
	nat      network.NatStrategy
	// endpoints asks for interface endpoints.
	endpoints bool
	// keys are the data classes to make keys for; nil: every class.
	keys []security.DataClass
	// threatDetection enables GuardDuty and Security Hub in the region (the account's
	// services, where this stack owns them).
	threatDetection bool
}

// newFoundation creates the security and network tiers of one region.
func newFoundation(ctx *pulumi.Context, cfg *Config, plan regionPlan) (*foundation, error) {
	on := pulumi.Providers(plan.provider)
	sec, err := security.NewSecurity(ctx, "security"+plan.suffix, &security.SecurityArgs{
		DataClasses:         plan.keys,
		AliasPrefix:         cfg.aliasPrefix(),
		DeletionProtection:  cfg.Environment.IsProduction(),
		SkipThreatDetection: !plan.threatDetection,
	}, on)
	if err != nil {
		return nil, err
	}
	logs := logging.Settings{
		KMSKeyArn:     sec.KeyArn(security.Logs),
		RetentionDays: cfg.LogRetention(),
		Prefix:        cfg.pathPrefix(),
	}
	net, err := network.NewNetwork(ctx, "network"+plan.suffix, &network.NetworkArgs{
		CIDR:               plan.cidr,
		AvailabilityZones:  plan.zones,
		NatGateways:        plan.nat,
		InterfaceEndpoints: plan.endpoints,
		AppPort:            compute.AppPort,
		DatabasePort:       database.Port,
		CachePort:          cache.Port,
		SearchPort:         searchPort(cfg, plan),
		EgressPorts:        cfg.EgressPorts,
		Logs:               logs,
	}, on)
	if err != nil {
		return nil, err
	}
	return &foundation{security: sec, network: net, logs: logs}, nil
}

// regionalKeyClasses are the keys a regional stack makes in its region: no backups (its data
// is the primary's) and no audit trail (the account's is the owning stack's).
var regionalKeyClasses = []security.DataClass{
	security.Database, security.Cache, security.Storage, security.Logs, security.Secrets, security.Messaging,
}

// keysOf returns the key classes of the stack's own region: every class on a primary.
func keysOf(cfg *Config) []security.DataClass {
	if cfg.IsRegional() {
		return regionalKeyClasses
	}
	return nil
}

// drNAT is the DR region's NAT: one gateway per zone where a DR runtime pulls images and
// reaches the internet (it serves like the primary region once promoted), none where the
// region holds replicas only.
func drNAT(cfg *Config) network.NatStrategy {
	if cfg.Failover.DRCompute.Runs() {
		return network.NatOnePerAZ
	}
	return network.NatNone
}

// secondaryAZs is how many zones the disaster-recovery region's network spans: enough for
// a database subnet group.
const secondaryAZs = 2

// newFoundations creates the foundation of the primary region (NAT per zone and interface
// endpoints when multi-AZ, one NAT otherwise), of the DR region when the stack has one (no
// NAT: it holds replicas only; nil otherwise), and what the stack keeps in us-east-1.
func newFoundations(ctx *pulumi.Context, cfg *Config, p *providers) (primary, secondary, global *foundation, err error) {
	zones, err := availabilityZones(ctx, p.primary, "saleor:availabilityZones", cfg.AZCount)
	if err != nil {
		return nil, nil, nil, err
	}
	nat := network.NatSingle
	if cfg.HA.IsMultiAZ() {
		nat = network.NatOnePerAZ
	}
	if primary, err = newFoundation(ctx, cfg, regionPlan{
		provider: p.primary, cidr: cfg.VpcCIDR, zones: zones, nat: nat, endpoints: cfg.HA.IsMultiAZ(),
		keys: keysOf(cfg), threatDetection: cfg.ManageAccountSecurity,
	}); err != nil {
		return nil, nil, nil, err
	}
	if cfg.HasDisasterRecovery() {
		drZones, err := availabilityZones(ctx, p.secondary, "saleor:secondaryRegion", secondaryAZs)
		if err != nil {
			return nil, nil, nil, err
		}
		if secondary, err = newFoundation(ctx, cfg, regionPlan{
			suffix: "-dr", provider: p.secondary, cidr: cfg.SecondaryVpcCIDR, zones: drZones, nat: drNAT(cfg),
			threatDetection: cfg.ManageAccountSecurity,
		}); err != nil {
			return nil, nil, nil, err
		}
	}
	global, err = newGlobalFoundation(ctx, cfg, p, primary)
	return primary, secondary, global, err
}

// newGlobalFoundation returns what the stack keeps in us-east-1 for its global services: a
// logs key (the CLOUDFRONT web ACL logs there) and a messaging key (alarms on Route 53 and
// CloudFront metrics notify topics there). A stack in us-east-1 uses its primary region's.
func newGlobalFoundation(ctx *pulumi.Context, cfg *Config, p *providers, primary *foundation) (*foundation, error) {
	if cfg.Region == catalog.GlobalServicesRegion {
		return primary, nil
	}
	sec, err := security.NewSecurity(ctx, "security-global", &security.SecurityArgs{
		DataClasses:         []security.DataClass{security.Logs, security.Messaging},
		AliasPrefix:         cfg.aliasPrefix(),
		DeletionProtection:  cfg.Environment.IsProduction(),
		SkipThreatDetection: true, // the stack's own regions run it; us-east-1 may belong to another stack
	}, pulumi.Providers(p.global))
	if err != nil {
		return nil, err
	}
	return &foundation{security: sec, logs: logging.Settings{
		KMSKeyArn: sec.KeyArn(security.Logs), RetentionDays: cfg.LogRetention(), Prefix: cfg.pathPrefix(),
	}}, nil
}

// LogRetention returns the retention of each log class, in days.
func (c *Config) LogRetention() map[logging.Class]int {
	days := environmentDefaults[c.Environment].logDays
	return map[logging.Class]int{
		logging.Application:    days,
		logging.Infrastructure: days,
		logging.CDN:            days,
		logging.Audit:          auditLogDays,
	}
}
