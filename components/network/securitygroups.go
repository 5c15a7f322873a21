package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SecurityGroups are the security group IDs of each role.
type SecurityGroups struct {
	// ALB admits HTTPS only from CloudFront's origin-facing addresses.
	ALB pulumi.StringOutput
	// ALBHealthChecks admits HTTPS from the Route 53 health checkers, which probe the load
	// balancer's /health/ directly; it is attached to the load balancer next to ALB.
	ALBHealthChecks pulumi.StringOutput
	// API admits the app port from the ALB.
	API pulumi.StringOutput
	// Worker admits nothing; workers only call out.
	Worker pulumi.StringOutput
	// Database admits PostgreSQL from the API and workers.
	Database pulumi.StringOutput
	// Cache admits Redis/Valkey from the API and workers.
	Cache pulumi.StringOutput
	// Endpoints admits HTTPS from the API and workers to the interface endpoints.
	Endpoints pulumi.StringOutput
}

// cloudFrontOriginFacing is the AWS-managed prefix list of CloudFront's origin-facing
// addresses. It weighs 55 rules against the 60-rule security group quota, so it is
// referenced once, for HTTPS; CloudFront talks to the origin over HTTPS only.
const cloudFrontOriginFacing = "com.amazonaws.global.cloudfront.origin-facing"

// route53HealthChecks is the AWS-managed prefix list of the Route 53 health checkers for a
// region. It has its own group: the CloudFront list leaves no room in the ALB group's quota.
const route53HealthChecks = "com.amazonaws.%s.route53-healthchecks"

// The group roles, in creation order.
const (
	roleALB       = "alb"
	roleALBHealth = "alb-health-checks"
	roleAPI       = "api"
	roleWorker    = "worker"
	roleDatabase  = "database"
	roleCache     = "cache"
	roleEndpoints = "endpoints"
)

var roleDescriptions = map[string]string{
	roleALB:       "Saleor load balancer: HTTPS from CloudFront only",
	roleALBHealth: "Saleor load balancer: HTTPS from Route 53 health checkers only",
	roleAPI:       "Saleor API tasks: app port from the load balancer",
	roleWorker:    "Saleor Celery and webhook workers: no inbound",
	roleDatabase:  "PostgreSQL: from API and workers only",
	roleCache:     "Redis/Valkey caches: from API and workers only",
	roleEndpoints: "VPC interface endpoints: HTTPS from API and workers",
}

// peer is the other side of a rule: another role's group, a CIDR or a managed prefix list.
type peer struct{ role, cidr, prefixList string }

// sgRule is one least-privilege rule: role admits (ingress) or reaches (egress) peer on port.
type sgRule struct {
	role        string
	ingress     bool
	port        int
	peer        peer
	description string
}

// rules is every rule of every group; what is not here is denied. Egress to the internet is
// on EgressPorts only (HTTPS by default: AWS APIs without an endpoint, payment gateways,
// webhook targets).
func rules(a *NetworkArgs, cloudFront, healthCheckers string) []sgRule {
	anywhere := peer{cidr: "0.0.0.0/0"}
	out := []sgRule{
		{roleALB, true, 443, peer{prefixList: cloudFront}, "HTTPS from CloudFront origin-facing servers"},
		{roleALB, false, a.AppPort, peer{role: roleAPI}, "to API tasks"},
		{roleALBHealth, true, 443, peer{prefixList: healthCheckers}, "HTTPS from Route 53 health checkers"},
		{roleAPI, true, a.AppPort, peer{role: roleALB}, "from the load balancer"},
		{roleAPI, false, a.DatabasePort, peer{role: roleDatabase}, "to PostgreSQL"},
		{roleAPI, false, a.CachePort, peer{role: roleCache}, "to the caches"},
		{roleWorker, false, a.DatabasePort, peer{role: roleDatabase}, "to PostgreSQL"},
		{roleWorker, false, a.CachePort, peer{role: roleCache}, "to the caches"},
		{roleDatabase, true, a.DatabasePort, peer{role: roleAPI}, "PostgreSQL from API tasks"},
		{roleDatabase, true, a.DatabasePort, peer{role: roleWorker}, "PostgreSQL from workers"},
		{roleCache, true, a.CachePort, peer{role: roleAPI}, "Redis/Valkey from API tasks"},
		{roleCache, true, a.CachePort, peer{role: roleWorker}, "Redis/Valkey from workers"},
		{roleEndpoints, true, 443, peer{role: roleAPI}, "HTTPS from API tasks"},
		{roleEndpoints, true, 443, peer{role: roleWorker}, "HTTPS from workers"},
	}
	for _, port := range a.EgressPorts {
		out = append(out,
			sgRule{roleAPI, false, port, anywhere, egressPurpose(port)},
			sgRule{roleWorker, false, port, anywhere, egressPurpose(port)})
	}
	return out
}

// egressPurpose describes an internet egress rule by its port.
func egressPurpose(port int) string {
	switch port {
	case 443:
		return "HTTPS to AWS APIs, payment gateways and webhook targets"
	case 465, 587:
		return fmt.Sprintf("SMTP submission (%d) to the e-mail relay", port)
	default:
		return fmt.Sprintf("TCP %d to the internet", port)
	}
}

// newSecurityGroups creates one group per role and the rules between them.
func newSecurityGroups(ctx *pulumi.Context, name string, v *ec2.Vpc, a *NetworkArgs, parent pulumi.ResourceOrInvokeOption) (SecurityGroups, error) {
	prefixList := func(name string) (string, error) {
		l, err := ec2.LookupManagedPrefixList(ctx, &ec2.LookupManagedPrefixListArgs{Name: pulumi.StringRef(name)}, parent)
		if err != nil {
			return "", err
		}
		return l.Id, nil
	}
	cloudFront, err := prefixList(cloudFrontOriginFacing)
	if err != nil {
		return SecurityGroups{}, err
	}
	region, err := aws.GetRegion(ctx, nil, parent)
	if err != nil {
		return SecurityGroups{}, err
	}
	healthCheckers, err := prefixList(fmt.Sprintf(route53HealthChecks, region.Name))
	if err != nil {
		return SecurityGroups{}, err
	}
	groups := map[string]*ec2.SecurityGroup{}
	for _, role := range []string{roleALB, roleALBHealth, roleAPI, roleWorker, roleDatabase, roleCache, roleEndpoints} {
		groups[role], err = ec2.NewSecurityGroup(ctx, fmt.Sprintf("%s-%s", name, role), &ec2.SecurityGroupArgs{
			VpcId:               v.ID(),
			Description:         pulumi.String(roleDescriptions[role]),
			RevokeRulesOnDelete: pulumi.Bool(true),
			Tags:                pulumi.StringMap{"Name": pulumi.Sprintf("%s-%s", name, role), "Role": pulumi.String(role)},
		}, parent)
		if err != nil {
			return SecurityGroups{}, err
		}
	}
	for _, r := range rules(a, cloudFront, healthCheckers) {
		if err := newRule(ctx, name, groups, r, parent); err != nil {
			return SecurityGroups{}, err
		}
	}
	id := func(role string) pulumi.StringOutput { return groups[role].ID().ToStringOutput() }
	return SecurityGroups{
		ALB: id(roleALB), ALBHealthChecks: id(roleALBHealth), API: id(roleAPI), Worker: id(roleWorker),
		Database: id(roleDatabase), Cache: id(roleCache), Endpoints: id(roleEndpoints),
	}, nil
}

func newRule(ctx *pulumi.Context, name string, groups map[string]*ec2.SecurityGroup, r sgRule, parent pulumi.ResourceOrInvokeOption) error {
	var to string
	var referenced, cidr, prefixList pulumi.StringPtrInput
	switch {
	case r.peer.role != "":
		to, referenced = r.peer.role, groups[r.peer.role].ID()
	case r.peer.prefixList != "":
		to, prefixList = "prefix-list", pulumi.String(r.peer.prefixList)
	default:
		to, cidr = "internet", pulumi.String(r.peer.cidr)
	}
	direction := "egress"
	if r.ingress {
		direction = "ingress"
	}
	ruleName := fmt.Sprintf("%s-%s-%s-%s-%d", name, r.role, direction, to, r.port)
	group := groups[r.role].ID()
	if r.ingress {
		_, err := vpc.NewSecurityGroupIngressRule(ctx, ruleName, &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: group, Description: pulumi.String(r.description),
			IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(r.port), ToPort: pulumi.Int(r.port),
			ReferencedSecurityGroupId: referenced, CidrIpv4: cidr, PrefixListId: prefixList,
		}, parent)
		return err
	}
	_, err := vpc.NewSecurityGroupEgressRule(ctx, ruleName, &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: group, Description: pulumi.String(r.description),
		IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(r.port), ToPort: pulumi.Int(r.port),
		ReferencedSecurityGroupId: referenced, CidrIpv4: cidr, PrefixListId: prefixList,
	}, parent)
	return err
}
