package backup

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/iampolicy"
)

// managedPolicy is an AWS managed policy the selection's role attaches.
type managedPolicy struct{ suffix, path string }

var (
	// servicePolicies back up and restore every service AWS Backup supports but S3.
	servicePolicies = []managedPolicy{
		{"backup", "service-role/AWSBackupServiceRolePolicyForBackup"},
		{"restores", "service-role/AWSBackupServiceRolePolicyForRestores"},
	}
	// s3Policies back up and restore S3, which the service policies leave out.
	s3Policies = []managedPolicy{
		{"s3-backup", "AWSBackupServiceRolePolicyForS3Backup"},
		{"s3-restore", "AWSBackupServiceRolePolicyForS3Restore"},
	}
)

// newSelection assigns the database and buckets to the plan by ARN, through a role with the
// AWS managed backup and restore policies (and the S3 ones when buckets are selected), and
// returns the role's ARN.
func newSelection(ctx *pulumi.Context, name string, plan *backup.Plan, a *BackupArgs, parent pulumi.ResourceOrInvokeOption) (pulumi.StringOutput, error) {
	var none pulumi.StringOutput
	partition, err := aws.GetPartition(ctx, nil, parent)
	if err != nil {
		return none, err
	}
	role, err := iam.NewRole(ctx, name+"-role", &iam.RoleArgs{
		Description:      pulumi.String("AWS Backup backs up and restores the resources of " + name),
		AssumeRolePolicy: pulumi.String(iampolicy.AssumeRole("backup.amazonaws.com")),
	}, parent)
	if err != nil {
		return none, err
	}
	policies := servicePolicies
	if a.BucketArns != nil {
		policies = slices.Concat(servicePolicies, s3Policies)
	}
	attachments := make([]pulumi.Resource, 0, len(policies))
	for _, p := range policies {
		attachment, err := iam.NewRolePolicyAttachment(ctx, name+"-role-"+p.suffix, &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/%s", partition.Partition, p.path)),
		}, parent)
		if err != nil {
			return none, err
		}
		attachments = append(attachments, attachment)
	}
	// AWS Backup checks the role when the selection is created: it waits for the policies.
	_, err = backup.NewSelection(ctx, name+"-selection", &backup.SelectionArgs{
		Name:       pulumi.String(name + "-selection"),
		PlanId:     plan.ID(),
		IamRoleArn: role.Arn,
		Resources:  selected(a),
	}, parent, pulumi.DependsOn(attachments))
	return role.Arn, err
}

// selected is the database ARN (if any) followed by the bucket ARNs.
func selected(a *BackupArgs) pulumi.StringArrayOutput {
	var parts []any
	if a.DatabaseArn != nil {
		parts = append(parts, pulumi.StringArray{a.DatabaseArn})
	}
	if a.BucketArns != nil {
		parts = append(parts, a.BucketArns)
	}
	return pulumi.All(parts...).ApplyT(func(lists []any) []string {
		var arns []string
		for _, l := range lists {
			arns = append(arns, l.([]string)...)
		}
		return arns
	}).(pulumi.StringArrayOutput)
}
