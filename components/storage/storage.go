// Package storage is the storage tier of one region: the platform's S3 buckets by role
// (media, assets, backups, logs), each with its encryption, versioning, public access block,
// ownership, TLS-only policy, lifecycle and server access logging, and the cross-region
// replication of media and assets to a Replica-mode instance in the disaster-recovery region.
package storage

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/components/validate"
)

// Mode is what a Storage instance holds.
type Mode string

const (
	// Primary holds the platform's buckets: media, assets, backups and logs.
	Primary Mode = "primary"
	// Replica holds, in the disaster-recovery region, the replication destinations of the
	// replicated roles (media, assets) and that region's logs bucket, which records their
	// access (S3 logs only into a bucket of the same region).
	Replica Mode = "replica"
	// LogsOnly holds only the region's logs bucket: a regional stack's, which receives its
	// load balancer and CloudFront logs, while its media and assets are the primary's
	// replicas.
	LogsOnly Mode = "logs"
)

// Role is what a bucket is for.
type Role string

const (
	// Media holds Saleor's uploads (AWS_MEDIA_BUCKET_NAME), served by CloudFront under /media/*.
	Media Role = "media"
	// Assets holds generated and static assets (AWS_STORAGE_BUCKET_NAME).
	Assets Role = "assets"
	// Backups holds exports and dumps, kept in S3 Glacier Instant Retrieval (BackupsStorageClass).
	Backups Role = "backups"
	// Logs receives the region's S3 server access logs, load balancer access logs and
	// CloudFront standard logs; it is encrypted with SSE-S3, which those deliveries require.
	Logs Role = "logs"
	// Audit receives the CloudTrail trail named by CloudTrailName, kept AuditRetentionDays.
	Audit Role = "audit"
)

// ReplicatedRoles are the roles a Primary replicates to its Replica.
func ReplicatedRoles() []Role { return []Role{Media, Assets} }

// roles returns the roles of the buckets the component creates, logs first (the others log
// into it).
func (a StorageArgs) roles() []Role {
	switch {
	case a.Mode == LogsOnly:
		return []Role{Logs}
	case a.Mode == Replica:
		return []Role{Logs, Media, Assets}
	case a.CloudTrailName != "":
		return []Role{Logs, Media, Assets, Backups, Audit}
	default:
		return []Role{Logs, Media, Assets, Backups}
	}
}

// StorageArgs configures a Storage.
type StorageArgs struct {
	// Mode is what the instance holds. Defaults to Primary.
	Mode Mode
	// KMSKeyArn is the region's storage key (security.Storage); it encrypts every bucket but
	// the logs bucket. Required but in LogsOnly mode.
	KMSKeyArn pulumi.StringInput
	// Replicas replicate a Primary's media and assets buckets to Replica instances in other
	// regions (the disaster-recovery region, the regional stacks' regions): pass each
	// replica's ReplicationTarget(name). S3 keeps one replication configuration per bucket, so
	// one Primary owns every copy of its buckets. Defaults to none. Not allowed in Replica
	// mode.
	Replicas []*Replication
	// MediaServedByCloudFront defers the media bucket's policy to ServeMediaThrough, which
	// adds read access for one CloudFront distribution; until it is called the media bucket
	// has no policy. On a Replica in the disaster-recovery region it admits the Primary's
	// distribution, which fails over to it. Defaults to false: the media bucket gets the
	// TLS-only policy here. Not in LogsOnly mode, which has no media bucket.
	MediaServedByCloudFront bool
	// ServedToAccountDistributions makes a Replica's media and assets buckets readable by
	// CloudFront distributions of this account (origin access control, bound to the account):
	// a regional stack's distribution serves them, and the stack that owns the replicas
	// cannot know its ARN. Defaults to false. Replica mode only.
	ServedToAccountDistributions bool
	// NoncurrentVersionDays is how long an overwritten or deleted object version is kept
	// before it expires, in days. Defaults to 30 days.
	NoncurrentVersionDays int
	// IncompleteUploadDays is how long an unfinished multipart upload is kept before it is
	// aborted, in days. Defaults to 7 days.
	IncompleteUploadDays int
	// LogsExpirationDays is how long the logs bucket keeps a log file, in days. Defaults to
	// 90 days.
	LogsExpirationDays int
	// CloudTrailName adds the audit bucket, whose policy lets the trail of that name (in this
	// region and account) deliver its log files under CloudTrailKeyPrefix. Defaults to "": no
	// audit bucket. Primary mode only.
	CloudTrailName string
	// AuditRetentionDays is how long the audit bucket keeps a log file, in days. Defaults to
	// 365 days.
	AuditRetentionDays int
	// DeletionProtection marks the buckets `protect` and leaves forceDestroy off, so neither
	// destroy nor a replacement can empty them. Set it in production. Defaults to false: the
	// buckets are destroyed with their objects.
	DeletionProtection bool
}

func (a StorageArgs) withDefaults() StorageArgs {
	if a.Mode == "" {
		a.Mode = Primary
	}
	if a.NoncurrentVersionDays == 0 {
		a.NoncurrentVersionDays = 30
	}
	if a.IncompleteUploadDays == 0 {
		a.IncompleteUploadDays = 7
	}
	if a.LogsExpirationDays == 0 {
		a.LogsExpirationDays = 90
	}
	if a.AuditRetentionDays == 0 {
		a.AuditRetentionDays = 365
	}
	return a
}

func (a StorageArgs) validate(p *validate.Problems) {
	validate.OneOf(p, "Mode", a.Mode, []Mode{Primary, Replica, LogsOnly})
	if a.Mode != LogsOnly {
		p.Required("KMSKeyArn", a.KMSKeyArn != nil, "the storage key of the component's region")
	}
	if a.CloudTrailName != "" && a.Mode != Primary {
		p.Add("CloudTrailName", "the audit bucket belongs to the Primary")
	}
	if a.ServedToAccountDistributions && a.Mode != Replica {
		p.Add("ServedToAccountDistributions", "is for a Replica; a Primary serves its media through ServeMediaThrough, to one distribution")
	}
	if a.ServedToAccountDistributions && a.MediaServedByCloudFront {
		p.Add("MediaServedByCloudFront", "serves the media bucket to one distribution, ServedToAccountDistributions to all of the account's: choose one")
	}
	if a.MediaServedByCloudFront && a.Mode == LogsOnly {
		p.Add("MediaServedByCloudFront", "LogsOnly mode has no media bucket")
	}
	if len(a.Replicas) > 0 && a.Mode != Primary {
		p.Add("Replicas", "a Replica is a replication destination and replicates nowhere; set it on the Primary")
	}
	names := map[string]bool{}
	for i, r := range a.Replicas {
		at := validate.Index("Replicas", i)
		if r == nil {
			p.Add(at, "is nil; pass a Replica's ReplicationTarget(name)")
			continue
		}
		if names[r.Name] {
			p.Add(at, "%q is named twice", r.Name)
		}
		names[r.Name] = true
		r.validate(p.At(at))
	}
	p.AtLeast("NoncurrentVersionDays", a.NoncurrentVersionDays, 1, "days")
	p.AtLeast("IncompleteUploadDays", a.IncompleteUploadDays, 1, "days")
	p.AtLeast("LogsExpirationDays", a.LogsExpirationDays, 1, "days")
	p.AtLeast("AuditRetentionDays", a.AuditRetentionDays, 1, "days")
}

// Bucket is one bucket's identity, for the tiers that use it.
type Bucket struct {
	// Name is the bucket's name (Saleor's AWS_MEDIA_BUCKET_NAME, AWS_STORAGE_BUCKET_NAME).
	Name pulumi.StringOutput
	// Arn is the bucket's ARN.
	Arn pulumi.StringOutput
	// RegionalDomainName is the bucket's regional endpoint, e.g. for a CloudFront origin.
	RegionalDomainName pulumi.StringOutput
	// DomainName is the bucket's global endpoint, <bucket>.s3.amazonaws.com, the form
	// CloudFront standard logging takes for the logs bucket.
	DomainName pulumi.StringOutput
}

// Storage is the storage tier of one region.
type Storage struct {
	pulumi.ResourceState

	// Mode is what the instance holds.
	Mode Mode
	// Buckets holds the bucket of each role the component creates. The audit bucket's Name
	// resolves once its policy is in place, so a trail given it waits for the policy; the
	// logs bucket's Name and DomainName once its policy and ownership controls are, so a load
	// balancer or distribution logging into it waits for both.
	Buckets map[Role]Bucket
	// ReplicaBucketArns holds, by replica name, the ARN of the replica of each of
	// ReplicatedRoles(); empty without Replicas.
	ReplicaBucketArns map[string]map[Role]pulumi.StringOutput

	name string
	// mediaPending is the media bucket while its policy waits for ServeMediaThrough.
	mediaPending *bucket
	// target is what a Replica offers a Primary's Replication.
	target *Replication
}

// storageType is the component's Pulumi type token.
const storageType = "saleor:storage:Storage"

// NewStorage creates the buckets of a mode in the region of the component's AWS provider.
func NewStorage(ctx *pulumi.Context, name string, args *StorageArgs, opts ...pulumi.ResourceOption) (*Storage, error) {
	a, err := validate.Args(storageType, name, args, StorageArgs.withDefaults, StorageArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &Storage{Mode: a.Mode, Buckets: map[Role]Bucket{}, ReplicaBucketArns: map[string]map[Role]pulumi.StringOutput{}, name: name}
	if err := ctx.RegisterComponentResource(storageType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	env, err := awsenv.Lookup(ctx, parent)
	if err != nil {
		return nil, err
	}

	buckets := map[Role]*bucket{}
	for _, role := range a.roles() {
		b, err := newBucket(ctx, name, role, &a, parent)
		if err != nil {
			return nil, err
		}
		buckets[role] = b
		c.Buckets[role] = Bucket{
			Name: b.res.Bucket, Arn: b.res.Arn, RegionalDomainName: b.res.BucketRegionalDomainName, DomainName: b.res.BucketDomainName,
		}
	}
	logsPolicy, err := c.newPolicies(ctx, buckets, &a, env, parent)
	if err != nil {
		return nil, err
	}
	// The logs bucket does not log its own access: each delivery would log another.
	for _, role := range a.roles() {
		if role != Logs {
			if err := newAccessLogging(ctx, name, buckets[role], buckets[Logs], parent, pulumi.DependsOn([]pulumi.Resource{logsPolicy})); err != nil {
				return nil, err
			}
		}
	}
	if len(a.Replicas) > 0 {
		if err := newReplication(ctx, name, buckets, &a, env, parent); err != nil {
			return nil, err
		}
		for _, r := range a.Replicas {
			c.ReplicaBucketArns[r.Name] = map[Role]pulumi.StringOutput{}
			for _, role := range ReplicatedRoles() {
				c.ReplicaBucketArns[r.Name][role] = r.BucketArns[role].ToStringOutput()
			}
		}
	}
	if a.Mode == Replica {
		c.target = replicationTarget(buckets, a.KMSKeyArn)
	}
	return c, ctx.RegisterResourceOutputs(c, c.outputs())
}

// outputs are the component's registered outputs: per role the bucket's name, ARN and
// domain names, and the replica ARNs.
func (c *Storage) outputs() pulumi.Map {
	out := pulumi.Map{}
	for role, b := range c.Buckets {
		out[string(role)+"BucketName"] = b.Name
		out[string(role)+"BucketArn"] = b.Arn
		out[string(role)+"BucketRegionalDomainName"] = b.RegionalDomainName
		out[string(role)+"BucketDomainName"] = b.DomainName
	}
	for _, role := range ReplicatedRoles() {
		byReplica := pulumi.StringMap{}
		for name, arns := range c.ReplicaBucketArns {
			byReplica[name] = arns[role]
		}
		if len(byReplica) > 0 {
			out[string(role)+"ReplicaBucketArns"] = byReplica
		}
	}
	return out
}
