package edge

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/validate"
)

// ZoneArgs configures a Zone.
type ZoneArgs struct {
	// Domain is the zone's apex, the storefront's domain, e.g. "shop.example.com". Required.
	Domain string
	// ExistingZoneID adopts a public hosted zone made outside this stack (e.g. "Z0123456789ABC"):
	// nothing is created and records go into it. Defaults to "": the component creates the zone.
	ExistingZoneID string
	// DeletionProtection marks a created zone protect, so neither destroy nor a replacement can
	// delete it and change its name servers under the registrar's delegation. Set it in
	// production. Defaults to false.
	DeletionProtection bool
}

func (a ZoneArgs) validate(p *validate.Problems) {
	p.Hostname("Domain", a.Domain)
	if a.ExistingZoneID != "" {
		p.Match("ExistingZoneID", a.ExistingZoneID, zoneIDPattern, `a Route 53 hosted zone ID such as "Z0123456789ABC"`)
	}
}

// Zone is the storefront domain's public Route 53 hosted zone, created or adopted.
type Zone struct {
	pulumi.ResourceState

	// ZoneID is the hosted zone's ID.
	ZoneID pulumi.StringOutput `pulumi:"zoneId"`
	// NameServers are the created zone's name servers, to delegate to at the registrar or in
	// the parent zone; empty for an adopted zone.
	NameServers pulumi.StringArrayOutput `pulumi:"nameServers"`
}

// zoneType is the component's Pulumi type token.
const zoneType = "saleor:edge:Zone"

// NewZone creates the hosted zone for args.Domain, or adopts args.ExistingZoneID. Route 53 is
// global: any of the stack's providers will do.
func NewZone(ctx *pulumi.Context, name string, args *ZoneArgs, opts ...pulumi.ResourceOption) (*Zone, error) {
	a, err := validate.Args(zoneType, name, args, nil, ZoneArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &Zone{}
	if err := ctx.RegisterComponentResource(zoneType, name, c, opts...); err != nil {
		return nil, err
	}
	if a.ExistingZoneID != "" {
		c.ZoneID = pulumi.String(a.ExistingZoneID).ToStringOutput()
		c.NameServers = pulumi.StringArray{}.ToStringArrayOutput()
	} else {
		zone, err := route53.NewZone(ctx, name+"-zone", &route53.ZoneArgs{
			Name:    pulumi.String(a.Domain),
			Comment: pulumi.Sprintf("Saleor storefront %s", a.Domain),
		}, pulumi.Parent(c), pulumi.Protect(a.DeletionProtection))
		if err != nil {
			return nil, err
		}
		c.ZoneID, c.NameServers = zone.ZoneId, zone.NameServers
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"zoneId": c.ZoneID, "nameServers": c.NameServers})
}
