// Package database is the database tier: PostgreSQL on RDS with in-region read replicas
// (Postgres) and a read replica in the disaster-recovery region (CrossRegionReplica). From
// backups, a Postgres makes an instance beside its primary (PostgresArgs.Restore: a point in
// time or a snapshot) or its primary itself (PostgresArgs.Source: a snapshot).
//
// The master password is generated (pulumi-random) and kept in the component's own Secrets
// Manager secret, not by RDS (manageMasterUserPassword), because RDS refuses read replicas
// of an instance whose password it manages.
package database

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/secretstore"
	"github.com/saleor-platform/infra/components/validate"
)

// Postgres is a PostgreSQL primary, its in-region read replicas, and the secrets Saleor
// connects with.
type Postgres struct {
	pulumi.ResourceState

	// Identifier, Arn and ResourceID identify the primary; ResourceID is what IAM database
	// authentication policies name (arn:aws:rds-db:<region>:<account>:dbuser:<ResourceID>/<user>).
	Identifier pulumi.StringOutput `pulumi:"identifier"`
	Arn        pulumi.StringOutput `pulumi:"arn"`
	ResourceID pulumi.StringOutput `pulumi:"resourceId"`
	// Address is the primary's DNS name, Endpoint "<Address>:<Port>".
	Address  pulumi.StringOutput `pulumi:"address"`
	Endpoint pulumi.StringOutput `pulumi:"endpoint"`
	Port     pulumi.IntOutput    `pulumi:"port"`
	// ReplicaIdentifiers and ReplicaAddresses list the in-region read replicas in order.
	ReplicaIdentifiers pulumi.StringArrayOutput `pulumi:"replicaIdentifiers"`
	ReplicaAddresses   pulumi.StringArrayOutput `pulumi:"replicaAddresses"`
	// MasterSecretArn is the secret holding the master credentials as JSON (username,
	// password, host, port, dbname), for operators and rotation.
	MasterSecretArn pulumi.StringOutput `pulumi:"masterSecretArn"`
	// DatabaseURLSecretArn is the secret holding Saleor's DATABASE_URL (the primary);
	// DatabaseURLReplicaSecretArn holds DATABASE_URL_REPLICA (the first replica, or the
	// primary when there is none).
	DatabaseURLSecretArn        pulumi.StringOutput `pulumi:"databaseUrlSecretArn"`
	DatabaseURLReplicaSecretArn pulumi.StringOutput `pulumi:"databaseUrlReplicaSecretArn"`
	// URL is DATABASE_URL itself (secret): a regional stack builds the URL of its own
	// cross-region replica from it.
	URL pulumi.StringOutput `pulumi:"url"`
	// Restored is the instance Args.Restore made beside the primary; nil without one.
	Restored *Restored
}

// postgresType is the component's Pulumi type token.
const postgresType = "saleor:database:Postgres"

// NewPostgres creates the primary, its replicas and its secrets in the region of the
// component's AWS provider.
func NewPostgres(ctx *pulumi.Context, name string, args *PostgresArgs, opts ...pulumi.ResourceOption) (*Postgres, error) {
	a, err := validate.Args(postgresType, name, args, PostgresArgs.withDefaults, PostgresArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &Postgres{}
	if err := ctx.RegisterComponentResource(postgresType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	protect := pulumi.Protect(a.DeletionProtection)

	f, err := newFleet(ctx, name, fleetArgs{
		engineVersion: a.EngineVersion, subnetIDs: a.SubnetIDs, securityGroup: a.SecurityGroupID,
		kmsKey: a.KMSKeyArn, logs: a.Logs, maxStorageGiB: a.MaxAllocatedStorageGiB, protect: a.DeletionProtection,
	}, parent)
	if err != nil {
		return nil, err
	}
	password, err := newMasterPassword(ctx, name, parent, protect)
	if err != nil {
		return nil, err
	}
	primary, err := newPrimary(ctx, name, &a, f, password.Result)
	if err != nil {
		return nil, err
	}
	replicas := make([]*rds.Instance, a.ReplicaCount)
	for i := range replicas {
		n := i + 1
		replicas[i], err = f.newInstance(ctx, fmt.Sprintf("%s-replica-%d", name, n), a.NamePrefix+replicaSuffix(n),
			a.ReplicaInstanceClass, roleReplica, func(r *rds.InstanceArgs) {
				// Same region: the replica inherits engine, storage, encryption key and
				// subnet group from its source, and has no credentials of its own.
				r.ReplicateSourceDb = primary.Identifier
				r.MaintenanceWindow = pulumi.String(a.MaintenanceWindow)
				// RDS takes no final snapshot of a replica.
				r.SkipFinalSnapshot = pulumi.Bool(true)
			})
		if err != nil {
			return nil, err
		}
	}

	c.Identifier, c.Arn, c.ResourceID = primary.Identifier, primary.Arn, primary.ResourceId
	c.Address, c.Endpoint, c.Port = primary.Address, primary.Endpoint, primary.Port
	replicaIDs, replicaAddresses := pulumi.StringArray{}, pulumi.StringArray{}
	readHost := primary.Address
	for i, r := range replicas {
		replicaIDs, replicaAddresses = append(replicaIDs, r.Identifier), append(replicaAddresses, r.Address)
		if i == 0 {
			readHost = r.Address
		}
	}
	c.ReplicaIdentifiers, c.ReplicaAddresses = replicaIDs.ToStringArrayOutput(), replicaAddresses.ToStringArrayOutput()

	var secret secretFunc = func(suffix, description string, value pulumi.StringOutput, replicas []secretstore.Replica) (pulumi.StringOutput, error) {
		return secretstore.New(ctx, name+"-"+suffix, secretstore.Args{
			NamePrefix:  a.NamePrefix + "/database/" + suffix + "-",
			Description: pulumi.String(description),
			KMSKeyArn:   a.SecretsKMSKeyArn,
			Value:       value,
			Replicas:    replicas,
		}, parent, protect)
	}
	c.URL = connectionURL(password.Result, primary.Address)
	if c.MasterSecretArn, err = secret("master", "PostgreSQL master credentials of "+primaryIdentifier(a.NamePrefix),
		masterCredentials(password.Result, primary.Address, primary.Identifier), a.SecretReplicas); err != nil {
		return nil, err
	}
	if c.DatabaseURLSecretArn, err = secret("url", "Saleor DATABASE_URL: the PostgreSQL primary", c.URL, a.SecretReplicas); err != nil {
		return nil, err
	}
	if c.DatabaseURLReplicaSecretArn, err = secret("url-replica", "Saleor DATABASE_URL_REPLICA: the first read replica, or the primary",
		connectionURL(password.Result, readHost), nil); err != nil {
		return nil, err
	}
	if a.Restore != nil {
		if c.Restored, err = newRestored(ctx, name, &a, f, primary, password.Result, secret, backupOptions(&a)...); err != nil {
			return nil, err
		}
	}

	outputs := pulumi.Map{
		"identifier":                  c.Identifier,
		"arn":                         c.Arn,
		"resourceId":                  c.ResourceID,
		"address":                     c.Address,
		"endpoint":                    c.Endpoint,
		"port":                        c.Port,
		"replicaIdentifiers":          c.ReplicaIdentifiers,
		"replicaAddresses":            c.ReplicaAddresses,
		"masterSecretArn":             c.MasterSecretArn,
		"databaseUrlSecretArn":        c.DatabaseURLSecretArn,
		"databaseUrlReplicaSecretArn": c.DatabaseURLReplicaSecretArn,
	}
	if r := c.Restored; r != nil {
		outputs["restoredIdentifier"], outputs["restoredDatabaseUrlSecretArn"] = r.Identifier, r.DatabaseURLSecretArn
	}
	return c, ctx.RegisterResourceOutputs(c, outputs)
}

// secretFunc creates one of the component's secrets, "<name>-<suffix>", replicated to
// replicas, and returns its ARN.
type secretFunc func(suffix, description string, value pulumi.StringOutput, replicas []secretstore.Replica) (pulumi.StringOutput, error)

// backupOptions are the options of an instance whose backups AWS Backup may manage: with
// ContinuousBackup, AWS Backup owns backupRetentionPeriod and the program leaves it alone.
func backupOptions(a *PostgresArgs) []pulumi.ResourceOption {
	if a.ContinuousBackup {
		return []pulumi.ResourceOption{pulumi.IgnoreChanges([]string{"backupRetentionPeriod"})}
	}
	return nil
}

// newPrimary creates the primary: encrypted with the database key, Multi-AZ by HA level,
// in the isolated subnets, with the generated master password, automated backups, and when
// protected a final snapshot and automated backups that outlive it. With Source it is made
// from the snapshot: encrypted with the snapshot's key, starting with the snapshot's storage
// (RDS cannot shrink it to AllocatedStorageGiB; autoscaling grows it), the generated password
// set after the restore. When AWS Backup's continuous backup manages its backups, the program
// leaves backupRetentionPeriod alone.
func newPrimary(ctx *pulumi.Context, name string, a *PostgresArgs, f *fleet, password pulumi.StringOutput) (*rds.Instance, error) {
	id := primaryIdentifier(a.NamePrefix)
	return f.newInstance(ctx, name+"-primary", id, a.InstanceClass, rolePrimary, func(p *rds.InstanceArgs) {
		p.Engine = pulumi.String(engine)
		p.EngineVersion = pulumi.String(a.EngineVersion)
		p.AllowMajorVersionUpgrade = pulumi.Bool(true)
		p.AllocatedStorage = pulumi.Int(a.AllocatedStorageGiB)
		p.MultiAz = pulumi.Bool(a.HA.IsMultiAZ())
		p.DbSubnetGroupName = f.subnetGroup
		p.StorageEncrypted = pulumi.Bool(true)
		p.KmsKeyId = a.KMSKeyArn
		p.Username = pulumi.String(masterUsername)
		p.Password = password
		p.DbName = pulumi.String(databaseName)
		p.BackupRetentionPeriod = pulumi.Int(a.BackupRetentionDays)
		p.BackupWindow = pulumi.String(a.BackupWindow)
		p.MaintenanceWindow = pulumi.String(a.MaintenanceWindow)
		finalSnapshot(p, id, a.DeletionProtection)
		if s := a.Source; s != nil {
			p.SnapshotIdentifier = pulumi.String(s.SnapshotArn)
			p.KmsKeyId = s.KMSKeyArn
			p.AllocatedStorage = nil
		}
	}, backupOptions(a)...)
}
