package harness

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// validNames holds, per rule ("<type> <property>"), a name the rule accepts; the over-long
// variant each test derives from it must be rejected. Every rule needs one.
var validNames = map[string]string{
	"aws:lb/loadBalancer:LoadBalancer name":                                             "saleor-prod-eu",
	"aws:lb/loadBalancer:LoadBalancer namePrefix":                                       "api-",
	"aws:lb/targetGroup:TargetGroup name":                                               "api-blue",
	"aws:lb/targetGroup:TargetGroup namePrefix":                                         "api-",
	"aws:rds/instance:Instance identifier":                                              "saleor-prod-eu-postgres",
	"aws:rds/instance:Instance identifierPrefix":                                        "saleor-",
	"aws:rds/parameterGroup:ParameterGroup name":                                        "saleor-postgres17",
	"aws:rds/parameterGroup:ParameterGroup namePrefix":                                  "saleor-",
	"aws:rds/subnetGroup:SubnetGroup name":                                              "saleor data",
	"aws:rds/subnetGroup:SubnetGroup namePrefix":                                        "saleor-",
	"aws:elasticache/replicationGroup:ReplicationGroup replicationGroupId":              "saleor-prod-eu-api",
	"aws:elasticache/parameterGroup:ParameterGroup name":                                "saleor-valkey8",
	"aws:elasticache/subnetGroup:SubnetGroup name":                                      "saleor-cache",
	"aws:iam/role:Role name":                                                            "saleor-api-task",
	"aws:iam/role:Role namePrefix":                                                      "saleor-",
	"aws:iam/policy:Policy name":                                                        "saleor-delivery-boundary",
	"aws:iam/policy:Policy namePrefix":                                                  "saleor-",
	"aws:iam/rolePolicy:RolePolicy name":                                                "read-secrets",
	"aws:iam/rolePolicy:RolePolicy namePrefix":                                          "read-",
	"aws:sqs/queue:Queue name":                                                          "saleor-default.fifo",
	"aws:sqs/queue:Queue namePrefix":                                                    "saleor-",
	"aws:sns/topic:Topic name":                                                          "saleor-critical",
	"aws:sns/topic:Topic namePrefix":                                                    "saleor-",
	"aws:s3/bucketV2:BucketV2 bucket":                                                   "saleor-media.eu-central-1",
	"aws:s3/bucketV2:BucketV2 bucketPrefix":                                             "saleor-media-",
	"aws:secretsmanager/secret:Secret name":                                             "saleor/prod-eu/database/url",
	"aws:secretsmanager/secret:Secret namePrefix":                                       "saleor/prod-eu/database/url-",
	"aws:ecr/repository:Repository name":                                                "saleor-prod-eu/saleor",
	"aws:ecs/cluster:Cluster name":                                                      "saleor-prod-eu",
	"aws:ecs/service:Service name":                                                      "saleor_api",
	"aws:ecs/taskDefinition:TaskDefinition family":                                      "saleor-prod-eu-api",
	"aws:wafv2/webAcl:WebAcl name":                                                      "saleor_edge-acl",
	"aws:wafv2/webAcl:WebAcl namePrefix":                                                "saleor-",
	"aws:opensearch/domain:Domain domainName":                                           "prod-eu-search",
	"aws:wafv2/ipSet:IpSet name":                                                        "edge_waf-allow-ipv4",
	"aws:wafv2/ipSet:IpSet namePrefix":                                                  "edge-waf-",
	"aws:kms/alias:Alias name":                                                          "alias/saleor/prod-eu/audit",
	"aws:kms/alias:Alias namePrefix":                                                    "alias/saleor-",
	"aws:ssm/parameter:Parameter name":                                                  "/saleor/prod-eu/cache/api/ttl-seconds",
	"aws:backup/vault:Vault name":                                                       "saleor-dr",
	"aws:backup/plan:Plan name":                                                         "saleor.daily",
	"aws:backup/selection:Selection name":                                               "saleor.data",
	"aws:codedeploy/application:Application name":                                       "saleor api",
	"aws:codedeploy/deploymentGroup:DeploymentGroup deploymentGroupName":                "saleor-api",
	"aws:budgets/budget:Budget name":                                                    "saleor monthly",
	"aws:budgets/budget:Budget namePrefix":                                              "saleor-",
	"aws:ec2/securityGroup:SecurityGroup name":                                          "saleor alb (CloudFront only)",
	"aws:ec2/securityGroup:SecurityGroup namePrefix":                                    "saleor-",
	"aws:route53/healthCheck:HealthCheck referenceName":                                 "api-eu",
	"aws:cloudwatch/logGroup:LogGroup name":                                             "/saleor/prod-eu/ecs/api#1",
	"aws:cloudwatch/logGroup:LogGroup namePrefix":                                       "/saleor/",
	"aws:cloudwatch/metricAlarm:MetricAlarm name":                                       "saleor: API 5xx > 1%",
	"aws:cloudwatch/dashboard:Dashboard dashboardName":                                  "saleor-prod-eu_eu-central-1",
	"aws:cloudtrail/trail:Trail name":                                                   "saleor-prod-eu.audit",
	"aws:appautoscaling/policy:Policy name":                                             "saleor api cpu",
	"aws:costexplorer/anomalyMonitor:AnomalyMonitor name":                               "saleor services",
	"aws:costexplorer/anomalySubscription:AnomalySubscription name":                     "saleor anomalies",
	"aws:cloudfront/function:Function name":                                             "storefront-cache_key",
	"aws:cloudfront/originAccessControl:OriginAccessControl name":                       "saleor buckets",
	"aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration configurationName": "saleor-alerts",
	"aws:amplify/app:App name":                                                          "Saleor storefront",
	"aws:scheduler/schedule:Schedule name":                                              "observability-alarms-on-1-0a1b2c3",
	"aws:scheduler/schedule:Schedule namePrefix":                                        "observability-alarms-on-",
}

// maxOf returns the rule's maximum length, from its length limit.
func maxOf(t *testing.T, r nameRule) int {
	t.Helper()
	for max := 1; max <= 4096; max++ {
		if !r.Limits[0].ok(strings.Repeat("a", max+1)) && r.Limits[0].ok(strings.Repeat("a", max)) {
			return max
		}
	}
	t.Fatalf("%s %s: the first limit is not a length limit", r.Type, r.Property)
	return 0
}

// TestEveryNameRuleRejectsTooLongAndAcceptsValid: each rule accepts its example and rejects
// the example lengthened past the rule's maximum, naming the value, the limit and the source.
func TestEveryNameRuleRejectsTooLongAndAcceptsValid(t *testing.T) {
	for _, r := range nameRules {
		key := r.Type + " " + r.Property
		t.Run(key, func(t *testing.T) {
			valid, ok := validNames[key]
			if !ok {
				t.Fatalf("no valid example for %s in validNames", key)
			}
			if got := r.violation(valid); got != "" {
				t.Fatalf("rejects its valid example: %s", got)
			}
			max := maxOf(t, r)
			cut := 1 // lengthen inside the name, keeping its start and its end
			if strings.HasPrefix(valid, "alias/") {
				cut = len("alias/")
			}
			long := valid[:cut] + strings.Repeat("a", max+1-len(valid)) + valid[cut:]
			got := r.violation(long)
			for _, want := range []string{long, r.Limits[0].text, r.Source} {
				if !strings.Contains(got, want) {
					t.Errorf("violation %q does not name %q", got, want)
				}
			}
			if len(long) != max+1 || strings.Count(got, "must") != 1 {
				t.Errorf("the %d-character variant breaks more than the length limit: %s", len(long), got)
			}
		})
	}
}

// TestNameCharacterRules: a character, start, end or reserved-word rule rejects what AWS
// rejects, and checkNames reports it under the property.
func TestNameCharacterRules(t *testing.T) {
	for _, c := range []struct{ typ, prop, value, broken string }{
		{"aws:lb/loadBalancer:LoadBalancer", "name", "-saleor", "not start with a hyphen"},
		{"aws:lb/loadBalancer:LoadBalancer", "name", "internal-api", `not start with "internal-"`},
		{"aws:lb/targetGroup:TargetGroup", "name", "api_blue", "only letters, digits and hyphens"},
		{"aws:rds/instance:Instance", "identifier", "Saleor-db", "only lower-case letters"},
		{"aws:rds/instance:Instance", "identifier", "1saleor", "start with a letter"},
		{"aws:rds/instance:Instance", "identifier", "saleor--db", "two consecutive hyphens"},
		{"aws:rds/instance:Instance", "identifier", "saleor-db-", "not end with a hyphen"},
		{"aws:elasticache/replicationGroup:ReplicationGroup", "replicationGroupId", "saleor-api-", "not end with a hyphen"},
		{"aws:s3/bucketV2:BucketV2", "bucket", "Saleor-media", "only lower-case letters"},
		{"aws:s3/bucketV2:BucketV2", "bucket", "saleor..media", "two adjacent periods"},
		{"aws:s3/bucketV2:BucketV2", "bucket", "192.168.10.12", "IP address"},
		{"aws:s3/bucketV2:BucketV2", "bucket", "ab", "be 3 to 63 characters"},
		{"aws:s3/bucketV2:BucketV2", "bucket", "media-", "started and ended by a lower-case letter or digit"},
		{"aws:sqs/queue:Queue", "name", "saleor.default", ".fifo at the end"},
		{"aws:ecr/repository:Repository", "name", "Saleor/api", "lower-case path segments"},
		{"aws:kms/alias:Alias", "name", "alias/aws/saleor", `not start with "alias/aws/"`},
		{"aws:kms/alias:Alias", "name", "saleor/audit", "'alias/'"},
		{"aws:ssm/parameter:Parameter", "name", "saleor/ttl", "start with '/' when it is a path"},
		{"aws:ssm/parameter:Parameter", "name", "/aws/ttl", "not start with aws or ssm"},
		{"aws:ec2/securityGroup:SecurityGroup", "name", "sg-alb", `not start with "sg-"`},
		{"aws:cloudwatch/logGroup:LogGroup", "name", "/saleor/api logs", "only letters, digits and _./#-"},
		{"aws:rds/subnetGroup:SubnetGroup", "name", "Default", `not be "default"`},
		{"aws:cloudtrail/trail:Trail", "name", "saleor-_audit", "adjacent periods, underscores or hyphens"},
		{"aws:budgets/budget:Budget", "name", "saleor:monthly", "no ':'"},
	} {
		failures := checkNames(c.typ, resource.PropertyMap{resource.PropertyKey(c.prop): resource.NewProperty(c.value)})
		if len(failures) != 1 || string(failures[0].Property) != c.prop || !strings.Contains(failures[0].Reason, c.broken) {
			t.Errorf("%s %s %q: failures %v, want one on %s saying %q", c.typ, c.prop, c.value, failures, c.prop, c.broken)
		}
	}
}

// TestCheckNamesSkipsUnknowns: a name preview does not know yet is not judged.
func TestCheckNamesSkipsUnknowns(t *testing.T) {
	props := resource.PropertyMap{"name": resource.MakeComputed(resource.NewProperty(""))}
	if failures := checkNames("aws:lb/targetGroup:TargetGroup", props); len(failures) != 0 {
		t.Errorf("unknown name judged: %v", failures)
	}
}
