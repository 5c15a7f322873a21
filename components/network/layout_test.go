package network

import (
	"net/netip"
	"testing"
)

func TestPlanSubnets(t *testing.T) {
	l, err := PlanSubnets(netip.MustParsePrefix("10.0.0.0/16"), 3)
	if err != nil {
		t.Fatal(err)
	}
	want := Layout{
		Public:   prefixes("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"),
		Private:  prefixes("10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20"),
		Isolated: prefixes("10.0.128.0/24", "10.0.129.0/24", "10.0.130.0/24"),
	}
	for i := range 3 {
		if l.Public[i] != want.Public[i] || l.Private[i] != want.Private[i] || l.Isolated[i] != want.Isolated[i] {
			t.Errorf("zone %d: got %v %v %v, want %v %v %v", i, l.Public[i], l.Private[i], l.Isolated[i],
				want.Public[i], want.Private[i], want.Isolated[i])
		}
	}
}

// TestLayoutIsStableAndDisjoint: adding zones never moves a subnet, and no two subnets overlap,
// for every VPC size and zone count the layout accepts.
func TestLayoutIsStableAndDisjoint(t *testing.T) {
	for _, vpc := range []string{"10.0.0.0/16", "172.16.0.0/17", "192.168.0.0/18"} {
		cidr := netip.MustParsePrefix(vpc)
		largest, err := PlanSubnets(cidr, MaxAZs)
		if err != nil {
			t.Fatal(err)
		}
		for azs := 1; azs <= MaxAZs; azs++ {
			l, _ := PlanSubnets(cidr, azs)
			all := append(append(append([]netip.Prefix{}, l.Public...), l.Private...), l.Isolated...)
			for i, a := range all {
				if !cidr.Contains(a.Addr()) {
					t.Errorf("%s: %s lies outside the VPC", vpc, a)
				}
				for _, b := range all[i+1:] {
					if a.Overlaps(b) {
						t.Errorf("%s over %d zones: %s overlaps %s", vpc, azs, a, b)
					}
				}
			}
			for i := range azs {
				if l.Public[i] != largest.Public[i] || l.Private[i] != largest.Private[i] || l.Isolated[i] != largest.Isolated[i] {
					t.Errorf("%s: zone %d's subnets move when the zone count changes", vpc, i)
				}
			}
		}
	}
}

func TestCheckVpcCIDR(t *testing.T) {
	for _, bad := range []string{"8.8.0.0/16", "10.0.0.0/8", "10.0.0.0/20", "10.0.1.0/16", "fd00::/48"} {
		if CheckVpcCIDR(netip.MustParsePrefix(bad)) == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func prefixes(s ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(s))
	for i, p := range s {
		out[i] = netip.MustParsePrefix(p)
	}
	return out
}
