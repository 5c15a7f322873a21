package stacks_test

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

// TestEveryStacksNACLs: in every stack file and region, each subnet is associated with the
// NACL of its own tier (public, private, isolated), never the VPC's default NACL, which
// admits everything; and no NACL rule the stack makes, in its own NACLs or its primary's,
// admits SSH (22) or RDP (3389) from 0.0.0.0/0 or ::/0 (Security Hub EC2.21).
func TestEveryStacksNACLs(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		bySubnet := harnesstest.SubnetNACLs(t, inv)
		for _, subnet := range inv.OfType(subnetType) {
			acl := inv.ByID(bySubnet[subnet.ID])
			if tier := subnet.Tags()["Tier"]; acl == nil || !strings.HasSuffix(acl.Name, "-"+tier) {
				t.Errorf("%s subnet %s is on NACL %v, not its tier's", tier, subnet.Name, acl)
			}
		}
		for id, nacl := range harnesstest.NACLs(t, inv) {
			if open := nacl.AdminPortsOpenToAll(); len(open) > 0 {
				t.Errorf("NACL %s admits SSH or RDP from everyone: %+v", id, open)
			}
		}
	})
}

// TestPrimaryDataNACLHoldsEveryPeerWithinTheQuota: prod-eu's data NACL, with the rules
// prod-benelux and prod-na (both its regions) add for their app subnets, stays within AWS's
// default 20 inbound rules per NACL, and admits each of those subnets to PostgreSQL only.
func TestPrimaryDataNACLHoldsEveryPeerWithinTheQuota(t *testing.T) {
	invs := production(t)
	id := mustNamed(t, invs["prod-eu"], "aws:ec2/networkAcl:NetworkAcl", "network-isolated").ID
	var rules harnesstest.NACL
	for _, inv := range invs {
		rules = append(rules, harnesstest.NACLs(t, inv)[id]...)
	}
	inbound := 0
	for _, r := range rules {
		if !r.Egress {
			inbound++
		}
	}
	if inbound > 20 {
		t.Errorf("prod-eu's data NACL holds %d inbound rules with its peers'; AWS allows 20 by default", inbound)
	}
	for _, name := range []string{"prod-benelux", "prod-na"} {
		for _, subnet := range invs[name].OfType(subnetType) {
			if subnet.Tags()["Tier"] != "private" {
				continue
			}
			app := netip.MustParsePrefix(subnet.String("cidrBlock")).Addr().Next()
			for port, want := range map[int]bool{5432: true, 6379: false, 22: false} {
				if got := rules.Allows(harnesstest.Packet{Protocol: harnesstest.TCP, Peer: app, Port: port}); got != want {
					t.Errorf("%s's app subnet %s to prod-eu's data tier on %d: allowed %v, want %v", name, subnet.Name, port, got, want)
				}
			}
		}
	}
}
