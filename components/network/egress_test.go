package network_test

import (
	"slices"
	"testing"

	"github.com/saleor-platform/infra/components/network"
	"github.com/saleor-platform/infra/internal/harness"
)

// internetEgress returns, per security group role, the ports it may reach on 0.0.0.0/0; a
// rule over a port range or another protocol than TCP shows as -1.
func internetEgress(inv *harness.Inventory) map[string][]int {
	roles := map[string]string{}
	for _, g := range inv.OfType("aws:ec2/securityGroup:SecurityGroup") {
		roles[g.ID] = g.String("tags.Role")
	}
	out := map[string][]int{}
	for _, r := range inv.OfType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule") {
		if r.String("cidrIpv4") == "0.0.0.0/0" {
			port := int(r.Number("fromPort"))
			if r.Number("toPort") != r.Number("fromPort") || r.String("ipProtocol") != "tcp" {
				port = -1
			}
			role := roles[r.String("securityGroupId")]
			out[role] = append(out[role], port)
		}
	}
	for role := range out {
		slices.Sort(out[role])
	}
	return out
}

// TestTasksReachTheInternetOnlyOnTheEgressPorts: the API and worker groups reach the
// internet on exactly EgressPorts (HTTPS by default; SMTP submission when asked), every
// other group not at all.
func TestTasksReachTheInternetOnlyOnTheEgressPorts(t *testing.T) {
	for _, c := range []struct {
		ports, want []int
	}{
		{nil, []int{443}},
		{[]int{443, 465, 587}, []int{443, 465, 587}},
	} {
		a := args(network.NatOnePerAZ, true)
		a.EgressPorts = c.ports
		got := internetEgress(run(t, a))
		for _, role := range []string{"api", "worker"} {
			if !slices.Equal(got[role], c.want) {
				t.Errorf("EgressPorts %v: %s reaches the internet on %v, want %v", c.ports, role, got[role], c.want)
			}
		}
		for role, ports := range got {
			if role != "api" && role != "worker" && role != "alb" {
				t.Errorf("%s reaches the internet on %v", role, ports)
			}
		}
	}
}

// TestEgressPortsNeverOpenTheDataPorts: a typo that opens PostgreSQL or Redis to the internet,
// or a port that does not exist, is refused.
func TestEgressPortsNeverOpenTheDataPorts(t *testing.T) {
	for _, ports := range [][]int{{5432}, {6379}, {0}, {70000}} {
		a := args(network.NatOnePerAZ, false)
		a.EgressPorts = ports
		if _, err := harness.Run(program(a), harness.ComponentStack()); err == nil {
			t.Errorf("EgressPorts %v accepted", ports)
		}
	}
}
