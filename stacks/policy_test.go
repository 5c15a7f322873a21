package stacks_test

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/policy/analyzer/analyzertest"
	policyconfig "github.com/saleor-platform/infra/policy/config"
	"github.com/saleor-platform/infra/policy/engine"
	"github.com/saleor-platform/infra/policy/policytest"
	"github.com/saleor-platform/infra/policy/rules"
)

// TestMain removes the policy pack binary the protocol test and benchmark build.
func TestMain(m *testing.M) { analyzertest.Main(m) }

// Resource types the policy tests break.
const (
	typeRDSInstance      = "aws:rds/instance:Instance"
	typeLogGroup         = "aws:cloudwatch/logGroup:LogGroup"
	typeBucketV2         = "aws:s3/bucketV2:BucketV2"
	typeBucketSSE        = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	typeReplicationGroup = "aws:elasticache/replicationGroup:ReplicationGroup"
	typeECSService       = "aws:ecs/service:Service"
	typeNATGateway       = "aws:ec2/natGateway:NatGateway"
	typeSQSQueue         = "aws:sqs/queue:Queue"
	typeIngressRule      = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typeKMSKey           = "aws:kms/key:Key"
	typeListener         = "aws:lb/listener:Listener"
	typeDistribution     = "aws:cloudfront/distribution:Distribution"
)

// runModes are the two ways a stack reaches the pack: `pulumi up` (inputs resolved) and
// `pulumi preview` of a new stack (IDs, ARNs and everything built from them unknown).
var runModes = []struct {
	name string
	opts []harness.Option
}{
	{"update", nil},
	{"preview", []harness.Option{harness.Preview()}},
}

// stackEnvironment is the stack's saleor:environment, which picks its policy config file.
func stackEnvironment(t testing.TB, inv *harness.Inventory) string {
	t.Helper()
	env := inv.Stack.Config["saleor:environment"]
	if env == "" {
		t.Fatalf("stack %s sets no saleor:environment", inv.Stack.Name)
	}
	return env
}

// policyConfig is policy/config/<env>.json, as --policy-pack-config reads it.
func policyConfig(t testing.TB, env string) map[string]policyx.PolicyConfig {
	t.Helper()
	cfg, err := policyconfig.ForEnvironment(env)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// policyPack is the pack the policy binary serves.
func policyPack(t testing.TB) policyx.PolicyPack {
	t.Helper()
	pack, err := rules.NewPack()
	if err != nil {
		t.Fatal(err)
	}
	return pack
}

// evaluatePolicy runs the pack in process over resources under env's config file.
func evaluatePolicy(t testing.TB, env string, resources []policyx.AnalyzerResource) []engine.Diagnostic {
	t.Helper()
	diags, err := engine.Evaluate(context.Background(), policyPack(t), policyConfig(t, env), resources)
	if err != nil {
		t.Fatalf("evaluating under %s.json: %v", env, err)
	}
	return diags
}

// policyViolation is what a diagnostic blames: a policy, a resource URN ("" for the whole stack)
// and the level it was raised at.
type policyViolation struct {
	Policy, URN string
	Level       policyx.EnforcementLevel
}

func (v policyViolation) String() string {
	return fmt.Sprintf("[%s] %s on %s", engine.LevelName(v.Level), v.Policy, cmp.Or(v.URN, "the stack"))
}

// violationsOf lists what each diagnostic blames, in order.
func violationsOf(diags []engine.Diagnostic) []policyViolation {
	out := make([]policyViolation, 0, len(diags))
	for _, d := range diags {
		out = append(out, policyViolation{d.Policy, d.URN, d.Level})
	}
	return out
}

// mandatoryOnly keeps the diagnostics that block a deployment.
func mandatoryOnly(diags []engine.Diagnostic) []engine.Diagnostic {
	return slices.DeleteFunc(slices.Clone(diags), func(d engine.Diagnostic) bool {
		return d.Level != policyx.EnforcementLevelMandatory
	})
}

// policyReport prints diagnostics one a line, for failure messages.
func policyReport(diags []engine.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "\n  [%s] %s on %s: %s", engine.LevelName(d.Level), d.Policy, cmp.Or(d.URN, "the stack"), d.Message)
	}
	return b.String()
}

// findResource returns the index of the resource of a type with a logical name.
func findResource(t testing.TB, resources []policyx.AnalyzerResource, typ, name string) int {
	t.Helper()
	i := slices.IndexFunc(resources, func(r policyx.AnalyzerResource) bool { return r.Type == typ && r.Name == name })
	if i < 0 {
		t.Fatalf("the stack declares no %s %s", typ, name)
	}
	return i
}

// withChange returns a copy of resources in which the resource of a type and name went through
// change; the other resources are shared.
func withChange(t testing.TB, resources []policyx.AnalyzerResource, typ, name string,
	change func(t testing.TB, r *policyx.AnalyzerResource),
) []policyx.AnalyzerResource {
	t.Helper()
	out := slices.Clone(resources)
	change(t, &out[findResource(t, out, typ, name)])
	return out
}

// withoutResource returns a copy of resources without the resource of a type and name.
func withoutResource(t testing.TB, resources []policyx.AnalyzerResource, typ, name string) []policyx.AnalyzerResource {
	t.Helper()
	i := findResource(t, resources, typ, name)
	return slices.Delete(slices.Clone(resources), i, i+1)
}

// propertyPath parses a property path such as "defaultActions[0].type".
func propertyPath(t testing.TB, path string) property.Path {
	t.Helper()
	var p property.Path
	if err := p.UnmarshalText([]byte(path)); err != nil {
		t.Fatalf("property path %q: %v", path, err)
	}
	return p
}

// setAt returns a copy of m with the existing value at path replaced by v; a path the
// resource does not have fails the test, so a renamed property cannot pass unnoticed.
func setAt(t testing.TB, m property.Map, path string, v property.Value) property.Map {
	t.Helper()
	p := propertyPath(t, path)
	if _, err := p.Get(property.New(m)); err != nil {
		t.Fatalf("no property %s to change: %v", path, err)
	}
	out, err := p.Set(property.New(m), v)
	if err != nil {
		t.Fatalf("setting %s: %v", path, err)
	}
	return out.AsMap()
}

// unsetAt returns a copy of m without the existing key at path ("kmsKeyId", "tags.CostCenter").
func unsetAt(t testing.TB, m property.Map, path string) property.Map {
	t.Helper()
	i := strings.LastIndex(path, ".")
	if i < 0 {
		if _, ok := m.GetOk(path); !ok {
			t.Fatalf("no property %s to remove", path)
		}
		return m.Delete(path)
	}
	parent, key := path[:i], path[i+1:]
	p := propertyPath(t, parent)
	v, err := p.Get(property.New(m))
	if err != nil || !v.IsMap() {
		t.Fatalf("no object %s to remove %s from: %v", parent, key, err)
	}
	if _, ok := v.AsMap().GetOk(key); !ok {
		t.Fatalf("no property %s to remove", path)
	}
	return setAt(t, m, parent, property.New(v.AsMap().Delete(key)))
}

// setting and removing are setAt and unsetAt as resource changes for withChange; setting
// takes plain Go values (see policytest.Value).
func setting(path string, v any) func(testing.TB, *policyx.AnalyzerResource) {
	return func(t testing.TB, r *policyx.AnalyzerResource) {
		r.Properties = setAt(t, r.Properties, path, policytest.Value(v))
	}
}

func removing(paths ...string) func(testing.TB, *policyx.AnalyzerResource) {
	return func(t testing.TB, r *policyx.AnalyzerResource) {
		for _, path := range paths {
			r.Properties = unsetAt(t, r.Properties, path)
		}
	}
}

// openedToTheInternet turns a security group ingress rule's source (sourceKey: a referenced
// group or a prefix list) into 0.0.0.0/0 and its port range into one port.
func openedToTheInternet(sourceKey string, port int) func(testing.TB, *policyx.AnalyzerResource) {
	return func(t testing.TB, r *policyx.AnalyzerResource) {
		r.Properties = unsetAt(t, r.Properties, sourceKey).Set("cidrIpv4", property.New("0.0.0.0/0"))
		setting("fromPort", port)(t, r)
		setting("toPort", port)(t, r)
	}
}

// configuredDays reads a days option of a policy from an environment's config file, with
// the policy's defaults applied, so a test can go one day below it.
func configuredDays(t testing.TB, env, policy, option string) float64 {
	t.Helper()
	pack := policyPack(t)
	resolved, err := engine.Resolve(pack.Policies(), policyConfig(t, env))
	if err != nil {
		t.Fatal(err)
	}
	switch days := resolved[policy].Properties[option].(type) {
	case float64:
		return days
	case int:
		return float64(days)
	default:
		t.Fatalf("%s.json: %s.%s is %T %v, not a number", env, policy, option, days, days)
		return 0
	}
}

// TestPolicyEveryStackHasNoMandatoryViolations: every Pulumi.<stack>.yaml, as `pulumi up`
// and as `pulumi preview` of a new stack would present it to the pack, passes its
// environment's policy config with no mandatory violation.
func TestPolicyEveryStackHasNoMandatoryViolations(t *testing.T) {
	names, err := harness.StackNames()
	if err != nil || len(names) == 0 {
		t.Fatalf("stack files: %v %v", names, err)
	}
	for _, name := range names {
		for _, mode := range runModes {
			t.Run(name+"/"+mode.name, func(t *testing.T) {
				inv := runStack(t, name, mode.opts...)
				resources := inv.AnalyzerResources()
				if inv.Preview && !slices.ContainsFunc(resources, func(r policyx.AnalyzerResource) bool {
					return r.Properties.HasComputed()
				}) {
					t.Fatal("preview left every property known; the run did not emulate a preview")
				}
				env := stackEnvironment(t, inv)
				if bad := mandatoryOnly(evaluatePolicy(t, env, resources)); len(bad) > 0 {
					t.Errorf("%d mandatory violations under %s.json over %d resources:%s",
						len(bad), env, len(resources), policyReport(bad))
				}
			})
		}
	}
}

// TestPolicyCatchesEachBrokenFamily breaks one property of one real resource of prod-eu (or
// drops one resource) per row and expects exactly one mandatory violation: the expected policy
// on the expected resource.
func TestPolicyCatchesEachBrokenFamily(t *testing.T) {
	inv := runStack(t, "prod-eu")
	env := stackEnvironment(t, inv)
	if env != "production" {
		t.Fatalf("prod-eu is in %q; these cases assume production's config", env)
	}
	stack := inv.AnalyzerResources()
	if bad := mandatoryOnly(evaluatePolicy(t, env, stack)); len(bad) > 0 {
		t.Fatalf("the unbroken stack already violates:%s", policyReport(bad))
	}
	minLogDays := configuredDays(t, env, "log-group-retention", "minRetentionDays")
	minBackupDays := configuredDays(t, env, "rds-backup-retention", "minBackupRetentionDays")

	// blame names a resource a violation lands on.
	type blame struct{ typ, name string }
	tests := []struct {
		family, what string
		typ, name    string                                      // the resource broken
		change       func(testing.TB, *policyx.AnalyzerResource) // nil: the resource is dropped
		policy       string                                      // the one mandatory policy violated
		on           *blame                                      // nil: on the broken resource
		stackWide    bool                                        // on the stack, not a resource
		message      string                                      // what the message must mention
	}{
		{
			family: "encryption at rest", what: "RDS primary unencrypted",
			typ: typeRDSInstance, name: "database-primary", change: setting("storageEncrypted", false),
			policy: "rds-storage-encrypted-cmk", message: "storageEncrypted",
		},
		{
			family: "encryption at rest", what: "log group without its KMS key",
			typ: typeLogGroup, name: "compute-api", change: removing("kmsKeyId"),
			policy: "log-group-cmk", message: "kmsKeyId",
		},
		{
			family: "encryption at rest", what: "media bucket's SSE-KMS companion dropped",
			typ: typeBucketSSE, name: "storage-media",
			policy: "s3-bucket-encryption-cmk", on: &blame{typeBucketV2, "storage-media"},
			message: "bucketServerSideEncryptionConfigurationV2",
		},
		{
			family: "encryption at rest", what: "KMS key rotation off",
			typ: typeKMSKey, name: "security-database", change: setting("enableKeyRotation", false),
			policy: "kms-key-rotation", message: "enableKeyRotation",
		},
		{
			family: "encryption in transit", what: "HTTP listener forwards instead of redirecting",
			typ: typeListener, name: "compute-http", change: setting("defaultActions[0].type", "forward"),
			policy: "lb-listener-http-redirects", message: "redirect",
		},
		{
			family: "encryption in transit", what: "CloudFront serves viewers over plain HTTP",
			typ: typeDistribution, name: "edge-cdn-global-distribution",
			change: setting("defaultCacheBehavior.viewerProtocolPolicy", "allow-all"),
			policy: "cloudfront-viewer-https", message: "allow-all",
		},
		{
			family: "multi-AZ", what: "RDS primary single-AZ in production",
			typ: typeRDSInstance, name: "database-primary", change: setting("multiAz", false),
			policy: "rds-multi-az", message: "multiAz",
		},
		{
			family: "multi-AZ", what: "cache without automatic failover",
			typ: typeReplicationGroup, name: "cache-sessions", change: setting("automaticFailoverEnabled", false),
			policy: "elasticache-multi-az", message: "automaticFailoverEnabled",
		},
		{
			family: "multi-AZ", what: "API service down to one task",
			typ: typeECSService, name: "compute-api", change: setting("desiredCount", 1),
			policy: "ecs-service-multi-az", message: "desiredCount",
		},
		{
			family: "multi-AZ", what: "one AZ's NAT gateway dropped",
			typ: typeNATGateway, name: "network-nat-2",
			policy: "nat-gateway-per-az", stackWide: true, message: "no NAT gateway",
		},
		{
			family: "tagging", what: "CostCenter missing from tags and tagsAll",
			typ: typeSQSQueue, name: "compute-default", change: removing("tags.CostCenter", "tagsAll.CostCenter"),
			policy: "required-tags", message: "CostCenter",
		},
		{
			family: "data protection", what: "database not protected",
			typ: typeRDSInstance, name: "database-primary",
			change: func(_ testing.TB, r *policyx.AnalyzerResource) { r.Options.Protect = false },
			policy: "stateful-resources-protected", message: "protect",
		},
		{
			family: "data protection", what: "backups kept a day less than configured",
			typ: typeRDSInstance, name: "database-primary", change: setting("backupRetentionPeriod", minBackupDays-1),
			policy: "rds-backup-retention", message: "backupRetentionPeriod",
		},
		{
			family: "data protection", what: "database group opened to the internet on SSH",
			typ: typeIngressRule, name: "network-database-ingress-api-5432",
			change: openedToTheInternet("referencedSecurityGroupId", 22),
			policy: "security-group-no-public-ingress", message: "admits the internet",
		},
		{
			family: "data protection", what: "load balancer group opened to the internet on SSH",
			typ: typeIngressRule, name: "network-alb-ingress-prefix-list-443",
			change: openedToTheInternet("prefixListId", 22),
			policy: "security-group-no-public-ingress", message: "admits the internet",
		},
		{
			family: "logging", what: "log group kept a day less than configured",
			typ: typeLogGroup, name: "compute-api", change: setting("retentionInDays", minLogDays-1),
			policy: "log-group-retention", message: "retentionInDays",
		},
		{
			family: "edge", what: "WAF web ACL removed from the distribution",
			typ: typeDistribution, name: "edge-cdn-global-distribution", change: removing("webAclId"),
			policy: "cloudfront-waf", message: "webAclId",
		},
	}
	for _, tt := range tests {
		t.Run(tt.family+"/"+tt.what, func(t *testing.T) {
			var broken []policyx.AnalyzerResource
			if tt.change == nil {
				broken = withoutResource(t, stack, tt.typ, tt.name)
			} else {
				broken = withChange(t, stack, tt.typ, tt.name, tt.change)
			}
			var urn string
			switch {
			case tt.stackWide:
			case tt.on != nil:
				urn = stack[findResource(t, stack, tt.on.typ, tt.on.name)].URN
			default:
				urn = stack[findResource(t, stack, tt.typ, tt.name)].URN
			}
			diags := mandatoryOnly(evaluatePolicy(t, env, broken))
			want := []policyViolation{{tt.policy, urn, policyx.EnforcementLevelMandatory}}
			if got := violationsOf(diags); !slices.Equal(got, want) {
				t.Fatalf("mandatory violations %v, want exactly %v; all of them:%s", got, want, policyReport(diags))
			}
			if !strings.Contains(diags[0].Message, tt.message) {
				t.Errorf("message %q does not mention %q", diags[0].Message, tt.message)
			}
		})
	}
}

// TestPolicyPreviewFindsNothingTheUpdateDoesNot: rules give unknown values the benefit of the
// doubt, so a preview of a stack may report less than its update, never more.
func TestPolicyPreviewFindsNothingTheUpdateDoesNot(t *testing.T) {
	names, err := harness.StackNames()
	if err != nil || len(names) == 0 {
		t.Fatalf("stack files: %v %v", names, err)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			update := runStack(t, name)
			preview := runStack(t, name, harness.Preview())
			env := stackEnvironment(t, update)
			extra := difference(violationsOf(evaluatePolicy(t, env, preview.AnalyzerResources())),
				violationsOf(evaluatePolicy(t, env, update.AnalyzerResources())))
			if len(extra) > 0 {
				t.Errorf("the preview reports what the update does not: %v", extra)
			}
		})
	}
}

// TestPolicySingleAZIsOnlyMandatoryInProduction: the same single-AZ database that fails
// production's config is an advisory finding under staging's, where single-AZ is the design.
func TestPolicySingleAZIsOnlyMandatoryInProduction(t *testing.T) {
	stack := runStack(t, "prod-eu").AnalyzerResources()
	broken := withChange(t, stack, typeRDSInstance, "database-primary", setting("multiAz", false))
	urn := stack[findResource(t, stack, typeRDSInstance, "database-primary")].URN
	for env, level := range map[string]policyx.EnforcementLevel{
		"production": policyx.EnforcementLevelMandatory,
		"staging":    policyx.EnforcementLevelAdvisory,
	} {
		diags := evaluatePolicy(t, env, broken)
		if !slices.Contains(violationsOf(diags), policyViolation{"rds-multi-az", urn, level}) {
			t.Errorf("%s.json: no %s rds-multi-az on the single-AZ primary:%s", env, engine.LevelName(level), policyReport(diags))
		}
		if level != policyx.EnforcementLevelMandatory && engine.HasMandatory(diags) {
			t.Errorf("%s.json: mandatory violations:%s", env, policyReport(mandatoryOnly(diags)))
		}
	}
}

// TestPolicyProtocolProdEUPreview drives the built pack binary the way the engine does in
// `pulumi preview` of prod-eu: every resource of the preview inventory, many of its
// properties unknown, through Analyze, then the whole stack through AnalyzeStack. The
// diagnostics over the wire must be those the pack gives in process, none mandatory; a
// broken resource must come back as a mandatory diagnostic.
func TestPolicyProtocolProdEUPreview(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	inv := runStack(t, "prod-eu", harness.Preview())
	resources := inv.AnalyzerResources()
	var unknown, secret int
	for _, r := range resources {
		if r.Properties.HasComputed() {
			unknown++
		}
		if r.Properties.HasSecrets() {
			secret++
		}
	}
	if unknown == 0 || secret == 0 {
		t.Fatalf("%d resources with unknown and %d with secret properties; want some of each in a preview", unknown, secret)
	}
	env := stackEnvironment(t, inv)
	if env != "production" {
		t.Fatalf("prod-eu is in %q; this test configures production.json", env)
	}
	pack := policyPack(t)
	resolved, err := engine.Resolve(pack.Policies(), policyConfig(t, env))
	if err != nil {
		t.Fatal(err)
	}

	a := analyzertest.Start(t, analyzertest.PackBinary(t))
	packDir := filepath.Join(analyzertest.ModuleRoot(t), "policy")
	if _, err := a.Client.Handshake(ctx, &pulumirpc.AnalyzerHandshakeRequest{
		RootDirectory: &packDir, ProgramDirectory: &packDir,
	}); err != nil {
		t.Fatalf("Handshake: %v", err)
	}
	if _, err := a.Client.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{
		Stack: inv.Stack.Name, Project: inv.Stack.Project, DryRun: true, Config: inv.Stack.Config,
	}); err != nil {
		t.Fatalf("ConfigureStack: %v", err)
	}
	info, err := a.Client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	if err != nil {
		t.Fatalf("GetAnalyzerInfo: %v", err)
	}
	if info.GetName() != rules.PackName || len(info.GetPolicies()) != len(pack.Policies()) {
		t.Fatalf("GetAnalyzerInfo: pack %q with %d policies, want %q with %d",
			info.GetName(), len(info.GetPolicies()), rules.PackName, len(pack.Policies()))
	}
	if _, err := a.Client.Configure(ctx, analyzertest.ConfigureRequest(t, resolved)); err != nil {
		t.Fatalf("Configure with %s.json: %v", env, err)
	}

	// got collects the wire diagnostics as violations, checking what each carries.
	var got []policyViolation
	collect := func(call string, resp *pulumirpc.AnalyzeResponse, urn string) {
		for _, d := range resp.GetDiagnostics() {
			if d.GetPolicyPackName() != rules.PackName || (urn != "" && d.GetUrn() != urn) {
				t.Errorf("%s: diagnostic %s from pack %q on %q", call, d.GetPolicyName(), d.GetPolicyPackName(), d.GetUrn())
			}
			got = append(got, policyViolation{d.GetPolicyName(), d.GetUrn(), policyx.EnforcementLevel(d.GetEnforcementLevel())})
		}
	}
	for _, r := range resources {
		resp, err := a.Client.Analyze(ctx, analyzertest.AnalyzeRequest(t, r))
		if err != nil {
			t.Fatalf("Analyze %s: %v", r.URN, err)
		}
		collect("Analyze "+r.Name, resp, r.URN)
	}
	resp, err := a.Client.AnalyzeStack(ctx, analyzertest.AnalyzeStackRequest(t, resources))
	if err != nil {
		t.Fatalf("AnalyzeStack of %d resources: %v", len(resources), err)
	}
	collect("AnalyzeStack", resp, "")

	if bad := slices.DeleteFunc(slices.Clone(got), func(v policyViolation) bool {
		return v.Level != policyx.EnforcementLevelMandatory
	}); len(bad) > 0 {
		t.Errorf("mandatory diagnostics over gRPC for %d resources (%d with unknowns, %d with secrets): %v",
			len(resources), unknown, secret, bad)
	}
	diags, err := engine.Evaluate(ctx, pack, resolved, resources)
	if err != nil {
		t.Fatal(err)
	}
	want := violationsOf(diags)
	if extra, missing := difference(got, want), difference(want, got); len(extra)+len(missing) > 0 {
		t.Errorf("over gRPC the pack reports what it does not in process: %v\nand misses: %v", extra, missing)
	}

	// One broken resource, analyzed alone: its violation arrives as MANDATORY.
	primary := resources[findResource(t, resources, typeRDSInstance, "database-primary")]
	setting("storageEncrypted", false)(t, &primary)
	resp, err = a.Client.Analyze(ctx, analyzertest.AnalyzeRequest(t, primary))
	if err != nil {
		t.Fatalf("Analyze the unencrypted primary: %v", err)
	}
	if ds := resp.GetDiagnostics(); len(ds) != 1 || ds[0].GetPolicyName() != "rds-storage-encrypted-cmk" ||
		ds[0].GetEnforcementLevel() != pulumirpc.EnforcementLevel_MANDATORY || ds[0].GetUrn() != primary.URN {
		t.Errorf("Analyze the unencrypted primary: %v, want one MANDATORY rds-storage-encrypted-cmk on %s", ds, primary.URN)
	}

	// A stack policy over the wire: the media bucket's SSE companion dropped, its bucket
	// name and key ARN unknown, joined through property dependencies.
	unencrypted := withoutResource(t, resources, typeBucketSSE, "storage-media")
	resp, err = a.Client.AnalyzeStack(ctx, analyzertest.AnalyzeStackRequest(t, unencrypted))
	if err != nil {
		t.Fatalf("AnalyzeStack without the media bucket's SSE: %v", err)
	}
	media := resources[findResource(t, resources, typeBucketV2, "storage-media")].URN
	var mandatoryStack []string
	for _, d := range resp.GetDiagnostics() {
		if d.GetEnforcementLevel() == pulumirpc.EnforcementLevel_MANDATORY {
			mandatoryStack = append(mandatoryStack, d.GetPolicyName()+" on "+d.GetUrn())
		}
	}
	if want := []string{"s3-bucket-encryption-cmk on " + media}; !slices.Equal(mandatoryStack, want) {
		t.Errorf("AnalyzeStack without the media bucket's SSE: mandatory %v, want %v", mandatoryStack, want)
	}
}

// difference returns the violations of a not in b, counting repeats.
func difference(a, b []policyViolation) []policyViolation {
	left := map[policyViolation]int{}
	for _, v := range b {
		left[v]++
	}
	var out []policyViolation
	for _, v := range a {
		if left[v] > 0 {
			left[v]--
		} else {
			out = append(out, v)
		}
	}
	return out
}

// BenchmarkPolicyProdEUInProcess measures engine.Evaluate over prod-eu's inventory under
// production.json: every resource policy on each resource, every stack policy once.
func BenchmarkPolicyProdEUInProcess(b *testing.B) {
	for _, mode := range runModes {
		b.Run(mode.name, func(b *testing.B) {
			inv := runStack(b, "prod-eu", mode.opts...)
			resources := inv.AnalyzerResources()
			pack, cfg := policyPack(b), policyConfig(b, stackEnvironment(b, inv))
			for b.Loop() {
				if _, err := engine.Evaluate(context.Background(), pack, cfg, resources); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(resources)), "resources")
		})
	}
}

// BenchmarkPolicyProdEUOverGRPC measures what the engine waits for in a preview or update of
// prod-eu: one Analyze per resource and one AnalyzeStack against the running pack binary,
// configured with production.json. Requests are encoded before timing, as the engine
// encodes them on its side.
func BenchmarkPolicyProdEUOverGRPC(b *testing.B) {
	ctx := context.Background()
	a := analyzertest.Start(b, analyzertest.PackBinary(b))
	pack := policyPack(b)
	resolved, err := engine.Resolve(pack.Policies(), policyConfig(b, "production"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := a.Client.Configure(ctx, analyzertest.ConfigureRequest(b, resolved)); err != nil {
		b.Fatal(err)
	}
	for _, mode := range runModes {
		b.Run(mode.name, func(b *testing.B) {
			inv := runStack(b, "prod-eu", mode.opts...)
			if env := stackEnvironment(b, inv); env != "production" {
				b.Fatalf("prod-eu is in %q, configured production", env)
			}
			resources := inv.AnalyzerResources()
			requests := make([]*pulumirpc.AnalyzeRequest, len(resources))
			for i, r := range resources {
				requests[i] = analyzertest.AnalyzeRequest(b, r)
			}
			stackRequest := analyzertest.AnalyzeStackRequest(b, resources)
			for b.Loop() {
				for _, req := range requests {
					if _, err := a.Client.Analyze(ctx, req); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := a.Client.AnalyzeStack(ctx, stackRequest); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(resources)), "resources")
		})
	}
}
