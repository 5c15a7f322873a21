package harness

import (
	"fmt"
	"net"
	"regexp"
	"strings"
)

// nameRule is one naming constraint of an AWS type's name-like property, as the provider
// (at Check, through its validate functions) or AWS (at create) enforces it.
type nameRule struct {
	Type, Property string
	// Limits are checked in order; every failed one is reported.
	Limits []limit
	// Source is where the rule comes from: a terraform-provider-aws file and function, the
	// pulumi-aws SDK doc, or the AWS API reference.
	Source string
}

// limit is one constraint: ok reports whether a value meets it, text says what it requires.
type limit struct {
	text string
	ok   func(string) bool
}

// Sources of the rules, named once.
const (
	srcELB        = "terraform-provider-aws internal/service/elbv2/validate.go validName, validNamePrefix"
	srcTG         = "terraform-provider-aws internal/service/elbv2/validate.go validTargetGroupName, validTargetGroupNamePrefix"
	srcRDSID      = "terraform-provider-aws internal/service/rds/validate.go validIdentifier, validIdentifierPrefix; AWS RDS CreateDBInstance DBInstanceIdentifier (1-63)"
	srcRDSPG      = "terraform-provider-aws internal/service/rds/validate.go validParamGroupName, validParamGroupNamePrefix"
	srcRDSSubnet  = "terraform-provider-aws internal/service/rds/validate.go validSubnetGroupName, validSubnetGroupNamePrefix"
	srcCacheRG    = "terraform-provider-aws internal/service/elasticache validateReplicationGroupID; AWS ElastiCache CreateReplicationGroup ReplicationGroupId"
	srcCachePG    = "AWS ElastiCache User Guide, Creating a parameter group: naming constraints (ASCII letter first; letters, digits, hyphens; 1-255; no -- or trailing -)"
	srcCacheSub   = "AWS ElastiCache CreateCacheSubnetGroup CacheSubnetGroupName"
	srcIAMRole    = "terraform-provider-aws internal/service/iam/role.go roleNameMaxLen, roleNamePrefixMaxLen; iam/validate.go validResourceName"
	srcIAMPolicy  = "terraform-provider-aws internal/service/iam/validate.go validResourceName (role-policy names: 128); AWS IAM quotas"
	srcIAMManaged = "terraform-provider-aws internal/service/iam/policy.go policyNameMaxLen (128), name_prefix (128 less the unique suffix); iam/validate.go validResourceName"
	srcSQS        = "terraform-provider-aws internal/service/sqs/queue.go resourceQueueCustomizeDiff; pulumi-aws SDK sqs.QueueArgs.Name"
	srcSNS        = "terraform-provider-aws internal/service/sns/topic.go resourceTopicCustomizeDiff; pulumi-aws SDK sns.TopicArgs.Name"
	srcS3         = "pulumi-aws SDK s3.BucketV2Args.Bucket/BucketPrefix (63/37, lowercase); AWS S3 general purpose bucket naming rules (checked by AWS at CreateBucket)"
	srcSecret     = "terraform-provider-aws internal/service/secretsmanager validSecretName, validSecretNamePrefix; AWS Secrets Manager CreateSecret Name (1-512)"
	srcECR        = "terraform-provider-aws internal/service/ecr/repository.go name validation; AWS ECR CreateRepository repositoryName"
	srcECS        = "pulumi-aws SDK ecs.ClusterArgs.Name, ecs.ServiceArgs.Name (up to 255 letters, numbers, hyphens, underscores); AWS ECS CreateCluster, CreateService"
	srcECSFamily  = "AWS ECS RegisterTaskDefinition family (up to 255 letters, numbers, hyphens, underscores)"
	srcWAF        = "terraform-provider-aws internal/service/wafv2/web_acl.go name validation; AWS WAFV2 CreateWebACL Name (1-128, [0-9A-Za-z_-])"
	srcWAFIPSet   = "terraform-provider-aws internal/service/wafv2/ip_set.go name validation; AWS WAFV2 CreateIPSet Name (1-128, [0-9A-Za-z_-])"
	srcOpenSearch = "AWS OpenSearch Service CreateDomain DomainName (3-28 characters: a lower-case letter, then lower-case letters, digits and hyphens)"
	srcKMSAlias   = "terraform-provider-aws internal/service/kms/validate.go validNameForResource; AWS KMS CreateAlias AliasName (1-256)"
	srcSSM        = "AWS Systems Manager parameter name constraints (sysman-parameter-name-constraints: 1011 characters, a-zA-Z0-9_.-/, no aws/ssm prefix, 15 levels)"
	srcBackupVlt  = "terraform-provider-aws internal/service/backup/vault.go name validation; AWS Backup CreateBackupVault BackupVaultName ([0-9A-Za-z_-]{2,50})"
	srcBackupPlan = "AWS Backup CreateBackupPlan BackupPlanName, CreateBackupSelection SelectionName (1-50 of [0-9A-Za-z_.-])"
	srcCodeDeploy = "terraform-provider-aws internal/service/deploy app.go, deployment_group.go (StringLenBetween 1-100); AWS CodeDeploy"
	srcBudget     = "terraform-provider-aws internal/service/budgets/budget.go name (1-100, no ':' or '\\'), name_prefix (1-74)"
	srcSG         = "terraform-provider-aws internal/service/ec2/vpc_security_group.go name (0-255), name_prefix (0-100); AWS EC2 CreateSecurityGroup GroupName (no sg- prefix, VPC character set)"
	srcHealth     = "AWS Route 53 CreateHealthCheck CallerReference (1-64), built from reference_name"
	srcLogGroup   = "terraform-provider-aws internal/service/logs/validate.go validLogGroupName, validLogGroupNamePrefix"
	srcAlarm      = "AWS CloudWatch PutMetricAlarm AlarmName (1-255)"
	srcDashboard  = "AWS CloudWatch PutDashboard DashboardName (1-255 of [0-9A-Za-z_-])"
	srcTrail      = "AWS CloudTrail CreateTrail Name (3-128, [0-9A-Za-z._-], starts and ends with a letter or digit, no adjacent . _ -, not an IP address)"
	srcScaling    = "pulumi-aws SDK appautoscaling.PolicyArgs.Name (1-255); AWS Application Auto Scaling PutScalingPolicy PolicyName"
	srcAnomaly    = "AWS Cost Explorer CreateAnomalyMonitor MonitorName, CreateAnomalySubscription SubscriptionName (1-1024)"
	srcCFFunction = "AWS CloudFront CreateFunction Name ([0-9A-Za-z_-]{1,64})"
	srcCFOAC      = "AWS CloudFront CreateOriginAccessControl Name (1-64)"
	srcChatbot    = "AWS Chatbot CreateSlackChannelConfiguration ConfigurationName ([0-9A-Za-z_-]{1,128})"
	srcAmplify    = "AWS Amplify CreateApp name (1-255)"
	srcSchedule   = "terraform-provider-aws internal/service/scheduler/schedule.go name (1-64, [0-9A-Za-z_.-]), name_prefix (1-38); AWS EventBridge Scheduler CreateSchedule Name"
)

// Limits shared by several rules.
var (
	alnumHyphen     = chars(`0-9A-Za-z-`, "only letters, digits and hyphens")
	alnumHyphenUnd  = chars(`0-9A-Za-z_-`, "only letters, digits, hyphens and underscores")
	lowerAlnumHyph  = chars(`0-9a-z-`, "only lower-case letters, digits and hyphens")
	iamChars        = chars(`\w+=,.@-`, "only letters, digits and +=,.@_-")
	noLeadingHyphen = limit{"not start with a hyphen", func(s string) bool { return !strings.HasPrefix(s, "-") }}
	noTrailHyphen   = limit{"not end with a hyphen", func(s string) bool { return !strings.HasSuffix(s, "-") }}
	noDoubleHyphen  = limit{"not contain two consecutive hyphens", func(s string) bool { return !strings.Contains(s, "--") }}
	startsLetter    = limit{"start with a letter", regexp.MustCompile(`^[A-Za-z]`).MatchString}
)

// nameRules are the naming rules of the named AWS types the program registers. The harness
// checks every name-like input (the program's, the auto-name, the prefix) at Check in both
// modes, and in Update mode the name the provider makes from a prefix.
var nameRules = []nameRule{
	{"aws:lb/loadBalancer:LoadBalancer", "name", []limit{length(1, 32), alnumHyphen, noLeadingHyphen, noTrailHyphen, notPrefix("internal-")}, srcELB},
	{"aws:lb/loadBalancer:LoadBalancer", "namePrefix", []limit{length(1, 6), alnumHyphen, noLeadingHyphen, notPrefix("internal-")}, srcELB},
	{"aws:lb/targetGroup:TargetGroup", "name", []limit{length(1, 32), alnumHyphen, noLeadingHyphen, noTrailHyphen}, srcTG},
	{"aws:lb/targetGroup:TargetGroup", "namePrefix", []limit{length(1, 32-uniqueSuffixLength), alnumHyphen, noLeadingHyphen}, srcTG},
	{"aws:rds/instance:Instance", "identifier", []limit{length(1, 63), lowerAlnumHyph, startsLetter, noDoubleHyphen, noTrailHyphen}, srcRDSID},
	{"aws:rds/instance:Instance", "identifierPrefix", []limit{length(1, 63-uniqueSuffixLength), lowerAlnumHyph, startsLetter, noDoubleHyphen}, srcRDSID},
	{"aws:rds/parameterGroup:ParameterGroup", "name", []limit{length(1, 255), chars(`0-9a-z.-`, "only lower-case letters, digits, periods and hyphens"), startsLetter, noDoubleHyphen, noTrailHyphen}, srcRDSPG},
	{"aws:rds/parameterGroup:ParameterGroup", "namePrefix", []limit{length(1, 255-uniqueSuffixLength), lowerAlnumHyph, startsLetter, noDoubleHyphen}, srcRDSPG},
	{"aws:rds/subnetGroup:SubnetGroup", "name", []limit{length(1, 255), chars(`0-9a-z_ .-`, "only lower-case letters, digits, hyphens, underscores, periods and spaces"), notEqualFold("default")}, srcRDSSubnet},
	{"aws:rds/subnetGroup:SubnetGroup", "namePrefix", []limit{length(1, 255-uniqueSuffixLength), chars(`0-9a-z_ .-`, "only lower-case letters, digits, hyphens, underscores, periods and spaces")}, srcRDSSubnet},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "replicationGroupId", []limit{length(1, 40), alnumHyphen, startsLetter, noDoubleHyphen, noTrailHyphen}, srcCacheRG},
	{"aws:elasticache/parameterGroup:ParameterGroup", "name", []limit{length(1, 255), alnumHyphen, startsLetter, noDoubleHyphen, noTrailHyphen}, srcCachePG},
	{"aws:elasticache/subnetGroup:SubnetGroup", "name", []limit{length(1, 255), alnumHyphen}, srcCacheSub},
	{"aws:iam/role:Role", "name", []limit{length(1, 64), iamChars}, srcIAMRole},
	{"aws:iam/role:Role", "namePrefix", []limit{length(1, 64-uniqueSuffixLength), iamChars}, srcIAMRole},
	{"aws:iam/policy:Policy", "name", []limit{length(1, 128), iamChars}, srcIAMManaged},
	{"aws:iam/policy:Policy", "namePrefix", []limit{length(1, 128-uniqueSuffixLength), iamChars}, srcIAMManaged},
	{"aws:iam/rolePolicy:RolePolicy", "name", []limit{length(1, 128), iamChars}, srcIAMPolicy},
	{"aws:iam/rolePolicy:RolePolicy", "namePrefix", []limit{length(1, 128-uniqueSuffixLength), iamChars}, srcIAMPolicy},
	{"aws:sqs/queue:Queue", "name", []limit{length(1, 80), matches(`^[0-9A-Za-z_-]+(\.fifo)?$`, "only letters, digits, hyphens and underscores, and .fifo at the end of a FIFO queue's name")}, srcSQS},
	{"aws:sqs/queue:Queue", "namePrefix", []limit{length(1, 80-uniqueSuffixLength), alnumHyphenUnd}, srcSQS},
	{"aws:sns/topic:Topic", "name", []limit{length(1, 256), matches(`^[0-9A-Za-z_-]+(\.fifo)?$`, "only letters, digits, hyphens and underscores, and .fifo at the end of a FIFO topic's name")}, srcSNS},
	{"aws:sns/topic:Topic", "namePrefix", []limit{length(1, 256-uniqueSuffixLength), alnumHyphenUnd}, srcSNS},
	{"aws:s3/bucketV2:BucketV2", "bucket", bucketLimits(3, 63), srcS3},
	{"aws:s3/bucketV2:BucketV2", "bucketPrefix", []limit{length(1, 63-uniqueSuffixLength), chars(`0-9a-z.-`, "only lower-case letters, digits, periods and hyphens"),
		limit{"start with a lower-case letter or digit", regexp.MustCompile(`^[0-9a-z]`).MatchString}}, srcS3},
	{"aws:secretsmanager/secret:Secret", "name", []limit{length(1, 512), chars(`0-9A-Za-z/_+=.@-`, "only letters, digits and /_+=.@-")}, srcSecret},
	{"aws:secretsmanager/secret:Secret", "namePrefix", []limit{length(1, 512-uniqueSuffixLength), chars(`0-9A-Za-z/_+=.@-`, "only letters, digits and /_+=.@-")}, srcSecret},
	{"aws:ecr/repository:Repository", "name", []limit{length(2, 256), matches(`^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$`,
		"lower-case path segments of letters and digits, joined by single '.', '_' or '-' and separated by '/'")}, srcECR},
	{"aws:ecs/cluster:Cluster", "name", []limit{length(1, 255), alnumHyphenUnd}, srcECS},
	{"aws:ecs/service:Service", "name", []limit{length(1, 255), alnumHyphenUnd}, srcECS},
	{"aws:ecs/taskDefinition:TaskDefinition", "family", []limit{length(1, 255), alnumHyphenUnd}, srcECSFamily},
	{"aws:wafv2/webAcl:WebAcl", "name", []limit{length(1, 128), alnumHyphenUnd}, srcWAF},
	{"aws:wafv2/webAcl:WebAcl", "namePrefix", []limit{length(1, 128-uniqueSuffixLength), alnumHyphenUnd}, srcWAF},
	{"aws:opensearch/domain:Domain", "domainName", []limit{length(3, 28), matches(`^[a-z][a-z0-9-]*$`, "a lower-case letter and then only lower-case letters, digits and hyphens")}, srcOpenSearch},
	{"aws:wafv2/ipSet:IpSet", "name", []limit{length(1, 128), alnumHyphenUnd}, srcWAFIPSet},
	{"aws:wafv2/ipSet:IpSet", "namePrefix", []limit{length(1, 128-uniqueSuffixLength), alnumHyphenUnd}, srcWAFIPSet},
	{"aws:kms/alias:Alias", "name", []limit{length(7, 256), matches(`^alias/[0-9A-Za-z/_-]+$`, "'alias/' and then only letters, digits and /_-"), notPrefix("alias/aws/")}, srcKMSAlias},
	{"aws:kms/alias:Alias", "namePrefix", []limit{length(7, 256-uniqueSuffixLength), matches(`^alias/[0-9A-Za-z/_-]*$`, "'alias/' and then only letters, digits and /_-"), notPrefix("alias/aws/")}, srcKMSAlias},
	{"aws:ssm/parameter:Parameter", "name", ssmParameterLimits(), srcSSM},
	{"aws:backup/vault:Vault", "name", []limit{length(2, 50), alnumHyphenUnd}, srcBackupVlt},
	{"aws:backup/plan:Plan", "name", []limit{length(1, 50), chars(`0-9A-Za-z_.-`, "only letters, digits and _.-")}, srcBackupPlan},
	{"aws:backup/selection:Selection", "name", []limit{length(1, 50), chars(`0-9A-Za-z_.-`, "only letters, digits and _.-")}, srcBackupPlan},
	{"aws:codedeploy/application:Application", "name", []limit{length(1, 100)}, srcCodeDeploy},
	{"aws:codedeploy/deploymentGroup:DeploymentGroup", "deploymentGroupName", []limit{length(1, 100)}, srcCodeDeploy},
	{"aws:budgets/budget:Budget", "name", []limit{length(1, 100), matches(`^[^:\\]+$`, "no ':' or '\\'")}, srcBudget},
	{"aws:budgets/budget:Budget", "namePrefix", []limit{length(1, 100-uniqueSuffixLength), matches(`^[^:\\]+$`, "no ':' or '\\'")}, srcBudget},
	{"aws:ec2/securityGroup:SecurityGroup", "name", []limit{length(1, 255), notPrefix("sg-"), chars(`0-9A-Za-z ._\-:/()#,@\[\]+=&;{}!$*`, "only letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*")}, srcSG},
	{"aws:ec2/securityGroup:SecurityGroup", "namePrefix", []limit{length(1, 100), notPrefix("sg-")}, srcSG},
	{"aws:route53/healthCheck:HealthCheck", "referenceName", []limit{length(1, 64)}, srcHealth},
	{"aws:cloudwatch/logGroup:LogGroup", "name", []limit{length(1, 512), chars(`0-9A-Za-z_./#-`, "only letters, digits and _./#-")}, srcLogGroup},
	{"aws:cloudwatch/logGroup:LogGroup", "namePrefix", []limit{length(1, 512-uniqueSuffixLength-3), chars(`0-9A-Za-z_./#-`, "only letters, digits and _./#-")}, srcLogGroup},
	{"aws:cloudwatch/metricAlarm:MetricAlarm", "name", []limit{length(1, 255)}, srcAlarm},
	{"aws:cloudwatch/dashboard:Dashboard", "dashboardName", []limit{length(1, 255), alnumHyphenUnd}, srcDashboard},
	{"aws:cloudtrail/trail:Trail", "name", trailLimits(), srcTrail},
	{"aws:appautoscaling/policy:Policy", "name", []limit{length(1, 255)}, srcScaling},
	{"aws:costexplorer/anomalyMonitor:AnomalyMonitor", "name", []limit{length(1, 1024)}, srcAnomaly},
	{"aws:costexplorer/anomalySubscription:AnomalySubscription", "name", []limit{length(1, 1024)}, srcAnomaly},
	{"aws:cloudfront/function:Function", "name", []limit{length(1, 64), alnumHyphenUnd}, srcCFFunction},
	{"aws:cloudfront/originAccessControl:OriginAccessControl", "name", []limit{length(1, 64)}, srcCFOAC},
	{"aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration", "configurationName", []limit{length(1, 128), alnumHyphenUnd}, srcChatbot},
	{"aws:amplify/app:App", "name", []limit{length(1, 255)}, srcAmplify},
	{"aws:scheduler/schedule:Schedule", "name", []limit{length(1, 64), chars(`0-9A-Za-z_.-`, "only letters, digits and _.-")}, srcSchedule},
	{"aws:scheduler/schedule:Schedule", "namePrefix", []limit{length(1, 64-uniqueSuffixLength), chars(`0-9A-Za-z_.-`, "only letters, digits and _.-")}, srcSchedule},
}

// length requires between min and max characters.
func length(min, max int) limit {
	return limit{fmt.Sprintf("be %d to %d characters", min, max), func(s string) bool { return len(s) >= min && len(s) <= max }}
}

// chars requires every character to be in the regexp class body class.
func chars(class, text string) limit {
	return limit{"contain " + text, regexp.MustCompile(`^[` + class + `]*$`).MatchString}
}

// matches requires the whole value to match pattern.
func matches(pattern, text string) limit {
	return limit{"be " + text, regexp.MustCompile(pattern).MatchString}
}

// notPrefix forbids a start.
func notPrefix(p string) limit {
	return limit{fmt.Sprintf("not start with %q", p), func(s string) bool { return !strings.HasPrefix(s, p) }}
}

// notEqualFold forbids a reserved name, in any case.
func notEqualFold(reserved string) limit {
	return limit{fmt.Sprintf("not be %q", reserved), func(s string) bool { return !strings.EqualFold(s, reserved) }}
}

// bucketLimits are S3's general purpose bucket naming rules.
func bucketLimits(min, max int) []limit {
	return []limit{
		length(min, max),
		chars(`0-9a-z.-`, "only lower-case letters, digits, periods and hyphens"),
		matches(`^[0-9a-z].*[0-9a-z]$`, "started and ended by a lower-case letter or digit"),
		{"not contain two adjacent periods", func(s string) bool { return !strings.Contains(s, "..") }},
		{"not be formatted as an IP address", func(s string) bool { return net.ParseIP(s) == nil }},
		notPrefix("xn--"), notPrefix("sthree-"), notPrefix("amzn-s3-demo-"),
		{"not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3", func(s string) bool {
			for _, suffix := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
				if strings.HasSuffix(s, suffix) {
					return false
				}
			}
			return true
		}},
	}
}

// ssmParameterLimits are Systems Manager's parameter name constraints.
func ssmParameterLimits() []limit {
	return []limit{
		length(1, 1011),
		chars(`0-9A-Za-z_./-`, "only letters, digits and _.-/"),
		{"start with '/' when it is a path", func(s string) bool { return !strings.Contains(s, "/") || strings.HasPrefix(s, "/") }},
		{"not start with aws or ssm (any case)", func(s string) bool {
			l := strings.ToLower(strings.TrimPrefix(s, "/"))
			return !strings.HasPrefix(l, "aws") && !strings.HasPrefix(l, "ssm")
		}},
		{"have at most 15 levels", func(s string) bool { return strings.Count(strings.TrimPrefix(s, "/"), "/") < 15 }},
	}
}

// trailLimits are CloudTrail's trail name rules.
func trailLimits() []limit {
	return []limit{
		length(3, 128),
		chars(`0-9A-Za-z._-`, "only letters, digits and ._-"),
		matches(`^[0-9A-Za-z].*[0-9A-Za-z]$`, "started and ended by a letter or digit"),
		{"not contain adjacent periods, underscores or hyphens", func(s string) bool { return !regexp.MustCompile(`[._-]{2}`).MatchString(s) }},
		{"not be formatted as an IP address", func(s string) bool { return net.ParseIP(s) == nil }},
	}
}
