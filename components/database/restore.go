package database

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/validate"
)

// Restore makes an instance beside the primary from the primary's backups, from exactly one
// of PointInTime or SnapshotArn. It is a new instance with its own identifier; the primary
// is untouched.
type Restore struct {
	// PointInTime is the time to restore the primary's automated backups to (point-in-time
	// recovery), RFC 3339 with a time zone, e.g. "2025-03-01T09:55:00Z". RDS restores up to
	// the primary's latest restorable time (about 5 minutes ago) and back as far as its
	// backup retention.
	PointInTime string
	// SnapshotArn is an RDS DB snapshot of the primary's region: a manual or final
	// snapshot, or an AWS Backup recovery point of the primary
	// ("arn:aws:rds:<region>:<account>:snapshot:awsbackup:job-<id>").
	SnapshotArn string
}

// SnapshotSource makes the primary from an RDS DB snapshot instead of an empty database: a
// rebuild from a backup.
type SnapshotSource struct {
	// SnapshotArn is an RDS DB snapshot of the primary's region. Required.
	SnapshotArn string
	// KMSKeyArn is the key the snapshot is encrypted with, which the primary keeps: RDS
	// cannot re-encrypt at restore, and a kmsKeyId other than the snapshot's would make the
	// provider replace the primary at the next update. Defaults to the component's
	// KMSKeyArn (a snapshot of this database, or a copy re-encrypted with its key).
	KMSKeyArn pulumi.StringInput
}

// Restored is the instance a Restore made, and the secret Saleor reaches it with.
type Restored struct {
	// Identifier and Arn identify the instance; Address is its DNS name.
	Identifier, Arn, Address pulumi.StringOutput
	// DatabaseURLSecretArn holds its DATABASE_URL, replicated as the primary's is.
	DatabaseURLSecretArn pulumi.StringOutput
	// URL is that DATABASE_URL (secret): the primary's credentials, which a restore keeps.
	URL pulumi.StringOutput
}

// restoredSuffix ends the restored instance's identifier: "<NamePrefix>-postgres-restored".
const restoredSuffix = "-postgres-restored"

// roleRestored is the restored instance's Role tag.
const roleRestored = "restored"

// snapshotArn is an RDS DB snapshot ARN: partition, region, account and the snapshot's name
// (letters, digits and hyphens, with a "rds:" or "awsbackup:" prefix for automated and AWS
// Backup snapshots).
var snapshotArn = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):rds:([a-z]{2}(-[a-z]+)+-\d):(\d{12}):snapshot:([A-Za-z][A-Za-z0-9-]*(:[A-Za-z0-9][A-Za-z0-9-]*)*)$`)

// snapshotArnFormat describes a valid snapshot ARN, for messages.
const snapshotArnFormat = "arn:<partition>:rds:<region>:<12-digit account>:snapshot:<name> (a DB snapshot, not a cluster-snapshot)"

// SnapshotRegion returns the region of an RDS DB snapshot ARN, or an error saying why arn is
// not one: its format, or a partition that is not its region's.
func SnapshotRegion(arn string) (string, error) {
	m := snapshotArn.FindStringSubmatch(arn)
	if m == nil {
		return "", fmt.Errorf("%q is not an RDS DB snapshot ARN, %s", arn, snapshotArnFormat)
	}
	partition, region := m[1], m[2]
	if want := partitionOf(region); partition != want {
		return "", fmt.Errorf("%q names partition %s, but region %s is in %s", arn, partition, region, want)
	}
	return region, nil
}

// partitionOf is the AWS partition of a region code.
func partitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// ParsePointInTime parses a Restore.PointInTime: RFC 3339 with a time zone ("Z" or an
// offset). RDS takes the time in UTC; the component passes it so.
func ParsePointInTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time with a time zone, such as \"2025-03-01T09:55:00Z\"", s)
	}
	return t.UTC(), nil
}

func (r *Restore) validate(p *validate.Problems) {
	switch {
	case r.PointInTime != "" && r.SnapshotArn != "":
		p.Add("Restore", "sets both PointInTime and SnapshotArn: a restore has one source")
	case r.PointInTime != "":
		if _, err := ParsePointInTime(r.PointInTime); err != nil {
			p.Add("Restore.PointInTime", "%v", err)
		}
	case r.SnapshotArn != "":
		if _, err := SnapshotRegion(r.SnapshotArn); err != nil {
			p.Add("Restore.SnapshotArn", "%v", err)
		}
	default:
		p.Add("Restore", "sets neither PointInTime nor SnapshotArn")
	}
}

func (s *SnapshotSource) validate(p *validate.Problems) {
	if _, err := SnapshotRegion(s.SnapshotArn); err != nil {
		p.Add("Source.SnapshotArn", "%v", err)
	}
}

// newRestored creates the restored instance beside the primary, as the primary is made
// (class, Multi-AZ by HA level, subnets, security and parameter groups, key, monitoring,
// logs, backups, deletion protection and `protect`), from its backups at the restore time
// or from the snapshot, and its DATABASE_URL secret. It sets no credentials: RDS restores
// the source's master user and password, so the URL is the primary's with this host.
func newRestored(ctx *pulumi.Context, name string, a *PostgresArgs, f *fleet, primary *rds.Instance, password pulumi.StringOutput, secret secretFunc, opts ...pulumi.ResourceOption) (*Restored, error) {
	id := a.NamePrefix + restoredSuffix
	instance, err := f.newInstance(ctx, name+"-restored", id, a.InstanceClass, roleRestored, func(r *rds.InstanceArgs) {
		if a.Restore.SnapshotArn != "" {
			r.SnapshotIdentifier = pulumi.String(a.Restore.SnapshotArn)
		} else {
			at, _ := ParsePointInTime(a.Restore.PointInTime) // validated
			r.RestoreToPointInTime = &rds.InstanceRestoreToPointInTimeArgs{
				// The resource ID, not the identifier: it also finds the automated backups
				// RDS keeps after the primary is deleted (DeleteAutomatedBackups false).
				SourceDbiResourceId: primary.ResourceId,
				RestoreTime:         pulumi.String(at.Format(time.RFC3339)),
			}
		}
		r.Engine = pulumi.String(engine)
		r.EngineVersion = pulumi.String(a.EngineVersion)
		r.AllowMajorVersionUpgrade = pulumi.Bool(true)
		r.MultiAz = pulumi.Bool(a.HA.IsMultiAZ())
		r.DbSubnetGroupName = f.subnetGroup
		r.StorageEncrypted = pulumi.Bool(true)
		r.KmsKeyId = a.KMSKeyArn // the source's key, which a restore keeps
		r.BackupRetentionPeriod = pulumi.Int(a.BackupRetentionDays)
		r.BackupWindow = pulumi.String(a.BackupWindow)
		r.MaintenanceWindow = pulumi.String(a.MaintenanceWindow)
		finalSnapshot(r, id, a.DeletionProtection)
	}, opts...)
	if err != nil {
		return nil, err
	}
	url := connectionURL(password, instance.Address)
	arn, err := secret("url-restored", "Saleor DATABASE_URL: the instance restored from the primary's backups", url, a.SecretReplicas)
	if err != nil {
		return nil, err
	}
	return &Restored{
		Identifier: instance.Identifier, Arn: instance.Arn, Address: instance.Address,
		DatabaseURLSecretArn: arn, URL: url,
	}, nil
}

// finalSnapshot makes a protected instance take a final snapshot "<identifier>-final" and
// keep its automated backups when deleted; an unprotected one skips both.
func finalSnapshot(r *rds.InstanceArgs, identifier string, protect bool) {
	r.SkipFinalSnapshot = pulumi.Bool(!protect)
	if protect {
		r.FinalSnapshotIdentifier = pulumi.String(identifier + "-final")
		r.DeleteAutomatedBackups = pulumi.Bool(false)
	}
}
