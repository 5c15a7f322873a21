package rules_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/saleor-platform/infra/policy/policytest"
)

// change is one deviation from the compliant stack and the single policy it must trip.
type change struct {
	policy string
	target string // resource changed
	path   []any  // property changed; nil: the target is removed from the stack
	value  any
	on     []string // resources the violation lands on ("-": stack-wide); nil: the target
}

func (c change) apply(stack []policyx.AnalyzerResource, v any) []policyx.AnalyzerResource {
	if c.path == nil {
		return policytest.Without(stack, c.target)
	}
	return policytest.WithProperty(stack, c.target, v, c.path...)
}

func (c change) urns(stack []policyx.AnalyzerResource) []string {
	on := c.on
	if on == nil {
		on = []string{c.target}
	}
	var urns []string
	for _, name := range on {
		urns = append(urns, urnOf(stack, name))
	}
	return urns
}

func p(path ...any) []any { return path }

// tlsDenyFor is a bucket policy whose one statement denies insecure transport to principal,
// action and resource (JSON values).
func tlsDenyFor(principal, action, resource string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":` + principal + `,"Action":` + action +
		`,"Resource":` + resource + `,"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
}

const (
	privileged   = `[{"name":"api","privileged":true,"readonlyRootFilesystem":true,"logConfiguration":{"logDriver":"awslogs"}}]`
	writableRoot = `[{"name":"api","readonlyRootFilesystem":false,"logConfiguration":{"logDriver":"awslogs"}}]`
	envSecret    = `[{"name":"api","readonlyRootFilesystem":true,"environment":[{"name":"DATABASE_URL_REPLICA","value":"postgres://u:p@h/db"}],` +
		`"logConfiguration":{"logDriver":"awslogs"}}]`
	noLogging  = `[{"name":"api","readonlyRootFilesystem":true}]`
	rootUnset  = `[{"name":"api","logConfiguration":{"logDriver":"awslogs"}}]`
	engineAuth = `[{"name":"api","readonlyRootFilesystem":true,"environment":[{"name":"ECS_ENGINE_AUTH_DATA","value":"{}"}],` +
		`"logConfiguration":{"logDriver":"awslogs"}}]`
	awsKeyID = `[{"name":"api","readonlyRootFilesystem":true,"environment":[{"name":"AWS_ACCESS_KEY_ID","value":"AKIA"}],` +
		`"logConfiguration":{"logDriver":"awslogs"}}]`
	adminPolicy = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`
	allowOnly   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}`
)

var changes = []change{
	{"rds-storage-encrypted-cmk", "db", p("storageEncrypted"), false, nil},
	{"rds-storage-encrypted-cmk", "db", p("kmsKeyId"), policytest.Null, nil},
	{"rds-performance-insights-cmk", "db", p("performanceInsightsKmsKeyId"), "", nil},
	{"rds-multi-az", "db", p("multiAz"), false, nil},
	{"rds-deletion-protection", "db", p("deletionProtection"), false, nil},
	{"rds-deletion-protection", "db-replica", p("deletionProtection"), policytest.Null, nil},
	{"rds-final-snapshot", "db", p("skipFinalSnapshot"), true, nil},
	{"rds-final-snapshot", "db", p("finalSnapshotIdentifier"), policytest.Null, nil},
	{"rds-backup-retention", "db", p("backupRetentionPeriod"), 3, nil},
	{"rds-not-public", "db", p("publiclyAccessible"), true, nil},
	{"rds-log-exports", "db", p("enabledCloudwatchLogsExports"), []string{"upgrade"}, nil},
	{"rds-log-exports", "db", p("enabledCloudwatchLogsExports"), []string{"postgresql"}, nil},
	{"rds-auto-minor-version-upgrade", "db", p("autoMinorVersionUpgrade"), false, nil},
	{"rds-enhanced-monitoring", "db", p("monitoringInterval"), 0, nil},
	{"rds-copy-tags-to-snapshots", "db", p("copyTagsToSnapshot"), false, nil},

	{"elasticache-encrypted-at-rest-cmk", "cache", p("atRestEncryptionEnabled"), false, nil},
	{"elasticache-encrypted-at-rest-cmk", "cache", p("kmsKeyId"), policytest.Null, nil},
	{"elasticache-encrypted-in-transit", "cache", p("transitEncryptionEnabled"), false, nil},
	{"elasticache-encrypted-in-transit", "cache", p("transitEncryptionMode"), "preferred", nil},
	{"elasticache-auth", "cache", p("authToken"), policytest.Null, nil},
	{"elasticache-auth", "cache", p("authToken"), "too-short", nil},
	{"elasticache-auth", "cache", p("authToken"), "has a space in it, not allowed", nil},
	{"elasticache-multi-az", "cache", p("automaticFailoverEnabled"), false, nil},
	{"elasticache-multi-az", "cache", p("multiAzEnabled"), false, nil},
	{"elasticache-multi-az", "cache", p("numCacheClusters"), 1, nil},
	{"elasticache-backups", "cache", p("snapshotRetentionLimit"), 0, nil},
	{"elasticache-auto-minor-version-upgrade", "cache", p("autoMinorVersionUpgrade"), false, nil},
	{"elasticache-own-subnet-group", "cache", p("subnetGroupName"), "default", nil},

	{"opensearch-encrypted-at-rest-cmk", "search", p("encryptAtRest", "enabled"), false, nil},
	{"opensearch-encrypted-at-rest-cmk", "search", p("encryptAtRest", "kmsKeyId"), policytest.Null, nil},
	{"opensearch-encrypted-at-rest-cmk", "search", p("encryptAtRest", "kmsKeyId"), "alias/aws/es", nil},
	{"opensearch-in-vpc", "search", p("vpcOptions"), policytest.Null, nil},
	{"opensearch-in-vpc", "search", p("vpcOptions", "subnetIds"), []any{}, nil},
	{"opensearch-node-to-node-encryption", "search", p("nodeToNodeEncryption", "enabled"), false, nil},
	{"opensearch-error-logs", "search", p("logPublishingOptions", 1, "logType"), "SEARCH_SLOW_LOGS", nil},
	{"opensearch-error-logs", "search", p("logPublishingOptions", 1, "enabled"), false, nil},
	{"opensearch-error-logs", "search", p("logPublishingOptions", 1, "cloudwatchLogGroupArn"), "", nil},
	{"opensearch-audit-logs", "search", p("logPublishingOptions", 2, "logType"), "SEARCH_SLOW_LOGS", nil},
	{"opensearch-audit-logs", "search", p("logPublishingOptions", 2, "enabled"), false, nil},
	{"opensearch-multi-az", "search", p("clusterConfig", "instanceCount"), 2, nil},
	{"opensearch-multi-az", "search", p("clusterConfig", "zoneAwarenessEnabled"), false, nil},
	{"opensearch-multi-az", "search", p("clusterConfig", "dedicatedMasterEnabled"), false, nil},
	{"opensearch-multi-az", "search", p("clusterConfig", "dedicatedMasterCount"), 2, nil},
	{"opensearch-fine-grained-access", "search", p("advancedSecurityOptions", "enabled"), false, nil},
	{"opensearch-fine-grained-access", "search", p("advancedSecurityOptions"), policytest.Null, nil},
	{"opensearch-tls-policy", "search", p("domainEndpointOptions", "tlsSecurityPolicy"), "Policy-Min-TLS-1-2-2019-07", nil},
	{"opensearch-tls-policy", "search", p("domainEndpointOptions", "tlsSecurityPolicy"), policytest.Null, nil},
	{"opensearch-tls-policy", "search", p("domainEndpointOptions", "enforceHttps"), false, nil},
	{"sqs-queue-cmk", "jobs", p("kmsMasterKeyId"), policytest.Null, nil},
	{"sns-topic-cmk", "alerts", p("kmsMasterKeyId"), "", nil},
	{"secret-cmk", "db-secret", p("kmsKeyId"), policytest.Null, nil},
	{"secret-replicas-cmk", "db-secret", p("replicas", 0, "kmsKeyId"), policytest.Null, nil},
	{"secret-replicas-cmk", "db-secret", p("replicas", 0, "kmsKeyId"), "alias/aws/secretsmanager", nil},
	{"secret-replicas-cmk", "db-secret", p("replicas", 0, "kmsKeyId"), "arn:aws:kms:eu-central-1:123456789012:key/secrets", nil},
	{"peering-routes-environment", "peering-route", p("destinationCidrBlock"), "0.0.0.0/0", nil},
	{"peering-routes-environment", "peering-route", p("destinationCidrBlock"), "52.0.0.0/8", nil},
	{"route53-routing-health-checked", "api-record", p("healthCheckId"), policytest.Null, nil},
	{"route53-routing-health-checked", "api-record", p("healthCheckId"), "", nil},
	{"log-group-cmk", "api-logs", p("kmsKeyId"), policytest.Null, nil},
	{"backup-vault-cmk", "vault", p("kmsKeyArn"), policytest.Null, nil},
	// An AWS-managed key is a key, but not a customer-managed one.
	{"rds-storage-encrypted-cmk", "db", p("kmsKeyId"), "alias/aws/rds", nil},
	{"rds-performance-insights-cmk", "db", p("performanceInsightsKmsKeyId"), "arn:aws:kms:eu-central-1:123456789012:alias/aws/rds", nil},
	{"elasticache-encrypted-at-rest-cmk", "cache", p("kmsKeyId"), "alias/aws/elasticache", nil},
	{"sqs-queue-cmk", "jobs", p("kmsMasterKeyId"), "alias/aws/sqs", nil},
	{"sns-topic-cmk", "alerts", p("kmsMasterKeyId"), "alias/aws/sns", nil},
	{"secret-cmk", "db-secret", p("kmsKeyId"), "alias/aws/secretsmanager", nil},
	{"log-group-cmk", "api-logs", p("kmsKeyId"), "arn:aws:kms:eu-central-1:123456789012:alias/aws/logs", nil},
	{"backup-vault-cmk", "vault", p("kmsKeyArn"), "arn:aws:kms:eu-central-1:123456789012:alias/aws/backup", nil},
	{"ecr-encryption-cmk", "api-repo", p("encryptionConfigurations", 0, "kmsKey"), "alias/aws/ecr", nil},

	{"ecr-immutable-tags", "api-repo", p("imageTagMutability"), "MUTABLE", nil},
	{"ecr-scan-on-push", "api-repo", p("imageScanningConfiguration", "scanOnPush"), false, nil},
	{"ecr-encryption-cmk", "api-repo", p("encryptionConfigurations", 0, "encryptionType"), "AES256", nil},
	{"ecr-lifecycle-policy", "api-repo-lifecycle", nil, nil, []string{"api-repo"}},
	{"ecs-service-no-public-ip", "api-service", p("networkConfiguration", "assignPublicIp"), true, nil},
	{"ecs-service-multi-az", "api-service", p("desiredCount"), 1, nil},
	{"ecs-service-multi-az", "api-service", p("networkConfiguration", "subnets"), []any{policytest.Computed}, nil},
	{"ecs-service-multi-az", "worker-service", p("networkConfiguration", "subnets"), []any{policytest.Computed}, nil},
	{"ecs-task-not-privileged", "api-task", p("containerDefinitions"), privileged, nil},
	{"ecs-task-read-only-root", "api-task", p("containerDefinitions"), writableRoot, nil},
	{"ecs-task-no-secrets-in-environment", "api-task", p("containerDefinitions"), envSecret, nil},
	{"ecs-task-logging", "api-task", p("containerDefinitions"), noLogging, nil},
	{"ecs-task-read-only-root", "api-task", p("containerDefinitions"), rootUnset, nil},
	{"ecs-task-no-secrets-in-environment", "api-task", p("containerDefinitions"), engineAuth, nil},
	{"ecs-task-no-secrets-in-environment", "api-task", p("containerDefinitions"), awsKeyID, nil},
	{"ecs-task-no-host-pid", "api-task", p("pidMode"), "host", nil},

	{"alb-drop-invalid-headers", "alb", p("dropInvalidHeaderFields"), false, nil},
	{"alb-desync-mitigation", "alb", p("desyncMitigationMode"), "monitor", nil},
	{"lb-access-logs", "alb", p("accessLogs", "enabled"), false, nil},
	{"lb-deletion-protection", "alb", p("enableDeletionProtection"), false, nil},
	{"lb-multi-az", "alb", p("subnets"), []any{policytest.Computed}, nil},
	{"lb-exposure-as-declared", "alb", p("tags", "Exposure"), "internal", nil},
	{"lb-exposure-as-declared", "alb", p("internal"), true, nil},
	{"lb-listener-tls13-policy", "alb-https", p("sslPolicy"), "ELBSecurityPolicy-2016-08", nil},
	{"lb-listener-http-redirects", "alb-http", p("defaultActions", 0, "type"), "forward", nil},
	{"lb-listener-http-redirects", "alb-http", p("defaultActions", 0, "redirect", "protocol"), "HTTP", nil},

	{"cloudfront-viewer-https", "cdn", p("defaultCacheBehavior", "viewerProtocolPolicy"), "allow-all", nil},
	{"cloudfront-viewer-https", "cdn", p("orderedCacheBehaviors", 0, "viewerProtocolPolicy"), "allow-all", nil},
	{"cloudfront-viewer-tls", "cdn", p("viewerCertificate", "minimumProtocolVersion"), "TLSv1", nil},
	{"cloudfront-viewer-tls", "cdn", p("viewerCertificate", "sslSupportMethod"), "vip", nil},
	{"cloudfront-origin-https", "cdn", p("origins", 0, "customOriginConfig", "originProtocolPolicy"), "match-viewer", nil},
	{"cloudfront-origin-https", "cdn", p("origins", 0, "customOriginConfig", "originSslProtocols"),
		[]string{"TLSv1.1", "TLSv1.2"}, nil},
	{"cloudfront-s3-origin-access-control", "cdn", p("origins", 1, "originAccessControlId"), policytest.Null, nil},
	{"cloudfront-logging", "cdn", p("loggingConfig", "bucket"), policytest.Null, nil},
	{"cloudfront-waf", "cdn", p("webAclId"), "", nil},
	{"cloudfront-security-headers", "cdn", p("defaultCacheBehavior", "responseHeadersPolicyId"), policytest.Null, nil},

	{"waf-cloudwatch-metrics", "waf", p("visibilityConfig", "cloudwatchMetricsEnabled"), false, nil},
	{"waf-cloudwatch-metrics", "waf", p("rules", 2, "visibilityConfig", "cloudwatchMetricsEnabled"), false, nil},
	{"waf-managed-rule-groups", "waf", p("rules", 1, "statement", "managedRuleGroupStatement", "name"), "Other", nil},
	{"waf-managed-rule-groups", "waf", p("rules", 0, "overrideAction"), map[string]any{"count": map[string]any{}}, nil},
	{"waf-rate-limit", "waf", p("rules", 4, "statement"), map[string]any{"geoMatchStatement": map[string]any{}}, nil},
	{"waf-logging", "waf-logging", nil, nil, []string{"waf"}},

	{"log-group-retention", "api-logs", p("retentionInDays"), 7, nil},
	{"cloudtrail-multi-region", "trail", p("isMultiRegionTrail"), false, nil},
	{"cloudtrail-multi-region", "trail", p("includeGlobalServiceEvents"), false, nil},
	{"cloudtrail-multi-region", "trail", p("eventSelectors"), []any{map[string]any{"readWriteType": "WriteOnly", "includeManagementEvents": true}}, nil},
	{"cloudtrail-multi-region", "trail", p("eventSelectors"), []any{map[string]any{"readWriteType": "All", "includeManagementEvents": false}}, nil},
	{"cloudtrail-multi-region", "trail", p("advancedEventSelectors"), []any{map[string]any{"fieldSelectors": []any{
		map[string]any{"field": "eventCategory", "equals": []any{"Management"}}, map[string]any{"field": "readOnly", "equals": []any{"false"}}}}}, nil},
	{"cloudtrail-log-file-validation", "trail", p("enableLogFileValidation"), false, nil},
	{"cloudtrail-cmk", "trail", p("kmsKeyId"), policytest.Null, nil},
	{"cloudtrail-cloudwatch-logs", "trail", p("cloudWatchLogsGroupArn"), policytest.Null, nil},
	{"cloudtrail-present", "trail", nil, nil, []string{"-"}},
	{"metric-alarm-actions", "api-cpu-high", p("actionsEnabled"), false, nil},
	{"metric-alarm-actions", "api-cpu-high", p("alarmActions"), []any{}, nil},

	{"kms-key-rotation", "key", p("enableKeyRotation"), false, nil},
	{"kms-deletion-window", "key", p("deletionWindowInDays"), 7, nil},
	{"guardduty-enabled", "guardduty", p("enable"), false, []string{"-"}},
	{"guardduty-enabled", "guardduty", nil, nil, []string{"-"}},
	{"securityhub-fsbp", "securityhub", nil, nil, []string{"-"}},
	{"securityhub-fsbp", "fsbp", p("standardsArn"),
		"arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0", []string{"-"}},
	{"iam-no-admin-policy", "api-task-policy", p("policy"), adminPolicy, nil},
	{"iam-oidc-trust-scoped", "preview-role", p("assumeRolePolicy"), strings.Replace(policytest.GitHubTrust,
		"repo:saleor-platform/infra:pull_request", "repo:*", 1), nil},
	{"iam-oidc-trust-scoped", "preview-role", p("assumeRolePolicy"), strings.Replace(policytest.GitHubTrust,
		"token.actions.githubusercontent.com:aud", "token.actions.githubusercontent.com:azp", 1), nil},

	{"s3-bucket-encryption-cmk", "media-sse", p("rules", 0, "applyServerSideEncryptionByDefault", "sseAlgorithm"),
		"AES256", []string{"media"}},
	{"s3-bucket-encryption-cmk", "media-sse", p("rules", 0, "bucketKeyEnabled"), false, []string{"media"}},
	{"s3-bucket-encryption-cmk", "media-sse", nil, nil, []string{"media"}},
	{"s3-bucket-encryption-cmk", "logs-sse", p("rules", 0, "applyServerSideEncryptionByDefault", "sseAlgorithm"),
		"none", []string{"logs"}},
	{"s3-bucket-encryption-cmk", "logs-sse", nil, nil, []string{"logs"}},
	{"s3-bucket-versioning", "media-versioning", p("versioningConfiguration", "status"), "Suspended", []string{"media"}},
	{"s3-bucket-versioning", "logs-versioning", nil, nil, []string{"logs"}},
	{"s3-bucket-public-access-block", "media-public-access-block", p("blockPublicPolicy"), false, []string{"media"}},
	{"s3-bucket-tls-only", "media-policy", p("policy"), allowOnly, []string{"media"}},
	{"s3-bucket-tls-only", "media-policy", p("policy"), "not json", []string{"media"}},
	// A Deny on insecure transport that does not cover every principal, action and the bucket and its objects.
	{"s3-bucket-tls-only", "media-policy", p("policy"), tlsDenyFor(`{"AWS":"arn:aws:iam::123456789012:role/x"}`, `"s3:*"`,
		`["arn:aws:s3:::media","arn:aws:s3:::media/*"]`), []string{"media"}},
	{"s3-bucket-tls-only", "media-policy", p("policy"), tlsDenyFor(`"*"`, `"s3:GetObject"`,
		`["arn:aws:s3:::media","arn:aws:s3:::media/*"]`), []string{"media"}},
	{"s3-bucket-tls-only", "media-policy", p("policy"), tlsDenyFor(`"*"`, `"s3:*"`, `"arn:aws:s3:::media/*"`), []string{"media"}},
	{"s3-bucket-lifecycle", "media-lifecycle", nil, nil, []string{"media"}},
	{"s3-bucket-access-logging", "media-logging", nil, nil, []string{"media"}},
	{"s3-bucket-owner-enforced", "media-ownership", p("rule", "objectOwnership"), "ObjectWriter", []string{"media"}},
	{"s3-bucket-replication", "media-replication", nil, nil, []string{"media", "media-replica"}},
	{"s3-bucket-encryption-cmk", "media-replica-sse", p("rules", 0, "applyServerSideEncryptionByDefault", "kmsMasterKeyId"),
		"alias/aws/s3", []string{"media-replica"}},
	{"s3-bucket-encryption-cmk", "media-sse", p("rules", 0, "applyServerSideEncryptionByDefault", "kmsMasterKeyId"),
		"arn:aws:kms:eu-central-1:123456789012:alias/aws/s3", []string{"media"}},
	{"s3-replication-replicas-cmk", "media-replication", p("rules", 0, "destination", "encryptionConfiguration", "replicaKmsKeyId"),
		"alias/aws/s3", nil},
	{"s3-replication-replicas-cmk", "media-replication", p("rules", 0, "destination", "encryptionConfiguration"), policytest.Null, nil},
	{"s3-replication-replicas-cmk", "media-replication", p("rules", 0, "sourceSelectionCriteria", "sseKmsEncryptedObjects", "status"),
		"Disabled", nil},

	{"security-group-no-public-ingress", "app-sg", p("ingress", 0, "cidrBlocks"), []string{"0.0.0.0/0"}, nil},
	{"security-group-no-public-ingress", "alb-sg", p("ingress", 0, "fromPort"), 22, nil},
	{"security-group-no-public-ingress", "alb-sg-http", p("toPort"), 8080, nil},
	{"security-group-no-public-ingress", "alb-sg-http", p("ipProtocol"), "-1", nil},
	{"security-group-no-public-ingress", "app-from-vpc", p("cidrBlocks"), []string{"::/0"}, nil},
	{"nat-gateway-per-az", "nat-b", nil, nil, []string{"-"}},
	{"vpc-flow-logs", "vpc-flow-log", nil, nil, []string{"vpc"}},
	{"vpc-flow-logs", "vpc-flow-log", p("trafficType"), "ACCEPT", []string{"vpc"}},
}

func TestCompliantStackPassesEveryPolicy(t *testing.T) {
	expectNone(t, evaluate(t, policytest.CompliantStack()))
}

// TestOneChangeOneViolation: each single deviation from the compliant baseline trips exactly
// the expected policy, on the expected resource.
func TestOneChangeOneViolation(t *testing.T) {
	stack := policytest.CompliantStack()
	for _, c := range changes {
		t.Run(c.policy+"/"+c.target+"/"+pathName(c.path), func(t *testing.T) {
			expectExactly(t, evaluate(t, c.apply(stack, c.value)), c.policy, c.urns(stack)...)
		})
	}
}

// TestUnknownIsDecidedAtUpdate: the same properties computed are never a violation in preview.
func TestUnknownIsDecidedAtUpdate(t *testing.T) {
	stack := policytest.CompliantStack()
	for _, c := range changes {
		if c.path == nil {
			continue
		}
		t.Run(c.policy+"/"+c.target+"/"+pathName(c.path), func(t *testing.T) {
			expectNone(t, evaluate(t, c.apply(stack, policytest.Computed)))
		})
	}
}

// TestSecretsAreUnwrapped: a secret value is judged like the plain one, and never printed.
func TestSecretsAreUnwrapped(t *testing.T) {
	stack := policytest.CompliantStack()
	for _, c := range changes {
		if c.path == nil || c.value == nil {
			continue
		}
		t.Run(c.policy+"/"+c.target+"/"+pathName(c.path), func(t *testing.T) {
			ds := evaluate(t, c.apply(stack, policytest.Secret(c.value)))
			expectExactly(t, ds, c.policy, c.urns(stack)...)
			if s, ok := c.value.(string); ok {
				for _, d := range ds {
					if strings.Contains(d.Message, "is "+strconv.Quote(s)) {
						t.Errorf("message reveals the secret: %s", d.Message)
					}
				}
			}
		})
	}
}

// TestEveryPropertyUnknownOrSecret sweeps every top-level property of every resource: computed
// or secret, the compliant stack stays compliant and no policy panics.
func TestEveryPropertyUnknownOrSecret(t *testing.T) {
	stack := policytest.CompliantStack()
	for _, r := range stack {
		for key, v := range r.Properties.All {
			for name, replacement := range map[string]property.Value{
				"computed": policytest.Computed, "secret": v.WithSecret(true),
			} {
				t.Run(r.Name+"/"+key+"/"+name, func(t *testing.T) {
					expectNone(t, evaluate(t, policytest.WithProperty(stack, r.Name, replacement, key)))
				})
			}
		}
	}
	t.Run("all-properties-computed", func(t *testing.T) {
		expectNone(t, evaluate(t, policytest.MapProperties(stack, func(m property.Map) property.Map {
			for key := range m.All {
				m = m.Set(key, policytest.Computed)
			}
			return m
		})))
	})
}

func TestEveryPolicyHasAChange(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range changes {
		covered[c.policy] = true
	}
	for _, name := range []string{"required-tags", "tag-managed-by-pulumi", "ebs-volume-encrypted-cmk", "stateful-resources-protected"} {
		covered[name] = true // tested on their own below
	}
	for _, pol := range pack(t).Policies() {
		if !covered[pol.Name()] {
			t.Errorf("policy %s has no test case", pol.Name())
		}
	}
}

func pathName(path []any) string {
	if path == nil {
		return "removed"
	}
	var parts []string
	for _, s := range path {
		if str, ok := s.(string); ok {
			parts = append(parts, str)
		}
	}
	return strings.Join(parts, ".")
}
