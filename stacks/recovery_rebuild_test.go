package stacks_test

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/replacement"
	"github.com/saleor-platform/infra/policy/engine"
	"github.com/saleor-platform/infra/stacks"
)

// rebuildStack is the stack file of docs/recovery.md's rebuild after a complete loss,
// exactly as the document shows it (between its <!-- BEGIN rebuild stack --> markers),
// read as the CLI reads a stack file.
func rebuildStack(t *testing.T) harness.Stack {
	t.Helper()
	root, err := harness.ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join(root, "docs", "recovery.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(doc), "<!-- BEGIN rebuild stack -->")
	block, _, ok2 := strings.Cut(block, "<!-- END rebuild stack -->")
	if !ok || !ok2 {
		t.Fatal("docs/recovery.md has no <!-- BEGIN rebuild stack --> ... <!-- END rebuild stack --> block")
	}
	block = strings.TrimPrefix(strings.TrimSuffix(strings.TrimSpace(block), "```"), "```yaml")
	s, err := harness.ParseStack("prod-eu-rebuild", block)
	if err != nil {
		t.Fatalf("the rebuild stack file: %v", err)
	}
	return s
}

// rebuildPolicyConfig is policy/config/production.json with the entries docs/recovery.md
// has the operator add: prod-eu owns the account's services for the rebuild.
func rebuildPolicyConfig(t *testing.T) map[string]policyx.PolicyConfig {
	t.Helper()
	cfg := maps.Clone(policyConfig(t, "production"))
	for _, policy := range []string{"guardduty-enabled", "securityhub-fsbp", "cloudtrail-present"} {
		c := cfg[policy]
		owners, _ := c.Properties["accountServicesOwners"].(map[string]any)
		owners = maps.Clone(owners)
		owners["prod-eu-rebuild"] = "prod-eu"
		c.Properties = maps.Clone(c.Properties)
		c.Properties["accountServicesOwners"] = owners
		cfg[policy] = c
	}
	return cfg
}

// TestRebuildStackInTheDRRegionPlans: the rebuild of docs/recovery.md plans, as `pulumi up`
// and as the `pulumi preview` of a new stack, with no mandatory violation of the production
// pack; its writer is made in eu-west-1 from the DR vault's copy it names, keeps the copy's
// key (RDS cannot re-encrypt at restore), starts with the snapshot's storage, gets the
// stack's password, is Multi-AZ and protected, and has its own DR replica in eu-west-3. It
// shares no unique name with prod-eu in the account they share, creates none of the
// account's services, and prod-eu has them in both of its regions.
func TestRebuildStackInTheDRRegionPlans(t *testing.T) {
	stack := rebuildStack(t)
	var source stacks.DatabaseSource
	if err := json.Unmarshal([]byte(stack.Config["saleor:databaseSource"]), &source); err != nil || source.Snapshot == "" || source.KMSKeyArn == "" {
		t.Fatalf("the rebuild stack's saleor:databaseSource %q: %v", stack.Config["saleor:databaseSource"], err)
	}
	var inv *harness.Inventory
	for _, mode := range runModes {
		t.Run(mode.name, func(t *testing.T) {
			run, err := harness.Run(stacks.Program, stack, mode.opts...)
			if err != nil {
				t.Fatal(err)
			}
			diags, err := engine.Evaluate(context.Background(), policyPack(t), rebuildPolicyConfig(t), run.AnalyzerResources())
			if err != nil {
				t.Fatal(err)
			}
			if m := mandatoryOnly(diags); len(m) > 0 {
				t.Errorf("mandatory violations:%s", policyReport(m))
			}
			if !run.Preview {
				inv = run
			}
		})
	}
	if inv == nil {
		t.Fatal("the rebuild did not run as an update")
	}

	writer := mustNamed(t, inv, rdsInstanceType, writerName)
	want := map[string]any{
		"region": "eu-west-1", "identifier": "saleor-prod-eu-rebuild-postgres",
		"snapshotIdentifier": source.Snapshot, "kmsKeyId": source.KMSKeyArn,
		"multiAz": true, "deletionProtection": true, "protect": true,
	}
	got := map[string]any{
		"region": writer.Region, "identifier": writer.String("identifier"),
		"snapshotIdentifier": writer.String("snapshotIdentifier"), "kmsKeyId": writer.String("kmsKeyId"),
		"multiAz": writer.Bool("multiAz"), "deletionProtection": writer.Bool("deletionProtection"), "protect": writer.Protect,
	}
	if !maps.Equal(got, want) {
		t.Errorf("the rebuilt writer: %v, want %v", got, want)
	}
	if writer.Has("allocatedStorage") || !writer.Has("password") || writer.Has("restoreToPointInTime") {
		t.Errorf("allocatedStorage %v, password set %v, restoreToPointInTime %v; want the snapshot's storage, the stack's password, no point in time",
			writer.Get("allocatedStorage"), writer.Has("password"), writer.Get("restoreToPointInTime"))
	}
	if key := byARN(inv, kmsKeyType, writer.String("performanceInsightsKmsKeyId")); key == nil || key.Region != "eu-west-1" {
		t.Errorf("Performance Insights key %q is not a key of the rebuild in eu-west-1", writer.String("performanceInsightsKmsKeyId"))
	}
	dr := mustNamed(t, inv, rdsInstanceType, "database-dr-replica")
	if dr.Region != "eu-west-3" || dr.String("replicateSourceDb") != writer.Output("arn") {
		t.Errorf("DR replica in %s of %q; want eu-west-3, of the rebuilt writer", dr.Region, dr.String("replicateSourceDb"))
	}

	prod := runStack(t, "prod-eu")
	taken := map[string]string{}
	for _, r := range prod.AWS() {
		for prop, scope := range nameScopes[r.Type] {
			if v := r.String(prop); v != "" {
				taken[nameKey(r, prop, scope)] = r.URN
			}
		}
	}
	for _, r := range inv.AWS() {
		for prop, scope := range nameScopes[r.Type] {
			if other, clash := taken[nameKey(r, prop, scope)]; clash && r.String(prop) != "" {
				t.Errorf("%s %s %q is also prod-eu's %s", r.URN, prop, r.String(prop), other)
			}
		}
		if slices.Contains(accountTypes, r.Type) {
			t.Errorf("%s: the rebuild leaves the account's services to prod-eu", r.URN)
		}
	}
	for _, region := range []string{"eu-west-1", "eu-west-3"} {
		if !slices.ContainsFunc(prod.OfType("aws:guardduty/detector:Detector"), func(d *harness.Resource) bool { return d.Region == region }) {
			t.Errorf("prod-eu enables no GuardDuty in %s, where the rebuild runs", region)
		}
	}
}

// nameKey is where a unique name lives: the name with its region unless its scope is wider.
func nameKey(r *harness.Resource, prop, scope string) string {
	key := r.Type + " " + prop + " " + r.String(prop)
	if scope == "region" {
		key = r.Region + ": " + key
	}
	return key
}

// TestChangingTheSourceOfAnExistingWriterIsRefused: saleor:databaseSource on a deployed
// primary would replace its writer (snapshotIdentifier forces replacement). The production
// writer is protected, which Pulumi's replace refuses, and the production pack makes an
// unprotected writer a mandatory violation, so the protection cannot be dropped instead.
func TestChangingTheSourceOfAnExistingWriterIsRefused(t *testing.T) {
	before := runStack(t, "prod-eu")
	after := mustRunChanged(t, "prod-eu", map[string]string{"saleor:databaseSource": `{"snapshot": "` + frankfurtRecoveryPoint + `"}`})
	writer, next := mustNamed(t, before, rdsInstanceType, writerName), mustNamed(t, after, rdsInstanceType, writerName)
	if got := replacement.Replaces(writer.Type, writer.Inputs, next.Inputs); !slices.Contains(got, "snapshotIdentifier") {
		t.Errorf("the writer's replacement inputs %v; want snapshotIdentifier", got)
	}
	if !next.Protect {
		t.Error("the production writer is not protected: nothing refuses its replacement")
	}
	if m := mandatoryOnly(evaluatePolicy(t, "production", after.AnalyzerResources())); len(m) > 0 {
		t.Errorf("the protected plan has mandatory violations:%s", policyReport(m))
	}
	unprotected := withChange(t, after.AnalyzerResources(), rdsInstanceType, writerName, func(_ testing.TB, r *policyx.AnalyzerResource) { r.Options.Protect = false })
	if !slices.ContainsFunc(mandatoryOnly(evaluatePolicy(t, "production", unprotected)), func(d engine.Diagnostic) bool {
		return d.Policy == "stateful-resources-protected" && d.URN == next.URN
	}) {
		t.Error("the production pack accepts an unprotected writer")
	}
}
