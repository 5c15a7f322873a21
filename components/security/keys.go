package security

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"

	"github.com/saleor-platform/infra/components/iampolicy"
)

// DataClass is a class of data that gets its own customer-managed KMS key, so access to one
// class can be granted, audited and revoked without touching the others.
type DataClass string

const (
	Database  DataClass = "database"  // RDS storage, Performance Insights, snapshots; the search index
	Cache     DataClass = "cache"     // ElastiCache at rest
	Storage   DataClass = "storage"   // S3 buckets and ECR images
	Logs      DataClass = "logs"      // CloudWatch log groups
	Secrets   DataClass = "secrets"   // Secrets Manager secrets and SSM SecureString parameters
	Backup    DataClass = "backup"    // AWS Backup vaults
	Messaging DataClass = "messaging" // SQS queues and SNS topics
	Audit     DataClass = "audit"     // CloudTrail log files
)

// DataClasses lists every class, in the order keys are created.
func DataClasses() []DataClass {
	return []DataClass{Database, Cache, Storage, Logs, Secrets, Backup, Messaging, Audit}
}

// keyPolicy returns a class's key policy. The account root statement lets IAM policies grant
// use of the key: RDS, ElastiCache, S3, ECR, Secrets Manager and AWS Backup work through
// their caller's IAM permissions and grants, so they need nothing more. Services that act
// as themselves get their own statement, bound to this account (and, for logs, to this
// region's log groups; for storage, to this account's CloudFront distributions, which read
// the media bucket through origin access control; for audit, to this region's trails).
func keyPolicy(class DataClass, env awsenv.Environment) iampolicy.Document {
	account, partition, region := env.Account, env.Partition, env.Region
	root := env.RootARN()
	statements := []iampolicy.Statement{{
		Sid:       "AccountAdministersThroughIAM",
		Effect:    "Allow",
		Principal: iampolicy.AWS(root),
		Action:    []string{"kms:*"},
		Resource:  "*",
	}}
	use := []string{"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"}
	switch class {
	case Logs:
		statements = append(statements, iampolicy.Statement{
			Sid:       "CloudWatchLogsEncryptsThisRegionsLogGroups",
			Effect:    "Allow",
			Principal: iampolicy.Service(fmt.Sprintf("logs.%s.amazonaws.com", region)),
			Action:    use,
			Resource:  "*",
			Condition: map[string]map[string]any{"ArnLike": {
				"kms:EncryptionContext:aws:logs:arn": fmt.Sprintf("arn:%s:logs:%s:%s:log-group:*", partition, region, account),
			}},
		})
	case Storage:
		statements = append(statements, iampolicy.Statement{
			Sid:       "CloudFrontReadsMediaThroughOriginAccessControl",
			Effect:    "Allow",
			Principal: iampolicy.Service("cloudfront.amazonaws.com"),
			Action:    []string{"kms:Decrypt"},
			Resource:  "*",
			Condition: map[string]map[string]any{
				"StringEquals": {"aws:SourceAccount": account},
				"ArnLike":      {"aws:SourceArn": fmt.Sprintf("arn:%s:cloudfront::%s:distribution/*", partition, account)},
			},
		})
	case Audit:
		trails := fmt.Sprintf("arn:%s:cloudtrail:%s:%s:trail/*", partition, region, account)
		fromTrails := map[string]any{"aws:SourceArn": trails}
		statements = append(statements, iampolicy.Statement{
			Sid:       "CloudTrailEncryptsThisAccountsTrails",
			Effect:    "Allow",
			Principal: iampolicy.Service("cloudtrail.amazonaws.com"),
			Action:    []string{"kms:GenerateDataKey*"},
			Resource:  "*",
			Condition: map[string]map[string]any{
				"ArnLike":    fromTrails,
				"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": fmt.Sprintf("arn:%s:cloudtrail:*:%s:trail/*", partition, account)},
			},
		}, iampolicy.Statement{
			Sid:       "CloudTrailDescribesTheKey",
			Effect:    "Allow",
			Principal: iampolicy.Service("cloudtrail.amazonaws.com"),
			Action:    []string{"kms:DescribeKey"},
			Resource:  "*",
			Condition: map[string]map[string]any{"ArnLike": fromTrails},
		})
	case Messaging:
		// SNS delivers to SQS; alarms, EventBridge, budgets and cost anomaly alerts publish to
		// SNS. No condition: CloudWatch alarms fail to publish when the statement is bound by
		// account condition keys (AWS's own example grants it unconditioned); the topics'
		// policies admit only this account's publishers.
		statements = append(statements, iampolicy.Statement{
			Sid:    "AWSServicesPublishToEncryptedTopicsAndQueues",
			Effect: "Allow",
			Principal: iampolicy.Service("sns.amazonaws.com", "cloudwatch.amazonaws.com", "events.amazonaws.com",
				"budgets.amazonaws.com", "costalerts.amazonaws.com"),
			Action:   []string{"kms:Decrypt", "kms:GenerateDataKey*"},
			Resource: "*",
		})
	}
	return iampolicy.New(statements...)
}

// newKey creates one class's key and its alias alias/<prefix>/<class>.
func newKey(ctx *pulumi.Context, name string, class DataClass, args *SecurityArgs, env awsenv.Environment, opts ...pulumi.ResourceOption) (*kms.Key, error) {
	key, err := kms.NewKey(ctx, fmt.Sprintf("%s-%s", name, class), &kms.KeyArgs{
		Description:          pulumi.Sprintf("%s data of %s", class, args.AliasPrefix),
		EnableKeyRotation:    pulumi.Bool(true),
		RotationPeriodInDays: pulumi.Int(args.RotationPeriodDays),
		DeletionWindowInDays: pulumi.Int(args.DeletionWindowDays),
		Policy:               pulumi.String(keyPolicy(class, env).String()),
	}, append(opts, pulumi.Protect(args.DeletionProtection))...)
	if err != nil {
		return nil, err
	}
	_, err = kms.NewAlias(ctx, fmt.Sprintf("%s-%s", name, class), &kms.AliasArgs{
		Name:        pulumi.Sprintf("alias/%s/%s", args.AliasPrefix, class),
		TargetKeyId: key.KeyId,
	}, opts...)
	return key, err
}
