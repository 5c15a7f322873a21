package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// subnets are the created subnets of each tier and the route tables endpoints attach to.
type subnets struct {
	public, private, isolated []*ec2.Subnet
	// privateRoutes and isolatedRoutes are the route tables of the private and isolated tiers.
	privateRoutes, isolatedRoutes []*ec2.RouteTable
}

// newSubnets creates the subnets of the layout, the internet gateway, the NAT gateways of the
// strategy and the route tables: public subnets route to the internet gateway, each private
// subnet to its zone's NAT gateway (or the single one), isolated subnets nowhere outside the
// VPC.
func newSubnets(ctx *pulumi.Context, name string, vpc *ec2.Vpc, a *NetworkArgs, layout Layout, parent pulumi.ResourceOrInvokeOption) (*subnets, error) {
	s := &subnets{}
	igw, err := ec2.NewInternetGateway(ctx, name, &ec2.InternetGatewayArgs{
		VpcId: vpc.ID(),
		Tags:  pulumi.StringMap{"Name": pulumi.String(name)},
	}, parent)
	if err != nil {
		return nil, err
	}
	publicRoutes, err := newRouteTable(ctx, name+"-public", vpc, parent)
	if err != nil {
		return nil, err
	}
	if _, err := ec2.NewRoute(ctx, name+"-public-internet", &ec2.RouteArgs{
		RouteTableId:         publicRoutes.ID(),
		DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
		GatewayId:            igw.ID(),
	}, parent); err != nil {
		return nil, err
	}
	isolatedRoutes, err := newRouteTable(ctx, name+"-isolated", vpc, parent)
	if err != nil {
		return nil, err
	}
	s.isolatedRoutes = []*ec2.RouteTable{isolatedRoutes}

	var nats []*ec2.NatGateway
	for i, zone := range a.AvailabilityZones {
		public, err := newSubnet(ctx, fmt.Sprintf("%s-public-%d", name, i), vpc, zone, layout.Public[i].String(), "public", publicRoutes, parent)
		if err != nil {
			return nil, err
		}
		s.public = append(s.public, public)
		if a.NatGateways == NatOnePerAZ || (a.NatGateways == NatSingle && i == 0) {
			nat, err := newNatGateway(ctx, fmt.Sprintf("%s-nat-%d", name, i), public, igw, parent)
			if err != nil {
				return nil, err
			}
			nats = append(nats, nat)
		}

		privateRoutes, err := newRouteTable(ctx, fmt.Sprintf("%s-private-%d", name, i), vpc, parent)
		if err != nil {
			return nil, err
		}
		s.privateRoutes = append(s.privateRoutes, privateRoutes)
		if len(nats) > 0 {
			if _, err := ec2.NewRoute(ctx, fmt.Sprintf("%s-private-%d-nat", name, i), &ec2.RouteArgs{
				RouteTableId:         privateRoutes.ID(),
				DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
				NatGatewayId:         nats[len(nats)-1].ID(),
			}, parent); err != nil {
				return nil, err
			}
		}
		private, err := newSubnet(ctx, fmt.Sprintf("%s-private-%d", name, i), vpc, zone, layout.Private[i].String(), "private", privateRoutes, parent)
		if err != nil {
			return nil, err
		}
		s.private = append(s.private, private)

		isolated, err := newSubnet(ctx, fmt.Sprintf("%s-isolated-%d", name, i), vpc, zone, layout.Isolated[i].String(), "isolated", isolatedRoutes, parent)
		if err != nil {
			return nil, err
		}
		s.isolated = append(s.isolated, isolated)
	}
	return s, nil
}

func newRouteTable(ctx *pulumi.Context, name string, vpc *ec2.Vpc, parent pulumi.ResourceOrInvokeOption) (*ec2.RouteTable, error) {
	return ec2.NewRouteTable(ctx, name, &ec2.RouteTableArgs{
		VpcId: vpc.ID(),
		Tags:  pulumi.StringMap{"Name": pulumi.String(name)},
	}, parent)
}

// newSubnet creates a subnet in zone and associates it with routes. No subnet hands out
// public IPs: the load balancer and NAT gateways bring their own.
func newSubnet(ctx *pulumi.Context, name string, vpc *ec2.Vpc, zone, cidr, tier string, routes *ec2.RouteTable, parent pulumi.ResourceOrInvokeOption) (*ec2.Subnet, error) {
	subnet, err := ec2.NewSubnet(ctx, name, &ec2.SubnetArgs{
		VpcId:               vpc.ID(),
		AvailabilityZone:    pulumi.String(zone),
		CidrBlock:           pulumi.String(cidr),
		MapPublicIpOnLaunch: pulumi.Bool(false),
		Tags:                pulumi.StringMap{"Name": pulumi.String(name), "Tier": pulumi.String(tier)},
	}, parent)
	if err != nil {
		return nil, err
	}
	_, err = ec2.NewRouteTableAssociation(ctx, name, &ec2.RouteTableAssociationArgs{
		SubnetId:     subnet.ID(),
		RouteTableId: routes.ID(),
	}, parent)
	return subnet, err
}

func newNatGateway(ctx *pulumi.Context, name string, public *ec2.Subnet, igw *ec2.InternetGateway, parent pulumi.ResourceOrInvokeOption) (*ec2.NatGateway, error) {
	eip, err := ec2.NewEip(ctx, name, &ec2.EipArgs{
		Domain: pulumi.String("vpc"),
		Tags:   pulumi.StringMap{"Name": pulumi.String(name)},
	}, parent, pulumi.DependsOn([]pulumi.Resource{igw}))
	if err != nil {
		return nil, err
	}
	return ec2.NewNatGateway(ctx, name, &ec2.NatGatewayArgs{
		AllocationId: eip.ID(),
		SubnetId:     public.ID(),
		Tags:         pulumi.StringMap{"Name": pulumi.String(name)},
	}, parent)
}
