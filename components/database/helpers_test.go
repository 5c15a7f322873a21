package database_test

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/database"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

// Type tokens.
const (
	instanceType   = "aws:rds/instance:Instance"
	paramsType     = "aws:rds/parameterGroup:ParameterGroup"
	subnetsType    = "aws:rds/subnetGroup:SubnetGroup"
	logGroupType   = "aws:cloudwatch/logGroup:LogGroup"
	roleType       = "aws:iam/role:Role"
	attachmentType = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	secretType     = "aws:secretsmanager/secret:Secret"
	versionType    = "aws:secretsmanager/secretVersion:SecretVersion"
	passwordType   = "random:index/randomPassword:RandomPassword"
)

// Wiring from the foundation, as literal test values.
const (
	primaryRegion = "eu-central-1"
	drRegion      = "eu-west-1"
	databaseKey   = "arn:aws:kms:eu-central-1:123456789012:key/database"
	secretsKey    = "arn:aws:kms:eu-central-1:123456789012:key/secrets"
	logsKey       = "arn:aws:kms:eu-central-1:123456789012:key/logs"
	drDatabaseKey = "arn:aws:kms:eu-west-1:123456789012:key/database"
	drLogsKey     = "arn:aws:kms:eu-west-1:123456789012:key/logs"
	securityGroup = "sg-database"
	drGroup       = "sg-database-dr"
	logDays       = 90
)

var (
	subnets   = []string{"subnet-isolated-a", "subnet-isolated-b", "subnet-isolated-c"}
	drSubnets = []string{"subnet-dr-a", "subnet-dr-b"}
)

func logs(key string) logging.Settings {
	days := map[logging.Class]int{}
	for _, c := range logging.Classes() {
		days[c] = logDays
	}
	return logging.Settings{KMSKeyArn: pulumi.String(key), RetentionDays: days, Prefix: "/saleor/test"}
}

func sizes(t *testing.T, percent int) catalog.Sizes {
	t.Helper()
	s, err := catalog.Snap(percent)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// production is prod-eu's database: 100%, multi-AZ, two replicas, protected, backups
// managed by AWS Backup.
func production(t *testing.T) database.PostgresArgs {
	s := sizes(t, 100)
	return database.PostgresArgs{
		NamePrefix:             "saleor-test",
		EngineVersion:          "17",
		InstanceClass:          s.DatabasePrimary.Name,
		ReplicaInstanceClass:   s.DatabaseReplica.Name,
		AllocatedStorageGiB:    s.DatabaseStorageGiB,
		MaxAllocatedStorageGiB: s.DatabaseMaxStorageGiB,
		HA:                     ha.MultiAZ,
		ReplicaCount:           2,
		SubnetIDs:              pulumi.ToStringArray(subnets),
		SecurityGroupID:        pulumi.String(securityGroup),
		KMSKeyArn:              pulumi.String(databaseKey),
		SecretsKMSKeyArn:       pulumi.String(secretsKey),
		Logs:                   logs(logsKey),
		BackupRetentionDays:    30,
		ContinuousBackup:       true,
		DeletionProtection:     true,
	}
}

// staging is staging's database: 75%, single-AZ, PostgreSQL 16, no replicas, 14 days of
// backups, not protected.
func staging(t *testing.T) database.PostgresArgs {
	a := production(t)
	s := sizes(t, 75)
	a.EngineVersion = "16"
	a.InstanceClass, a.ReplicaInstanceClass = s.DatabasePrimary.Name, s.DatabaseReplica.Name
	a.AllocatedStorageGiB, a.MaxAllocatedStorageGiB = s.DatabaseStorageGiB, s.DatabaseMaxStorageGiB
	a.HA, a.ReplicaCount, a.BackupRetentionDays = ha.SingleAZ, 0, 14
	a.ContinuousBackup, a.DeletionProtection = false, false
	return a
}

// disasterRecovery is the cross-region replica of a primary at percent, in the DR region.
func disasterRecovery(t *testing.T, percent int, source pulumi.StringInput) database.CrossRegionReplicaArgs {
	s := sizes(t, percent)
	return database.CrossRegionReplicaArgs{
		NamePrefix:             "saleor-test",
		SourceArn:              source,
		EngineVersion:          "17",
		InstanceClass:          s.DatabaseReplica.Name,
		MaxAllocatedStorageGiB: s.DatabaseMaxStorageGiB,
		SubnetIDs:              pulumi.ToStringArray(drSubnets),
		SecurityGroupID:        pulumi.String(drGroup),
		KMSKeyArn:              pulumi.String(drDatabaseKey),
		Logs:                   logs(drLogsKey),
		DeletionProtection:     true,
	}
}

// deploy runs the primary (and, when dr is not nil, its cross-region replica) through the
// harness, exporting every output of both components.
func deploy(t *testing.T, primary database.PostgresArgs, dr func(source pulumi.StringInput) database.CrossRegionReplicaArgs, opts ...harness.Option) (*harness.Inventory, error) {
	t.Helper()
	return harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		pg, err := database.NewPostgres(ctx, "database", &primary, pulumi.Providers(p[0]))
		if err != nil {
			return err
		}
		ctx.Export("primary", pulumi.Map{
			"identifier": pg.Identifier, "arn": pg.Arn, "resourceId": pg.ResourceID, "address": pg.Address,
			"endpoint": pg.Endpoint, "port": pg.Port, "replicas": pg.ReplicaIdentifiers, "replicaAddresses": pg.ReplicaAddresses,
			"master": pg.MasterSecretArn, "url": pg.DatabaseURLSecretArn, "urlReplica": pg.DatabaseURLReplicaSecretArn,
		})
		if dr == nil {
			return nil
		}
		args := dr(pg.Arn)
		replica, err := database.NewCrossRegionReplica(ctx, "database-dr", &args, pulumi.Providers(p[1]))
		if err != nil {
			return err
		}
		ctx.Export("dr", pulumi.Map{"identifier": replica.Identifier, "arn": replica.Arn, "address": replica.Address, "endpoint": replica.Endpoint})
		return nil
	}, primaryRegion, drRegion), harness.ComponentStack(), opts...)
}

func mustDeploy(t *testing.T, primary database.PostgresArgs, dr func(source pulumi.StringInput) database.CrossRegionReplicaArgs, opts ...harness.Option) *harness.Inventory {
	t.Helper()
	inv, err := deploy(t, primary, dr, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// check records a failure when got differs from want.
func check(t *testing.T, what string, got, want any) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// parameters returns a parameter group's parameters by name.
func parameters(r *harness.Resource) map[string]string {
	out := map[string]string{}
	for _, p := range r.Get("parameters").ArrayValue() {
		o := p.ObjectValue()
		out[o["name"].StringValue()] = o["value"].StringValue() + "/" + o["applyMethod"].StringValue()
	}
	return out
}

// parseURL reads the URL stored by a secret's version.
func parseURL(t *testing.T, inv *harness.Inventory, name string) *url.URL {
	t.Helper()
	u, err := url.Parse(harnesstest.Named(t, inv, versionType, name).String("secretString"))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return u
}
