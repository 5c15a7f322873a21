package cache

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/logging"
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

var (
	groupIDPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*[a-z0-9]$`)
	dailyWindow    = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$`)
	weeklyWindow   = regexp.MustCompile(`^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$`)
	parameterPath  = regexp.MustCompile(`^(/[A-Za-z0-9_.-]+)+$`)
)

func (a CacheArgs) validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	longest := a.NamePrefix + "-" + string(Sessions)
	switch {
	case a.NamePrefix == "":
		add(`NamePrefix is required, e.g. "saleor-prod-eu"`)
	case !groupIDPattern.MatchString(a.NamePrefix) || strings.Contains(a.NamePrefix, "--"):
		add("NamePrefix: %q must be lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen", a.NamePrefix)
	case len(longest) > 40:
		add("NamePrefix: %q is too long: replication group ID %q exceeds ElastiCache's 40 characters", a.NamePrefix, longest)
	}
	if _, ok := catalog.LookupInstance(catalog.CacheClasses, a.NodeClass); !ok {
		names := make([]string, len(catalog.CacheClasses))
		for i, c := range catalog.CacheClasses {
			names[i] = c.Name
		}
		add("NodeClass: %q is not one of the catalog's cache classes %q", a.NodeClass, names)
	}
	if !a.HA.Valid() {
		add("HA: %q is not one of %q", a.HA, ha.Levels())
	}
	if low := map[bool]int{true: 2, false: 1}[a.HA.IsMultiAZ()]; a.NodesPerRole < low || a.NodesPerRole > MaxNodes {
		add("NodesPerRole: %d is out of range: %d to %d at HA %q (multi-AZ failover needs a replica)", a.NodesPerRole, low, MaxNodes, a.HA)
	}
	if !slices.Contains(EngineVersions, a.EngineVersion) {
		add("EngineVersion: %q is not one of %q", a.EngineVersion, EngineVersions)
	}
	if a.SessionSnapshotRetentionDays < 1 || a.SessionSnapshotRetentionDays > 35 {
		add("SessionSnapshotRetentionDays: %d is out of range: 1 to 35 days", a.SessionSnapshotRetentionDays)
	}
	if !dailyWindow.MatchString(a.SnapshotWindow) {
		add("SnapshotWindow: %q is not a UTC window such as \"03:00-04:00\"", a.SnapshotWindow)
	}
	if !weeklyWindow.MatchString(a.MaintenanceWindow) {
		add("MaintenanceWindow: %q is not a UTC window such as \"sun:05:00-sun:06:00\"", a.MaintenanceWindow)
	}
	for _, role := range slices.Sorted(maps.Keys(a.TTLSeconds)) {
		if _, ok := settings[role]; !ok {
			add("TTLSeconds: %q is not one of %q", role, Roles())
		} else if a.TTLSeconds[role] < 1 {
			add("TTLSeconds[%s]: %d must be at least 1 second", role, a.TTLSeconds[role])
		}
	}
	if !parameterPath.MatchString(a.ParameterPrefix) {
		add("ParameterPrefix: %q is not an SSM parameter path such as \"/saleor/prod-eu\"", a.ParameterPrefix)
	}
	if a.Logs.KMSKeyArn == nil {
		add("Logs.KMSKeyArn is required: the slow logs are encrypted")
	}
	if !slices.Contains(logging.RetentionValues, a.Logs.RetentionDays[logging.Infrastructure]) {
		add("Logs.RetentionDays[%s]: %d is not one CloudWatch accepts %v", logging.Infrastructure, a.Logs.RetentionDays[logging.Infrastructure], logging.RetentionValues)
	}
	wiring := map[string]bool{
		"SubnetIDs":        a.SubnetIDs != nil,
		"SecurityGroupID":  a.SecurityGroupID != nil,
		"KMSKeyArn":        a.KMSKeyArn != nil,
		"SecretsKMSKeyArn": a.SecretsKMSKeyArn != nil,
	}
	for _, field := range slices.Sorted(maps.Keys(wiring)) {
		if !wiring[field] {
			add("%s is required", field)
		}
	}
	return errors.Join(errs...)
}
