package replacement

import "github.com/pulumi/pulumi/sdk/v3/go/common/resource"

// upstream is the Terraform provider source every Rule was read from.
const upstream = "hashicorp/terraform-provider-aws "

// Rule is one input whose change replaces a resource.
type Rule struct {
	// Path is the Pulumi input, or a nested path ("s3Import.bucketName").
	Path string
	// Computed is true for an Optional+Computed attribute: leaving it unset keeps the
	// value the resource has.
	Computed bool
	// Set compares arrays as sets (a Terraform TypeSet).
	Set bool
	// Fold compares strings case-insensitively (a lower-casing StateFunc).
	Fold bool
	// Only, when set, limits the replacement to the known changes it accepts (a
	// CustomizeDiff that calls ForceNew conditionally); nil means every change.
	Only func(old, new resource.PropertyValue) bool
	// Source says where the rule was read.
	Source string
}

// Type is a stateful resource type and its replacement rules.
type Type struct {
	// Token is the Pulumi type token.
	Token string
	// Holds says what a replacement loses.
	Holds string
	Rules []Rule
}

// forceNew is a plain ForceNew: true attribute of file.
func forceNew(path, file, attr string) Rule {
	return Rule{Path: path, Source: upstream + file + ": " + attr + " ForceNew"}
}

// computed marks a rule's attribute Optional+Computed.
func computed(r Rule) Rule { r.Computed = true; return r }

// Table lists every stateful type the program declares, in no particular order.
var Table = []Type{
	{
		Token: "aws:rds/instance:Instance", Holds: "the database, its snapshots' lineage and endpoint",
		Rules: rdsInstance(),
	},
	{
		Token: "aws:elasticache/replicationGroup:ReplicationGroup", Holds: "cached data, sessions",
		Rules: replicationGroup(),
	},
	{
		Token: "aws:s3/bucketV2:BucketV2", Holds: "objects (media, backups, logs, audit trail)",
		Rules: s3Bucket(),
	},
	{
		Token: "aws:kms/key:Key", Holds: "the key material: data encrypted under it becomes unreadable",
		Rules: kmsKey(),
	},
	{
		Token: "aws:secretsmanager/secret:Secret", Holds: "the secret value and its versions",
		Rules: secret(),
	},
	{
		Token: "aws:route53/zone:Zone", Holds: "the records and the name servers the registrar delegates to",
		Rules: zone(),
	},
	{
		Token: "aws:backup/vault:Vault", Holds: "recovery points",
		Rules: backupVault(),
	},
	{
		Token: "aws:sqs/queue:Queue", Holds: "queued messages (Celery tasks, webhooks, dead letters)",
		Rules: queue(),
	},
	{
		Token: "aws:cloudwatch/logGroup:LogGroup", Holds: "log events",
		Rules: logGroup(),
	},
	{
		Token: "aws:ecr/repository:Repository", Holds: "container images",
		Rules: repository(),
	},
}

// Lookup returns the stateful type with a token.
func Lookup(typ string) (Type, bool) {
	for _, t := range Table {
		if t.Token == typ {
			return t, true
		}
	}
	return Type{}, false
}

// Stateful reports whether resources of the type hold state a replacement loses.
func Stateful(typ string) bool {
	_, ok := Lookup(typ)
	return ok
}

// Source returns the source of the rule for an input of a type, "" when there is none.
func Source(typ, path string) string {
	t, _ := Lookup(typ)
	for _, r := range t.Rules {
		if r.Path == path {
			return r.Source
		}
	}
	return ""
}
