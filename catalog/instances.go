package catalog

import (
	"fmt"
	"sort"
)

// InstanceClass is an RDS, ElastiCache or OpenSearch node class.
type InstanceClass struct {
	// Name is the class as the API takes it, e.g. "db.m7g.2xlarge".
	Name string
	// VCPUs is the number of vCPUs.
	VCPUs int
	// MemoryGiB is the memory in GiB.
	MemoryGiB float64
	// Burstable is true for T-class (CPU-credit) instances.
	Burstable bool
}

func (c InstanceClass) String() string {
	return fmt.Sprintf("%s (%d vCPU / %g GiB)", c.Name, c.VCPUs, c.MemoryGiB)
}

// RDSClasses are the Graviton classes RDS for PostgreSQL 16 and 17 offers that the program
// may choose: general purpose (m7g), memory optimised (r7g) and burstable (t4g, from medium:
// Performance Insights is not offered below it).
var RDSClasses = []InstanceClass{
	{"db.t4g.medium", 2, 4, true},
	{"db.t4g.large", 2, 8, true},
	{"db.m7g.large", 2, 8, false},
	{"db.m7g.xlarge", 4, 16, false},
	{"db.m7g.2xlarge", 8, 32, false},
	{"db.m7g.4xlarge", 16, 64, false},
	{"db.r7g.large", 2, 16, false},
	{"db.r7g.xlarge", 4, 32, false},
	{"db.r7g.2xlarge", 8, 64, false},
	{"db.r7g.4xlarge", 16, 128, false},
}

// CacheClasses are the Graviton node classes ElastiCache offers for Valkey and Redis OSS
// that the program may choose. cache.m7g.large is the current generation of the
// requirements' cache.m5.large (2 vCPU, 6.38 GiB).
var CacheClasses = []InstanceClass{
	{"cache.t4g.micro", 2, 0.5, true},
	{"cache.t4g.small", 2, 1.37, true},
	{"cache.t4g.medium", 2, 3.09, true},
	{"cache.m7g.large", 2, 6.38, false},
	{"cache.m7g.xlarge", 4, 12.93, false},
	{"cache.m7g.2xlarge", 8, 26.04, false},
	{"cache.r7g.large", 2, 13.07, false},
	{"cache.r7g.xlarge", 4, 26.32, false},
	{"cache.r7g.2xlarge", 8, 52.82, false},
}

// SearchClasses are the Graviton instance types Amazon OpenSearch Service sells that the
// program may choose for data and dedicated master nodes: general purpose (m7g) and memory
// optimised (r7g). No T3: t3.small.search cannot encrypt at rest, and T3 cannot run Multi-AZ
// with standby; the burstable classes' CPU credits do not suit a search cluster anyway.
var SearchClasses = []InstanceClass{
	{"m7g.medium.search", 1, 4, false},
	{"m7g.large.search", 2, 8, false},
	{"m7g.xlarge.search", 4, 16, false},
	{"m7g.2xlarge.search", 8, 32, false},
	{"r7g.medium.search", 1, 8, false},
	{"r7g.large.search", 2, 16, false},
	{"r7g.xlarge.search", 4, 32, false},
}

// SnapInstance returns the class from classes for a wanted vCPU count and memory, by the
// catalog's snapping rule (see Snap): the largest vCPU count sold that is not above the
// wanted one (never below the smallest sold), then the smallest memory at least the wanted
// memory; among equal sizes a non-burstable class wins. When no class with that vCPU count
// has enough memory, the next vCPU count up is tried.
func SnapInstance(classes []InstanceClass, vcpus, memoryGiB float64) (InstanceClass, error) {
	sorted := append([]InstanceClass(nil), classes...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.VCPUs != b.VCPUs {
			return a.VCPUs < b.VCPUs
		}
		if a.MemoryGiB != b.MemoryGiB {
			return a.MemoryGiB < b.MemoryGiB
		}
		return !a.Burstable && b.Burstable
	})
	floor := sorted[0].VCPUs
	for _, c := range sorted {
		if float64(c.VCPUs) <= vcpus {
			floor = c.VCPUs
		}
	}
	for _, c := range sorted {
		if c.VCPUs >= floor && c.MemoryGiB >= memoryGiB {
			return c, nil
		}
	}
	return InstanceClass{}, fmt.Errorf("no class offers %g vCPU and %g GiB", vcpus, memoryGiB)
}

// LookupInstance returns the class with the given name.
func LookupInstance(classes []InstanceClass, name string) (InstanceClass, bool) {
	for _, c := range classes {
		if c.Name == name {
			return c, true
		}
	}
	return InstanceClass{}, false
}

// InstanceNames returns the names of classes, in order.
func InstanceNames(classes []InstanceClass) []string {
	names := make([]string, len(classes))
	for i, c := range classes {
		names[i] = c.Name
	}
	return names
}
