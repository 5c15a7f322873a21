package network

import (
	"fmt"
	"net/netip"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Every tier's NACL is "restrictive ingress, permissive egress": each admits only what its
// tier serves and the replies to what it asks, and lets everything out (NACLs are stateless:
// egress filtering is the security groups' job, which are stateful and least-privilege per
// role). The rules per tier, by number (i is the zone index of a subnet):
//
//	public   100        TCP 443 from anywhere: the load balancer (CloudFront and the Route 53
//	                    health checkers; NACLs take no prefix lists, its groups narrow it)
//	         110, 120   TCP 1024-3388 and 3390-65535 from anywhere: replies to the NAT gateways
//	         130        ICMP fragmentation-needed from anywhere (path MTU discovery)
//	         200+10i    every TCP port from app subnet i: the NAT gateways' clients (the tasks'
//	                    groups decide which ports reach the internet) and the tasks' replies
//	                    to the load balancer
//	private  100, 110   TCP 1024-3388 and 3390-65535 from anywhere: replies through NAT, the S3
//	                    gateway endpoint, the data tier and peered VPCs
//	         120        ICMP fragmentation-needed from anywhere
//	         200+10i    TCP AppPort from public subnet i: the load balancer
//	         300+10i    TCP 443 from app subnet i: the interface endpoints (when created)
//	isolated 100        everything from the isolated range: replication between data nodes
//	         110+30i    TCP DatabasePort from app subnet i
//	         120+30i    TCP CachePort from app subnet i
//	         130+30i    TCP SearchPort from app subnet i (when set)
//	         2000+      a peered VPC's app subnets (Peering; see peerRuleBase)
//	every    egress 100 everything to anywhere
//
// The ephemeral range from anywhere skips 3389 so that no rule admits RDP (or SSH, 22) from
// the internet (Security Hub's EC2.21); the one connection in ~64,000 to which a NAT gateway
// gives source port 3389 gets no reply and is retried by the client. Replies to the tasks
// never need it: Linux picks their ports from 32768-60999.
//
// A rule's number depends only on its role and its subnet's zone index, so adding a zone adds
// rules and moves none. The isolated tier has at most 1+3*MaxAZs = 19 rules of its own, the
// others fewer, under AWS's default quota of 20 inbound rules per NACL; each regional stack
// peered into a primary adds one per app subnet of its own to the primary's isolated NACL.
const (
	ephemeralFrom, ephemeralTo = 1024, 65535
	rdpPort                    = 3389
	httpsPort                  = 443
)

// everywhere is the IPv4 internet, as a NACL rule names it.
const everywhere = "0.0.0.0/0"

// aclEntry is one NACL rule, always an allow: traffic with cidr on ports from-to (protocol
// "-1": all; "icmp": the ICMP type and code).
type aclEntry struct {
	number         int
	egress         bool
	protocol       string
	cidr           string
	from, to       int
	icmpType, code int
}

// tcp is an inbound TCP rule.
func tcp(number int, cidr string, from, to int) aclEntry {
	return aclEntry{number: number, protocol: "tcp", cidr: cidr, from: from, to: to}
}

// everythingOut is every tier's egress: permissive.
var everythingOut = aclEntry{number: 100, egress: true, protocol: "-1", cidr: everywhere}

// repliesFromAnywhere admit the ephemeral ports from anywhere but RDP's (see the rule table),
// numbered from first, and ICMP fragmentation-needed after them.
func repliesFromAnywhere(first int) []aclEntry {
	return []aclEntry{
		tcp(first, everywhere, ephemeralFrom, rdpPort-1),
		tcp(first+10, everywhere, rdpPort+1, ephemeralTo),
		{number: first + 20, protocol: "icmp", cidr: everywhere, icmpType: 3, code: 4},
	}
}

// publicEntries are the public tier's rules.
func publicEntries(layout Layout) []aclEntry {
	out := append([]aclEntry{tcp(100, everywhere, httpsPort, httpsPort)}, repliesFromAnywhere(110)...)
	for i, app := range layout.Private {
		out = append(out, tcp(200+10*i, app.String(), 0, 65535))
	}
	return append(out, everythingOut)
}

// privateEntries are the private (app) tier's rules.
func privateEntries(a *NetworkArgs, layout Layout) []aclEntry {
	out := repliesFromAnywhere(100)
	for i, public := range layout.Public {
		out = append(out, tcp(200+10*i, public.String(), a.AppPort, a.AppPort))
	}
	if a.InterfaceEndpoints {
		for i, app := range layout.Private {
			out = append(out, tcp(300+10*i, app.String(), httpsPort, httpsPort))
		}
	}
	return append(out, everythingOut)
}

// isolatedEntries are the isolated (data) tier's own rules.
func isolatedEntries(a *NetworkArgs, layout Layout) []aclEntry {
	out := []aclEntry{{number: 100, protocol: "-1", cidr: layout.isolatedRange().String()}}
	for i, app := range layout.Private {
		for j, port := range []int{a.DatabasePort, a.CachePort, a.SearchPort} {
			if port != 0 {
				out = append(out, tcp(110+30*i+10*j, app.String(), port, port))
			}
		}
	}
	return append(out, everythingOut)
}

// tierACLs are the NACLs of the three tiers.
type tierACLs struct{ public, private, isolated *ec2.NetworkAcl }

// newTierACLs fences each tier's subnets with its NACL. The rules are separate resources, not
// the NACL's inline lists, so that a regional stack can admit its own app subnets into this
// (primary's) data tier (see Peering) without this stack removing them at its next update.
// The public and private subnets are associated only once their rules exist: associating a
// subnet with an empty NACL would cut its traffic while the rules are created. (The isolated
// NACL was made with its subnets inline before this existed, and keeps that.)
func newTierACLs(ctx *pulumi.Context, name string, vpc *ec2.Vpc, a *NetworkArgs, layout Layout, s *subnets, parent pulumi.ResourceOrInvokeOption) (*tierACLs, error) {
	out := &tierACLs{}
	var err error
	if out.public, err = newTierACL(ctx, name+"-public", vpc, publicEntries(layout), s.public, parent); err != nil {
		return nil, err
	}
	if out.private, err = newTierACL(ctx, name+"-private", vpc, privateEntries(a, layout), s.private, parent); err != nil {
		return nil, err
	}
	out.isolated, err = ec2.NewNetworkAcl(ctx, name+"-isolated", &ec2.NetworkAclArgs{
		VpcId:     vpc.ID(),
		SubnetIds: ids(s.isolated),
		Tags:      pulumi.StringMap{"Name": pulumi.String(name + "-isolated")},
	}, parent)
	if err != nil {
		return nil, err
	}
	for _, e := range isolatedEntries(a, layout) {
		if _, err := newACLRule(ctx, name+"-isolated", out.isolated.ID(), e, parent); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// newTierACL creates a NACL named acl with entries, then associates subnets with it.
func newTierACL(ctx *pulumi.Context, acl string, vpc *ec2.Vpc, entries []aclEntry, subnets []*ec2.Subnet, parent pulumi.ResourceOrInvokeOption) (*ec2.NetworkAcl, error) {
	nacl, err := ec2.NewNetworkAcl(ctx, acl, &ec2.NetworkAclArgs{
		VpcId: vpc.ID(),
		Tags:  pulumi.StringMap{"Name": pulumi.String(acl)},
	}, parent)
	if err != nil {
		return nil, err
	}
	var rules []pulumi.Resource
	for _, e := range entries {
		rule, err := newACLRule(ctx, acl, nacl.ID(), e, parent)
		if err != nil {
			return nil, err
		}
		rules = append(rules, rule)
	}
	for i, subnet := range subnets {
		if _, err := ec2.NewNetworkAclAssociation(ctx, fmt.Sprintf("%s-%d", acl, i), &ec2.NetworkAclAssociationArgs{
			NetworkAclId: nacl.ID(),
			SubnetId:     subnet.ID(),
		}, parent, pulumi.DependsOn(rules)); err != nil {
			return nil, err
		}
	}
	return nacl, nil
}

// newACLRule creates one rule of a NACL, named after the NACL, its direction and number.
// AWS holds one rule per number and direction, and every property of a rule replaces it, so
// a rule whose number stays while its content changes is deleted before it is recreated:
// created first, the new one would collide with the old.
func newACLRule(ctx *pulumi.Context, acl string, aclID pulumi.StringInput, e aclEntry, opts ...pulumi.ResourceOption) (*ec2.NetworkAclRule, error) {
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
	switch e.protocol {
	case "-1":
	case "icmp":
		args.IcmpType, args.IcmpCode = pulumi.Int(e.icmpType), pulumi.Int(e.code)
	default:
		args.FromPort, args.ToPort = pulumi.Int(e.from), pulumi.Int(e.to)
	}
	return ec2.NewNetworkAclRule(ctx, fmt.Sprintf("%s-%s-%d", acl, direction, e.number), args,
		append(opts, pulumi.DeleteBeforeReplace(true))...)
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
