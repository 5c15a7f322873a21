package network_test

import (
	"net/netip"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/network"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

// peeringProgram peers a Paris VPC (requester) with a Frankfurt one (the peer), both made by
// the network component, as a regional stack does with its primary's.
func peeringProgram(cidr string, edit func(*network.PeeringArgs)) pulumi.RunFunc {
	return harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		primaryArgs := args(network.NatOnePerAZ, false)
		primary, err := network.NewNetwork(ctx, "network-primary", &primaryArgs, pulumi.Providers(p[1]))
		if err != nil {
			return err
		}
		regionalArgs := args(network.NatOnePerAZ, false)
		regionalArgs.CIDR = netip.MustParsePrefix(cidr)
		regionalArgs.AvailabilityZones = []string{"eu-west-3a", "eu-west-3b", "eu-west-3c"}
		regional, err := network.NewNetwork(ctx, "network", &regionalArgs, pulumi.Providers(p[0]))
		if err != nil {
			return err
		}
		a := &network.PeeringArgs{
			VpcID: regional.VpcID, CIDR: regionalArgs.CIDR, AppSubnets: regional.Layout.Private,
			RouteTableIDs: regional.PrivateRouteTableIDs,
			PeerRegion:    "eu-central-1", PeerVpcID: primary.VpcID, PeerCIDR: primaryArgs.CIDR,
			PeerRouteTableIDs: []pulumi.StringInput{primary.IsolatedRouteTableIDs.Index(pulumi.Int(0))},
			PeerProvider:      p[1],
			PeerDatabase: network.PeerDatabase{
				SecurityGroupID: primary.SecurityGroups.Database, NetworkACLID: primary.DataNetworkACLID, Port: 5432,
			},
		}
		if edit != nil {
			edit(a)
		}
		_, err = network.NewPeering(ctx, "peering", a, pulumi.Providers(p[0]))
		return err
	}, "eu-west-3", "eu-central-1")
}

// TestPeeringAdmitsTheAppSubnetsIntoThePeersDatabase: the requester's side (connection, its
// routes, its DNS option) runs in its region; the accepter, the return route, the database
// rules and the NACL rules run in the peer's, admitting exactly the app subnets.
func TestPeeringAdmitsTheAppSubnetsIntoThePeersDatabase(t *testing.T) {
	inv, err := harness.Run(peeringProgram("10.30.0.0/16", nil), harness.ComponentStack())
	if err != nil {
		t.Fatal(err)
	}
	connection := harnesstest.Named(t, inv, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "peering")
	if connection.Region != "eu-west-3" || connection.String("peerRegion") != "eu-central-1" || connection.Bool("autoAccept") {
		t.Errorf("connection in %s to %s, auto-accept %v", connection.Region, connection.String("peerRegion"), connection.Bool("autoAccept"))
	}
	accepter := harnesstest.Named(t, inv, "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter", "peering")
	if accepter.Region != "eu-central-1" || !accepter.Bool("autoAccept") || accepter.String("vpcPeeringConnectionId") != connection.ID {
		t.Errorf("accepter in %s accepts %s", accepter.Region, accepter.String("vpcPeeringConnectionId"))
	}
	for side, region := range map[string]string{"requester": "eu-west-3", "accepter": "eu-central-1"} {
		o := harnesstest.Named(t, inv, "aws:ec2/peeringConnectionOptions:PeeringConnectionOptions", "peering-"+side)
		if o.Region != region || !o.Bool(side+".allowRemoteVpcDnsResolution") {
			t.Errorf("%s DNS option in %s: %v", side, o.Region, o.Get(side))
		}
	}
	layout, _ := network.PlanSubnets(netip.MustParsePrefix("10.30.0.0/16"), 3)
	routes := map[string]int{}
	for _, r := range inv.OfType("aws:ec2/route:Route") {
		if r.String("vpcPeeringConnectionId") == "" {
			continue
		}
		routes[r.Region+" "+r.String("destinationCidrBlock")]++
	}
	if routes["eu-west-3 10.0.0.0/16"] != 3 || routes["eu-central-1 10.30.0.0/16"] != 1 || len(routes) != 2 {
		t.Errorf("peering routes %v, want 3 app routes to the peer and 1 return route", routes)
	}
	admitted := map[string]bool{}
	for _, r := range inv.OfType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
		if r.Region == "eu-central-1" && r.String("cidrIpv4") != "" {
			admitted[r.String("cidrIpv4")] = r.Number("fromPort") == 5432 && r.Number("toPort") == 5432
		}
	}
	for _, s := range layout.Private {
		if !admitted[s.String()] {
			t.Errorf("the peer's database does not admit %s on 5432: %v", s, admitted)
		}
	}
	if len(admitted) != len(layout.Private) {
		t.Errorf("the peer's database admits %v, want the 3 app subnets only", admitted)
	}
	numbers := map[float64]int{}
	for _, r := range inv.OfType("aws:ec2/networkAclRule:NetworkAclRule") {
		if r.Region == "eu-central-1" && r.Number("ruleNumber") >= 2000 {
			numbers[r.Number("ruleNumber")]++
		}
	}
	if len(numbers) != 3 {
		t.Errorf("peer NACL rule numbers %v, want 3 (one per app subnet, in and out)", numbers)
	}
}

// TestPeersNeverShareNACLRuleNumbers: two regional stacks, which never see each other, admit
// themselves into the same primary NACL; non-overlapping CIDRs give disjoint rule numbers.
func TestPeersNeverShareNACLRuleNumbers(t *testing.T) {
	used := map[float64]string{}
	for _, cidr := range []string{"10.30.0.0/16", "10.31.0.0/17", "10.31.128.0/18", "172.16.0.0/16", "192.168.0.0/16"} {
		inv, err := harness.Run(peeringProgram(cidr, nil), harness.ComponentStack())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range inv.OfType("aws:ec2/networkAclRule:NetworkAclRule") {
			n := r.Number("ruleNumber")
			if r.Region != "eu-central-1" || n < 2000 {
				continue
			}
			if other, taken := used[n]; taken && other != cidr {
				t.Errorf("rule %v of %s is also %s's", n, cidr, other)
			}
			if n > 32766 {
				t.Errorf("rule %v of %s is above the NACL maximum", n, cidr)
			}
			used[n] = cidr
		}
	}
}

func TestPeeringValidation(t *testing.T) {
	harnesstest.Rejected(t, harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		_, err := network.NewPeering(ctx, "peering", &network.PeeringArgs{
			CIDR: netip.MustParsePrefix("10.0.0.0/16"), PeerCIDR: netip.MustParsePrefix("10.0.128.0/17"),
			AppSubnets: []netip.Prefix{netip.MustParsePrefix("10.9.0.0/20")},
		}, pulumi.Providers(p[0]))
		return err
	}, "eu-west-3"), "VpcID", "RouteTableIDs", "PeerVpcID", "PeerProvider", "PeerRegion", "PeerCIDR", "AppSubnets",
		"PeerRouteTableIDs", "PeerDatabase.Port", "PeerDatabase.SecurityGroupID")
}
