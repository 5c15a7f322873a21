package network

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ephemeralPorts is the port range of the clients' side of TCP connections; NACLs are
// stateless, so replies to the app subnets must be allowed out on it.
const ephemeralFrom, ephemeralTo = 1024, 65535

// newDataSubnetACL fences the isolated subnets: in, only the database and cache ports from
// the app (private) subnets, and anything from the isolated subnets themselves (replication
// between nodes); out, only replies to the app subnets and traffic among the isolated ones.
// Public subnets can never reach the data tier, even through a misconfigured security group.
func newDataSubnetACL(ctx *pulumi.Context, name string, vpc *ec2.Vpc, a *NetworkArgs, layout Layout, isolated []*ec2.Subnet, parent pulumi.ResourceOrInvokeOption) error {
	var ingress ec2.NetworkAclIngressArray
	var egress ec2.NetworkAclEgressArray
	rule := 100
	next := func() int { rule += 10; return rule }
	for _, app := range layout.Private {
		for _, port := range []int{a.DatabasePort, a.CachePort} {
			ingress = append(ingress, ec2.NetworkAclIngressArgs{
				RuleNo: pulumi.Int(next()), Action: pulumi.String("allow"), Protocol: pulumi.String("tcp"),
				CidrBlock: pulumi.String(app.String()), FromPort: pulumi.Int(port), ToPort: pulumi.Int(port),
			})
		}
		egress = append(egress, ec2.NetworkAclEgressArgs{
			RuleNo: pulumi.Int(next()), Action: pulumi.String("allow"), Protocol: pulumi.String("tcp"),
			CidrBlock: pulumi.String(app.String()), FromPort: pulumi.Int(ephemeralFrom), ToPort: pulumi.Int(ephemeralTo),
		})
	}
	for _, data := range layout.Isolated {
		n := next()
		ingress = append(ingress, ec2.NetworkAclIngressArgs{
			RuleNo: pulumi.Int(n), Action: pulumi.String("allow"), Protocol: pulumi.String("-1"),
			CidrBlock: pulumi.String(data.String()), FromPort: pulumi.Int(0), ToPort: pulumi.Int(0),
		})
		egress = append(egress, ec2.NetworkAclEgressArgs{
			RuleNo: pulumi.Int(n), Action: pulumi.String("allow"), Protocol: pulumi.String("-1"),
			CidrBlock: pulumi.String(data.String()), FromPort: pulumi.Int(0), ToPort: pulumi.Int(0),
		})
	}
	subnetIDs := make(pulumi.StringArray, len(isolated))
	for i, s := range isolated {
		subnetIDs[i] = s.ID()
	}
	_, err := ec2.NewNetworkAcl(ctx, name+"-isolated", &ec2.NetworkAclArgs{
		VpcId:     vpc.ID(),
		SubnetIds: subnetIDs,
		Ingress:   ingress,
		Egress:    egress,
		Tags:      pulumi.StringMap{"Name": pulumi.String(name + "-isolated")},
	}, parent)
	return err
}
