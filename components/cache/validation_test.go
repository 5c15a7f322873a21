package cache_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/components/cache"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/validate"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

// reported returns the Args fields an error names, sorted.
func reported(err error) []string { return slices.Sorted(slices.Values(validate.Fields(err))) }

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
		{"zero TTL", func(a *cache.CacheArgs) { a.TTLSeconds = map[cache.Role]int{cache.Sessions: -5} }, []string{"TTLSeconds[sessions]"}},
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

func TestNilArgs(t *testing.T) {
	harnesstest.NilArgs(t, cache.NewCache, "NamePrefix", "NodeClass", "Logs.KMSKeyArn", "SubnetIDs", "SecurityGroupID", "KMSKeyArn", "SecretsKMSKeyArn")
}
