package stacks_test

// Recovering the database by configuration (docs/recovery.md), as the real stacks deploy it:
// the restored instance beside the writer, the switch to it, and the writer made from a
// snapshot.

import (
	"encoding/json"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/replacement"
)

const (
	// restoreTime is a restore time with an offset; RDS is given it in UTC, restoreTimeUTC.
	restoreTime    = "2025-03-01T10:55:00+01:00"
	restoreTimeUTC = "2025-03-01T09:55:00Z"
	// frankfurtRecoveryPoint is an AWS Backup recovery point of a database in eu-central-1.
	frankfurtRecoveryPoint = "arn:aws:rds:eu-central-1:123456789012:snapshot:awsbackup:job-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"
	// Names of the database component's children.
	writerName      = "database-primary"
	restoredName    = "database-restored"
	writerURLName   = "database-url"
	restoredURLName = "database-url-restored"
)

// pointInTimeRestore is saleor:databaseRestore to restoreTime.
func pointInTimeRestore() map[string]string {
	return map[string]string{"saleor:databaseRestore": `{"pointInTime": "` + restoreTime + `"}`}
}

// switchedToRestored is pointInTimeRestore with the application switched to the restored
// instance.
func switchedToRestored() map[string]string {
	return merged(pointInTimeRestore(), map[string]string{"saleor:databaseActive": "restored"})
}

// mustRunChanged runs a stack from the repo with change, after its primaries.
func mustRunChanged(t *testing.T, name string, change map[string]string) *harness.Inventory {
	t.Helper()
	inv, err := runChanged(t, name, change)
	if err != nil {
		t.Fatalf("%s with %v: %v", name, change, err)
	}
	return inv
}

// sameAsTheWriter are the inputs a restored instance has as the writer has them: class,
// engine, storage, key, network, parameters, monitoring, logs, backups, Multi-AZ and deletion
// protection.
var sameAsTheWriter = []string{
	"instanceClass", "engine", "engineVersion", "allowMajorVersionUpgrade", "port", "storageType", "maxAllocatedStorage",
	"storageEncrypted", "kmsKeyId", "dbSubnetGroupName", "vpcSecurityGroupIds", "parameterGroupName", "publiclyAccessible",
	"iamDatabaseAuthenticationEnabled", "multiAz", "performanceInsightsEnabled", "performanceInsightsKmsKeyId",
	"performanceInsightsRetentionPeriod", "monitoringInterval", "monitoringRoleArn", "enabledCloudwatchLogsExports",
	"backupRetentionPeriod", "backupWindow", "maintenanceWindow", "autoMinorVersionUpgrade", "copyTagsToSnapshot",
	"deletionProtection", "skipFinalSnapshot", "deleteAutomatedBackups",
}

// TestRestoredInstanceIsMadeLikeTheWriter: saleor:databaseRestore {pointInTime} makes
// "<prefix>-postgres-restored" beside the writer from the writer's automated backups (its
// resource ID, the time in UTC), made as the writer is (same class, subnets, security group,
// parameter group, key, monitoring, backups; Multi-AZ, deletion protection, a final snapshot
// and protect in production only), without credentials of its own, its logs in their own
// groups, watched by alarms, and with its own DATABASE_URL secret: the writer's credentials,
// its host, under the secrets key, replicated where the writer's is.
func TestRestoredInstanceIsMadeLikeTheWriter(t *testing.T) {
	for _, stack := range []string{"prod-eu", "staging"} {
		t.Run(stack, func(t *testing.T) {
			inv := mustRunChanged(t, stack, pointInTimeRestore())
			production := stackConfig(t, inv).Environment.IsProduction()
			writer, restored := mustNamed(t, inv, rdsInstanceType, writerName), mustNamed(t, inv, rdsInstanceType, restoredName)
			for _, in := range sameAsTheWriter {
				if !writer.Get(in).DeepEquals(restored.Get(in)) {
					t.Errorf("%s = %v, the writer's %v", in, restored.Get(in), writer.Get(in))
				}
			}
			if restored.Provider != writer.Provider || restored.Parent != writer.Parent {
				t.Errorf("provider %s, parent %s; want the writer's %s, %s", restored.Provider, restored.Parent, writer.Provider, writer.Parent)
			}
			id := "saleor-" + stack + "-postgres-restored"
			check := func(what string, got, want any) {
				t.Helper()
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %v, want %v", what, got, want)
				}
			}
			check("identifier", restored.String("identifier"), id)
			check("restoreToPointInTime.sourceDbiResourceId", restored.String("restoreToPointInTime.sourceDbiResourceId"), writer.Output("resourceId"))
			check("restoreToPointInTime.restoreTime", restored.String("restoreToPointInTime.restoreTime"), restoreTimeUTC)
			for _, unset := range []string{"snapshotIdentifier", "username", "password", "dbName", "allocatedStorage", "replicateSourceDb"} {
				if restored.Has(unset) {
					t.Errorf("%s is set (%v): a restore takes it from its source", unset, restored.Get(unset))
				}
			}
			check("protect", restored.Protect, production)
			check("multiAz", restored.Bool("multiAz"), production)
			check("deletionProtection", restored.Bool("deletionProtection"), production)
			if production {
				check("finalSnapshotIdentifier", restored.String("finalSnapshotIdentifier"), id+"-final")
			}
			check("Role tag", restored.Tags()["Role"], "restored")
			check("output restoredDatabaseUrlSecretArn", inv.Outputs["restoredDatabaseUrlSecretArn"].Value, mustNamed(t, inv, secretType, restoredURLName).Output("arn"))

			for _, log := range []string{"postgresql", "upgrade"} {
				group := mustNamed(t, inv, logGroupType, restoredName+"-"+log)
				writerGroup := mustNamed(t, inv, logGroupType, writerName+"-"+log)
				check(log+" log group", group.String("name"), "/aws/rds/instance/"+id+"/"+log)
				check(log+" log group key", group.String("kmsKeyId"), writerGroup.String("kmsKeyId"))
				check(log+" log group retention", group.Number("retentionInDays"), writerGroup.Number("retentionInDays"))
			}
			var watched []string
			for _, a := range inv.OfType(metricAlarmType) {
				if a.String("dimensions.DBInstanceIdentifier") == id {
					watched = append(watched, a.String("metricName"))
				}
			}
			if !slices.Contains(watched, "CPUUtilization") || !slices.Contains(watched, "FreeStorageSpace") {
				t.Errorf("alarms on %s: %v; want CPU and free storage, as the writer has", id, watched)
			}

			secret, writerSecret := mustNamed(t, inv, secretType, restoredURLName), mustNamed(t, inv, secretType, writerURLName)
			check("URL secret key", secret.String("kmsKeyId"), writerSecret.String("kmsKeyId"))
			check("URL secret replica regions", secretReplicaRegions(secret), secretReplicaRegions(writerSecret))
			check("URL secret protect", secret.Protect, production)
			got, want := secretURL(t, inv, secret), secretURL(t, inv, writerSecret)
			check("URL host", got.Hostname(), restored.Output("address"))
			got.Host = want.Host
			check("URL but its host (credentials, database, TLS)", got.String(), want.String())
		})
	}
}

// secretURL is the URL a secret holds.
func secretURL(t *testing.T, inv *harness.Inventory, secret *harness.Resource) *url.URL {
	t.Helper()
	u, err := url.Parse(currentSecretValue(inv, secret))
	if err != nil || u.Host == "" {
		t.Fatalf("secret %s holds no URL: %v", secret.Name, err)
	}
	return u
}

// TestRestoredInstanceFromASnapshot: saleor:databaseRestore {snapshot} restores that RDS
// snapshot (an AWS Backup recovery point) instead of a point in time, under the writer's key.
func TestRestoredInstanceFromASnapshot(t *testing.T) {
	inv := mustRunChanged(t, "prod-eu", map[string]string{"saleor:databaseRestore": `{"snapshot": "` + frankfurtRecoveryPoint + `"}`})
	writer, restored := mustNamed(t, inv, rdsInstanceType, writerName), mustNamed(t, inv, rdsInstanceType, restoredName)
	if restored.String("snapshotIdentifier") != frankfurtRecoveryPoint || restored.Has("restoreToPointInTime") {
		t.Errorf("snapshotIdentifier %q, restoreToPointInTime %v; want the recovery point and no point in time",
			restored.String("snapshotIdentifier"), restored.Get("restoreToPointInTime"))
	}
	if restored.String("kmsKeyId") != writer.String("kmsKeyId") || !restored.Protect {
		t.Errorf("kmsKeyId %q, protect %v; want the writer's key %q, protected", restored.String("kmsKeyId"), restored.Protect, writer.String("kmsKeyId"))
	}
}

// TestRestoreTakesNoStepOnTheWriter: on every primary stack, adding saleor:databaseRestore
// leaves every resource the stack had as it was (inputs, protect, provider, parent,
// dependencies), the writer first (no input the provider replaces on changes), but the
// dashboard, which shows the new instance, and outside production the business-hours
// schedules and their role's policy, which switch its alarms too; what it adds is the
// restored instance, its log groups, URL secret and alarms.
func TestRestoreTakesNoStepOnTheWriter(t *testing.T) {
	forEachStack(t, func(t *testing.T, before *harness.Inventory) {
		if stackConfig(t, before).IsRegional() {
			t.Skip("a regional stack has no writer (saleor:databaseRestore is refused there)")
		}
		after := mustRunChanged(t, before.Stack.Name, pointInTimeRestore())
		writer := mustNamed(t, before, rdsInstanceType, writerName)
		if got := replacement.Replaces(writer.Type, writer.Inputs, after.ByURN(writer.URN).Inputs); len(got) > 0 {
			t.Errorf("the writer would be replaced: %v changes", got)
		}
		for _, p := range statefulReplacements(before, after) {
			t.Error(p)
		}
		for _, r := range before.Resources {
			next := after.ByURN(r.URN)
			switch {
			case next == nil:
				t.Errorf("%s disappears", r.URN)
			case r.Type == "aws:cloudwatch/dashboard:Dashboard":
			case r.Type == scheduleType, r.Type == "aws:iam/rolePolicy:RolePolicy" && strings.HasSuffix(r.Name, "-business-hours"):
			case !sameRegistration(r, next):
				t.Errorf("%s changes: %s", r.URN, registrationDiff(r, next))
			}
		}
		for _, r := range after.Resources {
			if before.ByURN(r.URN) == nil && !strings.HasSuffix(r.Name, "-restored") && !strings.Contains(r.Name, "-restored-") {
				t.Errorf("%s is new, and not the restored instance's", r.URN)
			}
		}
	})
}

// sameRegistration reports whether two registrations of a URN are alike in what the engine
// compares: inputs and options.
func sameRegistration(a, b *harness.Resource) bool {
	return resource.NewProperty(a.Inputs).DeepEquals(resource.NewProperty(b.Inputs)) && a.Protect == b.Protect &&
		a.Provider == b.Provider && a.Parent == b.Parent && slices.Equal(a.Dependencies, b.Dependencies) &&
		slices.Equal(a.IgnoreChanges, b.IgnoreChanges)
}

// registrationDiff names the inputs and options that differ between two registrations.
func registrationDiff(a, b *harness.Resource) []string {
	var out []string
	for k := range a.Inputs {
		if !a.Inputs[k].DeepEquals(b.Inputs[k]) {
			out = append(out, string(k))
		}
	}
	for k := range b.Inputs {
		if _, ok := a.Inputs[k]; !ok {
			out = append(out, "+"+string(k))
		}
	}
	if a.Protect != b.Protect || a.Provider != b.Provider || a.Parent != b.Parent ||
		!slices.Equal(a.Dependencies, b.Dependencies) || !slices.Equal(a.IgnoreChanges, b.IgnoreChanges) {
		out = append(out, "options")
	}
	slices.Sort(out)
	return out
}

// TestSwitchingToTheRestoredInstance: saleor:databaseActive restored repoints exactly the
// secrets the task definitions read as DATABASE_URL and DATABASE_URL_REPLICA (the writer's
// read replicas replicate the corrupt data) at the restored instance's URL secret, in every
// task definition, and nothing else in them; the execution role may read that secret, AWS
// Backup now backs up the restored instance (so the DR vault gets its copies), the contract
// names its URL, and a regional stack writes to it at its next update, through the secret's
// replica in its region. Nothing else changes: no database, no other secret, no replacement.
func TestSwitchingToTheRestoredInstance(t *testing.T) {
	before, after := mustRunChanged(t, "prod-eu", pointInTimeRestore()), mustRunChanged(t, "prod-eu", switchedToRestored())
	restored, writer := mustNamed(t, after, rdsInstanceType, restoredName), mustNamed(t, after, rdsInstanceType, writerName)
	restoredURL := mustNamed(t, after, secretType, restoredURLName).Output("arn")
	switched := []string{"DATABASE_URL", "DATABASE_URL_REPLICA"}

	// The home runtime's: a DR runtime keeps the DR replica, its region's copy.
	home := before.Stack.Config["aws:region"]
	old, updated := workloads(t, before, home), workloads(t, after, home)
	if len(updated) == 0 || len(updated) != len(old) {
		t.Fatalf("%d workloads after the switch, %d before", len(updated), len(old))
	}
	for name, w := range updated {
		was := mustWorkload(t, old, name)
		for _, variable := range switched {
			if refs := secretRefs(w.container, variable); !slices.Equal(refs, []string{restoredURL}) {
				t.Errorf("%s reads %s from %v, want the restored instance's secret %s", name, variable, refs, restoredURL)
			}
			if slices.Equal(secretRefs(was.container, variable), secretRefs(w.container, variable)) {
				t.Errorf("%s's %s did not change", name, variable)
			}
		}
		if a, b := withoutSecrets(t, was.taskDefinition, switched), withoutSecrets(t, w.taskDefinition, switched); a != b {
			t.Errorf("%s's container definition changes beyond %v:\n%s\n%s", name, switched, a, b)
		}
	}

	expected := map[string]bool{taskDefinitionType: true, rolePolicyType: true, "aws:backup/selection:Selection": true}
	for _, r := range before.Resources {
		next := after.ByURN(r.URN)
		if next == nil {
			t.Errorf("%s disappears", r.URN)
		} else if !sameRegistration(r, next) && !expected[r.Type] {
			t.Errorf("%s changes (%v); the switch changes only task definitions, the execution role and the backup selection", r.URN, registrationDiff(r, next))
		}
	}
	if len(after.Resources) != len(before.Resources) {
		t.Errorf("%d resources after the switch, %d before", len(after.Resources), len(before.Resources))
	}
	for _, p := range statefulReplacements(before, after) {
		t.Error(p)
	}
	execution := mustNamed(t, after, rolePolicyType, "compute-execution")
	if !strings.Contains(execution.String("policy"), restoredURL) {
		t.Errorf("the execution role may not read %s: %s", restoredURL, execution.String("policy"))
	}
	selection := mustNamed(t, after, "aws:backup/selection:Selection", "backup-selection").Strings("resources")
	if !slices.Contains(selection, restored.Output("arn")) || slices.Contains(selection, writer.Output("arn")) {
		t.Errorf("AWS Backup selects %v; want the restored instance %s, not the writer", selection, restored.Output("arn"))
	}

	if got := after.Outputs["databaseUrlSecretArn"].Value; got != restoredURL {
		t.Errorf("the contract's databaseUrlSecretArn is %v, want %s", got, restoredURL)
	}
	if u := after.Outputs["databaseUrl"]; !u.Secret || !strings.Contains(u.Value.(string), "@"+restored.Output("address")+":") {
		t.Errorf("the contract's databaseUrl (secret %v) does not name the restored instance", u.Secret)
	}
	if got := after.Outputs["databaseArn"].Value; got != writer.Output("arn") {
		t.Errorf("the contract's databaseArn (the regional replicas' source) is %v, want the writer %s", got, writer.Output("arn"))
	}

	regional, err := runChain(t, "prod-benelux", func(s harness.Stack) harness.Stack {
		if s.Name == "prod-eu" {
			return s.With(switchedToRestored())
		}
		return s
	})
	if err != nil {
		t.Fatal(err)
	}
	region := stackConfig(t, regional).Region
	for name, w := range workloads(t, regional, region) {
		refs := secretRefs(w.container, "DATABASE_URL")
		if len(refs) != 1 || secretReadAs(primaryRun(t, regional), refs[0], region) != mustNamed(t, primaryRun(t, regional), secretType, restoredURLName) {
			t.Errorf("prod-benelux's %s reads DATABASE_URL from %v, want the restored instance's secret's replica in %s", name, refs, region)
		}
	}
}

// withoutSecrets is a task definition's containers as JSON with the named secret variables
// left out.
func withoutSecrets(t *testing.T, td *harness.Resource, names []string) string {
	t.Helper()
	var containers []map[string]any
	if err := td.JSON("containerDefinitions", &containers); err != nil {
		t.Fatal(err)
	}
	for _, c := range containers {
		secrets, _ := c["secrets"].([]any)
		c["secrets"] = slices.DeleteFunc(secrets, func(s any) bool {
			m, _ := s.(map[string]any)
			name, _ := m["name"].(string)
			return slices.Contains(names, name)
		})
	}
	b, err := json.Marshal(containers)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
