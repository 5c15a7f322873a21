package harnesstest_test

import (
	"net/netip"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

var (
	internet = netip.MustParseAddr("203.0.113.7")
	inside   = netip.MustParseAddr("10.0.16.9")
	all      = netip.MustParsePrefix("0.0.0.0/0")
	app      = netip.MustParsePrefix("10.0.16.0/20")
)

func tcpIn(from netip.Addr, port int) harnesstest.Packet {
	return harnesstest.Packet{Protocol: harnesstest.TCP, Peer: from, Port: port}
}

// TestDecideInRuleNumberOrder: the lowest-numbered matching rule decides, whatever order the
// rules are listed in; a deny below an allow wins, and nothing matching is denied by "*".
func TestDecideInRuleNumberOrder(t *testing.T) {
	n := harnesstest.NACL{
		{Number: 200, Protocol: harnesstest.TCP, CIDR: all, FromPort: 1024, ToPort: 65535, Allow: true},
		{Number: 100, Protocol: harnesstest.TCP, CIDR: all, FromPort: 3389, ToPort: 3389},
		{Number: 300, Protocol: -1, CIDR: app, Allow: true},
		{Number: 110, Egress: true, Protocol: -1, CIDR: all, Allow: true},
	}
	for _, tt := range []struct {
		name    string
		p       harnesstest.Packet
		allowed bool
		rule    int
	}{
		{"the deny below the range", tcpIn(internet, 3389), false, 100},
		{"the range's low edge", tcpIn(internet, 1024), true, 200},
		{"the range's high edge", tcpIn(internet, 65535), true, 200},
		{"below the range, from outside", tcpIn(internet, 1023), false, harnesstest.DefaultRule},
		{"below the range, from the app range (all protocols)", tcpIn(inside, 22), true, 300},
		{"UDP from outside", harnesstest.Packet{Protocol: harnesstest.UDP, Peer: internet, Port: 5000}, false, harnesstest.DefaultRule},
		{"egress is its own list", harnesstest.Packet{Egress: true, Protocol: harnesstest.UDP, Peer: internet, Port: 53}, true, 110},
	} {
		allowed, rule := n.Decide(tt.p)
		if allowed != tt.allowed || rule != tt.rule {
			t.Errorf("%s: allowed %v by rule %d, want %v by %d", tt.name, allowed, rule, tt.allowed, tt.rule)
		}
	}
}

// TestDecideICMP: an ICMP rule matches its type and code, -1 matching any.
func TestDecideICMP(t *testing.T) {
	n := harnesstest.NACL{{Number: 100, Protocol: harnesstest.ICMP, CIDR: all, ICMPType: 3, ICMPCode: 4, Allow: true}}
	fragNeeded := harnesstest.Packet{Protocol: harnesstest.ICMP, Peer: internet, ICMPType: 3, ICMPCode: 4}
	echo := harnesstest.Packet{Protocol: harnesstest.ICMP, Peer: internet, ICMPType: 8, ICMPCode: -1}
	if !n.Allows(fragNeeded) || n.Allows(echo) {
		t.Errorf("fragmentation needed allowed %v, echo allowed %v; want true, false", n.Allows(fragNeeded), n.Allows(echo))
	}
}

// TestAdminPortsOpenToAll flags what EC2.21 flags: allow rules from everyone covering 22 or
// 3389 over TCP, UDP or all protocols; not denies, not narrower sources, not other ranges.
func TestAdminPortsOpenToAll(t *testing.T) {
	flagged := []harnesstest.NACLEntry{
		{Number: 1, Protocol: harnesstest.TCP, CIDR: all, FromPort: 1024, ToPort: 65535, Allow: true},
		{Number: 2, Protocol: harnesstest.UDP, CIDR: all, FromPort: 22, ToPort: 22, Allow: true},
		{Number: 3, Protocol: -1, CIDR: all, Allow: true},
		{Number: 4, Protocol: harnesstest.TCP, CIDR: netip.MustParsePrefix("::/0"), FromPort: 0, ToPort: 65535, Allow: true},
	}
	passed := []harnesstest.NACLEntry{
		{Number: 5, Protocol: harnesstest.TCP, CIDR: all, FromPort: 1024, ToPort: 3388, Allow: true},
		{Number: 6, Protocol: harnesstest.TCP, CIDR: all, FromPort: 3390, ToPort: 65535, Allow: true},
		{Number: 7, Protocol: harnesstest.TCP, CIDR: app, FromPort: 0, ToPort: 65535, Allow: true},
		{Number: 8, Protocol: harnesstest.TCP, CIDR: all, FromPort: 22, ToPort: 22},
		{Number: 9, Egress: true, Protocol: -1, CIDR: all, Allow: true},
		{Number: 10, Protocol: harnesstest.ICMP, CIDR: all, ICMPType: -1, ICMPCode: -1, Allow: true},
	}
	got := harnesstest.NACL(append(append([]harnesstest.NACLEntry{}, flagged...), passed...)).AdminPortsOpenToAll()
	if len(got) != len(flagged) {
		t.Fatalf("flagged %v, want rules 1-4", got)
	}
	for i, r := range got {
		if r.Number != flagged[i].Number {
			t.Errorf("flagged rule %d, want %d", r.Number, flagged[i].Number)
		}
	}
}

// TestNACLsReadsRulesAsAWSHoldsThem: the rules of a NACL made by a program are read with
// their protocol names or numbers, ICMP fields and actions, and the subnets it covers.
func TestNACLsReadsRulesAsAWSHoldsThem(t *testing.T) {
	inv, err := harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		on := pulumi.Provider(p[0])
		acl, err := ec2.NewNetworkAcl(ctx, "acl", &ec2.NetworkAclArgs{VpcId: pulumi.String("vpc-1")}, on)
		if err != nil {
			return err
		}
		rules := []*ec2.NetworkAclRuleArgs{
			{RuleNumber: pulumi.Int(100), Protocol: pulumi.String("6"), RuleAction: pulumi.String("deny"), CidrBlock: pulumi.String("0.0.0.0/0"), FromPort: pulumi.Int(22), ToPort: pulumi.Int(22)},
			{RuleNumber: pulumi.Int(110), Protocol: pulumi.String("tcp"), RuleAction: pulumi.String("allow"), CidrBlock: pulumi.String("0.0.0.0/0"), FromPort: pulumi.Int(0), ToPort: pulumi.Int(65535)},
			{RuleNumber: pulumi.Int(120), Protocol: pulumi.String("icmp"), RuleAction: pulumi.String("allow"), CidrBlock: pulumi.String("0.0.0.0/0"), IcmpType: pulumi.Int(3), IcmpCode: pulumi.Int(4)},
		}
		for i, r := range rules {
			r.NetworkAclId = acl.ID()
			if _, err := ec2.NewNetworkAclRule(ctx, "rule-"+string(rune('a'+i)), r, on); err != nil {
				return err
			}
		}
		_, err = ec2.NewNetworkAclAssociation(ctx, "association", &ec2.NetworkAclAssociationArgs{
			NetworkAclId: acl.ID(), SubnetId: pulumi.String("subnet-1"),
		}, on)
		return err
	}, "eu-central-1"), harness.ComponentStack())
	if err != nil {
		t.Fatal(err)
	}
	acl := harnesstest.Named(t, inv, "aws:ec2/networkAcl:NetworkAcl", "acl")
	n := harnesstest.NACLs(t, inv)[acl.ID]
	if len(n) != 3 {
		t.Fatalf("NACL %s has %d rules, want 3", acl.ID, len(n))
	}
	if n.Allows(tcpIn(internet, 22)) || !n.Allows(tcpIn(internet, 443)) {
		t.Errorf("22 allowed %v, 443 allowed %v: the deny at 100 decides 22", n.Allows(tcpIn(internet, 22)), n.Allows(tcpIn(internet, 443)))
	}
	if !n.Allows(harnesstest.Packet{Protocol: harnesstest.ICMP, Peer: internet, ICMPType: 3, ICMPCode: 4}) {
		t.Error("the ICMP rule was not read")
	}
	if got := harnesstest.SubnetNACLs(t, inv)["subnet-1"]; got != acl.ID {
		t.Errorf("subnet-1 is associated with %q, want %s", got, acl.ID)
	}
}
