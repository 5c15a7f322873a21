package database_test

import (
	"testing"

	"github.com/saleor-platform/infra/components/database"
)

// TestBaselineIOPSFollowsGP3Striping: RDS stripes gp3 over four volumes from 400 GiB, which
// raises the baseline from 3,000 to 12,000 IOPS; the read-IOPS alarms take 80% of it.
func TestBaselineIOPSFollowsGP3Striping(t *testing.T) {
	for gib, want := range map[int]int{20: 3000, 250: 3000, 399: 3000, 400: 12000, 500: 12000, 65536: 12000} {
		if got := database.BaselineIOPS(gib); got != want {
			t.Errorf("BaselineIOPS(%d GiB) = %d, want %d", gib, got, want)
		}
	}
}
