package rules_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/policy/policytest"
)

func TestRequiredTags(t *testing.T) {
	stack := policytest.CompliantStack()
	without := func(key string) map[string]any {
		tags := map[string]any{}
		for k, v := range policytest.RequiredTags {
			if k != key {
				tags[k] = v
			}
		}
		return tags
	}
	// Missing from both tagsAll and tags.
	bad := policytest.WithProperty(policytest.WithProperty(stack, "jobs", without("Owner"), "tagsAll"),
		"jobs", without("Owner"), "tags")
	ds := evaluate(t, bad)
	expectExactly(t, ds, "required-tags", urnOf(stack, "jobs"))
	if !strings.Contains(ds[0].Message, "Owner") {
		t.Errorf("message should name the tag: %s", ds[0].Message)
	}
	// Present in tags only (tagsAll not merged yet) is enough; an empty value is not.
	expectNone(t, evaluate(t, policytest.WithProperty(stack, "jobs", without("Owner"), "tagsAll")))
	empty := policytest.WithProperty(policytest.WithProperty(stack, "jobs", "", "tagsAll", "Owner"), "jobs", "", "tags", "Owner")
	expectExactly(t, evaluate(t, empty), "required-tags", urnOf(stack, "jobs"))
	// A computed tag value counts as present; a computed tagsAll leaves the decision to update.
	expectNone(t, evaluate(t, policytest.WithProperty(policytest.WithProperty(stack, "jobs", policytest.Computed,
		"tagsAll", "Owner"), "jobs", policytest.Computed, "tags", "Owner")))
	expectNone(t, evaluate(t, policytest.WithProperty(policytest.WithProperty(stack, "jobs", policytest.Computed,
		"tagsAll"), "jobs", without("Owner"), "tags")))
	// ManagedBy must say pulumi.
	managed := policytest.WithProperty(stack, "jobs", "terraform", "tagsAll", "ManagedBy")
	expectExactly(t, evaluate(t, managed), "tag-managed-by-pulumi", urnOf(stack, "jobs"))
	// Types the SDK does not tag (security group rules, components) are not checked.
	r := policytest.Resource("aws:ec2/securityGroupRule:SecurityGroupRule", "untagged", map[string]any{"type": "egress"})
	if fs := checkOne(t, "required-tags", r); len(fs) != 0 {
		t.Errorf("untaggable type checked: %v", fs)
	}
}

func TestEBSVolumeEncrypted(t *testing.T) {
	good := map[string]any{"encrypted": true, "kmsKeyId": policytest.Computed}
	if fs := checkOne(t, "ebs-volume-encrypted-cmk", policytest.Resource("aws:ebs/volume:Volume", "v", good)); len(fs) != 0 {
		t.Errorf("compliant volume flagged: %v", fs)
	}
	bad := policytest.Resource("aws:ebs/volume:Volume", "v", map[string]any{"encrypted": false})
	if fs := checkOne(t, "ebs-volume-encrypted-cmk", bad); len(fs) != 2 {
		t.Errorf("want encrypted and kmsKeyId violations, got %v", fs)
	}
}

func TestStatefulResourcesProtected(t *testing.T) {
	stack := policytest.CompliantStack()
	for _, name := range []string{"db", "cache", "media", "vault", "key", "db-secret"} {
		expectExactly(t, evaluate(t, policytest.WithProtect(stack, name, false)), "stateful-resources-protected",
			urnOf(stack, name))
	}
	expectNone(t, evaluate(t, policytest.WithProtect(stack, "jobs", false))) // a queue is not stateful
}

func TestRDSReplicas(t *testing.T) {
	stack := policytest.CompliantStack()
	replica := func(source string) []policyxResource {
		return policytest.WithProperty(policytest.WithProperty(stack, "db-replica", source, "replicateSourceDb"),
			"db-replica", policytest.Null, "kmsKeyId")
	}
	// A same-region replica inherits the source's key.
	expectNone(t, evaluate(t, replica("saleor-db")))
	expectNone(t, evaluate(t, replica("arn:aws:rds:"+policytest.Region+":123456789012:db:saleor-db")))
	// A cross-region replica must name a key of its own region.
	expectExactly(t, evaluate(t, replica("arn:aws:rds:eu-west-1:123456789012:db:saleor-db")),
		"rds-storage-encrypted-cmk", urnOf(stack, "db-replica"))
	// Replicas are exempt from Multi-AZ, backup retention and final snapshots.
	expectNone(t, evaluate(t, policytest.WithProperty(stack, "db-replica", 0, "backupRetentionPeriod")))
}

func TestLoadBalancerSecurityGroupMarking(t *testing.T) {
	stack := policytest.CompliantStack()
	// Unmarked, the load balancer's group may not open 80/443 to the internet either.
	unmarked := policytest.WithProperty(policytest.WithProperty(stack, "alb-sg", "saleor-web", "name"),
		"alb-sg", "web tier", "description")
	i, _ := policytest.Find(unmarked, "alb-sg")
	unmarked[i].Name = "web-sg"
	expectExactly(t, evaluate(t, unmarked), "security-group-no-public-ingress",
		urnOf(stack, "alb-sg"), urnOf(stack, "alb-sg-http"))
	// A standalone rule whose group cannot be resolved is not the load balancer's.
	_, rule := policytest.Find(stack, "alb-sg-http")
	rule.PropertyDependencies = map[string][]string{}
	orphan := policytest.Without(stack, "alb-sg-http")
	orphan = append(orphan, rule)
	expectExactly(t, evaluate(t, orphan), "security-group-no-public-ingress", rule.URN)
}

func TestLegacyBucketInlineConfiguration(t *testing.T) {
	stack := policytest.CompliantStack()
	legacy := policytest.Resource("aws:s3/bucket:Bucket", "legacy", map[string]any{
		"bucket": "saleor-legacy",
		"serverSideEncryptionConfiguration": map[string]any{"rule": map[string]any{
			"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "aws:kms", "kmsMasterKeyId": "arn:key"},
			"bucketKeyEnabled":                   true,
		}},
		"versioning":     map[string]any{"enabled": true},
		"loggings":       []any{map[string]any{"targetBucket": "saleor-logs"}},
		"lifecycleRules": []any{map[string]any{"enabled": true}},
	})
	legacy.Options.Protect = true
	legacy = policytest.WithDefaultTags(legacy)
	// Companions join by the known bucket name when no dependency is recorded.
	pab := policytest.Resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "legacy-pab", map[string]any{
		"bucket": "saleor-legacy", "blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true,
		"restrictPublicBuckets": true,
	})
	policy := policytest.Resource("aws:s3/bucketPolicy:BucketPolicy", "legacy-policy", map[string]any{
		"bucket": "saleor-legacy", "policy": `{"Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*",` +
			`"Resource":["arn:aws:s3:::saleor-legacy","arn:aws:s3:::saleor-legacy/*"],"Condition":{"Bool":{"aws:SecureTransport":false}}}]}`,
	})
	ownership := policytest.Resource("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "legacy-own",
		map[string]any{"bucket": "saleor-legacy", "rule": map[string]any{"objectOwnership": "BucketOwnerEnforced"}})
	replication := policytest.Resource("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "legacy-repl",
		map[string]any{"bucket": "saleor-legacy", "rules": []any{}})
	full := append(stack, legacy, pab, policy, ownership, replication)
	expectNone(t, evaluate(t, full))
	noVersioning := policytest.WithProperty(full, "legacy", false, "versioning", "enabled")
	expectExactly(t, evaluate(t, noVersioning), "s3-bucket-versioning", legacy.URN)
	plainSSE := policytest.WithProperty(full, "legacy", "AES256",
		"serverSideEncryptionConfiguration", "rule", "applyServerSideEncryptionByDefault", "sseAlgorithm")
	expectExactly(t, evaluate(t, plainSSE), "s3-bucket-encryption-cmk", legacy.URN)
}

func TestWAFRuleJSON(t *testing.T) {
	stack := policytest.CompliantStack()
	_, acl := policytest.Find(stack, "waf")
	ruleJSON := `[` +
		`{"Name":"common","Statement":{"ManagedRuleGroupStatement":{"Name":"AWSManagedRulesCommonRuleSet","VendorName":"AWS"}},"VisibilityConfig":{"CloudWatchMetricsEnabled":true}},` +
		`{"Name":"bad","Statement":{"ManagedRuleGroupStatement":{"Name":"AWSManagedRulesKnownBadInputsRuleSet","VendorName":"AWS"}},"VisibilityConfig":{"CloudWatchMetricsEnabled":true}},` +
		`{"Name":"sqli","Statement":{"ManagedRuleGroupStatement":{"Name":"AWSManagedRulesSQLiRuleSet","VendorName":"AWS"}},"VisibilityConfig":{"CloudWatchMetricsEnabled":true}},` +
		`{"Name":"ip","Statement":{"ManagedRuleGroupStatement":{"Name":"AWSManagedRulesAmazonIpReputationList","VendorName":"AWS"}},"VisibilityConfig":{"CloudWatchMetricsEnabled":false}},` +
		`{"Name":"rate","Statement":{"RateBasedStatement":{"Limit":2000}},"VisibilityConfig":{"CloudWatchMetricsEnabled":true}}]`
	withJSON := policytest.WithProperty(policytest.WithProperty(stack, "waf", policytest.Null, "rules"),
		"waf", ruleJSON, "ruleJson")
	ds := evaluate(t, withJSON)
	expectExactly(t, ds, "waf-cloudwatch-metrics", acl.URN)
	if !strings.Contains(ds[0].Message, "rules[3](ip)") {
		t.Errorf("message should name the rule: %s", ds[0].Message)
	}
}

func TestLogBucketsAreExempt(t *testing.T) {
	stack := policytest.CompliantStack()
	// "logs" has no access logging and no ownership controls: it receives the logs. Once
	// nothing writes to it, it is an ordinary bucket and must log and replicate.
	var ordinary []policyxResource
	for _, r := range stack {
		for _, key := range []string{"targetBucket", "accessLogs", "loggingConfig", "s3BucketName"} {
			delete(r.PropertyDependencies, key)
		}
		ordinary = append(ordinary, r)
	}
	ds := evaluate(t, ordinary)
	var policies []string
	for _, d := range ds {
		if d.URN == urnOf(stack, "logs") && !slices.Contains(policies, d.Policy) {
			policies = append(policies, d.Policy)
		}
	}
	want := "s3-bucket-access-logging s3-bucket-encryption-cmk s3-bucket-owner-enforced s3-bucket-replication"
	if strings.Join(policies, " ") != want {
		t.Errorf("want %s on the no longer exempt log bucket, got:\n%s", want, describe(ds))
	}
}

func TestPolicyDescriptionsCiteControls(t *testing.T) {
	for _, p := range pack(t).Policies() {
		d := p.Description()
		open := strings.LastIndex(d, " [")
		if open < 0 || !strings.HasSuffix(d, "]") {
			t.Errorf("%s: description must end with [control IDs]: %q", p.Name(), d)
			continue
		}
		for _, id := range strings.Split(d[open+2:len(d)-1], ", ") {
			if !controlID.MatchString(id) {
				t.Errorf("%s: %q is not an FSBP, Checkov or Well-Architected ID", p.Name(), id)
			}
		}
	}
}

// TestRateLimitExemptsOnlyARegionalACLBehindCloudFront: a REGIONAL ACL tagged as behind
// CloudFront needs no rate rule (every client it sees is CloudFront); a CLOUDFRONT ACL with the
// tag, or a REGIONAL one without it, still does.
func TestRateLimitExemptsOnlyARegionalACLBehindCloudFront(t *testing.T) {
	managedOnly := []any{map[string]any{"name": "common", "statement": map[string]any{
		"managedRuleGroupStatement": map[string]any{"name": "AWSManagedRulesCommonRuleSet", "vendorName": "AWS"}}}}
	acl := func(scope string, tags map[string]any) policyxResource {
		return policytest.Resource("aws:wafv2/webAcl:WebAcl", "acl", map[string]any{"scope": scope, "rules": managedOnly, "tags": tags})
	}
	behind := map[string]any{"BehindCloudFront": "true"}
	for _, c := range []struct {
		name       string
		r          policyxResource
		violations int
	}{
		{"regional behind CloudFront", acl("REGIONAL", behind), 0},
		{"regional facing clients", acl("REGIONAL", map[string]any{}), 1},
		{"regional tagged false", acl("REGIONAL", map[string]any{"BehindCloudFront": "false"}), 1},
		{"cloudfront with the tag", acl("CLOUDFRONT", behind), 1},
		{"tags unknown", acl("REGIONAL", nil), 1},
	} {
		if fs := checkOne(t, "waf-rate-limit", c.r); len(fs) != c.violations {
			t.Errorf("%s: %d violations, want %d: %v", c.name, len(fs), c.violations, fs)
		}
	}
}

// TestDSSEKMSNeedsNoBucketKey: S3 does not support bucket keys with dual-layer SSE-KMS
// (aws:kms:dsse), so such a rule without one is compliant; SSE-KMS still needs one.
func TestDSSEKMSNeedsNoBucketKey(t *testing.T) {
	stack := policytest.CompliantStack()
	dsse := policytest.WithProperty(policytest.WithProperty(stack, "media-sse", "aws:kms:dsse",
		"rules", 0, "applyServerSideEncryptionByDefault", "sseAlgorithm"), "media-sse", false, "rules", 0, "bucketKeyEnabled")
	expectNone(t, evaluate(t, dsse))
	kms := policytest.WithProperty(stack, "media-sse", false, "rules", 0, "bucketKeyEnabled")
	expectExactly(t, evaluate(t, kms), "s3-bucket-encryption-cmk", urnOf(stack, "media"))
}

// TestUnknownIsNeverAViolation: values that are unknown at preview (a service's load
// balancers, a replication group's node-group count, a listener action's type) are not
// judged as if they were set to something non-compliant.
func TestUnknownIsNeverAViolation(t *testing.T) {
	stack := policytest.CompliantStack()
	for _, c := range []struct {
		target string
		path   []any
	}{
		{"worker-service", []any{"loadBalancers"}},
		{"cache", []any{"numNodeGroups"}},
		{"alb-http", []any{"defaultActions", 0, "type"}},
	} {
		changed := policytest.WithProperty(stack, c.target, policytest.Computed, c.path...)
		if c.target == "alb-http" {
			changed = policytest.WithProperty(changed, c.target, policytest.Null, "defaultActions", 0, "redirect")
		}
		if ds := evaluate(t, changed); len(ds) != 0 {
			t.Errorf("%s %v unknown: %v", c.target, c.path, ds)
		}
	}
}

// TestECSContainerFalsePositives: a variable that names a secret by reference (its ARN) is
// no credential, and any log driver ECS supports (firelens, say) is a logging configuration.
func TestECSContainerFalsePositives(t *testing.T) {
	stack := policytest.CompliantStack()
	for _, containers := range []string{
		`[{"name":"api","readonlyRootFilesystem":true,"environment":[{"name":"DB_SECRET_ARN","value":"arn:aws:secretsmanager:eu-central-1:123456789012:secret:db"}],"logConfiguration":{"logDriver":"awslogs"}}]`,
		`[{"name":"api","readonlyRootFilesystem":true,"logConfiguration":{"logDriver":"awsfirelens"}}]`,
	} {
		if ds := evaluate(t, policytest.WithProperty(stack, "api-task", containers, "containerDefinitions")); len(ds) != 0 {
			t.Errorf("%s: %v", containers, ds)
		}
	}
}

// TestOneConfigurationPerBucket: S3 keeps one public access block (one of each companion
// configuration) per bucket, and of two resources the last applied wins, so a bucket with a
// second, non-compliant one fails even though the first passes.
func TestOneConfigurationPerBucket(t *testing.T) {
	stack := policytest.CompliantStack()
	_, pab := policytest.Find(stack, "media-public-access-block")
	second := pab
	second.Name = "media-public-access-block-2"
	second.URN = strings.Replace(pab.URN, pab.Name, second.Name, 1)
	second.Properties = policytest.Set(pab.Properties, false, "blockPublicPolicy")
	expectExactly(t, evaluate(t, append(slices.Clone(stack), second)), "s3-bucket-public-access-block", urnOf(stack, "media"))
}

// TestLogGroupsKeptForeverPass: a log group that never expires its events (retentionInDays
// unset or 0) keeps them longer than any minimum, as AWS Config's
// cw-loggroup-retention-period-check (FSBP CloudWatch.16) counts it.
func TestLogGroupsKeptForeverPass(t *testing.T) {
	stack := policytest.CompliantStack()
	expectNone(t, evaluate(t, policytest.WithProperty(stack, "api-logs", policytest.Null, "retentionInDays")))
	expectNone(t, evaluate(t, policytest.WithProperty(stack, "api-logs", 0, "retentionInDays")))
}

// TestOpenSearchLogsDecidedOnlyWhenKnown: a published log type must be in the list; an entry
// whose log type is unknown, or an unknown list, may be it and is decided at update, while a
// known list without it is a violation of that log's rule alone.
func TestOpenSearchLogsDecidedOnlyWhenKnown(t *testing.T) {
	logs := func(entries ...any) map[string]any {
		return map[string]any{"logPublishingOptions": entries}
	}
	entry := func(logType any) map[string]any {
		return map[string]any{"logType": logType, "enabled": true, "cloudwatchLogGroupArn": policytest.Computed}
	}
	for _, tt := range []struct {
		name       string
		props      map[string]any
		violations int
	}{
		{"both published", logs(entry("ES_APPLICATION_LOGS"), entry("AUDIT_LOGS")), 0},
		{"a type unknown", logs(entry(policytest.Computed)), 0},
		{"an entry unknown", logs(policytest.Computed), 0},
		{"the list unknown", map[string]any{"logPublishingOptions": policytest.Computed}, 0},
		{"only slow logs", logs(entry("SEARCH_SLOW_LOGS")), 1},
		{"none", map[string]any{}, 1},
	} {
		for _, policy := range []string{"opensearch-error-logs", "opensearch-audit-logs"} {
			r := policytest.Resource("aws:opensearch/domain:Domain", "search", tt.props)
			if fs := checkOne(t, policy, r); len(fs) != tt.violations {
				t.Errorf("%s, %s: %d violations %v, want %d", tt.name, policy, len(fs), fs, tt.violations)
			}
		}
	}
}
