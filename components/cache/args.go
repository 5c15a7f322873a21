package cache

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/validate"
)

// EngineVersions are the Valkey versions the component runs (parameter group family
// valkey8).
var EngineVersions = []string{"8.0", "8.1", "8.2"}

// MaxNodes is the most nodes a replication group without cluster mode has: a primary and
// five replicas.
const MaxNodes = 6

// CacheArgs configures a Cache.
type CacheArgs struct {
	// NamePrefix names each role's replication group "<NamePrefix>-<role>" and starts its
	// secrets' names. Lower-case letters, digits and hyphens, at most 31 characters, e.g.
	// "saleor-prod-eu". Required.
	NamePrefix string
	// NodeClass is every node's class, one of catalog.CacheClasses. Required.
	NodeClass string
	// HA is the availability level: multi-az runs a replica in another zone with automatic
	// failover. Defaults to ha.MultiAZ.
	HA ha.Level
	// NodesPerRole is each replication group's node count (a primary and read replicas):
	// 2 to MaxNodes multi-AZ, 1 to MaxNodes single-AZ. Defaults to 2 multi-AZ, 1 single-AZ.
	NodesPerRole int
	// EngineVersion is the Valkey version, one of EngineVersions. Defaults to "8.1".
	EngineVersion string
	// SubnetIDs are the isolated (data) subnets. Required.
	SubnetIDs pulumi.StringArrayInput
	// SecurityGroupID is the cache security group. Required.
	SecurityGroupID pulumi.StringInput
	// KMSKeyArn is the cache key, for data at rest and snapshots. Required.
	KMSKeyArn pulumi.StringInput
	// SecretsKMSKeyArn is the secrets key, for the AUTH token and URL secrets. Required.
	SecretsKMSKeyArn pulumi.StringInput
	// Logs keeps each role's slow log, as infrastructure logs. Required.
	Logs logging.Settings
	// SessionSnapshotRetentionDays is how long the session store's daily snapshots are
	// kept, 1 to 35 days. Defaults to 7 days. The other roles keep none.
	SessionSnapshotRetentionDays int
	// SnapshotWindow is the daily UTC snapshot window, "hh:mm-hh:mm", at least 60 minutes
	// and clear of MaintenanceWindow. Defaults to "03:00-04:00".
	SnapshotWindow string
	// MaintenanceWindow is the weekly UTC maintenance window, "ddd:hh:mm-ddd:hh:mm".
	// Defaults to "sun:05:00-sun:06:00".
	MaintenanceWindow string
	// TTLSeconds is each role's default entry lifetime, published for the application (see
	// the TTL strategy in roles.go). Defaults to api 3600, sessions 86400, content 3600;
	// roles left out keep their default.
	TTLSeconds map[Role]int
	// ParameterPrefix starts the TTL parameters' names,
	// "<ParameterPrefix>/cache/<role>/ttl-seconds", e.g. "/saleor/prod-eu". Defaults to
	// "/<NamePrefix>".
	ParameterPrefix string
	// DeletionProtection marks the replication groups, tokens and secrets `protect`, and
	// takes a final snapshot of the session store on deletion. Set it in production.
	// Defaults to false.
	DeletionProtection bool
}

func (a CacheArgs) withDefaults() CacheArgs {
	if a.HA == "" {
		a.HA = ha.MultiAZ
	}
	if a.NodesPerRole == 0 {
		a.NodesPerRole = map[bool]int{true: 2, false: 1}[a.HA.IsMultiAZ()]
	}
	if a.EngineVersion == "" {
		a.EngineVersion = "8.1"
	}
	if a.SessionSnapshotRetentionDays == 0 {
		a.SessionSnapshotRetentionDays = 7
	}
	if a.SnapshotWindow == "" {
		a.SnapshotWindow = "03:00-04:00"
	}
	if a.MaintenanceWindow == "" {
		a.MaintenanceWindow = "sun:05:00-sun:06:00"
	}
	ttl := maps.Clone(defaultTTLSeconds)
	maps.Copy(ttl, a.TTLSeconds)
	a.TTLSeconds = ttl
	if a.ParameterPrefix == "" {
		a.ParameterPrefix = "/" + a.NamePrefix
	}
	return a
}

func (a CacheArgs) validate(p *validate.Problems) {
	p.NamePrefix("NamePrefix", a.NamePrefix, "-"+string(Sessions), 40, "ElastiCache replication group ID")
	validate.OneOf(p, "NodeClass", a.NodeClass, catalog.InstanceNames(catalog.CacheClasses))
	validate.OneOf(p, "HA", a.HA, ha.Levels())
	low := map[bool]int{true: 2, false: 1}[a.HA.IsMultiAZ()]
	p.Range("NodesPerRole", a.NodesPerRole, low, MaxNodes, fmt.Sprintf("at HA %q (multi-AZ failover needs a replica)", a.HA))
	validate.OneOf(p, "EngineVersion", a.EngineVersion, EngineVersions)
	p.Range("SessionSnapshotRetentionDays", a.SessionSnapshotRetentionDays, 1, 35, "days")
	p.Match("SnapshotWindow", a.SnapshotWindow, validate.DailyWindow, `a UTC window such as "03:00-04:00"`)
	p.Match("MaintenanceWindow", a.MaintenanceWindow, validate.WeeklyWindow, `a UTC window such as "sun:05:00-sun:06:00"`)
	for _, role := range slices.Sorted(maps.Keys(a.TTLSeconds)) {
		if _, ok := settings[role]; !ok {
			p.Add("TTLSeconds", "%q is not one of %s", role, validate.List(Roles()))
		} else {
			p.AtLeast(validate.Index("TTLSeconds", role), a.TTLSeconds[role], 1, "seconds")
		}
	}
	p.Match("ParameterPrefix", a.ParameterPrefix, validate.ParameterPath, `an SSM parameter path such as "/saleor/prod-eu"`)
	p.Required("Logs.KMSKeyArn", a.Logs.KMSKeyArn != nil, "the slow logs are encrypted")
	a.Logs.CheckRetention(p.At("Logs"), logging.Infrastructure)
	p.Required("SubnetIDs", a.SubnetIDs != nil, "the isolated (data) subnets")
	p.Required("SecurityGroupID", a.SecurityGroupID != nil, "the cache security group")
	p.Required("KMSKeyArn", a.KMSKeyArn != nil, "the cache key")
	p.Required("SecretsKMSKeyArn", a.SecretsKMSKeyArn != nil, "the secrets key")
}
