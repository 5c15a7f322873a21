package network

import (
	"fmt"
	"net/netip"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ephemeralPorts is the port range of the clients' side of TCP connections; NACLs are
// stateless, so replies to the app subnets must be allowed out on it.
const ephemeralFrom, ephemeralTo = 1024, 65535

// aclEntry is one NACL rule: traffic with cidr on ports from-to (protocol "-1": all).
type aclEntry struct {
	number   int
	egress   bool
	protocol string
	cidr     string
	from, to int
}

// newDataSubnetACL fences the isolated subnets: in, only the database and cache ports from
// the app (private) subnets, and anything from the isolated subnets themselves (replication
// between nodes); out, only replies to the app subnets and traffic among the isolated ones.
// Public subnets can never reach the data tier, even through a misconfigured security group.
// The rules are separate resources, not the NACL's inline lists, so that a regional stack
// can admit its own app subnets into this (primary's) data tier (see Peering) without this
// stack removing them at its next update.
func newDataSubnetACL(ctx *pulumi.Context, name string, vpc *ec2.Vpc, a *NetworkArgs, layout Layout, isolated []*ec2.Subnet, parent pulumi.ResourceOrInvokeOption) (*ec2.NetworkAcl, error) {
	subnetIDs := make(pulumi.StringArray, len(isolated))
	for i, s := range isolated {
		subnetIDs[i] = s.ID()
	}
	acl, err := ec2.NewNetworkAcl(ctx, name+"-isolated", &ec2.NetworkAclArgs{
		VpcId:     vpc.ID(),
		SubnetIds: subnetIDs,
		Tags:      pulumi.StringMap{"Name": pulumi.String(name + "-isolated")},
	}, parent)
	if err != nil {
		return nil, err
	}
	var entries []aclEntry
	rule := 100
	next := func() int { rule += 10; return rule }
	for _, app := range layout.Private {
		for _, port := range []int{a.DatabasePort, a.CachePort} {
			entries = append(entries, aclEntry{number: next(), protocol: "tcp", cidr: app.String(), from: port, to: port})
		}
		entries = append(entries, aclEntry{number: next(), egress: true, protocol: "tcp", cidr: app.String(), from: ephemeralFrom, to: ephemeralTo})
	}
	for _, data := range layout.Isolated {
		n := next()
		entries = append(entries,
			aclEntry{number: n, protocol: "-1", cidr: data.String()},
			aclEntry{number: n, egress: true, protocol: "-1", cidr: data.String()})
	}
	for _, e := range entries {
		if err := newACLRule(ctx, name+"-isolated", acl.ID(), e, parent); err != nil {
			return nil, err
		}
	}
	return acl, nil
}

// newACLRule creates one rule of a NACL, named after the NACL, its direction and number.
func newACLRule(ctx *pulumi.Context, acl string, aclID pulumi.StringInput, e aclEntry, opts ...pulumi.ResourceOption) error {
	direction := "ingress"
	if e.egress {
		direction = "egress"
	}
	args := &ec2.NetworkAclRuleArgs{
		NetworkAclId: aclID,
		RuleNumber:   pulumi.Int(e.number),
		Egress:       pulumi.Bool(e.egress),
		Protocol:     pulumi.String(e.protocol),
		RuleAction:   pulumi.String("allow"),
		CidrBlock:    pulumi.String(e.cidr),
	}
	if e.protocol != "-1" {
		args.FromPort, args.ToPort = pulumi.Int(e.from), pulumi.Int(e.to)
	}
	_, err := ec2.NewNetworkAclRule(ctx, fmt.Sprintf("%s-%s-%d", acl, direction, e.number), args, opts...)
	return err
}

// peerRuleBase is the first NACL rule number a peer VPC's entries take in a data NACL: a
// function of the peer's CIDR alone, so that regional stacks, which never see each other,
// never pick the same numbers (their CIDRs do not overlap, checked at plan time). Each peer
// has 8 numbers from there, one per app subnet; every RFC 1918 /16-/18 maps below 32766.
func peerRuleBase(cidr netip.Prefix) int {
	a := cidr.Addr().As4()
	addr := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	var slot uint32
	switch {
	case a[0] == 10:
		slot = (addr - 10<<24) >> 14 // 0..1023
	case a[0] == 172:
		slot = 1024 + (addr-(172<<24|16<<16))>>14 // 1024..1087
	default: // 192.168.0.0/16
		slot = 1088 + (addr-(192<<24|168<<16))>>14 // 1088..1091
	}
	return 2000 + int(slot)*8
}
