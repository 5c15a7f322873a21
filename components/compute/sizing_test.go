package compute_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/saleor-platform/infra/components/compute"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/internal/harness"
)

// sized is what one workload would run as.
type sized struct {
	cpu, memory       int
	desired, min, max int
	scaled            bool
}

// sizes reads every workload's task size, desired count and scaling bounds.
func sizes(t *testing.T, inv *harness.Inventory) map[string]sized {
	t.Helper()
	out := map[string]sized{}
	for _, w := range []string{"api", "worker", "webhooks", "beat", "migrate"} {
		td := inv.Named("aws:ecs/taskDefinition:TaskDefinition", "compute-"+w)
		cpu, _ := strconv.Atoi(td.String("cpu"))
		mem, _ := strconv.Atoi(td.String("memory"))
		s := sized{cpu: cpu, memory: mem}
		if svc := inv.Named("aws:ecs/service:Service", "compute-"+w); svc != nil {
			s.desired = int(svc.Number("desiredCount"))
		}
		if target := inv.Named("aws:appautoscaling/target:Target", "compute-"+w); target != nil {
			s.scaled, s.min, s.max = true, int(target.Number("minCapacity")), int(target.Number("maxCapacity"))
		}
		out[w] = s
	}
	return out
}

// TestNumbersAtEachSize pins every workload's size and counts at 100% (production) and at
// the catalog's 75% (staging).
func TestNumbersAtEachSize(t *testing.T) {
	for _, tt := range []struct {
		percent int
		args    compute.ComputeArgs
		want    map[string]sized
	}{
		{100, production(t), map[string]sized{
			"api":      {cpu: 2048, memory: 4096, desired: 2, min: 2, max: 20, scaled: true},
			"worker":   {cpu: 1024, memory: 2048, desired: 1, min: 1, max: 10, scaled: true},
			"webhooks": {cpu: 1024, memory: 2048, desired: 1, min: 1, max: 10, scaled: true},
			"beat":     {cpu: 1024, memory: 2048, desired: 1},
			"migrate":  {cpu: 1024, memory: 2048},
		}},
		{75, staging(t), map[string]sized{
			"api":      {cpu: 1024, memory: 3072, desired: 2, min: 2, max: 15, scaled: true},
			"worker":   {cpu: 512, memory: 2048, desired: 1, min: 1, max: 8, scaled: true},
			"webhooks": {cpu: 512, memory: 2048, desired: 1, min: 1, max: 8, scaled: true},
			"beat":     {cpu: 512, memory: 2048, desired: 1},
			"migrate":  {cpu: 512, memory: 2048},
		}},
	} {
		got := sizes(t, run(t, tt.args))
		for w, want := range tt.want {
			if got[w] != want {
				t.Errorf("%d%% %s: %+v, want %+v", tt.percent, w, got[w], want)
			}
		}
	}
}

// TestMultiAZForcesTwoAPITasks: at 50% the catalog's API floor is 1; multi-AZ raises it to 2.
func TestMultiAZForcesTwoAPITasks(t *testing.T) {
	for level, want := range map[ha.Level]int{ha.SingleAZ: 1, ha.MultiAZ: 2} {
		api := sizes(t, run(t, args(t, 50, level)))["api"]
		if api.desired != want || api.min != want {
			t.Errorf("%s at 50%%: API desired %d, floor %d; want %d", level, api.desired, api.min, want)
		}
	}
}

func TestEveryTaskSizeIsSoldByFargate(t *testing.T) {
	for _, p := range catalog.Percents {
		for _, level := range ha.Levels() {
			inv := run(t, args(t, p, level))
			for _, td := range inv.OfType("aws:ecs/taskDefinition:TaskDefinition") {
				cpu, _ := strconv.Atoi(td.String("cpu"))
				mem, _ := strconv.Atoi(td.String("memory"))
				if !catalog.IsFargateSize(catalog.FargateSize{CPU: cpu, MemoryMiB: mem}) {
					t.Errorf("%d%% %s: %s runs %d/%d, not a Fargate size", p, level, td.Name, cpu, mem)
				}
				if td.String("networkMode") != "awsvpc" || fmt.Sprint(td.Strings("requiresCompatibilities")) != "[FARGATE]" {
					t.Errorf("%s is not an awsvpc Fargate task definition", td.Name)
				}
			}
		}
	}
}
