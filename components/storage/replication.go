package storage

import (
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/validate"
)

// Replication is where a Primary replicates its media and assets buckets: the buckets and
// the storage key of a Replica in the disaster-recovery region.
type Replication struct {
	// BucketArns maps each of ReplicatedRoles() to the ARN of its replica bucket.
	BucketArns map[Role]pulumi.StringInput
	// KMSKeyArn is the disaster-recovery region's storage key; S3 encrypts the replicas with it.
	KMSKeyArn pulumi.StringInput
}

// replicated reports whether a role is replicated to the disaster-recovery region.
func (r Role) replicated() bool { return slices.Contains(ReplicatedRoles(), r) }

func (r *Replication) validate(p *validate.Problems) {
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
	p.Required("KMSKeyArn", r.KMSKeyArn != nil, "the disaster-recovery region's storage key")
}

// ReplicationTarget is what a Replica offers a Primary's StorageArgs.Replication; nil on a
// Primary. Each bucket ARN resolves only once that bucket's versioning is enabled, so the
// Primary's replication configuration (which S3 rejects for an unversioned destination)
// waits for it.
func (c *Storage) ReplicationTarget() *Replication { return c.target }

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

// newReplication replicates each of ReplicatedRoles() to its replica, re-encrypted with the
// replica key, delete markers included, through a role that may do exactly that.
func newReplication(ctx *pulumi.Context, name string, buckets map[Role]*bucket, a *StorageArgs, env awsenv.Environment, opts ...pulumi.ResourceOption) error {
	target := a.Replication
	role, err := iam.NewRole(ctx, name+"-replication", &iam.RoleArgs{
		Description:      pulumi.String("S3 cross-region replication of " + name + " to the disaster-recovery region"),
		AssumeRolePolicy: pulumi.String(iampolicy.AssumeRole("s3.amazonaws.com")),
	}, opts...)
	if err != nil {
		return err
	}
	roles := ReplicatedRoles()
	n := len(roles)
	var inputs []pulumi.StringInput
	for _, r := range roles {
		inputs = append(inputs, buckets[r].res.Arn)
	}
	for _, r := range roles {
		inputs = append(inputs, target.BucketArns[r])
	}
	inputs = append(inputs, a.KMSKeyArn, target.KMSKeyArn)
	policy, err := iam.NewRolePolicy(ctx, name+"-replication", &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: iampolicy.Render(func(v []string) iampolicy.Document {
			return replicationPolicy(env, v[:n], v[n:2*n], v[2*n], v[2*n+1])
		}, inputs...),
	}, opts...)
	if err != nil {
		return err
	}
	enabled := pulumi.String("Enabled")
	for _, r := range roles {
		source := buckets[r]
		if _, err := s3.NewBucketReplicationConfig(ctx, name+"-"+string(r), &s3.BucketReplicationConfigArgs{
			Bucket: source.res.ID(),
			Role:   role.Arn,
			Rules: s3.BucketReplicationConfigRuleArray{s3.BucketReplicationConfigRuleArgs{
				Id:                      pulumi.String("disaster-recovery"),
				Status:                  enabled,
				Filter:                  s3.BucketReplicationConfigRuleFilterArgs{},
				DeleteMarkerReplication: s3.BucketReplicationConfigRuleDeleteMarkerReplicationArgs{Status: enabled},
				SourceSelectionCriteria: s3.BucketReplicationConfigRuleSourceSelectionCriteriaArgs{
					SseKmsEncryptedObjects: s3.BucketReplicationConfigRuleSourceSelectionCriteriaSseKmsEncryptedObjectsArgs{Status: enabled},
				},
				Destination: s3.BucketReplicationConfigRuleDestinationArgs{
					Bucket:       target.BucketArns[r],
					StorageClass: pulumi.String("STANDARD"),
					EncryptionConfiguration: s3.BucketReplicationConfigRuleDestinationEncryptionConfigurationArgs{
						ReplicaKmsKeyId: target.KMSKeyArn,
					},
				},
			}},
			// S3 rejects replication from an unversioned source; the role must be able to act.
		}, append(opts, pulumi.DependsOn([]pulumi.Resource{source.versioning, policy}))...); err != nil {
			return err
		}
	}
	return nil
}

// replicationPolicy is the replication role's permissions: read the replication
// configuration and object versions of exactly the source buckets, decrypt with the source
// key only through S3 in this region, write replicas into exactly the replica buckets and
// encrypt them with the replica key.
func replicationPolicy(env awsenv.Environment, sources, replicas []string, sourceKey, replicaKey string) iampolicy.Document {
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
		iampolicy.Allow("EncryptReplicas", []string{"kms:Encrypt"}, replicaKey),
	)
}
