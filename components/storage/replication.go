package storage

import (
	"maps"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/validate"
)

// Replication is one place a Primary replicates its media and assets buckets to: the buckets
// and the storage key of a Replica in another region (the disaster-recovery region, or a
// regional stack's).
type Replication struct {
	// Name names the replication rule of each bucket, e.g. "disaster-recovery" or the
	// replica's region. Required, unique among a Primary's Replicas.
	Name string
	// BucketArns maps each of ReplicatedRoles() to the ARN of its replica bucket.
	BucketArns map[Role]pulumi.StringInput
	// KMSKeyArn is the replica region's storage key; S3 encrypts the replicas with it.
	KMSKeyArn pulumi.StringInput
}

// replicated reports whether a role is replicated to the disaster-recovery region.
func (r Role) replicated() bool { return slices.Contains(ReplicatedRoles(), r) }

func (r *Replication) validate(p *validate.Problems) {
	p.Match("Name", r.Name, ruleName, "1 to 200 letters, digits, dots, dashes or underscores")
	for _, role := range ReplicatedRoles() {
		if r.BucketArns[role] == nil {
			p.Add("BucketArns", "no replica for %q; want one for each of %v", role, ReplicatedRoles())
		}
	}
	for _, role := range slices.Sorted(maps.Keys(r.BucketArns)) {
		if !role.replicated() {
			p.Add("BucketArns", "%q is not replicated; only %v are", role, ReplicatedRoles())
		}
	}
	p.Required("KMSKeyArn", r.KMSKeyArn != nil, "the replica region's storage key")
}

// ruleName is what S3 accepts as a replication rule ID (at most 255 characters).
var ruleName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,200}$`)

// ReplicationTarget is what a Replica offers a Primary's StorageArgs.Replicas, under the
// rule name given; nil on a Primary. Each bucket ARN resolves only once that bucket's
// versioning is enabled, so the Primary's replication configuration (which S3 rejects for an
// unversioned destination) waits for it.
func (c *Storage) ReplicationTarget(name string) *Replication {
	if c.target == nil {
		return nil
	}
	t := *c.target
	t.Name = name
	return &t
}

func replicationTarget(buckets map[Role]*bucket, key pulumi.StringInput) *Replication {
	arns := map[Role]pulumi.StringInput{}
	for _, role := range ReplicatedRoles() {
		b := buckets[role]
		arns[role] = pulumi.All(b.res.Arn, b.versioning.ID()).ApplyT(func(v []any) string {
			return v[0].(string)
		}).(pulumi.StringOutput)
	}
	return &Replication{BucketArns: arns, KMSKeyArn: key}
}

// newReplication replicates each of ReplicatedRoles() to every one of a.Replicas, re-encrypted
// with the replica's key, delete markers included, through one role that may do exactly
// that. S3 keeps one replication configuration per bucket: each has a rule per replica, in
// the order given (the rule's priority).
func newReplication(ctx *pulumi.Context, name string, buckets map[Role]*bucket, a *StorageArgs, env awsenv.Environment, opts ...pulumi.ResourceOption) error {
	role, err := iam.NewRole(ctx, name+"-replication", &iam.RoleArgs{
		Description:      pulumi.String("S3 cross-region replication of " + name + " to its replicas"),
		AssumeRolePolicy: pulumi.String(iampolicy.AssumeRole("s3.amazonaws.com")),
	}, opts...)
	if err != nil {
		return err
	}
	roles := ReplicatedRoles()
	groups := map[string][]pulumi.StringInput{"sourceKey": {a.KMSKeyArn}}
	for _, r := range roles {
		groups["sources"] = append(groups["sources"], buckets[r].res.Arn)
	}
	for _, target := range a.Replicas {
		for _, r := range roles {
			groups["replicas"] = append(groups["replicas"], target.BucketArns[r])
		}
		groups["replicaKeys"] = append(groups["replicaKeys"], target.KMSKeyArn)
	}
	policy, err := iam.NewRolePolicy(ctx, name+"-replication", &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: iampolicy.RenderGroups(func(v map[string][]string) iampolicy.Document {
			return replicationPolicy(env, v["sources"], v["replicas"], v["sourceKey"][0], v["replicaKeys"])
		}, groups),
	}, opts...)
	if err != nil {
		return err
	}
	for _, r := range roles {
		source := buckets[r]
		if _, err := s3.NewBucketReplicationConfig(ctx, name+"-"+string(r), &s3.BucketReplicationConfigArgs{
			Bucket: source.res.ID(),
			Role:   role.Arn,
			Rules:  replicationRules(r, a.Replicas),
			// S3 rejects replication from an unversioned source; the role must be able to act.
		}, append(opts, pulumi.DependsOn([]pulumi.Resource{source.versioning, policy}))...); err != nil {
			return err
		}
	}
	return nil
}

// replicationRules is a bucket's rule per replica: every object, delete markers and
// SSE-KMS objects included, re-encrypted with the replica's key, in priority order.
func replicationRules(role Role, replicas []*Replication) s3.BucketReplicationConfigRuleArray {
	enabled := pulumi.String("Enabled")
	var rules s3.BucketReplicationConfigRuleArray
	for i, target := range replicas {
		rules = append(rules, s3.BucketReplicationConfigRuleArgs{
			Id:                      pulumi.String(target.Name),
			Priority:                pulumi.Int(len(replicas) - i),
			Status:                  enabled,
			Filter:                  s3.BucketReplicationConfigRuleFilterArgs{},
			DeleteMarkerReplication: s3.BucketReplicationConfigRuleDeleteMarkerReplicationArgs{Status: enabled},
			SourceSelectionCriteria: s3.BucketReplicationConfigRuleSourceSelectionCriteriaArgs{
				SseKmsEncryptedObjects: s3.BucketReplicationConfigRuleSourceSelectionCriteriaSseKmsEncryptedObjectsArgs{Status: enabled},
			},
			Destination: s3.BucketReplicationConfigRuleDestinationArgs{
				Bucket:       target.BucketArns[role],
				StorageClass: pulumi.String("STANDARD"),
				EncryptionConfiguration: s3.BucketReplicationConfigRuleDestinationEncryptionConfigurationArgs{
					ReplicaKmsKeyId: target.KMSKeyArn,
				},
			},
		})
	}
	return rules
}

// replicationPolicy is the replication role's permissions: read the replication
// configuration and object versions of exactly the source buckets, decrypt with the source
// key only through S3 in this region, write replicas into exactly the replica buckets and
// encrypt them with the replicas' keys.
func replicationPolicy(env awsenv.Environment, sources, replicas []string, sourceKey string, replicaKeys []string) iampolicy.Document {
	objects := func(buckets []string) []string {
		out := make([]string, len(buckets))
		for i, arn := range buckets {
			out[i] = arn + "/*"
		}
		return out
	}
	decrypt := iampolicy.Allow("DecryptSourceObjects", []string{"kms:Decrypt"}, sourceKey)
	decrypt.Condition = map[string]map[string]any{"StringEquals": {"kms:ViaService": env.ServiceHost("s3")}}
	return iampolicy.New(
		iampolicy.Allow("ReadSourceBuckets", []string{"s3:GetReplicationConfiguration", "s3:ListBucket"}, sources...),
		iampolicy.Allow("ReadSourceObjectVersions",
			[]string{"s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"}, objects(sources)...),
		iampolicy.Allow("WriteReplicas", []string{"s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"}, objects(replicas)...),
		decrypt,
		iampolicy.Allow("EncryptReplicas", []string{"kms:Encrypt"}, replicaKeys...),
	)
}
