package rules

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

const (
	securityGroup         = "aws:ec2/securityGroup:SecurityGroup"
	securityGroupIngress  = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	securityGroupRule     = "aws:ec2/securityGroupRule:SecurityGroupRule"
	vpc                   = "aws:ec2/vpc:Vpc"
	subnet                = "aws:ec2/subnet:Subnet"
	natGateway            = "aws:ec2/natGateway:NatGateway"
	routeTable            = "aws:ec2/routeTable:RouteTable"
	routeTableAssociation = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	route                 = "aws:ec2/route:Route"
	internetGateway       = "aws:ec2/internetGateway:InternetGateway"
	flowLog               = "aws:ec2/flowLog:FlowLog"
)

var publicCIDRs = []string{"0.0.0.0/0", "::/0"}

// ingress is one inbound rule in any of its three forms, normalised.
type ingress struct {
	owner    policyx.AnalyzerResource // the resource declaring it
	label    string                   // where in owner, for messages
	cidrs    value                    // IPv4 and IPv6 CIDRs together; may be unknown
	protocol value
	from, to value
	group    policyx.AnalyzerResource // the group it applies to
	grouped  bool                     // false when that group cannot be resolved
}

// ingresses lists the inbound rules of the stack: inline ones of security groups, and
// standalone rules joined to their group through securityGroupId's dependency.
func ingresses(s *stack) []ingress {
	var out []ingress
	for _, g := range s.ofType(securityGroup) {
		for i, rule := range get(g.Properties, "ingress").maps() {
			out = append(out, ingress{
				owner: g, label: fmt.Sprintf("ingress[%d]", i),
				cidrs:    joinCIDRs(rule, "cidrBlocks", "ipv6CidrBlocks"),
				protocol: get(rule, "protocol"), from: get(rule, "fromPort"), to: get(rule, "toPort"),
				group: g, grouped: true,
			})
		}
	}
	standalone := func(r policyx.AnalyzerResource, protocolKey string, cidrKeys ...string) ingress {
		in := ingress{
			owner: r, label: "rule", cidrs: joinCIDRs(r.Properties, cidrKeys...),
			protocol: get(r.Properties, protocolKey), from: get(r.Properties, "fromPort"), to: get(r.Properties, "toPort"),
		}
		for _, g := range s.ofType(securityGroup) {
			if refersTo(r, "securityGroupId", g, "") {
				in.group, in.grouped = g, true
			}
		}
		return in
	}
	for _, r := range s.ofType(securityGroupIngress) {
		out = append(out, standalone(r, "ipProtocol", "cidrIpv4", "cidrIpv6"))
	}
	for _, r := range s.ofType(securityGroupRule) {
		if get(r.Properties, "type").str() == "ingress" {
			out = append(out, standalone(r, "protocol", "cidrBlocks", "ipv6CidrBlocks"))
		}
	}
	return out
}

// joinCIDRs merges CIDR properties (single strings or lists) into one array value, unknown
// if any part is.
func joinCIDRs(m property.Map, keys ...string) value {
	var all []property.Value
	for _, k := range keys {
		v := get(m, k)
		if v.unknown() {
			return v
		}
		for _, e := range v.items() {
			all = append(all, e.v)
		}
	}
	return value{property.New(all)}
}

// isALBGroup reports whether a security group is marked as the public load balancer's: its
// Pulumi name, name, namePrefix or description matches pattern.
func isALBGroup(g policyx.AnalyzerResource, pattern *regexp.Regexp) bool {
	for _, s := range []string{g.Name, get(g.Properties, "name").str(), get(g.Properties, "namePrefix").str(),
		get(g.Properties, "description").str()} {
		if pattern.MatchString(s) {
			return true
		}
	}
	return false
}

// publicPortAllowed reports whether the rule opens exactly one allowed TCP port; unknown
// ports or protocol count as allowed (decided at update).
func publicPortAllowed(in ingress, ports []int) bool {
	if in.protocol.unknown() || in.from.unknown() || in.to.unknown() {
		return true
	}
	from, okFrom := in.from.num()
	to, okTo := in.to.num()
	return in.protocol.oneOf("tcp", "6") && okFrom && okTo && from == to && slices.Contains(ports, int(from))
}

var networkRules = []stackRule{
	{
		name: "security-group-no-public-ingress",
		description: "Security groups admit no ingress from 0.0.0.0/0 or ::/0, except the allowed ports (80, 443) " +
			"on the load balancer's group, marked by albGroupPattern in its name or description " +
			"[FSBP EC2.18, FSBP EC2.19, FSBP EC2.53, FSBP EC2.54, CKV_AWS_24, CKV_AWS_25, CKV_AWS_260, CKV_AWS_277]",
		level: mandatory,
		schema: schema(map[string]map[string]any{
			"albGroupPattern": stringOption("Regular expression marking the load balancer's security group by "+
				"Pulumi name, name, namePrefix or description. Defaults to the word alb or load balancer.",
				`(?i)(^|[^a-z])(alb|load.?balancer)([^a-z]|$)`),
			"publicPorts": map[string]any{
				"type": "array", "items": map[string]any{"type": "integer", "minimum": 1, "maximum": 65535},
				"default": []int{80, 443}, "description": "TCP ports the load balancer's group may open to the " +
					"internet. Defaults to 80 and 443.",
			},
		}),
		check: func(s *stack, config ruleConfig) []finding {
			pattern, err := regexp.Compile(config.str("albGroupPattern"))
			if err != nil {
				return []finding{{message: "albGroupPattern: " + err.Error()}}
			}
			ports := config.ints("publicPorts")
			var out []finding
			for _, in := range ingresses(s) {
				if in.cidrs.unknown() || !slices.ContainsFunc(in.cidrs.strs(), isPublicCIDR) {
					continue
				}
				if in.grouped && isALBGroup(in.group, pattern) && publicPortAllowed(in, ports) {
					continue
				}
				out = append(out, finding{urn: in.owner.URN, message: fmt.Sprintf(
					"%s admits the internet (protocol %s, ports %s-%s); only ports %v on the load balancer's group may",
					in.label, in.protocol, in.from, in.to, ports)})
			}
			return out
		},
	},
	{
		name:        "nat-gateway-per-az",
		description: "Every AZ with public subnets has its own NAT gateway [WA REL10-BP01]",
		level:       mandatory,
		check: func(s *stack, _ ruleConfig) []finding {
			if missing := azsWithoutNAT(s); len(missing) > 0 {
				return []finding{{message: "public subnets in " + strings.Join(missing, ", ") + " have no NAT gateway of their AZ"}}
			}
			return nil
		},
	},
	{
		name:        "vpc-flow-logs",
		description: "Every VPC has a flow log of rejected traffic (trafficType REJECT or ALL) [FSBP EC2.6, CKV2_AWS_11]",
		level:       mandatory,
		check: func(s *stack, _ ruleConfig) []finding {
			logged := func(v policyx.AnalyzerResource) bool {
				return slices.ContainsFunc(referrers(s.ofType(flowLog), "vpcId", v, ""), func(f policyx.AnalyzerResource) bool {
					t := get(f.Properties, "trafficType")
					return t.unknown() || t.oneOf("REJECT", "ALL")
				})
			}
			var out []finding
			for _, v := range s.ofType(vpc) {
				if logged(v) {
					continue
				}
				out = append(out, finding{urn: v.URN, message: "no aws:ec2/flowLog:FlowLog of REJECT or ALL traffic has this VPC as vpcId"})
			}
			return out
		},
	},
}

func isPublicCIDR(cidr string) bool { return slices.Contains(publicCIDRs, cidr) }

// azsWithoutNAT returns, for every VPC that has NAT gateways, the AZs where the VPC has a
// public subnet but no NAT gateway. A subnet is public when it is associated with a route
// table that routes to an internet gateway, or hands out public IPs. A VPC without NAT
// gateways (an isolated network, such as a disaster-recovery VPC that only holds replicas)
// needs none. A NAT gateway whose subnet or AZ is not known yet covers one AZ of the benefit
// of the doubt.
func azsWithoutNAT(s *stack) []string {
	azOf := func(sn policyx.AnalyzerResource) string {
		return cmp.Or(get(sn.Properties, "availabilityZone").str(), get(sn.Properties, "availabilityZoneId").str())
	}
	vpcOf := func(sn policyx.AnalyzerResource) string {
		for _, v := range s.ofType(vpc) {
			if refersTo(sn, "vpcId", v, "") {
				return v.URN
			}
		}
		return ""
	}
	natAZs, unresolved := map[string]map[string]bool{}, 0 // VPC URN -> AZs with a NAT gateway
	for _, nat := range s.ofType(natGateway) {
		if get(nat.Properties, "connectivityType").str() == "private" {
			continue
		}
		vpcURN, az := "", ""
		for _, sn := range s.ofType(subnet) {
			if refersTo(nat, "subnetId", sn, "") {
				vpcURN, az = vpcOf(sn), azOf(sn)
			}
		}
		if az == "" {
			unresolved++
		}
		if natAZs[vpcURN] == nil {
			natAZs[vpcURN] = map[string]bool{}
		}
		natAZs[vpcURN][az] = true
	}
	var missing []string
	for _, sn := range s.ofType(subnet) {
		az, covered := azOf(sn), natAZs[vpcOf(sn)]
		if az == "" || covered == nil || covered[az] || slices.Contains(missing, az) || !isPublicSubnet(s, sn) {
			continue
		}
		missing = append(missing, az)
	}
	if len(missing) <= unresolved {
		return nil
	}
	slices.Sort(missing)
	return missing
}

// isPublicSubnet reports whether a subnet hands out public IPs or is associated with a route
// table that has a route to an internet gateway.
func isPublicSubnet(s *stack, sn policyx.AnalyzerResource) bool {
	if get(sn.Properties, "mapPublicIpOnLaunch").isTrue() {
		return true
	}
	for _, assoc := range referrers(s.ofType(routeTableAssociation), "subnetId", sn, "") {
		for _, r := range s.ofType(route) {
			for _, rt := range s.ofType(routeTable) {
				if !refersTo(assoc, "routeTableId", rt, "") || !refersTo(r, "routeTableId", rt, "") {
					continue
				}
				for _, igw := range s.ofType(internetGateway) {
					if refersTo(r, "gatewayId", igw, "") {
						return true
					}
				}
			}
		}
	}
	return false
}
