package rules

import (
	"net/netip"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

const (
	secretsManagerSecret = "aws:secretsmanager/secret:Secret"
	ec2Route             = "aws:ec2/route:Route"
	route53Record        = "aws:route53/record:Record"
)

// multiRegionRules cover what the paths between an environment's stacks introduce: secrets
// replicated to other regions, routes through VPC peering connections and DNS records that
// choose between regions.
var multiRegionRules = []resourceRule{
	{
		name: "secret-replicas-cmk",
		description: "Every replica of a Secrets Manager secret is encrypted with a customer-managed key of its region " +
			"[WA SEC08-BP01]",
		level: mandatory,
		types: []string{secretsManagerSecret},
		check: onProps(func(p property.Map, r *report) {
			for i, replica := range get(p, "replicas").maps() {
				key := get(replica, "kmsKeyId")
				region := get(replica, "region").str()
				switch {
				case key.unknown():
				case key.empty():
					r.addf("replicas[%d] (%s) has no kmsKeyId: Secrets Manager would use the AWS-managed key there", i, region)
				case awsManagedKey(key.str()):
					r.addf("replicas[%d] (%s) uses the AWS-managed key %s", i, region, key.str())
				case arnRegion(key.str()) != "" && region != "" && arnRegion(key.str()) != region:
					r.addf("replicas[%d] in %s is encrypted with a key of %s", i, region, arnRegion(key.str()))
				}
			}
		}),
	},
	{
		name: "peering-routes-environment",
		description: "Routes through a VPC peering connection lead only to the environment's own private VPC CIDRs " +
			"(environmentCidrs) [WA SEC05-BP01]",
		level: mandatory,
		types: []string{ec2Route},
		schema: schema(map[string]map[string]any{
			"environmentCidrs": stringsOption("The VPC CIDRs of the environment's stacks; empty: any RFC 1918 block."),
		}),
		check: func(in input, r *report) {
			if get(in.props, "vpcPeeringConnectionId").empty() {
				return
			}
			dest := get(in.props, "destinationCidrBlock")
			if dest.unknown() {
				return
			}
			cidr, err := netip.ParsePrefix(dest.str())
			switch allowed := in.config.strings("environmentCidrs"); {
			case err != nil || !cidr.Addr().Is4() || !cidr.Addr().IsPrivate() || cidr.Bits() < 8:
				r.addf("destinationCidrBlock %s is not a private (RFC 1918) VPC block", dest)
			case len(allowed) > 0 && !slices.Contains(allowed, cidr.String()):
				r.addf("destinationCidrBlock %s is not one of the environment's VPCs %v", cidr, allowed)
			}
		},
	},
	{
		name: "route53-routing-health-checked",
		description: "A latency or failover record names a Route 53 health check, so a failed region drops out of " +
			"the answers [WA REL10-BP02]",
		level: mandatory,
		types: []string{route53Record},
		check: onProps(func(p property.Map, r *report) {
			policy := ""
			switch {
			case len(get(p, "latencyRoutingPolicies").maps()) > 0:
				policy = "latency"
			case len(get(p, "failoverRoutingPolicies").maps()) > 0:
				policy = "failover"
			default:
				return
			}
			if check := get(p, "healthCheckId"); !check.unknown() && check.empty() {
				r.addf("this %s record names no healthCheckId: Route 53 would keep answering with a failed region", policy)
			}
		}),
	},
}
