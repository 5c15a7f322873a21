package stacks

import (
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/saleor-platform/infra/catalog"
)

// Role is what a stack is in its environment.
type Role string

const (
	// Primary owns what the environment shares: the writer database, the hosted zone, the
	// shared application secrets (replicated to ReplicaRegions), the source media and assets
	// buckets and their replicas. An environment has one.
	Primary Role = "primary"
	// Regional attaches to its environment's primary (saleor:primaryStack) and owns what is
	// regional: a cross-region read replica, the caches and queues, the API, and, unless
	// API-only, the storefront's distribution for its regional domains.
	Regional Role = "regional"
)

// stackReference matches a stack reference: <stack> (this project, this organisation) or
// <organisation>/<project>/<stack>.
var stackReference = regexp.MustCompile(`^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/)?[A-Za-z0-9_.-]+$`)

// regionalOnlyPrimaryKeys are the keys only a primary may set: a regional stack takes their
// facts from its primary.
var regionalOnlyPrimaryKeys = map[string]string{
	"saleor:domain":              "the domain is the primary's",
	"saleor:hostedZoneId":        "the zone is the primary's",
	"saleor:dbReplicaCount":      "a regional stack reads from its one cross-region replica",
	"saleor:backupRetentionDays": "backups are the primary's",
	"saleor:backupVaultLock":     "backups are the primary's",
	"saleor:postgresVersion":     "a replica runs its writer's PostgreSQL version; upgrade the primary",
	"saleor:databaseRestore":     "a regional stack has no writer to restore; restore on the primary",
	"saleor:databaseSource":      "a regional stack's replica is made from its primary's writer, not from a snapshot",
}

// readRole reads saleor:role, saleor:primaryStack, saleor:apiOnly and saleor:replicaRegions.
func readRole(s *source, c *Config) {
	s.preset("saleor:role")
	c.Role = oneOf(s, "saleor:role", []Role{Primary, Regional}, "")
	c.PrimaryStack = s.text("saleor:primaryStack")
	c.APIOnly = s.boolean("saleor:apiOnly", false)
	c.ReplicaRegions = s.list("saleor:replicaRegions", nil)
	switch c.Role {
	case Regional:
		switch {
		case c.PrimaryStack == "":
			s.problems.add("saleor:primaryStack", "is required for a regional stack: the primary it attaches to, <stack> or <organisation>/<project>/<stack>")
		case !stackReference.MatchString(c.PrimaryStack):
			s.problems.add("saleor:primaryStack", "%q is not <stack> or <organisation>/<project>/<stack>", c.PrimaryStack)
		case c.PrimaryStackName() == c.Stack:
			s.problems.add("saleor:primaryStack", "%q is this stack: a regional stack attaches to another stack, its environment's primary", c.PrimaryStack)
		}
		if len(c.ReplicaRegions) > 0 {
			s.problems.add("saleor:replicaRegions", "is the primary's: it replicates to its regional stacks' regions")
		}
		if !slices.ContainsFunc(s.problems, func(p Problem) bool { return p.Key == "saleor:primaryStack" }) {
			attach(s, c)
		}
		for key, why := range regionalOnlyPrimaryKeys {
			if s.lookup(key) != "" {
				s.problems.add(key, "is set on a regional stack: %s", why)
			}
		}
	case Primary:
		if c.PrimaryStack != "" {
			s.problems.add("saleor:primaryStack", "%q is set on a primary stack, which references no other stack: set saleor:role: regional, or remove it", c.PrimaryStack)
		}
		if c.APIOnly {
			s.problems.add("saleor:apiOnly", "is for a regional stack: the primary serves the storefront and owns the zone")
		}
		checkReplicaRegions(s, c)
	}
}

// attach reads a regional stack's primary's contract and checks that the stack fits it: same
// environment, another region, one the primary replicates to. The domain is the primary's.
func attach(s *source, c *Config) {
	if s.skipPrimary {
		return
	}
	if s.primary == nil {
		s.problems.add("saleor:primaryStack", "cannot be read here: a regional stack needs its primary's outputs")
		return
	}
	before := len(s.problems)
	contract, err := s.primary(c.PrimaryStack, &s.problems)
	if err != nil {
		s.err = err
		return
	}
	if len(s.problems) > before {
		return // the primary does not publish the contract: nothing to check against
	}
	c.Primary, c.Domain = contract, contract.Domain
	if contract.Environment != string(c.Environment) {
		s.problems.add("saleor:environment", "%q, but primary %s is %q: a regional stack attaches to the primary of its own environment",
			c.Environment, c.PrimaryStack, contract.Environment)
	}
	switch {
	case contract.Region == c.Region:
		s.problems.add("aws:region", "%q is also primary %s's region: a regional stack runs in another region", c.Region, c.PrimaryStack)
	case !slices.Contains(contract.ReplicaRegions, c.Region):
		s.problems.add("aws:region", "%q is not in primary %s's saleor:replicaRegions %v: add it there and deploy the primary first, "+
			"so its secrets and buckets are replicated here", c.Region, c.PrimaryStack, contract.ReplicaRegions)
	}
}

// checkRegionalSecondary validates a regional stack's saleor:secondaryRegion against its
// primary: another region than the primary's (whose API already answers this stack's
// clients when its region is lost), one the primary replicates its secrets and buckets to,
// and a VPC that does not overlap the primary's, with which it is peered.
func checkRegionalSecondary(s *source, c *Config, contract *primaryContract) {
	if !c.HasDisasterRecovery() {
		return
	}
	switch {
	case c.SecondaryRegion == contract.Region:
		s.problems.add("saleor:secondaryRegion", "%q is primary %s's region, whose API already answers this stack's clients when its region "+
			"is lost (latency routing): leave it unset, or name a region for a standby runtime of this stack's own", c.SecondaryRegion, c.PrimaryStack)
	case !slices.Contains(contract.ReplicaRegions, c.SecondaryRegion):
		s.problems.add("saleor:secondaryRegion", "%q is not in primary %s's saleor:replicaRegions %v: add it there and deploy the primary "+
			"first, so its secrets and buckets are replicated there too", c.SecondaryRegion, c.PrimaryStack, contract.ReplicaRegions)
	}
	if peer, err := netip.ParsePrefix(contract.VpcCIDR); err == nil && c.SecondaryVpcCIDR.IsValid() && peer.Overlaps(c.SecondaryVpcCIDR) {
		s.problems.add("saleor:secondaryVpcCidr", "%s overlaps primary %s's VPC %s; the VPCs are peered and must not overlap",
			c.SecondaryVpcCIDR, c.PrimaryStack, peer)
	}
}

// checkReplicaRegions validates a primary's saleor:replicaRegions.
func checkReplicaRegions(s *source, c *Config) {
	for i, r := range c.ReplicaRegions {
		switch _, ok := catalog.LookupRegion(r); {
		case !ok:
			s.problems.add("saleor:replicaRegions", "%q is not an AWS region; one of the catalog's regions: %s", r, quoted(catalog.RegionCodes()))
		case r == c.Region:
			s.problems.add("saleor:replicaRegions", "%q is aws:region: the primary holds the originals there", r)
		case slices.Contains(c.ReplicaRegions[:i], r):
			s.problems.add("saleor:replicaRegions", "%q is listed twice", r)
		}
	}
}

// PrimaryStackName is the stack name of saleor:primaryStack, without organisation and project.
func (c *Config) PrimaryStackName() string {
	return c.PrimaryStack[strings.LastIndex(c.PrimaryStack, "/")+1:]
}

// appSettings are the Saleor settings the stack writes to Parameter Store: its
// saleor:appSettings over, on a regional stack, its primary's (the environment's settings,
// with this region's overrides). A change to the primary's reaches a regional stack at its
// next update.
func (c *Config) appSettings() map[string]string {
	if c.Primary == nil {
		return c.Compute.AppSettings
	}
	out := maps.Clone(c.Primary.AppSettings)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, c.Compute.AppSettings)
	return out
}

// IsRegional reports whether the stack attaches to a primary.
func (c *Config) IsRegional() bool { return c.Role == Regional }

// ServesStorefront reports whether the stack has a distribution for the storefront.
func (c *Config) ServesStorefront() bool { return !c.APIOnly }
