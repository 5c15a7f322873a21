package harnesstest

import (
	"net/netip"
	"slices"
	"strconv"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

// NACLEntry is one rule of a network ACL, as AWS holds it.
type NACLEntry struct {
	// Number orders the rules: AWS evaluates them from the lowest up, and the first that
	// matches decides.
	Number int
	Egress bool
	// Protocol is an IP protocol number; -1 is every protocol.
	Protocol int
	// CIDR is the peer's range (source of ingress, destination of egress).
	CIDR netip.Prefix
	// FromPort and ToPort bound the port range of TCP and UDP rules.
	FromPort, ToPort int
	// ICMPType and ICMPCode narrow an ICMP rule; -1 is any.
	ICMPType, ICMPCode int
	Allow              bool
}

// NACL is the rules of one network ACL, in any order.
type NACL []NACLEntry

// Protocol numbers of the protocols the rules name.
const (
	ICMP = 1
	TCP  = 6
	UDP  = 17
)

// Packet is a packet crossing a subnet's boundary, seen from the subnet: Ingress comes from
// Peer, egress goes to it.
type Packet struct {
	Egress   bool
	Protocol int
	Peer     netip.Addr
	// Port is the destination port (TCP, UDP); ICMPType and ICMPCode are an ICMP message's.
	Port               int
	ICMPType, ICMPCode int
}

// DefaultRule is the number reported when no rule matches: AWS's final "*" rule, which denies.
const DefaultRule = 32767

// Decide evaluates p as AWS does: the rules of p's direction in ascending number order, the
// first that matches allowing or denying, and deny when none matches. It returns the number
// of the deciding rule (DefaultRule when none matched).
func (n NACL) Decide(p Packet) (allowed bool, rule int) {
	rules := slices.Clone(n)
	slices.SortFunc(rules, func(a, b NACLEntry) int { return a.Number - b.Number })
	for _, r := range rules {
		if r.Egress == p.Egress && r.matches(p) {
			return r.Allow, r.Number
		}
	}
	return false, DefaultRule
}

// Allows reports whether Decide lets p through.
func (n NACL) Allows(p Packet) bool {
	allowed, _ := n.Decide(p)
	return allowed
}

func (r NACLEntry) matches(p Packet) bool {
	if !r.CIDR.Contains(p.Peer) {
		return false
	}
	switch {
	case r.Protocol == -1:
		return true
	case r.Protocol != p.Protocol:
		return false
	case r.Protocol == TCP || r.Protocol == UDP:
		return r.FromPort <= p.Port && p.Port <= r.ToPort
	case r.Protocol == ICMP:
		return (r.ICMPType == -1 || r.ICMPType == p.ICMPType) && (r.ICMPCode == -1 || r.ICMPCode == p.ICMPCode)
	default:
		return true
	}
}

// AdminPortsOpenToAll returns the ingress rules that allow TCP or UDP from every address
// (0.0.0.0/0 or ::/0) to SSH (22) or RDP (3389): what AWS Security Hub's EC2.21 flags. Like
// the control, it looks at each rule alone, whatever rules with lower numbers deny.
func (n NACL) AdminPortsOpenToAll() []NACLEntry {
	var out []NACLEntry
	for _, r := range n {
		everyone := r.CIDR.Bits() == 0
		transport := r.Protocol == -1 || r.Protocol == TCP || r.Protocol == UDP
		covers := func(port int) bool { return r.Protocol == -1 || (r.FromPort <= port && port <= r.ToPort) }
		if !r.Egress && r.Allow && everyone && transport && (covers(22) || covers(3389)) {
			out = append(out, r)
		}
	}
	return out
}

// NACLs returns every network ACL of the inventory by its ID, with its rules: the
// aws:ec2/networkAclRule resources naming it. Rules naming a NACL another run made (a
// regional stack's rules in its primary's data NACL) are returned under that ID too. Inline
// ingress and egress blocks fail t: the program keeps rules as separate resources, so that
// another stack's rules in the same NACL survive this stack's updates.
func NACLs(t testing.TB, inv *harness.Inventory) map[string]NACL {
	t.Helper()
	out := map[string]NACL{}
	for _, acl := range inv.OfType("aws:ec2/networkAcl:NetworkAcl") {
		for _, inline := range []string{"ingress", "egress"} {
			if v := acl.Get(inline); v.IsArray() && len(v.ArrayValue()) > 0 {
				t.Errorf("NACL %s has inline %s rules; rules are separate resources", acl.Name, inline)
			}
		}
		out[acl.ID] = NACL{}
	}
	for _, r := range inv.OfType("aws:ec2/networkAclRule:NetworkAclRule") {
		e := NACLEntry{
			Number: int(r.Number("ruleNumber")), Egress: r.Bool("egress"), Protocol: protocol(t, r.String("protocol")),
			CIDR: prefix(t, r.String("cidrBlock")+r.String("ipv6CidrBlock")), FromPort: int(r.Number("fromPort")), ToPort: int(r.Number("toPort")),
			ICMPType: icmp(r, "icmpType"), ICMPCode: icmp(r, "icmpCode"), Allow: r.String("ruleAction") == "allow",
		}
		out[r.String("networkAclId")] = append(out[r.String("networkAclId")], e)
	}
	return out
}

// SubnetNACLs maps each subnet ID to the ID of the NACL it is associated with, through the
// NACL's subnetIds or an aws:ec2/networkAclAssociation; a subnet associated twice fails t.
func SubnetNACLs(t testing.TB, inv *harness.Inventory) map[string]string {
	t.Helper()
	out := map[string]string{}
	associate := func(subnet, acl string) {
		if prior, ok := out[subnet]; ok && prior != acl {
			t.Errorf("subnet %s is associated with NACLs %s and %s", subnet, prior, acl)
		}
		out[subnet] = acl
	}
	for _, acl := range inv.OfType("aws:ec2/networkAcl:NetworkAcl") {
		for _, subnet := range acl.Strings("subnetIds") {
			associate(subnet, acl.ID)
		}
	}
	for _, a := range inv.OfType("aws:ec2/networkAclAssociation:NetworkAclAssociation") {
		associate(a.String("subnetId"), a.String("networkAclId"))
	}
	return out
}

// protocol reads a rule's protocol as AWS does: a name (tcp, udp, icmp, all) or a number.
func protocol(t testing.TB, p string) int {
	switch p {
	case "-1", "all":
		return -1
	case "tcp":
		return TCP
	case "udp":
		return UDP
	case "icmp":
		return ICMP
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		t.Errorf("NACL rule protocol %q is neither a name nor a number", p)
	}
	return n
}

func prefix(t testing.TB, cidr string) netip.Prefix {
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		t.Errorf("NACL rule CIDR %q: %v", cidr, err)
	}
	return p
}

// icmp reads an ICMP type or code; unset is any (-1).
func icmp(r *harness.Resource, key string) int {
	if !r.Has(key) {
		return -1
	}
	return int(r.Number(key))
}
