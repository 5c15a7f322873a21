package deploytime

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

func runStack(t *testing.T, name string) *harness.Inventory {
	t.Helper()
	loaded, err := harness.LoadWithPrimaries(name, harness.LoadStack)
	if err != nil {
		t.Fatal(err)
	}
	invs, err := harness.RunEnvironment(stacks.Program, loaded)
	if err != nil {
		t.Fatal(err)
	}
	return invs[len(invs)-1]
}

// TestPathIsTheLongestChain: on prod-eu the path is contiguous from 0, each step starting
// when the previous one ends; no resource finishes after it; and it runs through the
// writer and its cross-region replica, the two slowest creates chained.
func TestPathIsTheLongestChain(t *testing.T) {
	inv := runStack(t, "prod-eu")
	p, err := ColdDeploy(inv)
	if err != nil {
		t.Fatal(err)
	}
	end := 0.0
	for i, s := range p.Steps {
		if i == 0 && s.StartSeconds != 0 {
			t.Errorf("the path starts at %v s", s.StartSeconds)
		}
		if i > 0 && s.StartSeconds != end {
			t.Errorf("step %s starts at %v s, the previous ends at %v s", s.Resource, s.StartSeconds, end)
		}
		end = s.StartSeconds + s.Seconds
	}
	if end != p.Seconds {
		t.Errorf("the steps end at %v s, the path is %v s", end, p.Seconds)
	}
	g := newGraph(inv)
	for _, urn := range g.order {
		n := g.nodes[urn]
		if err := g.visit(n); err != nil {
			t.Fatal(err)
		}
		if n.finish.Seconds() > p.Seconds {
			t.Errorf("%s finishes at %v, after the critical path's %v s", n.r.Name, n.finish, p.Seconds)
		}
		for _, d := range n.deps {
			if dn := g.nodes[d]; dn != nil && n.finish-n.dur < dn.finish {
				t.Errorf("%s starts before its dependency %s finishes", n.r.Name, dn.r.Name)
			}
		}
	}
	var names []string
	for _, s := range p.Steps {
		names = append(names, s.Resource)
	}
	if !slices.Contains(names, "database-primary") || !slices.Contains(names, "database-dr-replica") {
		t.Errorf("the path misses the writer and its DR replica: %v", names)
	}
}

// TestExplicitWaitIsFlagged: a resource that waits on a load balancer through dependsOn,
// reading nothing of it, starts three minutes late, and the wait is reported.
func TestExplicitWaitIsFlagged(t *testing.T) {
	program := harness.InRegions(func(ctx *pulumi.Context, ps []*aws.Provider) error {
		balancer, err := lb.NewLoadBalancer(ctx, "slow", &lb.LoadBalancerArgs{Internal: pulumi.Bool(true),
			Subnets: pulumi.StringArray{pulumi.String("subnet-1"), pulumi.String("subnet-2")}}, pulumi.Provider(ps[0]))
		if err != nil {
			return err
		}
		_, err = sqs.NewQueue(ctx, "waits", &sqs.QueueArgs{}, pulumi.Provider(ps[0]), pulumi.DependsOn([]pulumi.Resource{balancer}))
		return err
	}, "eu-central-1")
	inv, err := harness.Run(program, harness.ComponentStack())
	if err != nil {
		t.Fatal(err)
	}
	p, err := ColdDeploy(inv)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Waits) != 1 || p.Waits[0].Resource != "waits" || p.Waits[0].On != "slow" || p.Waits[0].DelaySeconds != 180 {
		t.Errorf("waits %+v, want the queue's 3-minute wait on the load balancer", p.Waits)
	}
	if last := p.Steps[len(p.Steps)-1]; last.Resource != "waits" || !last.Explicit {
		t.Errorf("path %+v does not end with the queue waiting through dependsOn", p.Steps)
	}
}

// TestImageUpdate: bumping saleor:imageTag changes the task definitions and the services
// that run them, nothing slow: the update's path is minutes, far below the cold deploy's,
// and runs through an ECS service.
func TestImageUpdate(t *testing.T) {
	before := runStack(t, "prod-eu")
	p := imageUpdate(t, before)
	cold, _ := ColdDeploy(before)
	t.Logf("image update: %s through %d changed resources", Minutes(p.Seconds), p.Resources)
	if p.Resources == 0 || p.Seconds <= 0 || p.Seconds > cold.Seconds/5 {
		t.Errorf("image update path %v s over %d resources (cold %v s)", p.Seconds, p.Resources, cold.Seconds)
	}
	if !slices.ContainsFunc(p.Steps, func(s Step) bool { return s.Type == "aws:ecs/service:Service" && s.Seconds > 0 }) {
		t.Errorf("the image update's path does not update an ECS service: %+v", p.Steps)
	}
	same, err := Update(before, before)
	if err != nil || same.Seconds != 0 || same.Resources != 0 {
		t.Errorf("no change: %v s over %d resources, %v", same.Seconds, same.Resources, err)
	}
}

// imageUpdate is the critical path of prod-eu's update from before to a new saleor:imageTag.
func imageUpdate(t *testing.T, before *harness.Inventory) *Path {
	t.Helper()
	loaded, err := harness.LoadWithPrimaries("prod-eu", harness.LoadStack)
	if err != nil {
		t.Fatal(err)
	}
	loaded[len(loaded)-1] = loaded[len(loaded)-1].With(map[string]string{"saleor:imageTag": "3.21.5"})
	invs, err := harness.RunEnvironment(stacks.Program, loaded)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Update(before, invs[len(invs)-1])
	if err != nil {
		t.Fatal(err)
	}
	return p
}
