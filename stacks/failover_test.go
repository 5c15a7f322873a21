package stacks_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/replacement"
)

// crossRegionReplica returns the RDS instance of the cross-region replica component name
// ("database" on a regional stack, "database-dr" on a primary).
func crossRegionReplica(t *testing.T, inv *harness.Inventory, component string) *harness.Resource {
	t.Helper()
	for _, r := range inv.OfType(typeRDSInstance) {
		if r.Name == component+"-replica" {
			return r
		}
	}
	t.Fatalf("%s has no RDS instance %s-replica", inv.Stack.Name, component)
	return nil
}

// TestPromotionMakesTheReplicaAWriterInPlace: saleor:promoteReplica turns a regional stack's
// replica, and a primary's DR replica, into a standalone writer: the same resource, whose
// input changes the provider applies in place (no replicateSourceDb: RDS promotes it), with
// automated backups of the environment's retention, a final snapshot and deletion protection
// in production; a regional stack's tasks then write to it.
func TestPromotionMakesTheReplicaAWriterInPlace(t *testing.T) {
	for _, c := range []struct{ stack, component, region string }{
		{"prod-benelux", "database", "eu-west-3"},
		{"prod-na", "database", "us-east-1"},
		{"prod-eu", "database-dr", "eu-west-1"},
	} {
		t.Run(c.stack, func(t *testing.T) {
			before := runStack(t, c.stack)
			after, err := runChanged(t, c.stack, map[string]string{"saleor:promoteReplica": "true"})
			if err != nil {
				t.Fatal(err)
			}
			old, promoted := crossRegionReplica(t, before, c.component), crossRegionReplica(t, after, c.component)
			if old.URN != promoted.URN || old.Region != c.region || promoted.Region != c.region {
				t.Fatalf("replica %s in %s became %s in %s", old.URN, old.Region, promoted.URN, promoted.Region)
			}
			if keys := replacement.Replaces(typeRDSInstance, old.Inputs, promoted.Inputs); len(keys) > 0 {
				t.Errorf("promotion replaces the replica on %v", keys)
			}
			if !old.Has("replicateSourceDb") || promoted.Has("replicateSourceDb") {
				t.Errorf("replicateSourceDb %v before, %v after; want the source removed, which promotes", old.Get("replicateSourceDb"), promoted.Get("replicateSourceDb"))
			}
			if promoted.Number("backupRetentionPeriod") < 30 || promoted.Bool("skipFinalSnapshot") ||
				!strings.HasSuffix(promoted.String("finalSnapshotIdentifier"), "-final") ||
				!promoted.Bool("deletionProtection") || !promoted.Protect || !promoted.Bool("multiAz") {
				t.Errorf("the promoted writer: backups %v days, skip final snapshot %v (%q), deletion protection %v, protect %v, multi-AZ %v; "+
					"want production's 30 days, a final snapshot, protection and Multi-AZ", promoted.Number("backupRetentionPeriod"),
					promoted.Bool("skipFinalSnapshot"), promoted.String("finalSnapshotIdentifier"), promoted.Bool("deletionProtection"),
					promoted.Protect, promoted.Bool("multiAz"))
			}
			if promoted.Tags()["Role"] != "primary" {
				t.Errorf("the promoted writer's Role tag is %q, want primary", promoted.Tags()["Role"])
			}
			for _, r := range after.OfType(typeRDSInstance) {
				if r.URN != promoted.URN && r.Region == c.region {
					t.Errorf("%s: another instance in %s; promotion creates nothing", r.URN, c.region)
				}
			}
			if c.component == "database" {
				checkTasksWriteTo(t, after, c.region, urlSecretOf(t, after, promoted))
			}
		})
	}
}

// urlSecretOf returns the ARN of the URL secret the replica component keeps for replica.
func urlSecretOf(t *testing.T, inv *harness.Inventory, replica *harness.Resource) string {
	t.Helper()
	for _, s := range inv.OfType("aws:secretsmanager/secret:Secret") {
		if s.Parent == replica.Parent && strings.Contains(s.Name, "url-replica") {
			return s.Output("arn")
		}
	}
	t.Fatalf("no URL secret beside %s", replica.URN)
	return ""
}

// checkTasksWriteTo checks that every container in region given DATABASE_URL takes it from
// secret. (A regional stack's secondary-region standby keeps writing to the shared primary:
// it has no path to the promoted replica; docs/failover.md.)
func checkTasksWriteTo(t *testing.T, inv *harness.Inventory, region, secret string) {
	t.Helper()
	var n int
	for _, td := range inRegion(inv, "aws:ecs/taskDefinition:TaskDefinition", region) {
		var containers []struct {
			Name    string `json:"name"`
			Secrets []struct {
				Name      string `json:"name"`
				ValueFrom string `json:"valueFrom"`
			} `json:"secrets"`
		}
		if err := td.JSON("containerDefinitions", &containers); err != nil {
			t.Fatal(err)
		}
		for _, c := range containers {
			i := slices.IndexFunc(c.Secrets, func(s struct {
				Name      string `json:"name"`
				ValueFrom string `json:"valueFrom"`
			}) bool {
				return s.Name == "DATABASE_URL"
			})
			if i < 0 {
				continue
			}
			n++
			if !strings.HasPrefix(c.Secrets[i].ValueFrom, secret) {
				t.Errorf("%s/%s takes DATABASE_URL from %s, want the promoted writer's %s", td.Name, c.Name, c.Secrets[i].ValueFrom, secret)
			}
		}
	}
	if n == 0 {
		t.Error("no container is given DATABASE_URL")
	}
}

// TestPromotionNeedsAReplica: saleor:promoteReplica on a primary without a DR region, and
// saleor:drCompute without one, are refused with the keys named.
func TestPromotionNeedsAReplica(t *testing.T) {
	for _, c := range []struct {
		change map[string]string
		want   string
	}{
		{map[string]string{"saleor:promoteReplica": "true"}, "saleor:promoteReplica: is true, but the stack has no cross-region replica"},
		{map[string]string{"saleor:drCompute": "warm"}, `saleor:drCompute: "warm" needs a disaster-recovery region`},
		{map[string]string{"saleor:drCompute": "hot"}, `saleor:drCompute: "hot" is not one of "off", "pilot-light" or "warm"`},
	} {
		_, err := runChanged(t, "staging", c.change)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.change, err, c.want)
		}
	}
}

// TestPromotedWritersAreWatchedAsWriters: a promoted replica publishes no ReplicaLag, so its
// replica-lag alarm (missing data breaching) would fire forever; it keeps the database
// alarms of a writer, its free-storage threshold taken of the storage it had as a replica.
func TestPromotedWritersAreWatchedAsWriters(t *testing.T) {
	for _, c := range []struct{ stack, component string }{
		{"prod-benelux", "database"},
		{"prod-eu", "database-dr"},
	} {
		t.Run(c.stack, func(t *testing.T) {
			inv := runStackChanged(t, c.stack, map[string]string{"saleor:promoteReplica": "true"})
			writer := crossRegionReplica(t, inv, c.component)
			dims := map[string]string{"DBInstanceIdentifier": writer.Output("identifier")}
			if lag := alarmsReading(alarmsOf(t, inv), writer.Region, "AWS/RDS", "ReplicaLag", dims); len(lag) > 0 {
				t.Errorf("the promoted writer %s has %d replica-lag alarms", writer.Name, len(lag))
			}
			checkAlertTable(t, inv, "db-cpu", "db-free-storage", "db-replica-lag")
		})
	}
}
