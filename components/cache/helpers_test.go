package cache_test

import (
	"fmt"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/cache"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/internal/harness"
)

// Type tokens.
const (
	groupType     = "aws:elasticache/replicationGroup:ReplicationGroup"
	paramsType    = "aws:elasticache/parameterGroup:ParameterGroup"
	subnetsType   = "aws:elasticache/subnetGroup:SubnetGroup"
	logGroupType  = "aws:cloudwatch/logGroup:LogGroup"
	secretType    = "aws:secretsmanager/secret:Secret"
	versionType   = "aws:secretsmanager/secretVersion:SecretVersion"
	parameterType = "aws:ssm/parameter:Parameter"
	passwordType  = "random:index/randomPassword:RandomPassword"
)

// Wiring from the foundation, as literal test values.
const (
	region        = "eu-central-1"
	cacheKey      = "arn:aws:kms:eu-central-1:123456789012:key/cache"
	secretsKey    = "arn:aws:kms:eu-central-1:123456789012:key/secrets"
	logsKey       = "arn:aws:kms:eu-central-1:123456789012:key/logs"
	securityGroup = "sg-cache"
	logDays       = 90
)

var subnets = []string{"subnet-isolated-a", "subnet-isolated-b", "subnet-isolated-c"}

func sizes(t *testing.T, percent int) catalog.Sizes {
	t.Helper()
	s, err := catalog.Snap(percent)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func logs() logging.Settings {
	days := map[logging.Class]int{}
	for _, c := range logging.Classes() {
		days[c] = logDays
	}
	return logging.Settings{KMSKeyArn: pulumi.String(logsKey), RetentionDays: days, Prefix: "/saleor/test"}
}

// production is prod-eu's caches: 100%, multi-AZ, two nodes per role, protected.
func production(t *testing.T) cache.CacheArgs {
	return cache.CacheArgs{
		NamePrefix:                   "saleor-test",
		NodeClass:                    sizes(t, 100).CacheNode.Name,
		HA:                           ha.MultiAZ,
		NodesPerRole:                 2,
		EngineVersion:                "8.1",
		SubnetIDs:                    pulumi.ToStringArray(subnets),
		SecurityGroupID:              pulumi.String(securityGroup),
		KMSKeyArn:                    pulumi.String(cacheKey),
		SecretsKMSKeyArn:             pulumi.String(secretsKey),
		Logs:                         logs(),
		SessionSnapshotRetentionDays: 7,
		ParameterPrefix:              "/saleor/test",
		DeletionProtection:           true,
	}
}

// staging is staging's caches: 75%, single-AZ, one node per role, 3 days of session
// snapshots, not protected.
func staging(t *testing.T) cache.CacheArgs {
	a := production(t)
	a.NodeClass = sizes(t, 75).CacheNode.Name
	a.HA, a.NodesPerRole, a.SessionSnapshotRetentionDays, a.DeletionProtection = ha.SingleAZ, 1, 3, false
	return a
}

func deploy(t *testing.T, args cache.CacheArgs, opts ...harness.Option) (*harness.Inventory, error) {
	t.Helper()
	return harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		c, err := cache.NewCache(ctx, "cache", &args, pulumi.Providers(p[0]))
		if err != nil {
			return err
		}
		for role, s := range c.Stores {
			ctx.Export(string(role), pulumi.Map{
				"id": s.ReplicationGroupID, "arn": s.Arn, "primary": s.PrimaryEndpoint, "reader": s.ReaderEndpoint,
				"url": s.URLSecretArn, "token": s.AuthTokenSecretArn, "ttl": s.TTLParameterArn,
			})
		}
		return nil
	}, region), harness.ComponentStack(), opts...)
}

func mustDeploy(t *testing.T, args cache.CacheArgs, opts ...harness.Option) *harness.Inventory {
	t.Helper()
	inv, err := deploy(t, args, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func check(t *testing.T, what string, got, want any) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}
