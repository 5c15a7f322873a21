package stacks_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/saleor-platform/infra/catalog"
)

// operatorChange is a configuration change an operator makes to a deployed stack.
type operatorChange struct {
	name string
	// plan returns the configuration keys to set before and after the change, given the
	// stack file's configuration; ok is false where the change does not apply.
	plan func(cfg map[string]string) (before, after map[string]string, ok bool)
}

// to is a change from the stack file as it is.
func to(kv map[string]string) (before, after map[string]string, ok bool) { return nil, kv, true }

// between is a change from one setting to another.
func between(key, from, next string) func(map[string]string) (map[string]string, map[string]string, bool) {
	return func(map[string]string) (map[string]string, map[string]string, bool) {
		return map[string]string{key: from}, map[string]string{key: next}, true
	}
}

func isProduction(cfg map[string]string) bool { return cfg["saleor:environment"] == "production" }

// operatorChanges are the changes the replacement matrix applies to every stack file.
var operatorChanges = []operatorChange{
	{"sizing one level down", func(cfg map[string]string) (map[string]string, map[string]string, bool) {
		percent, _ := strconv.Atoi(cfg["saleor:sizing"])
		i := slices.Index(catalog.Percents, percent)
		if i <= 0 {
			return nil, nil, false
		}
		return to(map[string]string{"saleor:sizing": strconv.Itoa(catalog.Percents[i-1])})
	}},
	{"sizing one level up", func(cfg map[string]string) (map[string]string, map[string]string, bool) {
		percent, _ := strconv.Atoi(cfg["saleor:sizing"])
		i := slices.Index(catalog.Percents, percent)
		if i < 0 || i == len(catalog.Percents)-1 {
			return nil, nil, false
		}
		return to(map[string]string{"saleor:sizing": strconv.Itoa(catalog.Percents[i+1])})
	}},
	{"single-az to multi-az", func(cfg map[string]string) (map[string]string, map[string]string, bool) {
		if isProduction(cfg) { // production is multi-az only
			return nil, nil, false
		}
		return between("saleor:ha", "single-az", "multi-az")(cfg)
	}},
	{"two zones to three", func(cfg map[string]string) (map[string]string, map[string]string, bool) {
		region, ok := catalog.LookupRegion(cfg["aws:region"])
		if isProduction(cfg) || !ok || region.AZs < 3 { // production uses 3 zones or more
			return nil, nil, false
		}
		return between("saleor:availabilityZones", "2", "3")(cfg)
	}},
	{"first read replica", between("saleor:dbReplicaCount", "0", "1")},
	{"second read replica", between("saleor:dbReplicaCount", "1", "2")},
	{"PostgreSQL 16 to 17", between("saleor:postgresVersion", "16", "17")},
	{"longest backup retention", func(cfg map[string]string) (map[string]string, map[string]string, bool) {
		if cfg["saleor:backupRetentionDays"] == "35" {
			return nil, nil, false
		}
		return to(map[string]string{"saleor:backupRetentionDays": "35"})
	}},
	{"add a disaster-recovery region", func(cfg map[string]string) (map[string]string, map[string]string, bool) {
		dr := drRegionFor(cfg["aws:region"])
		if cfg["saleor:secondaryRegion"] != "" || dr == "" {
			return nil, nil, false
		}
		cidr := "10.251.0.0/16"
		if cfg["saleor:vpcCidr"] == cidr {
			cidr = "10.252.0.0/16"
		}
		return to(map[string]string{"saleor:secondaryRegion": dr, "saleor:secondaryVpcCidr": cidr})
	}},
	{"add a regional domain", func(cfg map[string]string) (map[string]string, map[string]string, bool) {
		var labels []string
		if v := cfg["saleor:regionalDomains"]; v != "" {
			if err := json.Unmarshal([]byte(v), &labels); err != nil {
				return nil, nil, false
			}
		}
		for _, l := range []string{"fr", "lu", "at"} {
			if !slices.Contains(labels, l) {
				b, _ := json.Marshal(append(labels, l))
				return to(map[string]string{"saleor:regionalDomains": string(b)})
			}
		}
		return nil, nil, false
	}},
	{"blue-green to rolling", between("saleor:apiDeployment", "blue-green", "rolling")},
	{"rolling to blue-green", between("saleor:apiDeployment", "rolling", "blue-green")},
	{"lock the backup vault", func(cfg map[string]string) (map[string]string, map[string]string, bool) {
		if isProduction(cfg) { // production is locked from the start
			return nil, nil, false
		}
		return between("saleor:backupVaultLock", "none", "governance")(cfg)
	}},
	{"deploy a new image tag", func(cfg map[string]string) (map[string]string, map[string]string, bool) {
		return to(map[string]string{"saleor:imageTag": cfg["saleor:imageTag"] + "-next", "saleor:imageDigest": ""})
	}},
	{"workers off spot", between("saleor:workersOnSpot", "true", "false")},
}

// drRegionFor picks a disaster-recovery region for a primary: another region of the same
// geography ("eu-..."), the first in the catalog.
func drRegionFor(primary string) string {
	geo, _, _ := strings.Cut(primary, "-")
	for _, code := range catalog.RegionCodes() {
		if code != primary && strings.HasPrefix(code, geo+"-") {
			return code
		}
	}
	return ""
}
