package catalog

import (
	"fmt"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/readme"
)

// TestReadmeSizingTable keeps README.md's sizing table equal to what Snap produces;
// UPDATE_README=1 rewrites it.
func TestReadmeSizingTable(t *testing.T) {
	var b strings.Builder
	b.WriteString("| sized thing | 100% | 75% | 50% | 25% |\n|---|---|---|---|---|\n")
	var sizes []Sizes
	for _, p := range []int{100, 75, 50, 25} {
		s, err := Snap(p)
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, s)
	}
	row := func(what string, cell func(Sizes) string) {
		fmt.Fprintf(&b, "| %s |", what)
		for _, s := range sizes {
			fmt.Fprintf(&b, " %s |", cell(s))
		}
		b.WriteString("\n")
	}
	row("API task (CPU units / MiB)", func(s Sizes) string { return fmt.Sprintf("%d / %d", s.APITask.CPU, s.APITask.MemoryMiB) })
	row("API tasks (min-max)", func(s Sizes) string { return fmt.Sprintf("%d-%d", s.APITasks.Min, s.APITasks.Max) })
	row("worker task (CPU units / MiB)", func(s Sizes) string { return fmt.Sprintf("%d / %d", s.WorkerTask.CPU, s.WorkerTask.MemoryMiB) })
	row("worker tasks (min-max)", func(s Sizes) string { return fmt.Sprintf("%d-%d", s.WorkerTasks.Min, s.WorkerTasks.Max) })
	row("database primary", func(s Sizes) string { return s.DatabasePrimary.String() })
	row("database storage (GiB, autoscaling ceiling)", func(s Sizes) string {
		return fmt.Sprintf("%d (%d)", s.DatabaseStorageGiB, s.DatabaseMaxStorageGiB)
	})
	row("read replicas", func(s Sizes) string { return s.DatabaseReplica.String() })
	row("cache nodes", func(s Sizes) string { return s.CacheNode.String() })
	row("search data nodes (optional; GiB each)", func(s Sizes) string {
		return fmt.Sprintf("%d × %s, %d GiB", s.SearchNodes, s.SearchNode, s.SearchStorageGiB)
	})
	readme.Sync(t, "../README.md", "sizing table", b.String())
}

// TestReadmeStorageGrowth keeps README.md's table of expected bucket sizes equal to
// BucketGrowth; UPDATE_README=1 rewrites it.
func TestReadmeStorageGrowth(t *testing.T) {
	var b strings.Builder
	b.WriteString("| bucket | initial | growth per month | size alarm above (12 months) | average object | object-count alarm above | source |\n|---|---|---|---|---|---|---|\n")
	for _, role := range []string{"media", "assets", "backups"} {
		g, ok := BucketGrowth[role]
		if !ok {
			t.Fatalf("BucketGrowth has no %s bucket", role)
		}
		object := fmt.Sprintf("%g KB", g.AverageObjectKB)
		if g.AverageObjectKB >= 1000 {
			object = fmt.Sprintf("%g MB", g.AverageObjectKB/1000)
		}
		fmt.Fprintf(&b, "| %s | %g GB | %g GB | %g GB | %s | %.0f | %s |\n",
			role, g.InitialGB, g.MonthlyGB, g.ExpectedBytes()/1e9, object, g.ExpectedObjects(), g.Source)
	}
	readme.Sync(t, "../README.md", "storage growth", b.String())
}

// TestExpectedSizesProjectTwelveMonths: a bucket's expected size is its initial size plus 12
// months of growth, and its object count that size at the average object size.
func TestExpectedSizesProjectTwelveMonths(t *testing.T) {
	backups := BucketGrowth["backups"]
	if got := backups.ExpectedBytes(); got != 2.2e12 { // the requirements' 1 TB + 12 x 100 GB
		t.Errorf("backups expected size %g bytes, want 2.2e12", got)
	}
	if got := backups.ExpectedObjects(); got != 22000 { // 2.2 TB of 100 MB objects
		t.Errorf("backups expected objects %g, want 22000", got)
	}
	for role, g := range BucketGrowth {
		if g.InitialGB <= 0 || g.MonthlyGB < 0 || g.AverageObjectKB <= 0 || g.Source == "" {
			t.Errorf("%s: %+v: sizes must be positive and sourced", role, g)
		}
	}
}
