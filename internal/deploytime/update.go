package deploytime

import (
	"time"

	"github.com/saleor-platform/infra/internal/harness"
)

// updateDurations are the typical in-place update times of the types slower than an API
// call; a type not listed updates in DefaultCreate's time. Estimates, as createDurations.
var updateDurations = map[string]time.Duration{
	"aws:rds/instance:Instance":                         10 * time.Minute,
	"aws:elasticache/replicationGroup:ReplicationGroup": 10 * time.Minute,
	"aws:cloudfront/distribution:Distribution":          5 * time.Minute,
	"aws:ecs/service:Service":                           time.Minute,
	"aws:lb/loadBalancer:LoadBalancer":                  30 * time.Second,
	"aws:route53/record:Record":                         time.Minute,
}

// immutable are the types AWS replaces on any change: a new one has a new ARN (an ECS task
// definition's next revision), so every resource that reads it is updated too.
var immutable = map[string]bool{
	"aws:ecs/taskDefinition:TaskDefinition": true,
}

// Update computes the critical path of the `pulumi up` that takes a stack from before to
// after (two offline runs of the same stack with different configuration): a resource whose
// inputs differ is updated (or created, when new) and waits for its dependencies' changes;
// an unchanged resource takes no time.
func Update(before, after *harness.Inventory) (*Path, error) {
	old := map[string]*harness.Resource{}
	for _, r := range before.Resources {
		old[r.URN] = r
	}
	g := newGraph(after)
	updated := map[string]bool{}
	for _, urn := range g.order {
		prev, existed := old[urn]
		if !existed || !prev.Inputs.DeepEquals(g.nodes[urn].r.Inputs) {
			updated[urn] = true
		}
	}
	// The offline run cannot show a replaced resource's new ARN: its readers are updated too.
	for grew := true; grew; {
		grew = false
		for _, urn := range g.order {
			for _, d := range g.nodes[urn].input {
				if dn, ok := g.nodes[d]; ok && !updated[urn] && updated[d] && immutable[dn.r.Type] {
					updated[urn], grew = true, true
				}
			}
		}
	}
	changed := 0
	for _, urn := range g.order {
		n := g.nodes[urn]
		_, existed := old[urn]
		switch {
		case !updated[urn]:
			n.dur = 0
		case !existed:
			changed++ // created: keeps its create time
		default:
			changed++
			n.dur = DefaultCreate.Typical
			if d, ok := updateDurations[n.r.Type]; ok {
				n.dur = d
			}
		}
	}
	p, err := g.path()
	if err != nil {
		return nil, err
	}
	p.Resources = changed
	p.Note = "Critical path of the update from the recorded dependencies and typical update durations " +
		"(internal/deploytime); unchanged resources take no time."
	return p, nil
}
