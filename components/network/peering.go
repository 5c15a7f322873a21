package network

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PeeringArgs configures a Peering. The requester is this region's VPC (the component's
// provider); the accepter is a VPC in another region of the same account (PeerProvider).
type PeeringArgs struct {
	// VpcID and CIDR are the requester VPC. Required.
	VpcID pulumi.StringInput
	CIDR  netip.Prefix
	// AppSubnets are the requester's app (private) subnets, the only ones admitted into the
	// peer's database; Layout.Private. Required.
	AppSubnets []netip.Prefix
	// RouteTableIDs are the route tables of the requester's app subnets, which get a route
	// to the peer's CIDR. Required.
	RouteTableIDs pulumi.StringArrayInput
	// PeerRegion, PeerVpcID and PeerCIDR are the accepter VPC. Required.
	PeerRegion string
	PeerVpcID  pulumi.StringInput
	PeerCIDR   netip.Prefix
	// PeerRouteTableIDs are the route tables of the peer's data subnets, which get the
	// return route to CIDR. Required: at least one.
	PeerRouteTableIDs []pulumi.StringInput
	// PeerProvider is an AWS provider in PeerRegion: the accepter side's resources use it.
	// Required.
	PeerProvider pulumi.ProviderResource
	// PeerDatabase admits AppSubnets into the peer's database. Required.
	PeerDatabase PeerDatabase
}

// PeerDatabase is the database a peering admits the requester's app subnets into.
type PeerDatabase struct {
	// SecurityGroupID is the database's security group; it gets one ingress rule per app
	// subnet on Port. Required.
	SecurityGroupID pulumi.StringInput
	// NetworkACLID is the NACL of the peer's data subnets (Network.DataNetworkACLID); it
	// gets, per app subnet, Port in and ephemeral replies out. Required.
	NetworkACLID pulumi.StringInput
	// Port is the database's port (database.Port). Required.
	Port int
}

func (a *PeeringArgs) validate() error {
	var errs []error
	for field, set := range map[string]bool{
		"VpcID": a.VpcID != nil, "RouteTableIDs": a.RouteTableIDs != nil, "PeerVpcID": a.PeerVpcID != nil,
		"PeerProvider": a.PeerProvider != nil, "PeerDatabase.SecurityGroupID": a.PeerDatabase.SecurityGroupID != nil,
		"PeerDatabase.NetworkACLID": a.PeerDatabase.NetworkACLID != nil, "PeerRegion": a.PeerRegion != "",
	} {
		if !set {
			errs = append(errs, fmt.Errorf("%s is required", field))
		}
	}
	for field, cidr := range map[string]netip.Prefix{"CIDR": a.CIDR, "PeerCIDR": a.PeerCIDR} {
		if err := CheckVpcCIDR(cidr); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", field, err))
		}
	}
	if a.CIDR.IsValid() && a.PeerCIDR.IsValid() && a.CIDR.Overlaps(a.PeerCIDR) {
		errs = append(errs, fmt.Errorf("PeerCIDR: %s overlaps CIDR %s; peered VPCs must not overlap", a.PeerCIDR, a.CIDR))
	}
	if len(a.AppSubnets) == 0 || len(a.AppSubnets) > 8 {
		errs = append(errs, fmt.Errorf("AppSubnets: %d subnets; want 1 to 8", len(a.AppSubnets)))
	}
	for _, s := range a.AppSubnets {
		if !a.CIDR.Contains(s.Addr()) {
			errs = append(errs, fmt.Errorf("AppSubnets: %s is not inside CIDR %s", s, a.CIDR))
		}
	}
	if len(a.PeerRouteTableIDs) == 0 {
		errs = append(errs, errors.New("PeerRouteTableIDs: at least one route table of the peer's data subnets"))
	}
	if a.PeerDatabase.Port < 1 || a.PeerDatabase.Port > 65535 {
		errs = append(errs, fmt.Errorf("PeerDatabase.Port: %d is not a TCP port", a.PeerDatabase.Port))
	}
	return errors.Join(errs...)
}

// Peering is the private path from this region's app subnets to a database in another
// region: an inter-region VPC peering connection, accepted on the peer's side, with DNS
// resolution across it, routes both ways (app subnets to the peer's CIDR, the peer's data
// subnets back), and the peer's database admitting exactly the app subnets (security group
// and data-subnet NACL). Everything on the peer's side belongs to this component, so a
// region attaches to its primary without the primary's stack changing; the NACL rule numbers
// are a function of this VPC's CIDR (peerRuleBase), unique among non-overlapping peers.
type Peering struct {
	pulumi.ResourceState

	// ConnectionID is the peering connection's ID.
	ConnectionID pulumi.StringOutput `pulumi:"connectionId"`
}

// NewPeering creates the peering in the region of the component's provider.
func NewPeering(ctx *pulumi.Context, name string, args *PeeringArgs, opts ...pulumi.ResourceOption) (*Peering, error) {
	if args == nil {
		args = &PeeringArgs{}
	}
	a := *args
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("peering %s: %w", name, err)
	}
	c := &Peering{}
	if err := ctx.RegisterComponentResource("saleor:network:Peering", name, c, opts...); err != nil {
		return nil, err
	}
	here, there := pulumi.Parent(c), []pulumi.ResourceOption{pulumi.Parent(c), pulumi.Provider(a.PeerProvider)}
	connection, err := ec2.NewVpcPeeringConnection(ctx, name, &ec2.VpcPeeringConnectionArgs{
		VpcId:      a.VpcID,
		PeerVpcId:  a.PeerVpcID,
		PeerRegion: pulumi.String(a.PeerRegion),
		AutoAccept: pulumi.Bool(false), // inter-region: the accepter accepts
		Tags:       pulumi.StringMap{"Name": pulumi.String(name)},
	}, here)
	if err != nil {
		return nil, err
	}
	accepted, err := ec2.NewVpcPeeringConnectionAccepter(ctx, name, &ec2.VpcPeeringConnectionAccepterArgs{
		VpcPeeringConnectionId: connection.ID(),
		AutoAccept:             pulumi.Bool(true),
		Tags:                   pulumi.StringMap{"Name": pulumi.String(name)},
	}, there...)
	if err != nil {
		return nil, err
	}
	// Both sides resolve the other's private DNS names (the database's endpoint) to private
	// addresses; each side's option is set with its own region's provider.
	if err := newPeeringDNS(ctx, name, accepted.VpcPeeringConnectionId, here, there); err != nil {
		return nil, err
	}
	if err := newPeeringRoutes(ctx, name, &a, accepted.VpcPeeringConnectionId, here, there); err != nil {
		return nil, err
	}
	if err := admitToPeerDatabase(ctx, name, &a, there); err != nil {
		return nil, err
	}
	c.ConnectionID = accepted.VpcPeeringConnectionId
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"connectionId": c.ConnectionID})
}

func newPeeringDNS(ctx *pulumi.Context, name string, connection pulumi.StringOutput, here pulumi.ResourceOrInvokeOption, there []pulumi.ResourceOption) error {
	if _, err := ec2.NewPeeringConnectionOptions(ctx, name+"-requester", &ec2.PeeringConnectionOptionsArgs{
		VpcPeeringConnectionId: connection,
		Requester:              &ec2.PeeringConnectionOptionsRequesterArgs{AllowRemoteVpcDnsResolution: pulumi.Bool(true)},
	}, here); err != nil {
		return err
	}
	_, err := ec2.NewPeeringConnectionOptions(ctx, name+"-accepter", &ec2.PeeringConnectionOptionsArgs{
		VpcPeeringConnectionId: connection,
		Accepter:               &ec2.PeeringConnectionOptionsAccepterArgs{AllowRemoteVpcDnsResolution: pulumi.Bool(true)},
	}, there...)
	return err
}

// newPeeringRoutes routes the app subnets to the peer's CIDR and the peer's data subnets
// back to this VPC's CIDR, through the accepted connection.
func newPeeringRoutes(ctx *pulumi.Context, name string, a *PeeringArgs, connection pulumi.StringOutput, here pulumi.ResourceOrInvokeOption, there []pulumi.ResourceOption) error {
	tables := a.RouteTableIDs.ToStringArrayOutput()
	for i := range len(a.AppSubnets) {
		if _, err := ec2.NewRoute(ctx, fmt.Sprintf("%s-app-%d", name, i), &ec2.RouteArgs{
			RouteTableId:           tables.Index(pulumi.Int(i)),
			DestinationCidrBlock:   pulumi.String(a.PeerCIDR.String()),
			VpcPeeringConnectionId: connection,
		}, here); err != nil {
			return err
		}
	}
	for i, table := range a.PeerRouteTableIDs {
		if _, err := ec2.NewRoute(ctx, fmt.Sprintf("%s-peer-data-%d", name, i), &ec2.RouteArgs{
			RouteTableId:           table,
			DestinationCidrBlock:   pulumi.String(a.CIDR.String()),
			VpcPeeringConnectionId: connection,
		}, there...); err != nil {
			return err
		}
	}
	return nil
}

// admitToPeerDatabase admits each app subnet into the peer's database: a security group rule
// on the database port, and NACL rules (the port in, ephemeral replies out) numbered from
// peerRuleBase(CIDR). The data NACL's own egress admits the replies too; the peering keeps
// its egress rules so that it never depends on which of the two stacks was updated last.
func admitToPeerDatabase(ctx *pulumi.Context, name string, a *PeeringArgs, there []pulumi.ResourceOption) error {
	db, base := a.PeerDatabase, peerRuleBase(a.CIDR)
	for i, subnet := range a.AppSubnets {
		if _, err := vpc.NewSecurityGroupIngressRule(ctx, fmt.Sprintf("%s-database-%d", name, i), &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: db.SecurityGroupID,
			Description:     pulumi.Sprintf("PostgreSQL from the app subnet %s of %s (peering)", subnet, a.CIDR),
			IpProtocol:      pulumi.String("tcp"),
			FromPort:        pulumi.Int(db.Port),
			ToPort:          pulumi.Int(db.Port),
			CidrIpv4:        pulumi.String(subnet.String()),
		}, there...); err != nil {
			return err
		}
		acl := name + "-peer-acl"
		if _, err := newACLRule(ctx, acl, db.NetworkACLID, tcp(base+i, subnet.String(), db.Port, db.Port), there...); err != nil {
			return err
		}
		if _, err := newACLRule(ctx, acl, db.NetworkACLID, aclEntry{number: base + i, egress: true, protocol: "tcp", cidr: subnet.String(), from: ephemeralFrom, to: ephemeralTo}, there...); err != nil {
			return err
		}
	}
	return nil
}
