// Package network is the network tier of one region: a VPC with public, private (app) and
// isolated (data) subnets in a stable layout, NAT gateways by strategy, a NACL per tier
// (restrictive ingress, permissive egress; see acl.go), one security group per role, VPC
// endpoints and encrypted flow logs.
package network

import (
	"net/netip"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/validate"
)

// NatStrategy is how the private subnets reach the internet.
type NatStrategy string

const (
	// NatOnePerAZ puts a NAT gateway in every zone; each zone's private subnet uses its own,
	// so losing a zone costs no other zone its egress.
	NatOnePerAZ NatStrategy = "one-per-az"
	// NatSingle puts one NAT gateway in the first zone for all private subnets.
	NatSingle NatStrategy = "single"
	// NatNone creates no NAT gateway: private subnets reach only the VPC and its endpoints.
	NatNone NatStrategy = "none"
)

// NetworkArgs configures a Network.
type NetworkArgs struct {
	// CIDR is the VPC's IPv4 block; see CheckVpcCIDR. Required.
	CIDR netip.Prefix
	// AvailabilityZones names the zones to use, at least 2 and at most MaxAZs. Required.
	AvailabilityZones []string
	// NatGateways is the NAT strategy. Defaults to NatOnePerAZ.
	NatGateways NatStrategy
	// InterfaceEndpoints adds interface endpoints for ECR, CloudWatch Logs, Secrets Manager
	// and SSM in the private subnets, so tasks reach them without NAT. Defaults to false; the
	// S3 gateway endpoint is always created.
	InterfaceEndpoints bool
	// AppPort is the port the application tasks listen on, which the load balancer reaches
	// (the compute tier's compute.AppPort). Required.
	AppPort int
	// DatabasePort is the database's port, which the tasks reach (database.Port). Required.
	DatabasePort int
	// CachePort is the caches' port, which the tasks reach (cache.Port). Required.
	CachePort int
	// SearchPort is the search domain's port in the isolated subnets, which the tasks reach
	// (search.Port). Defaults to 0: no search domain, the data tier admits no such port.
	SearchPort int
	// EgressPorts are the TCP ports the API and worker tasks may reach on the internet
	// (0.0.0.0/0), e.g. 587 for an SMTP relay. Defaults to [443]: AWS APIs without an
	// endpoint, payment gateways and HTTPS webhook targets.
	EgressPorts []int
	// Logs keeps the flow logs, as infrastructure logs. Required.
	Logs logging.Settings
}

func (a NetworkArgs) withDefaults() NetworkArgs {
	if a.NatGateways == "" {
		a.NatGateways = NatOnePerAZ
	}
	if len(a.EgressPorts) == 0 {
		a.EgressPorts = []int{443}
	}
	return a
}

func (a NetworkArgs) validate(p *validate.Problems) {
	if err := CheckVpcCIDR(a.CIDR); err != nil {
		p.Add("CIDR", "%v", err)
	}
	p.Range("AvailabilityZones", len(a.AvailabilityZones), 2, MaxAZs, "zones")
	validate.OneOf(p, "NatGateways", a.NatGateways, []NatStrategy{NatOnePerAZ, NatSingle, NatNone})
	for _, port := range []struct {
		field string
		value int
	}{{"AppPort", a.AppPort}, {"DatabasePort", a.DatabasePort}, {"CachePort", a.CachePort}} {
		p.Range(port.field, port.value, 1, 65535, "(a TCP port; the owning tier exports it)")
	}
	if a.SearchPort != 0 {
		p.Range("SearchPort", a.SearchPort, 1, 65535, "(a TCP port, or 0 for no search domain)")
	}
	for i, port := range a.EgressPorts {
		p.Range(validate.Index("EgressPorts", i), port, 1, 65535, "(a TCP port)")
	}
	if slices.ContainsFunc(a.EgressPorts, func(port int) bool { return port == a.DatabasePort || port == a.CachePort }) {
		p.Add("EgressPorts", "%v opens the database or cache port (%d, %d) to the internet", a.EgressPorts, a.DatabasePort, a.CachePort)
	}
	p.Required("Logs.KMSKeyArn", a.Logs.KMSKeyArn != nil, "flow logs are encrypted")
}

// Network is the network tier of one region.
type Network struct {
	pulumi.ResourceState

	// VpcID is the VPC's ID.
	VpcID pulumi.StringOutput
	// PublicSubnetIDs, PrivateSubnetIDs and IsolatedSubnetIDs are the subnets of each tier,
	// in zone order.
	PublicSubnetIDs, PrivateSubnetIDs, IsolatedSubnetIDs pulumi.StringArrayOutput
	// PrivateRouteTableIDs and IsolatedRouteTableIDs are the route tables of the app and data
	// subnets, which a peering adds its routes to.
	PrivateRouteTableIDs, IsolatedRouteTableIDs pulumi.StringArrayOutput
	// DataNetworkACLID is the NACL of the isolated (data) subnets, which a peering admits its
	// app subnets into.
	DataNetworkACLID pulumi.StringOutput
	// SecurityGroups holds the security group of each role.
	SecurityGroups SecurityGroups
	// Layout is the subnet plan the subnets were created from.
	Layout Layout
}

// networkType is the component's Pulumi type token.
const networkType = "saleor:network:Network"

// NewNetwork creates the network tier in the region of the component's AWS provider.
func NewNetwork(ctx *pulumi.Context, name string, args *NetworkArgs, opts ...pulumi.ResourceOption) (*Network, error) {
	a, err := validate.Args(networkType, name, args, NetworkArgs.withDefaults, NetworkArgs.validate)
	if err != nil {
		return nil, err
	}
	layout, err := PlanSubnets(a.CIDR, len(a.AvailabilityZones))
	if err != nil {
		return nil, err
	}
	c := &Network{Layout: layout}
	if err := ctx.RegisterComponentResource(networkType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)

	vpc, err := ec2.NewVpc(ctx, name, &ec2.VpcArgs{
		CidrBlock:          pulumi.String(a.CIDR.String()),
		EnableDnsHostnames: pulumi.Bool(true),
		EnableDnsSupport:   pulumi.Bool(true),
		Tags:               pulumi.StringMap{"Name": pulumi.String(name)},
	}, parent)
	if err != nil {
		return nil, err
	}
	c.VpcID = vpc.ID().ToStringOutput()

	// The default security group is stripped of its rules so nothing can use it by accident.
	if _, err := ec2.NewDefaultSecurityGroup(ctx, name+"-default", &ec2.DefaultSecurityGroupArgs{
		VpcId: vpc.ID(),
	}, parent); err != nil {
		return nil, err
	}

	subnets, err := newSubnets(ctx, name, vpc, &a, layout, parent)
	if err != nil {
		return nil, err
	}
	c.PublicSubnetIDs = ids(subnets.public)
	c.PrivateSubnetIDs = ids(subnets.private)
	c.IsolatedSubnetIDs = ids(subnets.isolated)

	c.PrivateRouteTableIDs, c.IsolatedRouteTableIDs = routeTableIDs(subnets.privateRoutes), routeTableIDs(subnets.isolatedRoutes)
	acls, err := newTierACLs(ctx, name, vpc, &a, layout, subnets, parent)
	if err != nil {
		return nil, err
	}
	c.DataNetworkACLID = acls.isolated.ID().ToStringOutput()
	if c.SecurityGroups, err = newSecurityGroups(ctx, name, vpc, &a, parent); err != nil {
		return nil, err
	}
	if err := newEndpoints(ctx, name, vpc, &a, subnets, c.SecurityGroups.Endpoints, parent); err != nil {
		return nil, err
	}
	if err := newFlowLogs(ctx, name, vpc, &a, parent); err != nil {
		return nil, err
	}

	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"vpcId":                 c.VpcID,
		"publicSubnetIds":       c.PublicSubnetIDs,
		"privateSubnetIds":      c.PrivateSubnetIDs,
		"isolatedSubnetIds":     c.IsolatedSubnetIDs,
		"privateRouteTableIds":  c.PrivateRouteTableIDs,
		"isolatedRouteTableIds": c.IsolatedRouteTableIDs,
		"dataNetworkAclId":      c.DataNetworkACLID,
	})
}

func routeTableIDs(tables []*ec2.RouteTable) pulumi.StringArrayOutput {
	out := make(pulumi.StringArray, len(tables))
	for i, t := range tables {
		out[i] = t.ID()
	}
	return out.ToStringArrayOutput()
}

func ids(subnets []*ec2.Subnet) pulumi.StringArrayOutput {
	out := make(pulumi.StringArray, len(subnets))
	for i, s := range subnets {
		out[i] = s.ID()
	}
	return out.ToStringArrayOutput()
}
