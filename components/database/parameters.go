package database

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// parameters are the engine settings of every instance. RDS for PostgreSQL's defaults
// already load pg_stat_statements; it is named here so the setting cannot drift.
var parameters = []struct{ name, value, applyMethod string }{
	// TLS only: the connection URLs ask for sslmode=require as well.
	{"rds.force_ssl", "1", "immediate"},
	// Statements slower than a second, every connection and disconnection, lock waits
	// longer than deadlock_timeout (1 s), temporary files from 10 MiB (kB units) and schema
	// changes go to the postgresql log, which is exported to CloudWatch Logs.
	{"log_min_duration_statement", "1000", "immediate"},
	{"log_connections", "1", "immediate"},
	{"log_disconnections", "1", "immediate"},
	{"log_lock_waits", "1", "immediate"},
	{"log_temp_files", "10240", "immediate"},
	{"log_statement", "ddl", "immediate"},
	// Query statistics for Performance Insights' SQL view and for tuning; static.
	{"shared_preload_libraries", "pg_stat_statements", "pending-reboot"},
}

// newParameterGroup creates the parameter group of the engine's major version. It is
// auto-named, so a major upgrade creates the new family's group before it drops the old.
func newParameterGroup(ctx *pulumi.Context, name, engineVersion string, opts ...pulumi.ResourceOption) (*rds.ParameterGroup, error) {
	params := make(rds.ParameterGroupParameterArray, len(parameters))
	for i, p := range parameters {
		params[i] = rds.ParameterGroupParameterArgs{
			Name: pulumi.String(p.name), Value: pulumi.String(p.value), ApplyMethod: pulumi.String(p.applyMethod),
		}
	}
	return rds.NewParameterGroup(ctx, name+"-params", &rds.ParameterGroupArgs{
		Family:      pulumi.String(engine + engineVersion),
		Description: pulumi.String("Saleor PostgreSQL " + engineVersion + ": TLS only, slow-query, connection and lock logging"),
		Parameters:  params,
	}, opts...)
}
