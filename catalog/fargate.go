package catalog

import "fmt"

// FargateSize is a task-level CPU/memory pair that Fargate sells.
type FargateSize struct {
	// CPU in CPU units (1024 = 1 vCPU).
	CPU int
	// MemoryMiB is the task memory in MiB.
	MemoryMiB int
}

func (s FargateSize) String() string {
	return fmt.Sprintf("%g vCPU / %g GB", float64(s.CPU)/1024, float64(s.MemoryMiB)/1024)
}

// fargateMemory lists, for each CPU value Fargate sells (Linux), the memory values (MiB)
// sold with it, smallest first. Source: the "Task CPU and memory" table of the Amazon ECS
// developer guide.
var fargateMemory = map[int][]int{
	256:   {512, 1024, 2048},
	512:   gibSteps(1, 4, 1),
	1024:  gibSteps(2, 8, 1),
	2048:  gibSteps(4, 16, 1),
	4096:  gibSteps(8, 30, 1),
	8192:  gibSteps(16, 60, 4),
	16384: gibSteps(32, 120, 8),
}

// fargateCPUs is the CPU values of fargateMemory in ascending order.
var fargateCPUs = []int{256, 512, 1024, 2048, 4096, 8192, 16384}

func gibSteps(from, to, step int) []int {
	var out []int
	for g := from; g <= to; g += step {
		out = append(out, g*1024)
	}
	return out
}

// IsFargateSize reports whether Fargate sells the pair.
func IsFargateSize(s FargateSize) bool {
	for _, m := range fargateMemory[s.CPU] {
		if m == s.MemoryMiB {
			return true
		}
	}
	return false
}

// FargateSizes returns every pair Fargate sells, ordered by CPU then memory.
func FargateSizes() []FargateSize {
	var out []FargateSize
	for _, cpu := range fargateCPUs {
		for _, m := range fargateMemory[cpu] {
			out = append(out, FargateSize{cpu, m})
		}
	}
	return out
}

// SnapFargate returns the pair Fargate sells for a wanted CPU and memory, by the catalog's
// snapping rule (see Snap): the largest CPU not above the wanted CPU (never below 256),
// then the smallest memory sold with that CPU that is at least the wanted memory. When
// that CPU sells no memory that large, the next CPU up is tried.
func SnapFargate(cpu, memoryMiB int) (FargateSize, error) {
	start := 0
	for i, c := range fargateCPUs {
		if c <= cpu {
			start = i
		}
	}
	for _, c := range fargateCPUs[start:] {
		for _, m := range fargateMemory[c] {
			if m >= memoryMiB {
				return FargateSize{c, m}, nil
			}
		}
	}
	return FargateSize{}, fmt.Errorf("fargate sells no task with %d CPU units and %d MiB", cpu, memoryMiB)
}
