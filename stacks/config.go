package stacks

import (
	"net/netip"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/network"
)

// Config is a stack's whole configuration, read once from the stack file and validated as a
// whole. Pulumi.yaml documents every key; README.md has the reference table.
type Config struct {
	// Project and Stack name the Pulumi project and stack.
	Project, Stack string
	// Environment is saleor:environment.
	Environment Environment
	// Role is saleor:role: primary or regional.
	Role Role
	// PrimaryStack is saleor:primaryStack, the primary a regional stack attaches to.
	PrimaryStack string
	// APIOnly is saleor:apiOnly: a regional stack that runs only the API.
	APIOnly bool
	// ReplicaRegions is saleor:replicaRegions: the regions of the primary's regional stacks.
	ReplicaRegions []string
	// Primary is a regional stack's primary's contract; nil on a primary.
	Primary *primaryContract
	// Sizes are the sold sizes at saleor:sizing percent (default from the environment).
	Sizes catalog.Sizes
	// HA is saleor:ha (default multi-az in production, single-az elsewhere).
	HA ha.Level
	// Region is aws:region, the primary region.
	Region string
	// SecondaryRegion is saleor:secondaryRegion, the disaster-recovery region; empty means
	// the stack has no DR copies. Required in production.
	SecondaryRegion string
	// AZCount is saleor:availabilityZones (default 3 in production, 2 elsewhere).
	AZCount int
	// VpcCIDR and SecondaryVpcCIDR are saleor:vpcCidr and saleor:secondaryVpcCidr.
	VpcCIDR, SecondaryVpcCIDR netip.Prefix
	// Domain is saleor:domain, the storefront's apex domain.
	Domain string
	// RegionalDomains are saleor:regionalDomains, subdomain labels such as "nl".
	RegionalDomains []string
	// CostCenter and Owner are saleor:costCenter and saleor:owner, required tag values.
	CostCenter, Owner string
	// ManageAccountSecurity is saleor:manageAccountSecurity: whether this stack owns the
	// account-level services in its regions: GuardDuty, Security Hub with the AWS Config
	// recorder, the CloudTrail trail and the cost allocation tags' activation.
	ManageAccountSecurity bool
	// Delivery is saleor:delivery, with its defaults: the account's delivery identities, on
	// the stack that owns the account's services; nil on every other stack.
	Delivery *DeliveryConfig
	// EgressPorts is saleor:taskEgressPorts, the TCP ports the tasks may reach on the
	// internet.
	EgressPorts []int
	// Data configures the database, caches and backups.
	Data DataConfig
	// Search is saleor:search, the optional OpenSearch domain.
	Search SearchConfig
	// Compute configures the application runtime.
	Compute ComputeConfig
	// Edge configures DNS, certificates, WAF, CloudFront and site hosting.
	Edge EdgeConfig
	// Observability configures alerting and cost control.
	Observability ObservabilityConfig
	// Failover is the stack's stand towards a region failure.
	Failover FailoverConfig
}

// LoadConfig reads and validates the stack's configuration, and a regional stack's primary's
// contract. It returns a ConfigError listing every problem, each naming its key and what is
// allowed. Nothing is registered before it returns, but a regional stack's read of its
// primary's outputs.
func LoadConfig(ctx *pulumi.Context) (*Config, error) {
	cfg, _, err := parseConfig(configInput{
		project: ctx.Project(), stack: ctx.Stack(),
		lookup:   func(key string) string { return config.Get(ctx, key) },
		isSecret: ctx.IsConfigSecret,
		primary:  func(ref string, p *problems) (*primaryContract, error) { return readContract(ctx, ref, p) },
	})
	if err != nil {
		return nil, err
	}
	cfg.Edge.withAmplifyToken(config.GetSecret(ctx, "saleor:amplifyAccessToken"))
	return cfg, nil
}

// configInput is where parseConfig reads a stack's configuration from.
type configInput struct {
	project, stack string
	// lookup returns a key's value, "" when unset.
	lookup func(key string) string
	// isSecret tells which keys were set as secrets; nil: none.
	isSecret func(key string) bool
	// primary reads a regional stack's primary's contract, recording what is missing as
	// problems; nil when unavailable (a regional stack is then a problem).
	primary func(ref string, p *problems) (*primaryContract, error)
	// skipPrimary reads a regional stack's own keys only, without its primary's contract
	// (CheckEnvironment, which sees every stack's file).
	skipPrimary bool
}

// parseConfig is LoadConfig over any configInput. It also returns the keys it read.
func parseConfig(in configInput) (*Config, []string, error) {
	s := &source{lookup: in.lookup, isSecret: in.isSecret, primary: in.primary, skipPrimary: in.skipPrimary}
	c := &Config{Project: in.project, Stack: in.stack}

	c.Environment = oneOf(s, "saleor:environment", Environments(), "")
	defaults, known := environmentDefaults[c.Environment]
	if !known {
		if c.Environment == "" && s.lookup("saleor:environment") == "" {
			s.problems.add("saleor:environment", "is required: one of %s", quoted(Environments()))
		}
		defaults = environmentDefaults[Production] // check the rest against the strictest
	}

	percent := s.integer("saleor:sizing", defaults.sizing)
	if sizes, err := catalog.Snap(percent); err != nil {
		s.problems.add("saleor:sizing", "%d is not one of %s (percent of production)", percent, quoted(catalog.Percents))
	} else {
		c.Sizes = sizes
	}
	c.HA = oneOf(s, "saleor:ha", ha.Levels(), defaults.ha)
	if c.Environment.IsProduction() && !c.HA.IsMultiAZ() {
		s.problems.add("saleor:ha", "production must be %q, not %q", ha.MultiAZ, c.HA)
	}

	c.Region = s.required("aws:region", "the stack's region, one of the catalog's regions (e.g. \"eu-central-1\")")
	readRole(s, c)
	c.SecondaryRegion = s.text("saleor:secondaryRegion")
	c.AZCount = s.integer("saleor:availabilityZones", defaults.zones)
	checkRegions(s, c)

	c.VpcCIDR = cidr(s, "saleor:vpcCidr")
	c.SecondaryVpcCIDR = cidr(s, "saleor:secondaryVpcCidr")
	if c.VpcCIDR.IsValid() && c.SecondaryVpcCIDR.IsValid() && c.VpcCIDR.Overlaps(c.SecondaryVpcCIDR) {
		s.problems.add("saleor:secondaryVpcCidr", "%s overlaps saleor:vpcCidr %s; the regions' VPCs must not overlap so they can be peered", c.SecondaryVpcCIDR, c.VpcCIDR)
	}
	if c.Primary != nil && c.VpcCIDR.IsValid() {
		if peer, err := netip.ParsePrefix(c.Primary.VpcCIDR); err == nil && peer.Overlaps(c.VpcCIDR) {
			s.problems.add("saleor:vpcCidr", "%s overlaps primary %s's VPC %s; the VPCs are peered and must not overlap", c.VpcCIDR, c.PrimaryStack, peer)
		}
	}
	if c.Primary != nil {
		checkRegionalSecondary(s, c, c.Primary)
	}

	if !c.IsRegional() {
		c.Domain = s.required("saleor:domain", "the storefront's apex domain, e.g. \"example.com\"")
	}
	if c.Domain != "" && !hostname.MatchString(c.Domain) {
		s.problems.add("saleor:domain", "%q is not a DNS name such as \"example.com\"", c.Domain)
	}
	c.RegionalDomains = s.list("saleor:regionalDomains", nil)
	for _, label := range c.RegionalDomains {
		if !dnsLabel.MatchString(label) {
			s.problems.add("saleor:regionalDomains", "%q is not a DNS label such as \"nl\"", label)
		}
	}

	if c.Environment == Demo {
		if !demoStack.MatchString(c.Stack) {
			s.problems.add("saleor:environment", "demo stacks are named demo-<client> (a lower-case DNS label), not %q: naming, cost tags and budget follow from it", c.Stack)
		}
		if c.CostCenter = s.text("saleor:costCenter"); c.CostCenter == "" {
			c.CostCenter = c.Stack
		}
	} else {
		c.CostCenter = s.required("saleor:costCenter", "the CostCenter tag value every resource carries")
	}
	c.Owner = s.required("saleor:owner", "the Owner tag value every resource carries (a team or e-mail)")
	c.ManageAccountSecurity = s.boolean("saleor:manageAccountSecurity", false)
	if c.ManageAccountSecurity && c.IsRegional() {
		s.problems.add("saleor:manageAccountSecurity", "is true on a regional stack: it shares its primary's account (the peering needs one), "+
			"whose owning stack enables the account's services in the replica regions too")
	}
	readDelivery(s, c)
	c.EgressPorts = s.ports("saleor:taskEgressPorts")
	readData(s, c)
	readSearch(s, c)
	readCompute(s, c)
	readEdge(s, c)
	readObservability(s, c)
	readFailover(s, c)
	readCostAssumptions(s, c)

	if s.err != nil {
		return nil, s.asked, s.err
	}
	if err := s.problems.err(); err != nil {
		return nil, s.asked, err
	}
	return c, s.asked, nil
}

var (
	hostname = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	dnsLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
)

// checkRegions validates aws:region, saleor:secondaryRegion and saleor:availabilityZones
// against the region catalog.
func checkRegions(s *source, c *Config) {
	allowed := "one of the catalog's regions: " + quoted(catalog.RegionCodes())
	primary, primaryOK := catalog.LookupRegion(c.Region)
	if c.Region != "" && !primaryOK {
		s.problems.add("aws:region", "%q is not an AWS region; %s", c.Region, allowed)
	}
	switch _, ok := catalog.LookupRegion(c.SecondaryRegion); {
	case c.SecondaryRegion == "" && c.Environment.IsProduction() && !c.IsRegional():
		s.problems.add("saleor:secondaryRegion", "is required in production: the disaster-recovery region, %s", allowed)
	case c.SecondaryRegion != "" && !ok:
		s.problems.add("saleor:secondaryRegion", "%q is not an AWS region; %s", c.SecondaryRegion, allowed)
	case c.SecondaryRegion != "" && c.SecondaryRegion == c.Region:
		s.problems.add("saleor:secondaryRegion", "%q is also aws:region; the disaster-recovery region must be another region", c.SecondaryRegion)
	case slices.Contains(c.ReplicaRegions, c.SecondaryRegion):
		s.problems.add("saleor:replicaRegions", "%q is saleor:secondaryRegion, which already holds the disaster-recovery copies; a regional stack runs in another region", c.SecondaryRegion)
	}
	maxAZs := 6
	if primaryOK {
		maxAZs = primary.AZs
	}
	switch {
	case c.AZCount < 2 || c.AZCount > maxAZs:
		s.problems.add("saleor:availabilityZones", "%d is out of range: at least 2 (load balancers and database subnet groups span two zones) and at most %d (the zones of %s)", c.AZCount, maxAZs, c.Region)
	case c.Environment.IsProduction() && c.AZCount < 3:
		s.problems.add("saleor:availabilityZones", "production uses 3 or more zones, not %d", c.AZCount)
	}
}

// cidr reads a VPC CIDR key (Pulumi.yaml declares its default) and checks it against the
// network tier's layout rules.
func cidr(s *source, key string) netip.Prefix {
	v := s.preset(key)
	if v == "" {
		return netip.Prefix{}
	}
	p, err := netip.ParsePrefix(v)
	if err != nil {
		s.problems.add(key, "%q is not a CIDR block such as \"10.0.0.0/16\"", v)
		return netip.Prefix{}
	}
	if err := network.CheckVpcCIDR(p); err != nil {
		s.problems.add(key, "%v", err)
		return netip.Prefix{}
	}
	return p
}

// Tags returns the tags every resource in region carries, through the provider's defaultTags.
func (c *Config) Tags(region string) map[string]string {
	return map[string]string{
		"Project":     c.Project,
		"Environment": string(c.Environment),
		"Stack":       c.Stack,
		"Region":      region,
		"CostCenter":  c.CostCenter,
		"Owner":       c.Owner,
		"ManagedBy":   "pulumi",
	}
}

// HasDisasterRecovery reports whether the stack keeps copies in a secondary region.
func (c *Config) HasDisasterRecovery() bool { return c.SecondaryRegion != "" }
