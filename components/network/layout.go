package network

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// MaxAZs is the most availability zones the layout has room for.
const MaxAZs = 6

// Layout is the VPC's subnet plan, one subnet of each tier per availability zone, index i
// in each slice being zone i. The plan is a pure function of the VPC CIDR and the zone
// count, and adding a zone never moves an existing subnet, so subnets are never replaced
// by a config change:
//
//	the VPC split into 16 blocks:  block 0   public, one /24 (at a /16 VPC) per zone
//	                               blocks 1-6 private (app), one /20 per zone
//	                               block 8   isolated (data), one /24 per zone
//	                               the rest  reserved
type Layout struct {
	Public, Private, Isolated []netip.Prefix
}

// isolatedRange is block 8 of the VPC, which holds the isolated subnets (and only them): the
// range the data tier's NACL admits everything from.
func (l Layout) isolatedRange() netip.Prefix {
	first := l.Isolated[0]
	return netip.PrefixFrom(first.Addr(), first.Bits()-4).Masked()
}

// CheckVpcCIDR reports whether cidr can hold the layout: an RFC 1918 IPv4 block from /16 to
// /18 (at /18 the public subnets are /26, the smallest a load balancer accepts with room).
func CheckVpcCIDR(cidr netip.Prefix) error {
	if !cidr.Addr().Is4() || !cidr.Addr().IsPrivate() {
		return fmt.Errorf("%s is not a private (RFC 1918) IPv4 block", cidr)
	}
	if cidr.Bits() < 16 || cidr.Bits() > 18 {
		return fmt.Errorf("%s is a /%d; the subnet layout needs a /16, /17 or /18", cidr, cidr.Bits())
	}
	if cidr.Masked() != cidr {
		return fmt.Errorf("%s has host bits set; did you mean %s?", cidr, cidr.Masked())
	}
	return nil
}

// PlanSubnets returns the layout of cidr over azs zones.
func PlanSubnets(cidr netip.Prefix, azs int) (Layout, error) {
	if err := CheckVpcCIDR(cidr); err != nil {
		return Layout{}, err
	}
	if azs < 1 || azs > MaxAZs {
		return Layout{}, fmt.Errorf("%d availability zones: the layout has room for 1 to %d", azs, MaxAZs)
	}
	var l Layout
	for i := range azs {
		l.Public = append(l.Public, subnet(cidr, 8, i))
		l.Private = append(l.Private, subnet(cidr, 4, 1+i))
		l.Isolated = append(l.Isolated, subnet(cidr, 8, 8*16+i))
	}
	return l, nil
}

// subnet is Terraform's cidrsubnet: the num-th block of prefix extended by newbits bits.
func subnet(prefix netip.Prefix, newbits, num int) netip.Prefix {
	base := prefix.Addr().As4()
	bits := prefix.Bits() + newbits
	v := binary.BigEndian.Uint32(base[:]) | uint32(num)<<(32-bits)
	var out [4]byte
	binary.BigEndian.PutUint32(out[:], v)
	return netip.PrefixFrom(netip.AddrFrom4(out), bits)
}
