package database

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/secretstore"
	"github.com/saleor-platform/infra/components/validate"
)

// CrossRegionReplicaArgs configures a CrossRegionReplica. Every input belongs to the
// replica's (disaster-recovery) region except SourceArn.
type CrossRegionReplicaArgs struct {
	// NamePrefix names the replica "<NamePrefix><Purpose's suffix>" and its log groups
	// "/aws/rds/instance/<identifier>/<log>". Lower-case letters, digits and hyphens.
	// Required.
	NamePrefix string
	// Purpose is what the replica is for, which its name says. Defaults to DisasterRecovery.
	Purpose ReplicaPurpose
	// SourceArn is the primary's ARN (Postgres.Arn), in another region. Required.
	SourceArn pulumi.StringInput
	// EngineVersion is the primary's PostgreSQL major version, one of EngineVersions; it
	// picks the parameter group family. Defaults to DefaultEngineVersion.
	EngineVersion string
	// InstanceClass is the replica's class, one of catalog.RDSClasses. Required.
	InstanceClass string
	// MaxAllocatedStorageGiB is the storage-autoscaling ceiling (the replica starts with the
	// primary's storage), at most 65536. Required; use the primary's.
	MaxAllocatedStorageGiB int
	// HA decides whether the replica keeps a standby in another zone of its region, so that
	// it is Multi-AZ as soon as it is promoted. Defaults to ha.SingleAZ.
	HA ha.Level
	// SubnetIDs are the region's isolated subnets of at least two zones. Required.
	SubnetIDs pulumi.StringArrayInput
	// SecurityGroupID is the region's database security group. Required.
	SecurityGroupID pulumi.StringInput
	// KMSKeyArn is the region's database key: storage and Performance Insights. Required.
	KMSKeyArn pulumi.StringInput
	// Logs keeps the exported logs in the region, as infrastructure logs. Required.
	Logs logging.Settings
	// PrimaryURL is the primary's DATABASE_URL (Postgres.URL, secret). With it the component
	// keeps DATABASE_URL_REPLICA, the same URL with this replica as the host, in a secret
	// encrypted with SecretsKMSKeyArn, for the applications of the replica's region.
	// Defaults to nil: no secret (a disaster-recovery copy nothing reads until promoted).
	PrimaryURL pulumi.StringInput
	// SecretsKMSKeyArn is the region's secrets key. Required with PrimaryURL.
	SecretsKMSKeyArn pulumi.StringInput
	// DeletionProtection marks the replica `protect` with RDS deletion protection. Defaults
	// to false.
	DeletionProtection bool
	// Promoted makes the replica a standalone writer. Without its replication source RDS
	// promotes the instance in place: the same instance is updated, never replaced, in
	// minutes, and it cannot become a replica again. The writer keeps automated backups for
	// BackupRetentionDays and, with DeletionProtection, a final snapshot. Defaults to false.
	Promoted bool
	// BackupRetentionDays is the promoted writer's automated backup (point-in-time recovery)
	// retention, 1 to 35 days. Required when Promoted.
	BackupRetentionDays int
}

// ReplicaPurpose is what a cross-region replica is for.
type ReplicaPurpose string

const (
	// DisasterRecovery is a copy nothing reads until it is promoted: "-postgres-dr".
	DisasterRecovery ReplicaPurpose = "disaster-recovery"
	// RegionalReads serves the reads of its region's applications: "-postgres-replica".
	RegionalReads ReplicaPurpose = "regional-reads"
)

func (a CrossRegionReplicaArgs) withDefaults() CrossRegionReplicaArgs {
	if a.EngineVersion == "" {
		a.EngineVersion = DefaultEngineVersion
	}
	if a.HA == "" {
		a.HA = ha.SingleAZ
	}
	if a.Purpose == "" {
		a.Purpose = DisasterRecovery
	}
	return a
}

func (a CrossRegionReplicaArgs) validate(p *validate.Problems) {
	validate.OneOf(p, "Purpose", a.Purpose, []ReplicaPurpose{DisasterRecovery, RegionalReads})
	checkInstance(p, a.NamePrefix, a.suffix(), a.EngineVersion, a.InstanceClass, a.Logs)
	if a.Promoted {
		p.Range("BackupRetentionDays", a.BackupRetentionDays, 1, 35, "days of the promoted writer's automated backups")
	} else if a.BackupRetentionDays != 0 {
		p.Add("BackupRetentionDays", "is for a Promoted replica: a replica's backups are its source's")
	}
	p.Range("MaxAllocatedStorageGiB", a.MaxAllocatedStorageGiB, 20, 65536, "GiB (use the primary's)")
	validate.OneOf(p, "HA", a.HA, ha.Levels())
	p.Required("SourceArn", a.SourceArn != nil, "the primary's ARN")
	p.Required("SubnetIDs", a.SubnetIDs != nil, "the region's isolated (data) subnets")
	p.Required("SecurityGroupID", a.SecurityGroupID != nil, "the region's database security group")
	p.Required("KMSKeyArn", a.KMSKeyArn != nil, "the region's database key")
	if a.PrimaryURL != nil {
		p.Required("SecretsKMSKeyArn", a.SecretsKMSKeyArn != nil, "with PrimaryURL: the region's secrets key encrypts the replica's URL secret")
	}
}

// suffix ends the replica's identifier: what the replica is for.
func (a CrossRegionReplicaArgs) suffix() string {
	if a.Purpose == RegionalReads {
		return "-postgres-replica"
	}
	return "-postgres-dr"
}

// CrossRegionReplica is a read replica of a Postgres primary in another region: a region's
// read path or the disaster-recovery copy, and, once Promoted, that region's writer.
type CrossRegionReplica struct {
	pulumi.ResourceState

	// Identifier and Arn identify the replica.
	Identifier pulumi.StringOutput `pulumi:"identifier"`
	Arn        pulumi.StringOutput `pulumi:"arn"`
	// Address is the replica's DNS name, Endpoint "<Address>:<port>".
	Address  pulumi.StringOutput `pulumi:"address"`
	Endpoint pulumi.StringOutput `pulumi:"endpoint"`
	// DatabaseURLReplicaSecretArn holds the primary's URL with this replica as the host
	// ("" without PrimaryURL): DATABASE_URL_REPLICA, and DATABASE_URL too once Promoted.
	DatabaseURLReplicaSecretArn pulumi.StringOutput `pulumi:"databaseUrlReplicaSecretArn"`
}

// replicaType is the component's Pulumi type token.
const replicaType = "saleor:database:CrossRegionReplica"

// NewCrossRegionReplica creates the replica in the region of the component's AWS provider,
// with its own subnet group, parameter group and monitoring role there. It is encrypted
// with that region's database key and carries no credentials: they replicate from the
// primary.
func NewCrossRegionReplica(ctx *pulumi.Context, name string, args *CrossRegionReplicaArgs, opts ...pulumi.ResourceOption) (*CrossRegionReplica, error) {
	a, err := validate.Args(replicaType, name, args, CrossRegionReplicaArgs.withDefaults, CrossRegionReplicaArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &CrossRegionReplica{}
	if err := ctx.RegisterComponentResource(replicaType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	f, err := newFleet(ctx, name, fleetArgs{
		engineVersion: a.EngineVersion, subnetIDs: a.SubnetIDs, securityGroup: a.SecurityGroupID,
		kmsKey: a.KMSKeyArn, logs: a.Logs, maxStorageGiB: a.MaxAllocatedStorageGiB, protect: a.DeletionProtection,
	}, parent)
	if err != nil {
		return nil, err
	}
	id, role := a.NamePrefix+a.suffix(), roleDRReplica
	if a.Promoted {
		role = rolePrimary
	}
	replica, err := f.newInstance(ctx, name+"-replica", id, a.InstanceClass, role, func(r *rds.InstanceArgs) {
		r.StorageEncrypted = pulumi.Bool(true)
		r.KmsKeyId = a.KMSKeyArn
		r.DbSubnetGroupName = f.subnetGroup
		r.MultiAz = pulumi.Bool(a.HA.IsMultiAZ())
		r.SkipFinalSnapshot = pulumi.Bool(true)
		if !a.Promoted {
			r.ReplicateSourceDb = a.SourceArn
			return
		}
		r.BackupRetentionPeriod = pulumi.Int(a.BackupRetentionDays)
		r.BackupWindow = pulumi.String(defaultBackupWindow)
		r.MaintenanceWindow = pulumi.String(defaultMaintenanceWindow)
		if a.DeletionProtection {
			r.SkipFinalSnapshot = pulumi.Bool(false)
			r.FinalSnapshotIdentifier = pulumi.String(id + "-final")
			r.DeleteAutomatedBackups = pulumi.Bool(false)
		}
	})
	if err != nil {
		return nil, err
	}
	c.Identifier, c.Arn, c.Address, c.Endpoint = replica.Identifier, replica.Arn, replica.Address, replica.Endpoint
	c.DatabaseURLReplicaSecretArn = pulumi.String("").ToStringOutput()
	if a.PrimaryURL != nil {
		if c.DatabaseURLReplicaSecretArn, err = secretstore.New(ctx, name+"-url-replica", secretstore.Args{
			NamePrefix:  a.NamePrefix + "/database/url-replica-",
			Description: pulumi.String("Saleor DATABASE_URL_REPLICA: the cross-region read replica of this region"),
			KMSKeyArn:   a.SecretsKMSKeyArn,
			Value:       withHost(a.PrimaryURL, replica.Address),
		}, parent, pulumi.Protect(a.DeletionProtection)); err != nil {
			return nil, err
		}
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"identifier":                  c.Identifier,
		"arn":                         c.Arn,
		"address":                     c.Address,
		"endpoint":                    c.Endpoint,
		"databaseUrlReplicaSecretArn": c.DatabaseURLReplicaSecretArn,
	})
}
