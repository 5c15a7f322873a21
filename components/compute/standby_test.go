package compute_test

import (
	"testing"

	"github.com/saleor-platform/infra/components/compute"
)

// TestStandbyRuntimes: a Warm runtime runs its services at their scaling minimum but no beat;
// a PilotLight one runs nothing and lets scaling go down to zero, so that raising the floor
// is all failing over takes; Serving (the default) runs beat.
func TestStandbyRuntimes(t *testing.T) {
	for _, c := range []struct {
		standby               compute.Standby
		api, workers, beat    float64
		apiFloor, workerFloor float64
	}{
		{compute.Serving, 2, 1, 1, 2, 1},
		{compute.Warm, 2, 1, 0, 2, 1},
		{compute.PilotLight, 0, 0, 0, 0, 0},
	} {
		t.Run(string(c.standby), func(t *testing.T) {
			a := production(t)
			a.Standby = c.standby
			inv := run(t, a)
			for workload, want := range map[string]float64{"api": c.api, "worker": c.workers, "webhooks": c.workers, "beat": c.beat} {
				if got := inv.Named("aws:ecs/service:Service", "compute-"+workload).Number("desiredCount"); got != want {
					t.Errorf("%s desires %v tasks, want %v", workload, got, want)
				}
			}
			for workload, want := range map[string]float64{"api": c.apiFloor, "worker": c.workerFloor, "webhooks": c.workerFloor} {
				for _, target := range inv.OfType("aws:appautoscaling/target:Target") {
					if target.String("resourceId") == serviceResourceID(inv, workload) && target.Number("minCapacity") != want {
						t.Errorf("%s scales down to %v, want %v", workload, target.Number("minCapacity"), want)
					}
				}
			}
		})
	}
	a := production(t)
	a.Standby = "cold"
	if _, _, err := deploy(a); err == nil {
		t.Error("Standby \"cold\" accepted")
	}
}

// TestBeatElsewhereRunsNoBeat: a serving runtime whose environment's beat runs elsewhere
// runs every other service as usual and no beat.
func TestBeatElsewhereRunsNoBeat(t *testing.T) {
	a := production(t)
	a.BeatElsewhere = true
	inv := run(t, a)
	if got := inv.Named("aws:ecs/service:Service", "compute-beat").Number("desiredCount"); got != 0 {
		t.Errorf("beat desires %v tasks, want 0", got)
	}
	if got := inv.Named("aws:ecs/service:Service", "compute-api").Number("desiredCount"); got != 2 {
		t.Errorf("api desires %v tasks, want 2", got)
	}
}
