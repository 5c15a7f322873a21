package stacks

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"sort"
)

// StackConfig is one stack's raw configuration: its name and its keys' values as the Pulumi
// CLI hands them to the program (defaults applied).
type StackConfig struct {
	Name   string
	Config map[string]string
}

// CheckEnvironment checks, across the stacks of one environment, what no single stack can see.
// The environment has one primary, except demo, where each client's stack is a primary of
// its own; each regional stack attaches to a primary of the environment from one of its
// saleor:replicaRegions. Within a platform (a primary and the regional stacks attached to
// it), every VPC CIDR (primary and disaster-recovery VPCs) is distinct and non-overlapping,
// since the regional stacks peer with their primary, and no two stacks serve the same
// regional domain. Every problem names both stacks. Each stack's own configuration must be
// valid; its problems are reported too, prefixed with the stack.
func CheckEnvironment(stacks []StackConfig) ConfigError {
	var p problems
	all := parseEnvironment(&p, stacks)
	checkCIDRs(&p, all)
	checkRegionalDomains(&p, all)
	checkRoles(&p, all)
	return ConfigError(p)
}

// parseEnvironment parses each stack's configuration, sorted by stack name; the problems of
// a stack that does not parse go to p, prefixed with its name.
func parseEnvironment(p *problems, stacks []StackConfig) []*Config {
	var all []*Config
	for _, s := range stacks {
		c, _, err := parseConfig(configInput{
			project: "saleor", stack: s.Name, lookup: func(k string) string { return s.Config[k] }, skipPrimary: true,
		})
		if err != nil {
			for _, problem := range asConfigError(err) {
				p.add(s.Name+" "+problem.Key, "%s", problem.Message)
			}
			continue
		}
		all = append(all, c)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Stack < all[j].Stack })
	return all
}

// PeeringPlan is what an environment's policy config must know of its stacks: the CIDRs
// peering routes may reach and, for each regional stack, the primary that owns its
// account's security services.
type PeeringPlan struct {
	// CIDRs are every VPC CIDR of the environment (primary and disaster-recovery VPCs), sorted.
	CIDRs []string
	// AccountServicesOwners maps each regional stack to its primary.
	AccountServicesOwners map[string]string
}

// PlanPeering derives the environment's PeeringPlan from its stacks' configuration, for
// policy/config/<environment>.json (peering-routes-environment, accountServicesOwners).
func PlanPeering(stacks []StackConfig) (PeeringPlan, error) {
	var p problems
	all := parseEnvironment(&p, stacks)
	if len(p) > 0 {
		return PeeringPlan{}, ConfigError(p)
	}
	plan := PeeringPlan{AccountServicesOwners: map[string]string{}}
	for _, v := range environmentVPCs(all) {
		plan.CIDRs = append(plan.CIDRs, v.cidr.String())
	}
	sort.Strings(plan.CIDRs)
	for _, c := range all {
		if c.IsRegional() {
			plan.AccountServicesOwners[c.Stack] = c.PrimaryStackName()
		}
	}
	return plan, nil
}

// vpc is one VPC of a stack, for the overlap check.
type vpc struct {
	stack, platform, key string
	cidr                 netip.Prefix
}

// platform names the platform a stack belongs to: its primary's name, or its own on a
// primary.
func platform(c *Config) string {
	if c.IsRegional() {
		return c.PrimaryStackName()
	}
	return c.Stack
}

// environmentVPCs lists the VPCs of stacks: each one's primary VPC and, with disaster
// recovery, its secondary VPC.
func environmentVPCs(stacks []*Config) []vpc {
	var vpcs []vpc
	for _, c := range stacks {
		vpcs = append(vpcs, vpc{c.Stack, platform(c), "saleor:vpcCidr", c.VpcCIDR})
		if c.HasDisasterRecovery() {
			vpcs = append(vpcs, vpc{c.Stack, platform(c), "saleor:secondaryVpcCidr", c.SecondaryVpcCIDR})
		}
	}
	return vpcs
}

func checkCIDRs(p *problems, stacks []*Config) {
	vpcs := environmentVPCs(stacks)
	for i, a := range vpcs {
		for _, b := range vpcs[i+1:] {
			if a.stack != b.stack && a.platform == b.platform && a.cidr.Overlaps(b.cidr) {
				p.add(a.stack+" "+a.key, "%s overlaps %s's %s %s: the stacks of an environment are peered, so their VPCs must not overlap",
					a.cidr, b.stack, b.key, b.cidr)
			}
		}
	}
}

func checkRegionalDomains(p *problems, stacks []*Config) {
	servedBy := map[[2]string]string{} // platform and label -> stack
	for _, c := range stacks {
		for _, label := range c.RegionalDomains {
			if other, taken := servedBy[[2]string{platform(c), label}]; taken {
				p.add(c.Stack+" saleor:regionalDomains", "%q is also served by %s: a name has one distribution", label, other)
				continue
			}
			servedBy[[2]string{platform(c), label}] = c.Stack
		}
	}
}

func checkRoles(p *problems, stacks []*Config) {
	primaries := map[string]*Config{}
	for _, c := range stacks {
		if !c.IsRegional() {
			primaries[c.Stack] = c
		}
	}
	if len(primaries) > 1 && stacks[0].Environment != Demo {
		names := slices.Sorted(maps.Keys(primaries))
		p.add(names[1]+" saleor:role", "%s and %s are both primaries of one environment; one owns what the environment shares",
			names[0], names[1])
	}
	for _, c := range stacks {
		if !c.IsRegional() {
			continue
		}
		primary, ok := primaries[c.PrimaryStackName()]
		switch {
		case !ok:
			p.add(c.Stack+" saleor:primaryStack", "%q is not a primary of this environment's stacks", c.PrimaryStack)
		case !slices.Contains(primary.ReplicaRegions, c.Region):
			p.add(c.Stack+" aws:region", "%q is not in %s's saleor:replicaRegions %v", c.Region, primary.Stack, primary.ReplicaRegions)
		}
	}
}

// asConfigError returns err's problems, or one problem holding err.
func asConfigError(err error) ConfigError {
	if ce, ok := err.(ConfigError); ok {
		return ce
	}
	return ConfigError{{Key: "(config)", Message: fmt.Sprint(err)}}
}
