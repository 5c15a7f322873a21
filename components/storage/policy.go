package storage

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/awsenv"

	"github.com/saleor-platform/infra/components/iampolicy"
)

// newPolicies attaches every bucket's policy but a deferred media bucket's, and returns the
// logs bucket's policy, which access logging waits for.
func (c *Storage) newPolicies(ctx *pulumi.Context, buckets map[Role]*bucket, a *StorageArgs, env awsenv.Environment, opts ...pulumi.ResourceOption) (*s3.BucketPolicy, error) {
	var sources []pulumi.StringInput
	for _, role := range a.roles() {
		if role != Logs {
			sources = append(sources, buckets[role].res.Arn)
		}
	}
	logsPolicy, err := newPolicy(ctx, c.name, buckets[Logs], func(arn string, sources []string) []iampolicy.Statement {
		return logDelivery(env, arn, sources)
	}, sources, opts...)
	if err != nil {
		return nil, err
	}
	c.Buckets[Logs] = deliveryReady(c.Buckets[Logs], logsPolicy, buckets[Logs].ownership)
	for _, role := range a.roles() {
		switch {
		case role == Logs:
		case role == Media && a.MediaServedByCloudFront:
			c.mediaPending = buckets[role]
		case a.ServedToAccountDistributions && role.replicated():
			if _, err := newPolicy(ctx, c.name, buckets[role], func(arn string, _ []string) []iampolicy.Statement {
				return []iampolicy.Statement{cloudFrontAccountRead(arn, env)}
			}, nil, opts...); err != nil {
				return nil, err
			}
		case role == Audit:
			trail := fmt.Sprintf("arn:%s:cloudtrail:%s:%s:trail/%s", env.Partition, env.Region, env.Account, a.CloudTrailName)
			policy, err := newPolicy(ctx, c.name, buckets[role], func(arn string, _ []string) []iampolicy.Statement {
				return cloudTrailDelivery(arn, trail, env.Account)
			}, nil, opts...)
			if err != nil {
				return nil, err
			}
			audit := c.Buckets[Audit]
			audit.Name = policy.Bucket
			c.Buckets[Audit] = audit
		default:
			if _, err := newPolicy(ctx, c.name, buckets[role], nil, nil, opts...); err != nil {
				return nil, err
			}
		}
	}
	return logsPolicy, nil
}

// deliveryReady returns the logs bucket's identity with Name and DomainName resolved only once
// its policy (which admits load balancer log delivery) and its ownership controls (which
// keep the ACLs CloudFront standard logging writes through) are in place: a load balancer
// or distribution configured with them waits for both, instead of racing them.
func deliveryReady(b Bucket, policy *s3.BucketPolicy, ownership *s3.BucketOwnershipControls) Bucket {
	after := func(v pulumi.StringOutput) pulumi.StringOutput {
		return pulumi.All(v, policy.Bucket, ownership.Bucket).ApplyT(func(all []any) string { return all[0].(string) }).(pulumi.StringOutput)
	}
	b.Name, b.DomainName = after(b.Name), after(b.DomainName)
	return b
}

// ServeMediaThrough creates the media bucket's policy that MediaServedByCloudFront deferred:
// the TLS-only deny plus s3:GetObject for cloudfront.amazonaws.com on behalf of the one
// distribution given (origin access control, condition AWS:SourceArn). Call it once, after
// the distribution exists; this breaks the bucket <-> distribution cycle.
func (c *Storage) ServeMediaThrough(ctx *pulumi.Context, distributionArn pulumi.StringInput) error {
	if c.mediaPending == nil {
		return fmt.Errorf("storage %s: ServeMediaThrough: the media bucket's policy is not waiting for a distribution "+
			"(MediaServedByCloudFront is false, or ServeMediaThrough was already called)", c.name)
	}
	if distributionArn == nil {
		return errors.New("storage " + c.name + ": ServeMediaThrough: distributionArn is required")
	}
	b := c.mediaPending
	c.mediaPending = nil
	_, err := newPolicy(ctx, c.name, b, func(arn string, v []string) []iampolicy.Statement {
		return []iampolicy.Statement{cloudFrontRead(arn, v[0])}
	}, []pulumi.StringInput{distributionArn}, pulumi.Parent(c))
	return err
}

// KeepMediaPrivate creates the media bucket's policy that MediaServedByCloudFront deferred
// without a read grant: the TLS-only deny alone, for a stack whose distribution does not
// exist yet (its zone is not delegated). It is the same policy resource ServeMediaThrough
// creates, so a later update that adds the distribution changes it in place.
func (c *Storage) KeepMediaPrivate(ctx *pulumi.Context) error {
	if c.mediaPending == nil {
		return fmt.Errorf("storage %s: KeepMediaPrivate: the media bucket's policy is not waiting for a distribution", c.name)
	}
	b := c.mediaPending
	c.mediaPending = nil
	_, err := newPolicy(ctx, c.name, b, nil, nil, pulumi.Parent(c))
	return err
}

// newPolicy attaches a bucket's policy: the TLS-only deny plus the statements more (if any)
// builds from the bucket's ARN and the resolved inputs. It waits for the bucket's public
// access block, since S3 rejects a policy change while another bucket change is in flight.
func newPolicy(ctx *pulumi.Context, name string, b *bucket, more func(arn string, values []string) []iampolicy.Statement,
	inputs []pulumi.StringInput, opts ...pulumi.ResourceOption) (*s3.BucketPolicy, error) {
	return s3.NewBucketPolicy(ctx, name+"-"+string(b.role), &s3.BucketPolicyArgs{
		Bucket: b.res.ID(),
		Policy: iampolicy.Render(func(v []string) iampolicy.Document {
			statements := []iampolicy.Statement{denyInsecureTransport(v[0])}
			if more != nil {
				statements = append(statements, more(v[0], v[1:])...)
			}
			return iampolicy.New(statements...)
		}, append([]pulumi.StringInput{b.res.Arn}, inputs...)...),
	}, append(opts, pulumi.DependsOn([]pulumi.Resource{b.publicAccess}))...)
}

// denyInsecureTransport denies every request to the bucket and its objects made without TLS.
func denyInsecureTransport(arn string) iampolicy.Statement {
	return iampolicy.Statement{
		Sid:       "DenyInsecureTransport",
		Effect:    "Deny",
		Principal: iampolicy.AWS("*"),
		Action:    []string{"s3:*"},
		Resource:  []string{arn, arn + "/*"},
		Condition: map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}},
	}
}

// logDelivery admits into the logs bucket the region's load balancer access logs (under
// LoadBalancerLogPrefix, for this account) and the server access logs of the source buckets
// (under serverAccessLogRoot, bound to this account).
func logDelivery(env awsenv.Environment, arn string, sources []string) []iampolicy.Statement {
	put := []string{"s3:PutObject"}
	lbLogs := fmt.Sprintf("%s/%s/AWSLogs/%s/*", arn, LoadBalancerLogPrefix, env.Account)
	out := []iampolicy.Statement{{
		Sid:       "LoadBalancerAccessLogs",
		Effect:    "Allow",
		Principal: iampolicy.Service(loadBalancerLogService),
		Action:    put,
		Resource:  []string{lbLogs},
	}}
	if account, ok := catalog.LoadBalancerLogAccount(env.Region); ok {
		out = append(out, iampolicy.Statement{
			Sid:       "LoadBalancerAccessLogsLegacyAccount",
			Effect:    "Allow",
			Principal: iampolicy.AWS(fmt.Sprintf("arn:%s:iam::%s:root", env.Partition, account)),
			Action:    put,
			Resource:  []string{lbLogs},
		})
	}
	return append(out, iampolicy.Statement{
		Sid:       "S3ServerAccessLogs",
		Effect:    "Allow",
		Principal: iampolicy.Service("logging.s3.amazonaws.com"),
		Action:    put,
		Resource:  []string{arn + "/" + serverAccessLogRoot + "*"},
		Condition: map[string]map[string]any{
			"ArnLike":      {"aws:SourceArn": sources},
			"StringEquals": {"aws:SourceAccount": env.Account},
		},
	})
}

// cloudFrontRead lets one CloudFront distribution read the bucket's objects through origin
// access control.
func cloudFrontRead(arn, distributionArn string) iampolicy.Statement {
	return iampolicy.Statement{
		Sid:       "CloudFrontReadsObjects",
		Effect:    "Allow",
		Principal: iampolicy.Service("cloudfront.amazonaws.com"),
		Action:    []string{"s3:GetObject"},
		Resource:  []string{arn + "/*"},
		Condition: map[string]map[string]any{"StringEquals": {"AWS:SourceArn": distributionArn}},
	}
}

// cloudFrontAccountRead lets CloudFront read the bucket's objects on behalf of any
// distribution of this account (origin access control): for a replica read by a distribution
// of another stack, whose ARN the stack owning the replica cannot know.
func cloudFrontAccountRead(arn string, env awsenv.Environment) iampolicy.Statement {
	return iampolicy.Statement{
		Sid:       "CloudFrontOfThisAccountReadsObjects",
		Effect:    "Allow",
		Principal: iampolicy.Service("cloudfront.amazonaws.com"),
		Action:    []string{"s3:GetObject"},
		Resource:  []string{arn + "/*"},
		Condition: map[string]map[string]any{
			"StringEquals": {"AWS:SourceAccount": env.Account},
			"ArnLike":      {"AWS:SourceArn": fmt.Sprintf("arn:%s:cloudfront::%s:distribution/*", env.Partition, env.Account)},
		},
	}
}

// CloudTrailKeyPrefix is the key prefix under which the trail delivers to the audit bucket.
const CloudTrailKeyPrefix = "cloudtrail"

// cloudTrailDelivery lets one trail check the audit bucket's ACL and write its log files
// under CloudTrailKeyPrefix, owned by the bucket owner.
func cloudTrailDelivery(arn, trail, account string) []iampolicy.Statement {
	fromTrail := map[string]any{"aws:SourceArn": trail}
	return []iampolicy.Statement{{
		Sid:       "CloudTrailChecksBucketAcl",
		Effect:    "Allow",
		Principal: iampolicy.Service("cloudtrail.amazonaws.com"),
		Action:    []string{"s3:GetBucketAcl"},
		Resource:  arn,
		Condition: map[string]map[string]any{"StringEquals": fromTrail},
	}, {
		Sid:       "CloudTrailWritesLogFiles",
		Effect:    "Allow",
		Principal: iampolicy.Service("cloudtrail.amazonaws.com"),
		Action:    []string{"s3:PutObject"},
		Resource:  fmt.Sprintf("%s/%s/AWSLogs/%s/*", arn, CloudTrailKeyPrefix, account),
		Condition: map[string]map[string]any{"StringEquals": {
			"aws:SourceArn": trail, "s3:x-amz-acl": "bucket-owner-full-control",
		}},
	}}
}
