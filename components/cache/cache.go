// Package cache is the cache tier: three ElastiCache replication groups, one per Role (API
// cache, sessions, CMS content), each with its own AUTH token, connection URL secret and
// published TTL.
//
// Engine: Valkey 8, not Redis OSS. It is AWS's recommended engine for ElastiCache, its
// nodes cost about 20% less than Redis OSS nodes of the same class, and it speaks the Redis
// OSS 7.2 protocol, so Saleor's redis-py based clients use it unchanged over rediss://
// with AUTH. It stays under the BSD licence.
package cache

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/validate"
)

// Cache is the three caches of one region.
type Cache struct {
	pulumi.ResourceState

	// Stores holds each role's replication group, secrets and TTL.
	Stores map[Role]Store
	// NodesPerRole is each replication group's node count.
	NodesPerRole int
}

// URLSecretArn returns the ARN of the secret holding role's rediss:// URL.
func (c *Cache) URLSecretArn(role Role) pulumi.StringOutput { return c.Stores[role].URLSecretArn }

// cacheType is the component's Pulumi type token.
const cacheType = "saleor:cache:Cache"

// NewCache creates the caches in the region of the component's AWS provider.
func NewCache(ctx *pulumi.Context, name string, args *CacheArgs, opts ...pulumi.ResourceOption) (*Cache, error) {
	a, err := validate.Args(cacheType, name, args, CacheArgs.withDefaults, CacheArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &Cache{Stores: map[Role]Store{}, NodesPerRole: a.NodesPerRole}
	if err := ctx.RegisterComponentResource(cacheType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	subnets, err := elasticache.NewSubnetGroup(ctx, name+"-subnets", &elasticache.SubnetGroupArgs{
		Description: pulumi.String("Isolated data subnets of " + name),
		SubnetIds:   a.SubnetIDs,
	}, parent)
	if err != nil {
		return nil, err
	}
	g := group{subnetGroup: subnets.Name, parent: parent, protect: pulumi.Protect(a.DeletionProtection)}
	outputs := pulumi.Map{}
	for _, role := range Roles() {
		s, err := newStore(ctx, name, role, &a, g)
		if err != nil {
			return nil, err
		}
		c.Stores[role] = s
		outputs[string(role)] = pulumi.Map{
			"replicationGroupId": s.ReplicationGroupID,
			"arn":                s.Arn,
			"primaryEndpoint":    s.PrimaryEndpoint,
			"readerEndpoint":     s.ReaderEndpoint,
			"urlSecretArn":       s.URLSecretArn,
			"authTokenSecretArn": s.AuthTokenSecretArn,
			"ttlSeconds":         pulumi.Int(s.TTLSeconds),
			"ttlParameterArn":    s.TTLParameterArn,
		}
	}
	return c, ctx.RegisterResourceOutputs(c, outputs)
}
