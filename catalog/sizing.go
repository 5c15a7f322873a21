package catalog

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Percents are the sizing levels a stack may choose, as a percentage of production.
var Percents = []int{25, 50, 75, 100}

// TaskCount is an ECS service's task count bounds.
type TaskCount struct {
	// Min is the desired count at deploy time and the autoscaling floor.
	Min int
	// Max is the autoscaling ceiling.
	Max int
}

// Sizes are the sold sizes of every sized thing at one sizing percentage.
type Sizes struct {
	// Percent is the share of production these sizes were derived from.
	Percent int
	// APITask is the Saleor API task size; APITasks its count bounds per region.
	APITask  FargateSize
	APITasks TaskCount
	// WorkerTask is the Celery worker task size (also used for webhook workers and beat);
	// WorkerTasks its count bounds.
	WorkerTask  FargateSize
	WorkerTasks TaskCount
	// DatabasePrimary is the RDS primary's class; DatabaseReplica the read replicas' class.
	DatabasePrimary InstanceClass
	DatabaseReplica InstanceClass
	// DatabaseStorageGiB is the primary's allocated gp3 storage; DatabaseMaxStorageGiB the
	// storage-autoscaling ceiling (twice the allocation).
	DatabaseStorageGiB    int
	DatabaseMaxStorageGiB int
	// CacheNode is the class of every node of the three caches.
	CacheNode InstanceClass
	// SearchNode is the class of the optional search domain's data nodes (and of its
	// dedicated master nodes, when multi-AZ); SearchNodes the data node count (multi-AZ rounds
	// it up to a multiple of the 3 zones); SearchStorageGiB each data node's gp3 volume.
	SearchNode       InstanceClass
	SearchNodes      int
	SearchStorageGiB int
}

// baseline is production (100%) as the requirements state it.
var baseline = struct {
	apiCPU, apiMemoryMiB, apiMin, apiMax             int
	workerCPU, workerMemoryMiB, workerMin, workerMax int
	dbVCPUs, dbMemoryGiB, dbStorageGiB               float64
	replicaVCPUs, replicaMemoryGiB                   float64
	cacheVCPUs, cacheMemoryGiB                       float64
	searchVCPUs, searchMemoryGiB, searchStorageGiB   float64
	searchNodes                                      int
}{
	apiCPU: 2048, apiMemoryMiB: 4096, apiMin: 2, apiMax: 20,
	workerCPU: 1024, workerMemoryMiB: 2048, workerMin: 1, workerMax: 10,
	dbVCPUs: 8, dbMemoryGiB: 32, dbStorageGiB: 500,
	replicaVCPUs: 4, replicaMemoryGiB: 16,
	cacheVCPUs: 2, cacheMemoryGiB: 6.38, // cache.m5.large
	// The requirements size search only as "multiple indices per language": three data nodes
	// (one per zone, AWS's minimum for a production domain) of 2 vCPU / 8 GiB and 100 GiB,
	// room for a catalogue's indices in a few languages with a replica each.
	searchVCPUs: 2, searchMemoryGiB: 8, searchStorageGiB: 100, searchNodes: 3,
}

// minSearchStorageGiB is the smallest gp3 volume OpenSearch Service attaches to a data node.
const minSearchStorageGiB = 10

// Snap scales the production baseline to percent and snaps every result to a size AWS
// sells. The rule, applied the same way to everything sized:
//
//   - CPU rounds down to the nearest CPU sold (never below the smallest sold): a smaller
//     environment runs slower, it does not cost more than its share.
//   - Memory then rounds up to the smallest memory sold with that CPU that holds the scaled
//     memory: running out of memory crashes, so a size never gets less than its share.
//     If that CPU sells no memory so large, the next CPU up is used.
//   - Among equal sizes a non-burstable instance class beats a burstable one.
//   - Task counts and storage round up to whole units; counts never go below 1.
//
// Multi-AZ minimums (at least two API tasks, two cache nodes) are the HA level's business,
// not sizing's, and are applied by the components.
func Snap(percent int) (Sizes, error) {
	if !slices.Contains(Percents, percent) {
		return Sizes{}, fmt.Errorf("sizing %d is not one of %v", percent, Percents)
	}
	f := float64(percent) / 100
	s := Sizes{
		Percent:            percent,
		APITasks:           TaskCount{scaleCount(baseline.apiMin, f), scaleCount(baseline.apiMax, f)},
		WorkerTasks:        TaskCount{scaleCount(baseline.workerMin, f), scaleCount(baseline.workerMax, f)},
		DatabaseStorageGiB: int(math.Ceil(baseline.dbStorageGiB * f)),
		SearchNodes:        scaleCount(baseline.searchNodes, f),
		SearchStorageGiB:   max(minSearchStorageGiB, int(math.Ceil(baseline.searchStorageGiB*f))),
	}
	s.DatabaseMaxStorageGiB = 2 * s.DatabaseStorageGiB
	var errs [6]error
	s.APITask, errs[0] = SnapFargate(scaleCount(baseline.apiCPU, f), scaleCount(baseline.apiMemoryMiB, f))
	s.WorkerTask, errs[1] = SnapFargate(scaleCount(baseline.workerCPU, f), scaleCount(baseline.workerMemoryMiB, f))
	s.DatabasePrimary, errs[2] = SnapInstance(RDSClasses, baseline.dbVCPUs*f, baseline.dbMemoryGiB*f)
	s.DatabaseReplica, errs[3] = SnapInstance(RDSClasses, baseline.replicaVCPUs*f, baseline.replicaMemoryGiB*f)
	s.CacheNode, errs[4] = SnapInstance(CacheClasses, baseline.cacheVCPUs*f, baseline.cacheMemoryGiB*f)
	s.SearchNode, errs[5] = SnapInstance(SearchClasses, baseline.searchVCPUs*f, baseline.searchMemoryGiB*f)
	return s, errors.Join(errs[:]...)
}

func scaleCount(n int, f float64) int {
	return max(1, int(math.Ceil(float64(n)*f)))
}
