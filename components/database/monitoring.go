package database

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/iampolicy"
)

// newMonitoringRole creates the role RDS enhanced monitoring assumes to publish OS metrics,
// with AWS's managed policy for exactly that (CloudWatch Logs' RDSOSMetrics group). It
// returns the role and the attachment instances must wait for.
func newMonitoringRole(ctx *pulumi.Context, name string, parent pulumi.ResourceOrInvokeOption) (*iam.Role, *iam.RolePolicyAttachment, error) {
	partition, err := aws.GetPartition(ctx, nil, parent)
	if err != nil {
		return nil, nil, err
	}
	role, err := iam.NewRole(ctx, name+"-monitoring", &iam.RoleArgs{
		Description:      pulumi.String("RDS enhanced monitoring of " + name),
		AssumeRolePolicy: pulumi.String(iampolicy.AssumeRole("monitoring.rds.amazonaws.com")),
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	attachment, err := iam.NewRolePolicyAttachment(ctx, name+"-monitoring", &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole", partition.Partition)),
	}, parent)
	return role, attachment, err
}
