package observability

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cfg"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/validate"
)

// ConfigRecorderArgs configures a ConfigRecorder.
type ConfigRecorderArgs struct {
	// NamePrefix names the recorder and its delivery channel <NamePrefix>-config, e.g.
	// "saleor-prod-eu". Required.
	NamePrefix string
	// BucketName and BucketArn are the audit bucket the recorder delivers configuration
	// history and snapshots to, under ConfigS3KeyPrefix; it may be in another region.
	// Required.
	BucketName, BucketArn pulumi.StringInput
	// KMSKeyArn encrypts what the recorder delivers: the audit bucket's key, in the
	// bucket's region. Required.
	KMSKeyArn pulumi.StringInput
	// GlobalResources records the account's global resource types (IAM users, roles,
	// policies) too. Exactly one region of the account records them, or each change is
	// recorded (and billed) once per region. Defaults to false.
	GlobalResources bool
}

// ConfigS3KeyPrefix is where recorders deliver in the audit bucket:
// <ConfigS3KeyPrefix>/AWSLogs/<account>/Config/<region>/...
const ConfigS3KeyPrefix = "config"

// snapshotFrequency is how often the recorders deliver a configuration snapshot.
const snapshotFrequency = "TwentyFour_Hours"

func (a ConfigRecorderArgs) validate(p *validate.Problems) {
	checkNamePrefix(p, a.NamePrefix)
	p.Required("BucketName", a.BucketName != nil, "the recorder delivers to the audit bucket")
	p.Required("BucketArn", a.BucketArn != nil, "the recorder delivers to the audit bucket")
	p.Required("KMSKeyArn", a.KMSKeyArn != nil, "the audit bucket's key")
}

// ConfigRecorder is the AWS Config recorder of one region of the account, recording every
// supported resource type, delivering to the audit bucket and started. Security Hub's
// controls evaluate AWS Config rules: without a recorder most of them never run. An account
// has one recorder per region, so one stack per account (the one that enables Security Hub)
// creates them.
type ConfigRecorder struct {
	pulumi.ResourceState

	// Name is the recorder's name.
	Name pulumi.StringOutput `pulumi:"name"`
}

// configRecorderType is the component's Pulumi type token.
const configRecorderType = "saleor:observability:ConfigRecorder"

// NewConfigRecorder creates the recorder, its role, its delivery channel and starts it, in the
// region of the component's provider.
func NewConfigRecorder(ctx *pulumi.Context, name string, args *ConfigRecorderArgs, opts ...pulumi.ResourceOption) (*ConfigRecorder, error) {
	a, err := validate.Args(configRecorderType, name, args, nil, ConfigRecorderArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &ConfigRecorder{}
	if err := ctx.RegisterComponentResource(configRecorderType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	env, err := awsenv.Lookup(ctx, parent)
	if err != nil {
		return nil, err
	}
	role, err := newConfigRole(ctx, name, &a, env, parent)
	if err != nil {
		return nil, err
	}
	recorder, err := cfg.NewRecorder(ctx, name, &cfg.RecorderArgs{
		Name:    pulumi.String(a.NamePrefix + "-config"),
		RoleArn: role.arn,
		RecordingGroup: &cfg.RecorderRecordingGroupArgs{
			AllSupported:               pulumi.Bool(true),
			IncludeGlobalResourceTypes: pulumi.Bool(a.GlobalResources),
		},
	}, parent)
	if err != nil {
		return nil, err
	}
	channel, err := cfg.NewDeliveryChannel(ctx, name, &cfg.DeliveryChannelArgs{
		Name:         pulumi.String(a.NamePrefix + "-config"),
		S3BucketName: a.BucketName,
		S3KeyPrefix:  pulumi.String(ConfigS3KeyPrefix),
		S3KmsKeyArn:  a.KMSKeyArn,
		SnapshotDeliveryProperties: &cfg.DeliveryChannelSnapshotDeliveryPropertiesArgs{
			DeliveryFrequency: pulumi.String(snapshotFrequency),
		},
	}, parent, pulumi.DependsOn(append([]pulumi.Resource{recorder}, role.grants...)))
	if err != nil {
		return nil, err
	}
	// AWS Config starts recording only once a delivery channel exists.
	if _, err := cfg.NewRecorderStatus(ctx, name, &cfg.RecorderStatusArgs{
		Name:      recorder.Name,
		IsEnabled: pulumi.Bool(true),
	}, parent, pulumi.DependsOn([]pulumi.Resource{channel})); err != nil {
		return nil, err
	}
	c.Name = recorder.Name
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"name": c.Name})
}

// configRole is the recorder's role and the grants AWS Config checks when the delivery
// channel is created.
type configRole struct {
	arn    pulumi.StringOutput
	grants []pulumi.Resource
}

// newConfigRole is the recorder's role: AWS's managed read-only recording policy, plus
// delivery into the audit bucket's Config prefix for this account with the audit key.
func newConfigRole(ctx *pulumi.Context, name string, a *ConfigRecorderArgs, env awsenv.Environment, parent pulumi.ResourceOrInvokeOption) (*configRole, error) {
	role, err := iam.NewRole(ctx, name+"-config", &iam.RoleArgs{
		Description:      pulumi.String("AWS Config records this region's resources into the audit bucket"),
		AssumeRolePolicy: pulumi.String(iampolicy.AssumeRole("config.amazonaws.com")),
	}, parent)
	if err != nil {
		return nil, err
	}
	recording, err := iam.NewRolePolicyAttachment(ctx, name+"-config", &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/service-role/AWS_ConfigRole", env.Partition)),
	}, parent)
	if err != nil {
		return nil, err
	}
	delivery, err := iam.NewRolePolicy(ctx, name+"-config", &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: iampolicy.Render(func(v []string) iampolicy.Document {
			bucket, key := v[0], v[1]
			deliver := iampolicy.Allow("DeliverToTheAuditBucket", []string{"s3:PutObject", "s3:PutObjectAcl"},
				fmt.Sprintf("%s/%s/AWSLogs/%s/Config/*", bucket, ConfigS3KeyPrefix, env.Account))
			deliver.Condition = map[string]map[string]any{"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}
			return iampolicy.New(
				deliver,
				iampolicy.Allow("CheckTheAuditBucket", []string{"s3:GetBucketAcl"}, bucket),
				iampolicy.Allow("EncryptWithTheAuditKey", []string{"kms:GenerateDataKey", "kms:Decrypt"}, key))
		}, a.BucketArn, a.KMSKeyArn),
	}, parent)
	if err != nil {
		return nil, err
	}
	return &configRole{arn: role.Arn, grants: []pulumi.Resource{recording, delivery}}, nil
}
