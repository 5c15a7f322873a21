package network_test

import (
	"fmt"
	"net/netip"
	"slices"
	"testing"

	"github.com/saleor-platform/infra/components/network"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

// tiers are a network's NACLs by tier, as AWS evaluates them, with the subnet plan.
type tiers struct {
	public, private, isolated harnesstest.NACL
	layout                    network.Layout
}

// tierNACLs runs the network of a and returns each tier's NACL, checking that every subnet
// of a tier is associated with its tier's NACL and no other.
func tierNACLs(t *testing.T, a network.NetworkArgs) tiers {
	t.Helper()
	inv := run(t, a)
	layout, err := network.PlanSubnets(a.CIDR, len(a.AvailabilityZones))
	if err != nil {
		t.Fatal(err)
	}
	nacls, bySubnet := harnesstest.NACLs(t, inv), harnesstest.SubnetNACLs(t, inv)
	acl := func(tier string) harnesstest.NACL {
		id := harnesstest.Named(t, inv, "aws:ec2/networkAcl:NetworkAcl", "network-"+tier).ID
		for i := range a.AvailabilityZones {
			subnet := harnesstest.Named(t, inv, "aws:ec2/subnet:Subnet", fmt.Sprintf("network-%s-%d", tier, i))
			if bySubnet[subnet.ID] != id {
				t.Errorf("%s subnet %d is on NACL %q, not its tier's %s", tier, i, bySubnet[subnet.ID], id)
			}
		}
		return nacls[id]
	}
	return tiers{public: acl("public"), private: acl("private"), isolated: acl("isolated"), layout: layout}
}

var internet = netip.MustParseAddr("198.51.100.20")

// host is an address inside subnet.
func host(subnet netip.Prefix) netip.Addr { return subnet.Addr().Next().Next().Next().Next() }

func tcpFrom(peer netip.Addr, port int) harnesstest.Packet {
	return harnesstest.Packet{Protocol: harnesstest.TCP, Peer: peer, Port: port}
}

// expect checks that nacl decides each packet as listed.
func expect(t *testing.T, tier string, nacl harnesstest.NACL, allowed map[string]harnesstest.Packet, denied map[string]harnesstest.Packet) {
	t.Helper()
	for what, p := range allowed {
		if ok, rule := nacl.Decide(p); !ok {
			t.Errorf("%s tier denies %s (rule %d)", tier, what, rule)
		}
	}
	for what, p := range denied {
		if ok, rule := nacl.Decide(p); ok {
			t.Errorf("%s tier admits %s (rule %d), which it does not serve", tier, what, rule)
		}
	}
}

// TestPublicTierAdmitsHTTPSAndReturnTrafficOnly: the load balancer's HTTPS from anywhere, the
// NAT gateways' replies and clients; SSH, RDP, HTTP and anything below 1024 from the internet
// are denied, and nothing from the data tier but replies.
func TestPublicTierAdmitsHTTPSAndReturnTrafficOnly(t *testing.T) {
	n := tierNACLs(t, args(network.NatOnePerAZ, true))
	app, data := host(n.layout.Private[2]), host(n.layout.Isolated[0])
	expect(t, "public", n.public, map[string]harnesstest.Packet{
		"HTTPS from CloudFront":                     tcpFrom(internet, 443),
		"a reply to a NAT gateway":                  tcpFrom(internet, 40000),
		"SMTP submission from a task (NAT)":         tcpFrom(app, 587),
		"a task's reply to the load balancer":       tcpFrom(app, 3389),
		"fragmentation needed (path MTU discovery)": {Protocol: harnesstest.ICMP, Peer: internet, ICMPType: 3, ICMPCode: 4},
	}, map[string]harnesstest.Packet{
		"SSH from the internet":            tcpFrom(internet, 22),
		"RDP from the internet":            tcpFrom(internet, 3389),
		"HTTP from the internet":           tcpFrom(internet, 80),
		"SMTP from the internet":           tcpFrom(internet, 25),
		"UDP from the internet":            {Protocol: harnesstest.UDP, Peer: internet, Port: 40000},
		"ping from the internet":           {Protocol: harnesstest.ICMP, Peer: internet, ICMPType: 8, ICMPCode: 0},
		"SMTP from the data tier (no NAT)": tcpFrom(data, 587),
	})
}

// TestPrivateTierAdmitsTheLoadBalancerAndReplies: the app port from the public subnets, HTTPS
// from the app subnets to the interface endpoints, replies from anywhere; SSH, RDP, HTTPS
// from the internet and the app port's neighbours below 1024 are denied.
func TestPrivateTierAdmitsTheLoadBalancerAndReplies(t *testing.T) {
	n := tierNACLs(t, args(network.NatOnePerAZ, true))
	lb, app := host(n.layout.Public[1]), host(n.layout.Private[0])
	expect(t, "private", n.private, map[string]harnesstest.Packet{
		"the app port from the load balancer":   tcpFrom(lb, 8000),
		"HTTPS to an interface endpoint":        tcpFrom(app, 443),
		"a reply from the internet through NAT": tcpFrom(internet, 45000),
		"a reply from the database":             tcpFrom(host(n.layout.Isolated[1]), 33000),
		"a reply from a peered VPC's database":  tcpFrom(netip.MustParseAddr("10.30.128.10"), 60999),
		"fragmentation needed through NAT":      {Protocol: harnesstest.ICMP, Peer: internet, ICMPType: 3, ICMPCode: 4},
	}, map[string]harnesstest.Packet{
		"SSH from the internet":       tcpFrom(internet, 22),
		"RDP from the internet":       tcpFrom(internet, 3389),
		"HTTPS from the internet":     tcpFrom(internet, 443),
		"HTTP from the load balancer": tcpFrom(lb, 80),
		"SSH from the public subnets": tcpFrom(lb, 22),
		"HTTPS from the data tier":    tcpFrom(host(n.layout.Isolated[0]), 443),
	})
	without := tierNACLs(t, args(network.NatOnePerAZ, false))
	expect(t, "private (no interface endpoints)", without.private, nil, map[string]harnesstest.Packet{
		"HTTPS between app subnets, with no endpoint to serve it": tcpFrom(app, 443),
	})
}

// TestIsolatedTierAdmitsTheDataPortsFromTheAppTierOnly: PostgreSQL and Valkey from the app
// subnets, anything between data nodes; nothing from the public subnets or the internet,
// no other port from the app subnets, and the search port only with a search domain.
func TestIsolatedTierAdmitsTheDataPortsFromTheAppTierOnly(t *testing.T) {
	n := tierNACLs(t, args(network.NatOnePerAZ, false))
	app, lb := host(n.layout.Private[1]), host(n.layout.Public[0])
	expect(t, "isolated", n.isolated, map[string]harnesstest.Packet{
		"PostgreSQL from a task":         tcpFrom(app, 5432),
		"Valkey from a task":             tcpFrom(app, 6379),
		"replication between data nodes": {Protocol: harnesstest.UDP, Peer: host(n.layout.Isolated[2]), Port: 7000},
	}, map[string]harnesstest.Packet{
		"PostgreSQL from the public subnets": tcpFrom(lb, 5432),
		"PostgreSQL from the internet":       tcpFrom(internet, 5432),
		"SSH from a task":                    tcpFrom(app, 22),
		"HTTPS from a task (no search)":      tcpFrom(app, 443),
		"a high port from a task":            tcpFrom(app, 40000),
		"anything from outside the VPC":      tcpFrom(netip.MustParseAddr("10.30.16.5"), 5432),
	})
	a := args(network.NatOnePerAZ, false)
	a.SearchPort = 443
	search := tierNACLs(t, a)
	expect(t, "isolated (search)", search.isolated, map[string]harnesstest.Packet{
		"HTTPS to the search domain from a task": tcpFrom(app, 443),
	}, map[string]harnesstest.Packet{
		"HTTPS to the search domain from the public subnets": tcpFrom(lb, 443),
	})
}

// TestEveryTierLetsEverythingOut: egress is permissive on every tier; the security groups
// decide what leaves.
func TestEveryTierLetsEverythingOut(t *testing.T) {
	n := tierNACLs(t, args(network.NatSingle, false))
	for tier, nacl := range map[string]harnesstest.NACL{"public": n.public, "private": n.private, "isolated": n.isolated} {
		for _, p := range []harnesstest.Packet{
			{Egress: true, Protocol: harnesstest.TCP, Peer: internet, Port: 443},
			{Egress: true, Protocol: harnesstest.UDP, Peer: internet, Port: 53},
			{Egress: true, Protocol: harnesstest.TCP, Peer: host(n.layout.Private[0]), Port: 50000},
		} {
			if !nacl.Allows(p) {
				t.Errorf("%s tier stops %v going out", tier, p)
			}
		}
	}
}

// TestNoTierOpensAdminPortsToTheInternet: no ingress rule admits SSH or RDP from everyone
// (Security Hub EC2.21), in any tier.
func TestNoTierOpensAdminPortsToTheInternet(t *testing.T) {
	a := args(network.NatOnePerAZ, true)
	a.SearchPort = 443
	n := tierNACLs(t, a)
	for tier, nacl := range map[string]harnesstest.NACL{"public": n.public, "private": n.private, "isolated": n.isolated} {
		if open := nacl.AdminPortsOpenToAll(); len(open) > 0 {
			t.Errorf("%s tier admits SSH or RDP from everyone: %+v", tier, open)
		}
	}
}

// TestNACLsFitTheDefaultQuota: with the most zones, interface endpoints and a search domain,
// no tier has more than the 20 inbound or outbound rules AWS allows by default, leaving the
// isolated tier room for a peered VPC's rules (one per app subnet).
func TestNACLsFitTheDefaultQuota(t *testing.T) {
	a := args(network.NatOnePerAZ, true)
	a.SearchPort = 443
	a.AvailabilityZones = nil
	for i := range network.MaxAZs {
		a.AvailabilityZones = append(a.AvailabilityZones, fmt.Sprintf("eu-central-1%c", 'a'+i))
	}
	inv := run(t, a)
	for id, nacl := range harnesstest.NACLs(t, inv) {
		in, out := 0, 0
		for _, r := range nacl {
			if r.Egress {
				out++
			} else {
				in++
			}
		}
		if in > 20 || out > 20 {
			t.Errorf("NACL %s has %d inbound and %d outbound rules; AWS allows 20 each by default", id, in, out)
		}
	}
}

// TestRuleNumbersStayWhenAZoneIsAdded: a rule keeps its number and content when a zone is
// added, so a deployed NACL gains rules and loses or changes none.
func TestRuleNumbersStayWhenAZoneIsAdded(t *testing.T) {
	two := args(network.NatOnePerAZ, true)
	two.AvailabilityZones = two.AvailabilityZones[:2]
	before, after := run(t, two), run(t, args(network.NatOnePerAZ, true))
	rules := func(inv *harness.Inventory) map[string]string {
		out := map[string]string{}
		for _, r := range inv.OfType("aws:ec2/networkAclRule:NetworkAclRule") {
			out[r.Name] = fmt.Sprint(r.Inputs)
		}
		return out
	}
	now := rules(after)
	for name, was := range rules(before) {
		if got, ok := now[name]; !ok || got != was {
			t.Errorf("%s changed or went when a zone was added:\n was %s\n now %s", name, was, got)
		}
	}
}

// TestSubnetsJoinANACLOnlyOnceItsRulesExist: each public and private subnet's association
// waits for every rule of its NACL, so moving a deployed subnet onto it never cuts its
// traffic while the rules are created.
func TestSubnetsJoinANACLOnlyOnceItsRulesExist(t *testing.T) {
	inv := run(t, args(network.NatOnePerAZ, true))
	rulesOf := map[string][]string{}
	for _, r := range inv.OfType("aws:ec2/networkAclRule:NetworkAclRule") {
		rulesOf[r.String("networkAclId")] = append(rulesOf[r.String("networkAclId")], r.URN)
	}
	associations := inv.OfType("aws:ec2/networkAclAssociation:NetworkAclAssociation")
	if len(associations) != 6 {
		t.Fatalf("%d NACL associations, want the 3 public and 3 private subnets'", len(associations))
	}
	for _, a := range associations {
		for _, rule := range rulesOf[a.String("networkAclId")] {
			if !slices.Contains(a.Dependencies, rule) {
				t.Errorf("%s does not wait for %s", a.Name, rule)
			}
		}
	}
}
