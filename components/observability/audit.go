package observability

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/validate"
)

// AuditArgs configures the account's CloudTrail trail. One stack per account owns it: the
// trail records every region's management events and the account's global service events.
type AuditArgs struct {
	// BucketName is the audit bucket (the storage tier's), whose policy must already let
	// CloudTrail check its ACL and write under TrailS3KeyPrefix, conditioned on this trail's
	// ARN, and whose lifecycle keeps objects 365 days. CloudTrail checks that access when the
	// trail is created, so pass an output that resolves only once the bucket policy exists
	// (the bucket policy's bucket output). Required.
	BucketName pulumi.StringInput
	// KMSKeyArn encrypts the log files: a key in the bucket's region whose policy lets
	// cloudtrail.amazonaws.com GenerateDataKey* with kms:EncryptionContext:aws:cloudtrail:arn
	// of this account's trails, and DescribeKey. Required.
	KMSKeyArn pulumi.StringInput
	// DeletionProtection marks the trail and its log group protect. Set it in production.
	// Defaults to false.
	DeletionProtection bool
}

// TrailS3KeyPrefix is where the trail writes in the audit bucket:
// <TrailS3KeyPrefix>/AWSLogs/<account>/CloudTrail/... and .../CloudTrail-Digest/...
const TrailS3KeyPrefix = "cloudtrail"

// TrailName returns the trail's name for a NamePrefix. The trail's ARN, which the audit
// bucket's policy names, is arn:<partition>:cloudtrail:<region>:<account>:trail/<name>.
func TrailName(prefix string) string { return prefix + "-audit" }

// validate reports the problems of Audit and, since the trail's log group needs them, of
// the instance's Logs.
func (a *AuditArgs) validate(p *validate.Problems, logs logging.Settings) {
	p.Required("Audit.BucketName", a.BucketName != nil, "the trail delivers to the audit bucket")
	p.Required("Audit.KMSKeyArn", a.KMSKeyArn != nil, "the trail's log files are KMS-encrypted")
	p.Required("Logs.KMSKeyArn", logs.KMSKeyArn != nil, "with Audit, the trail's log group is encrypted")
	logs.CheckRetention(p.At("Logs"))
}

// newTrail creates the multi-region trail with log file validation and KMS, delivering to
// the audit bucket and to an audit-class log group through a role that may write only there.
func newTrail(ctx *pulumi.Context, name, prefix string, a *AuditArgs, logs logging.Settings, opts ...pulumi.ResourceOption) (*cloudtrail.Trail, error) {
	protect := pulumi.Protect(a.DeletionProtection)
	group, err := logs.NewGroup(ctx, name+"-trail", logs.Name("cloudtrail"), logging.Audit, append(opts, protect)...)
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, name+"-trail", &iam.RoleArgs{
		Description:      pulumi.String("CloudTrail delivery to CloudWatch Logs"),
		AssumeRolePolicy: pulumi.String(iampolicy.AssumeRole("cloudtrail.amazonaws.com")),
	}, opts...)
	if err != nil {
		return nil, err
	}
	delivery, err := iam.NewRolePolicy(ctx, name+"-trail", &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: iampolicy.Render(func(v []string) iampolicy.Document {
			return iampolicy.New(iampolicy.Allow("DeliverTrailToItsLogGroup",
				[]string{"logs:CreateLogStream", "logs:PutLogEvents"}, v[0]+":log-stream:*"))
		}, group.Arn),
	}, opts...)
	if err != nil {
		return nil, err
	}
	// CloudTrail checks that the role can write when the trail is created.
	return cloudtrail.NewTrail(ctx, name, &cloudtrail.TrailArgs{
		Name:                       pulumi.String(TrailName(prefix)),
		S3BucketName:               a.BucketName,
		S3KeyPrefix:                pulumi.String(TrailS3KeyPrefix),
		KmsKeyId:                   a.KMSKeyArn,
		IsMultiRegionTrail:         pulumi.Bool(true),
		IncludeGlobalServiceEvents: pulumi.Bool(true),
		EnableLogFileValidation:    pulumi.Bool(true),
		EnableLogging:              pulumi.Bool(true),
		// CloudTrail wants the log group ARN with its log-stream wildcard.
		CloudWatchLogsGroupArn: pulumi.Sprintf("%s:*", group.Arn),
		CloudWatchLogsRoleArn:  role.Arn,
	}, append(opts, protect, pulumi.DependsOn([]pulumi.Resource{delivery}))...)
}
