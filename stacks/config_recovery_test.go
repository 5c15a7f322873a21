package stacks

import (
	"strings"
	"testing"
)

// Recovery inputs valid in valid's region, eu-central-1.
const (
	pastTime      = "2025-03-01T09:55:00Z"
	frankfurtSnap = "arn:aws:rds:eu-central-1:123456789012:snapshot:awsbackup:job-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"
	frankfurtKey  = "arn:aws:kms:eu-central-1:123456789012:key/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"
)

// TestRecoveryKeysRead: valid recovery keys read as the program uses them; a time with an
// offset is accepted (the component passes it to RDS in UTC).
func TestRecoveryKeysRead(t *testing.T) {
	c, err := parse(t, map[string]string{
		"saleor:databaseRestore": `{"pointInTime": "2025-03-01T10:55:00+01:00"}`,
		"saleor:databaseActive":  "restored",
		"saleor:databaseSource":  `{"snapshot": "` + frankfurtSnap + `", "kmsKeyArn": "` + frankfurtKey + `"}`,
	})
	if err != nil {
		t.Fatal(err)
	}
	r := c.Data.Recovery
	if r.Restore == nil || r.Restore.PointInTime != "2025-03-01T10:55:00+01:00" || r.Active != Restored ||
		r.Source == nil || r.Source.Snapshot != frankfurtSnap || r.Source.KMSKeyArn != frankfurtKey {
		t.Errorf("read %+v, restore %+v, source %+v", r, r.Restore, r.Source)
	}
	c, err = parse(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := c.Data.Recovery; r.Restore != nil || r.Source != nil || r.Active != Writer {
		t.Errorf("unset keys read as %+v; want no restore, no source, the writer active", r)
	}
	for _, snapshot := range []string{
		"arn:aws:rds:eu-central-1:123456789012:snapshot:saleor-prod-eu-postgres-final",       // final snapshot
		"arn:aws:rds:eu-central-1:123456789012:snapshot:rds:saleor-prod-eu-2025-03-01-01-05", // automated
		"arn:aws:rds:eu-central-1:123456789012:snapshot:awsbackup:copyjob-0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9",
	} {
		if _, err := parse(t, map[string]string{"saleor:databaseRestore": `{"snapshot": "` + snapshot + `"}`}); err != nil {
			t.Errorf("snapshot %s: %v", snapshot, err)
		}
	}
}

// TestEachBadRecoveryInputNamesItsKey: every rejected recovery input is reported under its
// key, saying what is allowed.
func TestEachBadRecoveryInputNamesItsKey(t *testing.T) {
	restore := func(v string) map[string]string { return map[string]string{"saleor:databaseRestore": v} }
	source := func(v string) map[string]string { return map[string]string{"saleor:databaseSource": v} }
	tests := []struct {
		name   string
		change map[string]string
		key    string
		says   string
	}{
		{"time without zone", restore(`{"pointInTime": "2025-03-01T09:55:00"}`), "saleor:databaseRestore", "RFC 3339 time with a time zone"},
		{"date only", restore(`{"pointInTime": "2025-03-01"}`), "saleor:databaseRestore", "RFC 3339"},
		{"time with a space", restore(`{"pointInTime": "2025-03-01 09:55:00Z"}`), "saleor:databaseRestore", "RFC 3339"},
		{"time in the future", restore(`{"pointInTime": "2999-01-01T00:00:00Z"}`), "saleor:databaseRestore", "is in the future"},
		{"both sources", restore(`{"pointInTime": "` + pastTime + `", "snapshot": "` + frankfurtSnap + `"}`), "saleor:databaseRestore", "sets both pointInTime and snapshot"},
		{"no source", restore(`{"pointInTime": ""}`), "saleor:databaseRestore", "sets neither"},
		{"typo", restore(`{"pointInTme": "` + pastTime + `"}`), "saleor:databaseRestore", "unknown field"},
		{"not an ARN", restore(`{"snapshot": "saleor-prod-eu-postgres-final"}`), "saleor:databaseRestore", "arn:<partition>:rds:<region>:<12-digit account>:snapshot:<name>"},
		{"cluster snapshot", restore(`{"snapshot": "arn:aws:rds:eu-central-1:123456789012:cluster-snapshot:x"}`), "saleor:databaseRestore", "not an RDS DB snapshot ARN"},
		{"short account", restore(`{"snapshot": "arn:aws:rds:eu-central-1:1234:snapshot:x"}`), "saleor:databaseRestore", "not an RDS DB snapshot ARN"},
		{"not RDS", restore(`{"snapshot": "arn:aws:ec2:eu-central-1:123456789012:snapshot/snap-0123"}`), "saleor:databaseRestore", "not an RDS DB snapshot ARN"},
		{"partition of another region", restore(`{"snapshot": "arn:aws-cn:rds:eu-central-1:123456789012:snapshot:x"}`), "saleor:databaseRestore", "region eu-central-1 is in aws"},
		{"snapshot of another region", restore(`{"snapshot": "arn:aws:rds:eu-west-1:123456789012:snapshot:x"}`), "saleor:databaseRestore", "is in eu-west-1, but the instance is made in aws:region eu-central-1"},
		{"restored without restore", map[string]string{"saleor:databaseActive": "restored"}, "saleor:databaseActive", `"restored" needs saleor:databaseRestore`},
		{"unknown instance", map[string]string{"saleor:databaseActive": "replica"}, "saleor:databaseActive", `"writer" or "restored"`},
		{"source without snapshot", source(`{"kmsKeyArn": "` + frankfurtKey + `"}`), "saleor:databaseSource", "sets no snapshot"},
		{"source of another region", source(`{"snapshot": "arn:aws:rds:eu-west-1:123456789012:snapshot:x"}`), "saleor:databaseSource", "RDS restores a snapshot of its own region"},
		{"source key alias", source(`{"snapshot": "` + frankfurtSnap + `", "kmsKeyArn": "arn:aws:kms:eu-central-1:123456789012:alias/backup"}`), "saleor:databaseSource", "an alias is not"},
		{"source key of another region", source(`{"snapshot": "` + frankfurtSnap + `", "kmsKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"}`), "saleor:databaseSource", "is a key of eu-west-1"},
		{"source typo", source(`{"snapshotArn": "` + frankfurtSnap + `"}`), "saleor:databaseSource", "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { expectProblem(t, tt.change, tt.key, tt.says) })
	}
}

// TestRecoveryKeysAreThePrimarysOnly: a regional stack has no writer, so each recovery key
// is refused there, once, naming the key (saleor:databaseActive when it is restored: the
// CLI passes its declared default, writer, to every stack).
func TestRecoveryKeysAreThePrimarysOnly(t *testing.T) {
	for key, value := range map[string]string{
		"saleor:databaseRestore": `{"pointInTime": "` + pastTime + `"}`,
		"saleor:databaseActive":  "restored",
		"saleor:databaseSource":  `{"snapshot": "arn:aws:rds:eu-west-3:123456789012:snapshot:x"}`,
	} {
		t.Run(key, func(t *testing.T) {
			_, err := parseRegional(t, map[string]string{key: value})
			problems, _ := err.(ConfigError)
			var found []Problem
			for _, p := range problems {
				if p.Key == key {
					found = append(found, p)
				}
			}
			if len(found) != 1 || !strings.Contains(found[0].Message, "on a regional stack") {
				t.Errorf("problems for %s: %v; want one saying it is set on a regional stack, in:\n%v", key, found, err)
			}
		})
	}
}

// parseRegional reads a minimal regional stack in eu-west-3 with change applied, its own
// keys only (as CheckEnvironment reads a regional stack, without its primary's contract).
func parseRegional(t *testing.T, change map[string]string) (*Config, error) {
	t.Helper()
	cfg := declaredDefaults(t)
	for k, v := range map[string]string{
		"saleor:environment": "production", "saleor:role": "regional", "saleor:primaryStack": "prod-eu",
		"aws:region": "eu-west-3", "saleor:originShieldRegion": "eu-west-2", "saleor:vpcCidr": "10.20.0.0/16",
		"saleor:costCenter": "cc-1", "saleor:owner": "team@example.com", "saleor:imageTag": "3.21.4",
		"saleor:storefront":      `{"hosting": "external", "origin": "shop.vercel.app"}`,
		"saleor:alertRecipients": `{"critical": {"emails": ["oncall@example.com"]}}`, "saleor:monthlyBudgetUsd": "1000",
	} {
		cfg[k] = v
	}
	for k, v := range change {
		cfg[k] = v
	}
	c, _, err := parseConfig(configInput{project: "saleor", stack: "regional-test", lookup: func(k string) string { return cfg[k] }, isSecret: isSecret, skipPrimary: true})
	return c, err
}
