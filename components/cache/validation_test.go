package cache_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/components/cache"
	"github.com/saleor-platform/infra/components/ha"
)

// reported returns the Args fields an error names, one per line, sorted.
func reported(err error) []string {
	var fields []string
	for _, line := range strings.Split(err.Error(), "\n") {
		line = strings.TrimSpace(line)
		if i := strings.Index(line, ": "); strings.HasPrefix(line, "* ") && i >= 0 {
			line = line[i+2:] // "* cache <name>: <problem>"
		}
		if end := strings.IndexAny(line, ":[ "); end > 0 && line[0] >= 'A' && line[0] <= 'Z' {
			fields = append(fields, line[:end])
		}
	}
	slices.Sort(fields)
	return fields
}

func TestValidation(t *testing.T) {
	tests := []struct {
		name   string
		change func(*cache.CacheArgs)
		fields []string
	}{
		{"unknown class", func(a *cache.CacheArgs) { a.NodeClass = "cache.m5.large" }, []string{"NodeClass"}},
		{"too many nodes", func(a *cache.CacheArgs) { a.NodesPerRole = 7 }, []string{"NodesPerRole"}},
		{"multi-AZ with one node", func(a *cache.CacheArgs) { a.NodesPerRole = 1 }, []string{"NodesPerRole"}},
		{"retention above 35", func(a *cache.CacheArgs) { a.SessionSnapshotRetentionDays = 36 }, []string{"SessionSnapshotRetentionDays"}},
		{"negative retention", func(a *cache.CacheArgs) { a.SessionSnapshotRetentionDays = -1 }, []string{"SessionSnapshotRetentionDays"}},
		{"redis version", func(a *cache.CacheArgs) { a.EngineVersion = "7.1" }, []string{"EngineVersion"}},
		{"unknown HA", func(a *cache.CacheArgs) { a.HA = ha.Level("both") }, []string{"HA"}},
		{"bad name prefix", func(a *cache.CacheArgs) { a.NamePrefix = "Saleor.Prod" }, []string{"NamePrefix"}},
		{"name prefix too long", func(a *cache.CacheArgs) { a.NamePrefix = strings.Repeat("a", 32) }, []string{"NamePrefix"}},
		{"snapshot window", func(a *cache.CacheArgs) { a.SnapshotWindow = "3-4" }, []string{"SnapshotWindow"}},
		{"maintenance window", func(a *cache.CacheArgs) { a.MaintenanceWindow = "sunday" }, []string{"MaintenanceWindow"}},
		{"unknown TTL role", func(a *cache.CacheArgs) { a.TTLSeconds = map[cache.Role]int{"queue": 60} }, []string{"TTLSeconds"}},
		{"zero TTL", func(a *cache.CacheArgs) { a.TTLSeconds = map[cache.Role]int{cache.Sessions: -5} }, []string{"TTLSeconds"}},
		{"parameter prefix", func(a *cache.CacheArgs) { a.ParameterPrefix = "saleor/test" }, []string{"ParameterPrefix"}},
		{"no log key", func(a *cache.CacheArgs) { a.Logs.KMSKeyArn = nil }, []string{"Logs.KMSKeyArn"}},
		{"no wiring", func(a *cache.CacheArgs) {
			a.SubnetIDs, a.SecurityGroupID, a.KMSKeyArn, a.SecretsKMSKeyArn = nil, nil, nil, nil
		},
			[]string{"KMSKeyArn", "SecretsKMSKeyArn", "SecurityGroupID", "SubnetIDs"}},
		{"all at once", func(a *cache.CacheArgs) {
			a.NodeClass, a.NodesPerRole, a.SessionSnapshotRetentionDays, a.EngineVersion = "cache.x9.huge", 9, 0-1, "6.2"
		}, []string{"EngineVersion", "NodeClass", "NodesPerRole", "SessionSnapshotRetentionDays"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := production(t)
			tt.change(&args)
			inv, err := deploy(t, args)
			if err == nil {
				t.Fatal("accepted")
			}
			if got := reported(err); !slices.Equal(got, slices.Sorted(slices.Values(tt.fields))) {
				t.Errorf("problems reported for %v, want %v: %v", got, tt.fields, err)
			}
			if len(inv.OfType("saleor:cache:Cache")) != 0 || len(inv.OfType(groupType)) != 0 {
				t.Error("registered resources before validating")
			}
		})
	}
}
