package replacement

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// sdkArgs are the pulumi-aws argument types of the table's types.
var sdkArgs = map[string]any{
	"aws:rds/instance:Instance":                         rds.InstanceArgs{},
	"aws:elasticache/replicationGroup:ReplicationGroup": elasticache.ReplicationGroupArgs{},
	"aws:s3/bucketV2:BucketV2":                          s3.BucketV2Args{},
	"aws:kms/key:Key":                                   kms.KeyArgs{},
	"aws:secretsmanager/secret:Secret":                  secretsmanager.SecretArgs{},
	"aws:route53/zone:Zone":                             route53.ZoneArgs{},
	"aws:backup/vault:Vault":                            backup.VaultArgs{},
	"aws:sqs/queue:Queue":                               sqs.QueueArgs{},
	"aws:cloudwatch/logGroup:LogGroup":                  cloudwatch.LogGroupArgs{},
	"aws:ecr/repository:Repository":                     ecr.RepositoryArgs{},
}

// TestEveryRuleNamesAnSDKInputAndASource: a typo in a path would make the rule compare
// nothing, and a rule without a source is a claim nobody can check.
func TestEveryRuleNamesAnSDKInputAndASource(t *testing.T) {
	if len(Table) != len(sdkArgs) {
		t.Errorf("%d types in the table, %d with SDK arguments", len(Table), len(sdkArgs))
	}
	for _, typ := range Table {
		args, ok := sdkArgs[typ.Token]
		if !ok {
			t.Errorf("%s: no SDK argument type", typ.Token)
			continue
		}
		inputs := map[string]bool{}
		for _, f := range reflect.VisibleFields(reflect.TypeOf(args)) {
			inputs[string(unicode.ToLower(rune(f.Name[0])))+f.Name[1:]] = true
		}
		if len(typ.Rules) == 0 || typ.Holds == "" {
			t.Errorf("%s: no rules or no description of its state", typ.Token)
		}
		seen := map[string]bool{}
		for _, r := range typ.Rules {
			top := strings.Split(r.Path, ".")[0]
			if !inputs[top] {
				t.Errorf("%s: %s is not an input of %T", typ.Token, r.Path, args)
			}
			if seen[r.Path] {
				t.Errorf("%s: %s listed twice", typ.Token, r.Path)
			}
			seen[r.Path] = true
			if !strings.HasPrefix(r.Source, upstream+"internal/service/") || !strings.Contains(r.Source, "ForceNew") {
				t.Errorf("%s %s: source %q does not cite a schema file and its ForceNew", typ.Token, r.Path, r.Source)
			}
			if Source(typ.Token, r.Path) != r.Source {
				t.Errorf("Source(%s, %s) does not find the rule", typ.Token, r.Path)
			}
		}
	}
	if Stateful("aws:rds/parameterGroup:ParameterGroup") || !Stateful("aws:rds/instance:Instance") {
		t.Error("Stateful does not follow the table")
	}
}

const (
	instance = "aws:rds/instance:Instance"
	group    = "aws:elasticache/replicationGroup:ReplicationGroup"
	repo     = "aws:ecr/repository:Repository"
)

func props(kv ...any) resource.PropertyMap {
	m := resource.PropertyMap{}
	for i := 0; i < len(kv); i += 2 {
		m[resource.PropertyKey(kv[i].(string))] = kv[i+1].(resource.PropertyValue)
	}
	return m
}

func str(s string) resource.PropertyValue { return resource.NewProperty(s) }

func TestReplaces(t *testing.T) {
	unknown := resource.MakeComputed(str(""))
	cases := []struct {
		name       string
		typ        string
		olds, news resource.PropertyMap
		want       []string
	}{
		{"in-place inputs", instance,
			props("instanceClass", str("db.m7g.large"), "identifier", str("a"), "dbSubnetGroupName", str("x")),
			props("instanceClass", str("db.m7g.xlarge"), "identifier", str("b"), "dbSubnetGroupName", str("y")), nil},
		{"a new key", instance, props("kmsKeyId", str("k1")), props("kmsKeyId", str("k2")), []string{"kmsKeyId"}},
		{"a secret compares by value", instance,
			props("username", resource.MakeSecret(str("saleor"))), props("username", str("saleor")), nil},
		{"an unknown value may change", instance, props("kmsKeyId", str("k1")), props("kmsKeyId", unknown), []string{"kmsKeyId"}},
		{"unset Optional+Computed keeps the value", instance, props("kmsKeyId", str("k1")), props(), nil},
		{"unset Optional removes it", instance,
			props("storageEncrypted", resource.NewProperty(true)), props(), []string{"storageEncrypted"}},
		{"set after unset", instance, props(), props("storageEncrypted", resource.NewProperty(true)), []string{"storageEncrypted"}},
		{"engine case folds", instance, props("engine", str("Postgres")), props("engine", str("postgres")), nil},
		{"nested path", instance,
			props("s3Import", resource.NewProperty(props("bucketName", str("a")))),
			props("s3Import", resource.NewProperty(props("bucketName", str("b")))), []string{"s3Import.bucketName"}},
		{"nested under unknown", instance,
			props("s3Import", resource.NewProperty(props("bucketName", str("a")))), props("s3Import", unknown),
			[]string{"s3Import.bucketName", "s3Import.bucketPrefix", "s3Import.ingestionRole", "s3Import.sourceEngine", "s3Import.sourceEngineVersion"}},
		{"redis to valkey in place", group, props("engine", str("redis")), props("engine", str("valkey")), nil},
		{"valkey to redis replaces", group, props("engine", str("valkey")), props("engine", str("redis")), []string{"engine"}},
		{"engine upgrade in place", group, props("engineVersion", str("7.2")), props("engineVersion", str("8.0")), nil},
		{"engine downgrade replaces", group, props("engineVersion", str("8.0")), props("engineVersion", str("7.2")), []string{"engineVersion"}},
		{"N.x compares majors", group, props("engineVersion", str("6.x")), props("engineVersion", str("7.1")), nil},
		{"set order does not matter", group,
			props("snapshotArns", resource.NewProperty([]resource.PropertyValue{str("a"), str("b")})),
			props("snapshotArns", resource.NewProperty([]resource.PropertyValue{str("b"), str("a")})), nil},
		{"group id case folds", group, props("replicationGroupId", str("Api")), props("replicationGroupId", str("api")), nil},
		{"transit encryption in place", group,
			props("transitEncryptionEnabled", resource.NewProperty(false)), props("transitEncryptionEnabled", resource.NewProperty(true)), nil},
		{"block change", repo,
			props("encryptionConfigurations", resource.NewProperty([]resource.PropertyValue{resource.NewProperty(props("kmsKey", str("k1")))})),
			props("encryptionConfigurations", resource.NewProperty([]resource.PropertyValue{resource.NewProperty(props("kmsKey", str("k2")))})),
			[]string{"encryptionConfigurations"}},
		{"not stateful", "aws:rds/parameterGroup:ParameterGroup", props("name", str("a")), props("name", str("b")), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Replaces(c.typ, c.olds, c.news); !reflect.DeepEqual(got, c.want) {
				t.Errorf("Replaces = %v, want %v", got, c.want)
			}
		})
	}
}
