package stacks

import (
	"regexp"
	"time"

	"github.com/saleor-platform/infra/components/database"
)

// RecoveryConfig is how a primary recovers its database from backups (docs/recovery.md).
type RecoveryConfig struct {
	// Restore is saleor:databaseRestore: the instance to restore beside the writer; nil:
	// none.
	Restore *DatabaseRestore
	// Active is saleor:databaseActive: the instance the application uses.
	Active DatabaseInstance
	// Source is saleor:databaseSource: the snapshot the writer is made from; nil: the writer
	// starts empty.
	Source *DatabaseSource
}

// DatabaseRestore is saleor:databaseRestore: {pointInTime: <RFC 3339 time>} or
// {snapshot: <RDS DB snapshot ARN>}.
type DatabaseRestore struct {
	PointInTime string `json:"pointInTime"`
	Snapshot    string `json:"snapshot"`
}

// DatabaseSource is saleor:databaseSource: {snapshot: <RDS DB snapshot ARN>, kmsKeyArn:
// <the key it is encrypted with>}, kmsKeyArn defaulting to the stack's database key.
type DatabaseSource struct {
	Snapshot  string `json:"snapshot"`
	KMSKeyArn string `json:"kmsKeyArn"`
}

// DatabaseInstance names one of a primary's database instances.
type DatabaseInstance string

const (
	// Writer is the primary's writer, "<prefix>-postgres".
	Writer DatabaseInstance = "writer"
	// Restored is the instance saleor:databaseRestore makes, "<prefix>-postgres-restored".
	Restored DatabaseInstance = "restored"
)

// kmsKeyArn is a KMS key ARN by key ID: partition, region, account and the key's ID (a
// multi-Region key's starts with "mrk-"). RDS records a key by this ARN, never by alias.
var kmsKeyArn = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):kms:([a-z]{2}(-[a-z]+)+-\d):\d{12}:key/(mrk-)?[0-9a-f-]{32,36}$`)

// readRecovery reads saleor:databaseRestore, saleor:databaseActive (Pulumi.yaml declares its
// default) and saleor:databaseSource. A regional stack has no writer: readRole refuses the
// restore and the source there, and restored is refused here.
func readRecovery(s *source, c *Config, now time.Time) {
	r := &c.Data.Recovery
	var restore DatabaseRestore
	if s.object("saleor:databaseRestore", &restore) {
		r.Restore = &restore
	}
	s.preset("saleor:databaseActive")
	r.Active = oneOf(s, "saleor:databaseActive", []DatabaseInstance{Writer, Restored}, Writer)
	var source DatabaseSource
	if s.object("saleor:databaseSource", &source) {
		r.Source = &source
	}
	if c.IsRegional() {
		if r.Active == Restored {
			s.problems.add("saleor:databaseActive", "is %q on a regional stack, which has no writer to switch: it writes through its primary's, which switches", Restored)
		}
		return
	}
	if r.Restore != nil {
		checkRestore(s, c.Region, *r.Restore, now)
	}
	if r.Active == Restored && r.Restore == nil {
		s.problems.add("saleor:databaseActive", "%q needs saleor:databaseRestore: there is no restored instance to switch to; %q is the default", Restored, Writer)
	}
	if r.Source != nil {
		checkSource(s, c.Region, *r.Source)
	}
}

// checkRestore validates saleor:databaseRestore: one source, a past RFC 3339 time or a
// snapshot of the stack's region.
func checkRestore(s *source, region string, r DatabaseRestore, now time.Time) {
	const key, shape = "saleor:databaseRestore", `{pointInTime: <RFC 3339 time, e.g. "2025-03-01T09:55:00Z">} or {snapshot: <RDS DB snapshot ARN>}`
	switch {
	case r.PointInTime != "" && r.Snapshot != "":
		s.problems.add(key, "sets both pointInTime and snapshot: a restore has one source, %s", shape)
	case r.PointInTime != "":
		at, err := database.ParsePointInTime(r.PointInTime)
		switch {
		case err != nil:
			s.problems.add(key, "pointInTime %v", err)
		case at.After(now):
			s.problems.add(key, "pointInTime %s is in the future: RDS restores up to the writer's latest restorable time, about 5 minutes ago", r.PointInTime)
		}
	case r.Snapshot != "":
		checkSnapshot(s, key, region, r.Snapshot)
	default:
		s.problems.add(key, "sets neither pointInTime nor snapshot: %s", shape)
	}
}

// checkSource validates saleor:databaseSource: a snapshot and the key it is encrypted with,
// both of the stack's region.
func checkSource(s *source, region string, src DatabaseSource) {
	const key = "saleor:databaseSource"
	if src.Snapshot == "" {
		s.problems.add(key, "sets no snapshot: {snapshot: <RDS DB snapshot ARN>, kmsKeyArn: <its KMS key ARN, default the stack's database key>}")
	} else {
		checkSnapshot(s, key, region, src.Snapshot)
	}
	if src.KMSKeyArn == "" {
		return
	}
	switch m := kmsKeyArn.FindStringSubmatch(src.KMSKeyArn); {
	case m == nil:
		s.problems.add(key, "kmsKeyArn %q is not a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key ID> (an alias is not: RDS records the key)", src.KMSKeyArn)
	case m[2] != region:
		s.problems.add(key, "kmsKeyArn %q is a key of %s; the writer is made in aws:region %s, with a key of its region", src.KMSKeyArn, m[2], region)
	}
}

// checkSnapshot reports a snapshot ARN that is malformed or of another region than the
// stack's: RDS restores a snapshot of the instance's own region.
func checkSnapshot(s *source, key, region, arn string) {
	at, err := database.SnapshotRegion(arn)
	switch {
	case err != nil:
		s.problems.add(key, "snapshot %v", err)
	case at != region:
		s.problems.add(key, "snapshot %q is in %s, but the instance is made in aws:region %s: RDS restores a snapshot of its own region; "+
			"copy it there first (aws rds copy-db-snapshot --source-region %s)", arn, at, region, at)
	}
}
