package catalog

import (
	"testing"
)

// TestSnapTable pins every sized thing at every percentage. The expected values are read off
// AWS's own tables (ECS task sizes, RDS and ElastiCache classes) by the documented rule:
// CPU rounds down, memory rounds up, counts round up.
func TestSnapTable(t *testing.T) {
	tests := []struct {
		percent                 int
		api, worker             FargateSize
		apiTasks, workerTasks   TaskCount
		primary, replica, cache string
		storageGiB              int
	}{
		{100, FargateSize{2048, 4096}, FargateSize{1024, 2048}, TaskCount{2, 20}, TaskCount{1, 10},
			"db.m7g.2xlarge", "db.m7g.xlarge", "cache.m7g.large", 500},
		{75, FargateSize{1024, 3072}, FargateSize{512, 2048}, TaskCount{2, 15}, TaskCount{1, 8},
			"db.r7g.xlarge", "db.r7g.large", "cache.m7g.large", 375},
		{50, FargateSize{1024, 2048}, FargateSize{512, 1024}, TaskCount{1, 10}, TaskCount{1, 5},
			"db.m7g.xlarge", "db.m7g.large", "cache.m7g.large", 250},
		{25, FargateSize{512, 1024}, FargateSize{256, 512}, TaskCount{1, 5}, TaskCount{1, 3},
			"db.m7g.large", "db.t4g.medium", "cache.t4g.medium", 125},
	}
	for _, tt := range tests {
		s, err := Snap(tt.percent)
		if err != nil {
			t.Fatalf("Snap(%d): %v", tt.percent, err)
		}
		checks := []struct {
			what      string
			got, want any
		}{
			{"API task", s.APITask, tt.api},
			{"worker task", s.WorkerTask, tt.worker},
			{"API task count", s.APITasks, tt.apiTasks},
			{"worker task count", s.WorkerTasks, tt.workerTasks},
			{"database primary", s.DatabasePrimary.Name, tt.primary},
			{"database replica", s.DatabaseReplica.Name, tt.replica},
			{"cache node", s.CacheNode.Name, tt.cache},
			{"database storage", s.DatabaseStorageGiB, tt.storageGiB},
			{"database storage ceiling", s.DatabaseMaxStorageGiB, 2 * tt.storageGiB},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%d%%: %s = %v, want %v", tt.percent, c.what, c.got, c.want)
			}
		}
	}
}

// TestSnapSellsOnlyRealSizes checks the rule's promises at every percentage for every sized
// thing: the result is sold, memory never below the scaled share, CPU never above it unless
// nothing smaller is sold.
func TestSnapSellsOnlyRealSizes(t *testing.T) {
	for _, p := range Percents {
		s, err := Snap(p)
		if err != nil {
			t.Fatal(err)
		}
		f := float64(p) / 100
		for name, task := range map[string]struct {
			got      FargateSize
			cpu, mem float64
		}{
			"api":    {s.APITask, 2048 * f, 4096 * f},
			"worker": {s.WorkerTask, 1024 * f, 2048 * f},
		} {
			if !IsFargateSize(task.got) {
				t.Errorf("%d%% %s: %v is not a Fargate size", p, name, task.got)
			}
			if float64(task.got.MemoryMiB) < task.mem {
				t.Errorf("%d%% %s: memory %d below scaled %g", p, name, task.got.MemoryMiB, task.mem)
			}
			if float64(task.got.CPU) > task.cpu && task.got.CPU != 256 {
				t.Errorf("%d%% %s: CPU %d above scaled %g", p, name, task.got.CPU, task.cpu)
			}
		}
		for name, c := range map[string]struct {
			got     InstanceClass
			classes []InstanceClass
			mem     float64
		}{
			"primary": {s.DatabasePrimary, RDSClasses, 32 * f},
			"replica": {s.DatabaseReplica, RDSClasses, 16 * f},
			"cache":   {s.CacheNode, CacheClasses, 6.38 * f},
		} {
			if _, ok := LookupInstance(c.classes, c.got.Name); !ok {
				t.Errorf("%d%% %s: %s not in the catalog", p, name, c.got.Name)
			}
			if c.got.MemoryGiB < c.mem {
				t.Errorf("%d%% %s: %v has less than %g GiB", p, name, c.got, c.mem)
			}
		}
	}
}

func TestSnapRejectsUnknownPercent(t *testing.T) {
	for _, p := range []int{0, 10, 60, 101} {
		if _, err := Snap(p); err == nil {
			t.Errorf("Snap(%d) succeeded, want an error", p)
		}
	}
}

func TestFargateTable(t *testing.T) {
	sizes := FargateSizes()
	if len(sizes) != 3+4+7+13+23+12+12 {
		t.Errorf("catalog has %d Fargate pairs, want 74", len(sizes))
	}
	for _, bad := range []FargateSize{{1536, 3072}, {256, 4096}, {8192, 18432}, {4096, 31744}} {
		if IsFargateSize(bad) {
			t.Errorf("%v is not sold by Fargate but the catalog accepts it", bad)
		}
	}
	for _, good := range []FargateSize{{256, 512}, {4096, 30720}, {8192, 61440}, {16384, 122880}} {
		if !IsFargateSize(good) {
			t.Errorf("%v is sold by Fargate but the catalog rejects it", good)
		}
	}
}

func TestSnapFargate(t *testing.T) {
	tests := []struct {
		cpu, mem int
		want     FargateSize
	}{
		{1536, 3072, FargateSize{1024, 3072}},
		{768, 1536, FargateSize{512, 2048}},
		{100, 100, FargateSize{256, 512}},
		{256, 4096, FargateSize{512, 4096}}, // 256 sells at most 2 GB: next CPU up
		{2048, 3000, FargateSize{2048, 4096}},
	}
	for _, tt := range tests {
		got, err := SnapFargate(tt.cpu, tt.mem)
		if err != nil || got != tt.want {
			t.Errorf("SnapFargate(%d, %d) = %v, %v; want %v", tt.cpu, tt.mem, got, err, tt.want)
		}
	}
	if _, err := SnapFargate(16384, 200000); err == nil {
		t.Error("SnapFargate beyond the largest task succeeded")
	}
}

func TestLookupRegion(t *testing.T) {
	if r, ok := LookupRegion("eu-central-1"); !ok || r.Location != "Frankfurt" {
		t.Errorf("eu-central-1 = %v, %v", r, ok)
	}
	for _, bad := range []string{"eu-amsterdam-1", "EU-CENTRAL-1", ""} {
		if _, ok := LookupRegion(bad); ok {
			t.Errorf("%q accepted as a region", bad)
		}
	}
}
