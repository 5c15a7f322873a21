package database_test

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/database"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

const (
	// recoveryPoint is an AWS Backup recovery point of the primary region.
	recoveryPoint = "arn:aws:rds:eu-central-1:123456789012:snapshot:awsbackup:job-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"
	// snapshotKey is a key other than the database key, the one a snapshot copy carries.
	snapshotKey = "arn:aws:kms:eu-central-1:123456789012:key/backup-copy"
)

// TestRestoreAndSourceValidation: a restore has exactly one source, a time in RFC 3339
// with a zone or an RDS DB snapshot ARN whose partition is its region's; a source names a
// snapshot. Each is reported under its field, before anything is registered.
func TestRestoreAndSourceValidation(t *testing.T) {
	tests := []struct {
		name   string
		change func(*database.PostgresArgs)
		fields []string
	}{
		{"both sources", func(a *database.PostgresArgs) {
			a.Restore = &database.Restore{PointInTime: "2025-03-01T09:55:00Z", SnapshotArn: recoveryPoint}
		}, []string{"Restore"}},
		{"no source", func(a *database.PostgresArgs) { a.Restore = &database.Restore{} }, []string{"Restore"}},
		{"time without zone", func(a *database.PostgresArgs) {
			a.Restore = &database.Restore{PointInTime: "2025-03-01T09:55:00"}
		}, []string{"Restore.PointInTime"}},
		{"not a snapshot ARN", func(a *database.PostgresArgs) {
			a.Restore = &database.Restore{SnapshotArn: "saleor-test-postgres-final"}
		}, []string{"Restore.SnapshotArn"}},
		{"partition of another region", func(a *database.PostgresArgs) {
			a.Restore = &database.Restore{SnapshotArn: "arn:aws-us-gov:rds:eu-central-1:123456789012:snapshot:x"}
		}, []string{"Restore.SnapshotArn"}},
		{"source without snapshot", func(a *database.PostgresArgs) { a.Source = &database.SnapshotSource{} }, []string{"Source.SnapshotArn"}},
		{"cluster snapshot source", func(a *database.PostgresArgs) {
			a.Source = &database.SnapshotSource{SnapshotArn: "arn:aws:rds:eu-central-1:123456789012:cluster-snapshot:x"}
		}, []string{"Source.SnapshotArn"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := production(t)
			tt.change(&args)
			inv, err := deploy(t, args, nil)
			if err == nil {
				t.Fatal("accepted")
			}
			if got := reported(err); !slices.Equal(got, tt.fields) {
				t.Errorf("problems reported for %v, want %v: %v", got, tt.fields, err)
			}
			if len(inv.OfType(instanceType)) != 0 {
				t.Error("registered resources before validating")
			}
		})
	}
}

// TestSourceKeyDefaultsToTheDatabaseKey: a primary made from a snapshot keeps the
// snapshot's key, the database key unless Source names another, and starts with the
// snapshot's storage; Source does not move the primary's secrets or replicas.
func TestSourceKeyDefaultsToTheDatabaseKey(t *testing.T) {
	for _, tt := range []struct {
		name string
		key  pulumi.StringInput
		want string
	}{
		{"default", nil, databaseKey},
		{"the copy's key", pulumi.String(snapshotKey), snapshotKey},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := production(t)
			args.Source = &database.SnapshotSource{SnapshotArn: recoveryPoint, KMSKeyArn: tt.key}
			inv := mustDeploy(t, args, nil)
			p := harnesstest.Named(t, inv, instanceType, "database-primary")
			check(t, "snapshotIdentifier", p.String("snapshotIdentifier"), recoveryPoint)
			check(t, "kmsKeyId", p.String("kmsKeyId"), tt.want)
			check(t, "performanceInsightsKmsKeyId", p.String("performanceInsightsKmsKeyId"), databaseKey)
			check(t, "allocatedStorage set", p.Has("allocatedStorage"), false)
			check(t, "replica of the primary", harnesstest.Named(t, inv, instanceType, "database-replica-1").String("replicateSourceDb"), p.Output("identifier"))
		})
	}
}
