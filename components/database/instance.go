package database

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/logging"
)

// logExports are the logs every instance publishes to CloudWatch Logs.
var logExports = []string{"postgresql", "upgrade"}

// Instance roles, in the Role tag.
const (
	rolePrimary   = "primary"
	roleReplica   = "replica"
	roleDRReplica = "dr-replica"
)

func primaryIdentifier(prefix string) string { return prefix + "-postgres" }

func replicaSuffix(n int) string { return fmt.Sprintf("-postgres-replica-%d", n) }

// newInstance creates one instance with the settings every instance has, primary or
// replica: private, TLS-only through the parameter group, IAM authentication, gp3 with
// storage autoscaling, Performance Insights under the database key, enhanced monitoring,
// log exports, tags copied to snapshots, automatic minor upgrades and, when protected,
// deletion protection and `protect`. customize adds what the role needs.
//
// The log groups come first, under the exact names RDS writes to, so RDS finds them
// encrypted and expiring instead of creating its own.
func (f *fleet) newInstance(ctx *pulumi.Context, name, identifier, class, role string, customize func(*rds.InstanceArgs), opts ...pulumi.ResourceOption) (*rds.Instance, error) {
	var groups []pulumi.Resource
	for _, log := range logExports {
		group, err := f.logs.NewGroup(ctx, name+"-"+log, fmt.Sprintf("/aws/rds/instance/%s/%s", identifier, log), logging.Infrastructure, f.parent)
		if err != nil {
			return nil, err
		}
		groups = append(groups, group)
	}
	args := &rds.InstanceArgs{
		Identifier:                         pulumi.String(identifier),
		InstanceClass:                      pulumi.String(class),
		StorageType:                        pulumi.String(storageType),
		MaxAllocatedStorage:                pulumi.Int(f.maxStorageGiB),
		Port:                               pulumi.Int(Port),
		ParameterGroupName:                 f.parameterGroup,
		VpcSecurityGroupIds:                pulumi.StringArray{f.securityGroup},
		PubliclyAccessible:                 pulumi.Bool(false),
		IamDatabaseAuthenticationEnabled:   pulumi.Bool(true),
		AutoMinorVersionUpgrade:            pulumi.Bool(true),
		PerformanceInsightsEnabled:         pulumi.Bool(true),
		PerformanceInsightsKmsKeyId:        f.kmsKey,
		PerformanceInsightsRetentionPeriod: pulumi.Int(performanceInsightsRetentionDays),
		MonitoringInterval:                 pulumi.Int(monitoringIntervalSeconds),
		MonitoringRoleArn:                  f.monitoringRole,
		EnabledCloudwatchLogsExports:       pulumi.ToStringArray(logExports),
		CopyTagsToSnapshot:                 pulumi.Bool(true),
		DeletionProtection:                 pulumi.Bool(f.protect),
		Tags:                               pulumi.StringMap{"Name": pulumi.String(identifier), "Role": pulumi.String(role)},
	}
	customize(args)
	opts = append([]pulumi.ResourceOption{f.parent, pulumi.Protect(f.protect), pulumi.DependsOn(groups), f.ready}, opts...)
	return rds.NewInstance(ctx, name, args, opts...)
}
