package database_test

import (
	"testing"

	"github.com/saleor-platform/infra/internal/harness/harnesstest"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/database"
)

func withDR(t *testing.T, percent int) func(pulumi.StringInput) database.CrossRegionReplicaArgs {
	return func(source pulumi.StringInput) database.CrossRegionReplicaArgs {
		return disasterRecovery(t, percent, source)
	}
}

func TestCrossRegionReplicaRunsInTheDRRegion(t *testing.T) {
	inv := mustDeploy(t, production(t), withDR(t, 100))
	primary := harnesstest.Named(t, inv, instanceType, "database-primary")
	r := harnesstest.Named(t, inv, instanceType, "database-dr-replica")
	subnetGroup := harnesstest.Named(t, inv, subnetsType, "database-dr-subnets")
	params := harnesstest.Named(t, inv, paramsType, "database-dr-params")
	role := harnesstest.Named(t, inv, roleType, "database-dr-monitoring")
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"region", r.Region, drRegion},
		{"identifier", r.String("identifier"), "saleor-test-postgres-dr"},
		{"replicateSourceDb", r.String("replicateSourceDb"), primary.Output("arn")},
		{"source ARN region", primary.Output("arn"), "arn:aws:rds:eu-central-1:123456789012:db:saleor-test-postgres"},
		{"storageEncrypted", r.Bool("storageEncrypted"), true},
		{"kmsKeyId", r.String("kmsKeyId"), drDatabaseKey},
		{"performanceInsightsKmsKeyId", r.String("performanceInsightsKmsKeyId"), drDatabaseKey},
		{"has username", r.Has("username"), false},
		{"has password", r.Has("password"), false},
		{"has dbName", r.Has("dbName"), false},
		{"instanceClass", r.String("instanceClass"), "db.m7g.xlarge"},
		{"multiAz", r.Bool("multiAz"), false},
		{"dbSubnetGroupName", r.String("dbSubnetGroupName"), subnetGroup.ID},
		{"subnet group subnets", subnetGroup.Strings("subnetIds"), drSubnets},
		{"subnet group region", subnetGroup.Region, drRegion},
		{"parameterGroupName", r.String("parameterGroupName"), params.ID},
		{"parameter group family", params.String("family"), "postgres17"},
		{"parameter group region", params.Region, drRegion},
		{"rds.force_ssl", parameters(params)["rds.force_ssl"], "1/immediate"},
		{"vpcSecurityGroupIds", r.Strings("vpcSecurityGroupIds"), []string{drGroup}},
		{"monitoringRoleArn", r.String("monitoringRoleArn"), role.Output("arn")},
		{"monitoringInterval", r.Number("monitoringInterval"), 60},
		{"publiclyAccessible", r.Has("publiclyAccessible") && !r.Bool("publiclyAccessible"), true},
		{"deletionProtection", r.Bool("deletionProtection"), true},
		{"protect", r.Protect, true},
	} {
		check(t, c.what, c.got, c.want)
	}
	for _, log := range []string{"postgresql", "upgrade"} {
		g := harnesstest.Named(t, inv, logGroupType, "database-dr-replica-"+log)
		check(t, log+" log group", g.String("name"), "/aws/rds/instance/saleor-test-postgres-dr/"+log)
		check(t, log+" log group key", g.String("kmsKeyId"), drLogsKey)
		check(t, log+" log group region", g.Region, drRegion)
	}
	component := inv.Named("saleor:database:CrossRegionReplica", "database-dr")
	for _, res := range inv.AWS() {
		if p := inv.Tier(res); p != nil && p.URN == component.URN && res.Region != drRegion {
			t.Errorf("%s %s of the DR replica runs in %q", res.Type, res.Name, res.Region)
		}
	}
}

func TestCrossRegionReplicaHAAndProtection(t *testing.T) {
	inv := mustDeploy(t, production(t), func(source pulumi.StringInput) database.CrossRegionReplicaArgs {
		a := disasterRecovery(t, 100, source)
		a.HA, a.DeletionProtection = "multi-az", false
		return a
	})
	r := harnesstest.Named(t, inv, instanceType, "database-dr-replica")
	check(t, "multiAz", r.Bool("multiAz"), true)
	check(t, "deletionProtection", r.Bool("deletionProtection"), false)
	check(t, "protect", r.Protect, false)
}
