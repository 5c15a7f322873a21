package stacks_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/stacks"
)

// operatorChange is a configuration change an operator makes to a deployed stack.
type operatorChange struct {
	name string
	// plan returns the configuration keys to set before and after the change, given the
	// stack's effective configuration (stacks.EffectiveConfig: its environment's defaults
	// included); ok is false where the change does not apply.
	plan func(cfg *stacks.Config) (before, after map[string]string, ok bool)
	// regional is how the change reaches a regional stack.
	regional regionalReach
}

// regionalReach is how an operator change reaches a regional stack.
type regionalReach int

const (
	// regionalSets: the regional stack sets the keys itself, as a primary does.
	regionalSets regionalReach = iota
	// primarySets: the keys are its primary's (a regional stack may not set them) and the
	// regional stack follows them: the change is made to the primary.
	primarySets
	// notRegional: the keys are its primary's and shape nothing a regional stack declares.
	notRegional
)

// to is a change from the stack file as it is.
func to(kv map[string]string) (before, after map[string]string, ok bool) { return nil, kv, true }

// between is a change from one setting to another.
func between(key, from, next string) func(*stacks.Config) (map[string]string, map[string]string, bool) {
	return func(*stacks.Config) (map[string]string, map[string]string, bool) {
		return map[string]string{key: from}, map[string]string{key: next}, true
	}
}

// sizingStep is a change of saleor:sizing by step levels from the stack's effective sizing.
func sizingStep(step int) func(*stacks.Config) (map[string]string, map[string]string, bool) {
	return func(cfg *stacks.Config) (map[string]string, map[string]string, bool) {
		i := slices.Index(catalog.Percents, cfg.Sizes.Percent) + step
		if i < 0 || i >= len(catalog.Percents) || i-step < 0 {
			return nil, nil, false
		}
		return to(map[string]string{"saleor:sizing": strconv.Itoa(catalog.Percents[i])})
	}
}

// operatorChanges are the changes the replacement matrix applies to every stack file.
var operatorChanges = []operatorChange{
	{name: "sizing one level down", plan: sizingStep(-1)},
	{name: "sizing one level up", plan: sizingStep(+1)},
	{name: "single-az to multi-az", plan: func(cfg *stacks.Config) (map[string]string, map[string]string, bool) {
		if cfg.Environment.IsProduction() { // production is multi-az only
			return nil, nil, false
		}
		return between("saleor:ha", "single-az", "multi-az")(cfg)
	}},
	{name: "two zones to three", plan: func(cfg *stacks.Config) (map[string]string, map[string]string, bool) {
		region, ok := catalog.LookupRegion(cfg.Region)
		if cfg.Environment.IsProduction() || !ok || region.AZs < 3 { // production uses 3 zones or more
			return nil, nil, false
		}
		return between("saleor:availabilityZones", "2", "3")(cfg)
	}},
	{name: "first read replica", plan: between("saleor:dbReplicaCount", "0", "1"), regional: notRegional},
	{name: "second read replica", plan: between("saleor:dbReplicaCount", "1", "2"), regional: notRegional},
	// A regional stack's cross-region replica runs its primary's PostgreSQL.
	{name: "PostgreSQL 16 to 17", plan: between("saleor:postgresVersion", "16", "17"), regional: primarySets},
	{name: "longest backup retention", regional: notRegional, plan: func(cfg *stacks.Config) (map[string]string, map[string]string, bool) {
		if cfg.Data.BackupRetentionDays == 35 {
			return nil, nil, false
		}
		return to(map[string]string{"saleor:backupRetentionDays": "35"})
	}},
	{name: "add a disaster-recovery region", regional: notRegional, plan: func(cfg *stacks.Config) (map[string]string, map[string]string, bool) {
		dr := drRegionFor(cfg.Region, cfg.ReplicaRegions)
		if cfg.HasDisasterRecovery() || dr == "" {
			return nil, nil, false
		}
		cidr := "10.251.0.0/16"
		if cfg.VpcCIDR.String() == cidr {
			cidr = "10.252.0.0/16"
		}
		return to(map[string]string{"saleor:secondaryRegion": dr, "saleor:secondaryVpcCidr": cidr})
	}},
	{name: "add a regional domain", plan: func(cfg *stacks.Config) (map[string]string, map[string]string, bool) {
		if !cfg.ServesStorefront() { // an API-only stack serves no regional domain
			return nil, nil, false
		}
		for _, l := range []string{"fr", "lu", "at"} {
			if !slices.Contains(cfg.RegionalDomains, l) {
				b, _ := json.Marshal(append(slices.Clone(cfg.RegionalDomains), l))
				return to(map[string]string{"saleor:regionalDomains": string(b)})
			}
		}
		return nil, nil, false
	}},
	{name: "blue-green to rolling", plan: between("saleor:apiDeployment", "blue-green", "rolling")},
	{name: "rolling to blue-green", plan: between("saleor:apiDeployment", "rolling", "blue-green")},
	{name: "lock the backup vault", regional: notRegional, plan: func(cfg *stacks.Config) (map[string]string, map[string]string, bool) {
		if cfg.Environment.IsProduction() { // production is locked from the start
			return nil, nil, false
		}
		return between("saleor:backupVaultLock", "none", "governance")(cfg)
	}},
	{name: "deploy a new image tag", plan: func(cfg *stacks.Config) (map[string]string, map[string]string, bool) {
		return to(map[string]string{"saleor:imageTag": cfg.Compute.Image.Tag + "-next", "saleor:imageDigest": ""})
	}},
	{name: "workers off spot", plan: between("saleor:workersOnSpot", "true", "false")},
	// What a primary's DR region runs of the application (saleor:drCompute).
	{name: "DR off to pilot-light", plan: drComputeChange("off", "pilot-light"), regional: notRegional},
	{name: "DR pilot-light to warm", plan: drComputeChange("pilot-light", "warm"), regional: notRegional},
	// Region failover: the cross-region replica becomes the writer, in place (and a DR
	// runtime serves).
	{name: "promote the cross-region replica", plan: func(cfg *stacks.Config) (map[string]string, map[string]string, bool) {
		if !cfg.IsRegional() && !cfg.HasDisasterRecovery() {
			return nil, nil, false
		}
		return to(map[string]string{"saleor:promoteReplica": "true"})
	}},
	// docs/recovery.md: a point-in-time restore beside the writer, then the switch to it.
	{name: "restore the database beside the writer", regional: notRegional, plan: func(*stacks.Config) (map[string]string, map[string]string, bool) {
		return to(map[string]string{"saleor:databaseRestore": `{"pointInTime": "2025-03-01T09:55:00Z"}`})
	}},
	// A regional stack writes through its primary's contract, which follows the switch.
	{name: "switch to the restored database", regional: primarySets, plan: func(*stacks.Config) (map[string]string, map[string]string, bool) {
		restore := map[string]string{"saleor:databaseRestore": `{"pointInTime": "2025-03-01T09:55:00Z"}`}
		return restore, map[string]string{"saleor:databaseActive": "restored"}, true
	}},
}

// drComputeChange is a change of saleor:drCompute, on a primary with a DR region.
func drComputeChange(from, next string) func(*stacks.Config) (map[string]string, map[string]string, bool) {
	return func(cfg *stacks.Config) (map[string]string, map[string]string, bool) {
		if !cfg.HasDisasterRecovery() {
			return nil, nil, false
		}
		return between("saleor:drCompute", from, next)(cfg)
	}
}

// drRegionFor picks a disaster-recovery region for a primary: another region of the same
// geography ("eu-..."), the first in the catalog that is not one of its replica regions
// (where its regional stacks run).
func drRegionFor(primary string, replicaRegions []string) string {
	geo, _, _ := strings.Cut(primary, "-")
	for _, code := range catalog.RegionCodes() {
		if code != primary && strings.HasPrefix(code, geo+"-") && !slices.Contains(replicaRegions, code) {
			return code
		}
	}
	return ""
}
