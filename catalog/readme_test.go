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
