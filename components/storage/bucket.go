package storage

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// bucket is a bucket and the companions later resources wait for.
type bucket struct {
	role         Role
	res          *s3.BucketV2
	versioning   *s3.BucketVersioningV2
	publicAccess *s3.BucketPublicAccessBlock
	ownership    *s3.BucketOwnershipControls
}

// newBucket creates a role's bucket with its encryption, versioning, public access block,
// ownership controls and lifecycle. Its policy and access logging come later, once every
// bucket of the component exists.
func newBucket(ctx *pulumi.Context, name string, role Role, a *StorageArgs, opts ...pulumi.ResourceOption) (*bucket, error) {
	prefix := name + "-" + string(role)
	res, err := s3.NewBucketV2(ctx, prefix, &s3.BucketV2Args{
		ForceDestroy: pulumi.Bool(!a.DeletionProtection),
		Tags:         pulumi.StringMap{"Role": pulumi.String(string(role))},
	}, append(opts, pulumi.Protect(a.DeletionProtection))...)
	if err != nil {
		return nil, err
	}
	b := &bucket{role: role, res: res}

	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, prefix, &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: res.ID(),
		Rules:  s3.BucketServerSideEncryptionConfigurationV2RuleArray{encryptionRule(role, a.KMSKeyArn)},
	}, opts...); err != nil {
		return nil, err
	}
	if b.versioning, err = s3.NewBucketVersioningV2(ctx, prefix, &s3.BucketVersioningV2Args{
		Bucket:                  res.ID(),
		VersioningConfiguration: s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, opts...); err != nil {
		return nil, err
	}
	if b.publicAccess, err = s3.NewBucketPublicAccessBlock(ctx, prefix, &s3.BucketPublicAccessBlockArgs{
		Bucket:                res.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, opts...); err != nil {
		return nil, err
	}
	if b.ownership, err = s3.NewBucketOwnershipControls(ctx, prefix, &s3.BucketOwnershipControlsArgs{
		Bucket: res.ID(),
		Rule:   s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String(objectOwnership(role))},
	}, opts...); err != nil {
		return nil, err
	}
	// Noncurrent-version rules act on versions, so the configuration follows versioning.
	if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, prefix, &s3.BucketLifecycleConfigurationV2Args{
		Bucket: res.ID(),
		Rules:  lifecycleRules(role, a),
	}, append(opts, pulumi.DependsOn([]pulumi.Resource{b.versioning}))...); err != nil {
		return nil, err
	}
	return b, nil
}

// encryptionRule is a role's default encryption: SSE-KMS with the storage key and an S3
// bucket key (one KMS call per bucket key rather than per object), except for the logs
// bucket, which uses SSE-S3 because S3 server access logging and load balancer access logs
// can only be delivered to SSE-S3 buckets.
func encryptionRule(role Role, key pulumi.StringInput) s3.BucketServerSideEncryptionConfigurationV2RuleArgs {
	if role == Logs {
		return s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("AES256"),
			},
		}
	}
	return s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
		ApplyServerSideEncryptionByDefault: s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
			SseAlgorithm:   pulumi.String("aws:kms"),
			KmsMasterKeyId: key,
		},
		BucketKeyEnabled: pulumi.Bool(true),
	}
}

// objectOwnership is a role's ownership setting: ACLs disabled (BucketOwnerEnforced), except
// on the logs bucket, which keeps ACLs (BucketOwnerPreferred) because CloudFront standard
// (legacy) logging delivers through an ACL grant to the awslogsdelivery account and fails on
// a bucket with ACLs disabled.
func objectOwnership(role Role) string {
	if role == Logs {
		return "BucketOwnerPreferred"
	}
	return "BucketOwnerEnforced"
}

// newAccessLogging logs a bucket's server access into the logs bucket under
// AccessLogPrefix(role).
func newAccessLogging(ctx *pulumi.Context, name string, b, logs *bucket, opts ...pulumi.ResourceOption) error {
	_, err := s3.NewBucketLoggingV2(ctx, name+"-"+string(b.role), &s3.BucketLoggingV2Args{
		Bucket:       b.res.ID(),
		TargetBucket: logs.res.ID(),
		TargetPrefix: pulumi.String(AccessLogPrefix(b.role)),
	}, opts...)
	return err
}

// AccessLogPrefix is the key prefix of a role's server access logs in the logs bucket.
func AccessLogPrefix(role Role) string { return serverAccessLogRoot + string(role) + "/" }

// serverAccessLogRoot is the key prefix under which all server access logs land.
const serverAccessLogRoot = "s3/"
