package network

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/logging"
)

// newFlowLogs records all of the VPC's traffic, accepted and rejected, at one-minute
// aggregation, into a KMS-encrypted infrastructure log group, through a role that may write
// only to that group.
func newFlowLogs(ctx *pulumi.Context, name string, vpc *ec2.Vpc, a *NetworkArgs, parent pulumi.ResourceOrInvokeOption) error {
	group, err := a.Logs.NewGroup(ctx, name+"-flow-logs", a.Logs.Name(name+"/flow-logs"), logging.Infrastructure, parent)
	if err != nil {
		return err
	}
	role, err := iam.NewRole(ctx, name+"-flow-logs", &iam.RoleArgs{
		Description:      pulumi.String("VPC flow logs delivery to CloudWatch Logs"),
		AssumeRolePolicy: pulumi.String(iampolicy.AssumeRole("vpc-flow-logs.amazonaws.com")),
	}, parent)
	if err != nil {
		return err
	}
	if _, err := iam.NewRolePolicy(ctx, name+"-flow-logs", &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: iampolicy.Render(func(v []string) iampolicy.Document {
			return iampolicy.New(iampolicy.Allow("WriteFlowLogs",
				[]string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"},
				v[0], v[0]+":*"))
		}, group.Arn),
	}, parent); err != nil {
		return err
	}
	_, err = ec2.NewFlowLog(ctx, name, &ec2.FlowLogArgs{
		VpcId:                  vpc.ID(),
		TrafficType:            pulumi.String("ALL"),
		LogDestinationType:     pulumi.String("cloud-watch-logs"),
		LogDestination:         group.Arn,
		IamRoleArn:             role.Arn,
		MaxAggregationInterval: pulumi.Int(60),
	}, parent)
	return err
}
