package harness

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// AccountID is the AWS account the offline engine pretends to deploy into (the AWS
// documentation's example account).
const AccountID = "123456789012"

// Partition is the offline engine's AWS partition.
const Partition = "aws"

// idPrefixes gives the EC2-style ID prefix of types whose ID is not their name.
var idPrefixes = map[string]string{
	"aws:ec2/vpc:Vpc":                                           "vpc",
	"aws:ec2/subnet:Subnet":                                     "subnet",
	"aws:ec2/securityGroup:SecurityGroup":                       "sg",
	"aws:ec2/internetGateway:InternetGateway":                   "igw",
	"aws:ec2/natGateway:NatGateway":                             "nat",
	"aws:ec2/eip:Eip":                                           "eipalloc",
	"aws:ec2/routeTable:RouteTable":                             "rtb",
	"aws:ec2/networkAcl:NetworkAcl":                             "acl",
	"aws:ec2/vpcEndpoint:VpcEndpoint":                           "vpce",
	"aws:ec2/flowLog:FlowLog":                                   "fl",
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr",
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   "sgr",
}

// computers compute the type-specific outputs of a type: given the resource, its default ID
// and a setter for outputs not already set, they return its ID and ARN. Each tier's types
// are registered from an outputs_<tier>.go file.
var computers = map[string]computer{}

// computer computes a type's outputs; see computers.
type computer func(r *Resource, id string, set func(key string, value any)) (string, string)

// register adds a type's computer; each type has one, in its tier's file.
func register(typ string, compute computer) {
	if _, dup := computers[typ]; dup {
		panic("harness: the outputs of " + typ + " are registered twice")
	}
	computers[typ] = compute
}

// computeOutputs fills in what AWS computes at create (IDs, ARNs, endpoints, the name made
// from a name prefix) for the types whose computed values the program wires onward, and
// returns the resource's ID. IDs and ARNs carry the resource's region and the offline
// partition and account. What it leaves out, Run answers as unknown (unemulated.go).
func computeOutputs(r *Resource, out resource.PropertyMap) string {
	if prop, name := prefixedName(r.Type, r.URN, out); name != "" {
		out[resource.PropertyKey(prop)] = resource.NewProperty(name)
	}
	id := r.Name + "-" + shortHash(r.URN)
	if rule, ok := autoNamed[r.Type]; ok {
		if v := out[resource.PropertyKey(rule.Property)]; v.IsString() {
			id = v.StringValue()
		}
	}
	if prefix, ok := idPrefixes[r.Type]; ok {
		id = prefix + "-0" + shortHash(r.URN) + "0d1e2f3a"
	}
	arn := ""
	if service := serviceOf(r.Type); strings.HasPrefix(r.Type, "aws:") {
		arn = fmt.Sprintf("arn:%s:%s:%s:%s:%s/%s", Partition, service, r.Region, AccountID, kindOf(r.Type), id)
	}
	set := func(k string, v any) {
		if !out.HasValue(resource.PropertyKey(k)) {
			out[resource.PropertyKey(k)] = resource.NewPropertyValue(v)
		}
	}
	if compute, ok := computers[r.Type]; ok {
		id, arn = compute(r, id, set)
	}
	if arn != "" {
		set("arn", arn)
	}
	return id
}

// serviceOf returns the ARN service of a type token: "aws:rds/instance:Instance" -> "rds".
func serviceOf(typ string) string {
	module := strings.SplitN(typ, ":", 3)[1]
	return strings.SplitN(module, "/", 2)[0]
}

// kindOf returns the lower-case resource kind of a type token: "aws:iam/role:Role" -> "role".
func kindOf(typ string) string {
	parts := strings.Split(typ, ":")
	return strings.ToLower(parts[len(parts)-1])
}
