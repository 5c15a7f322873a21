package stacks_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

// nameScopes are the names AWS keeps unique, by type and property, and where: "global" for
// every account (S3 bucket names), "account" across the account's regions (IAM and
// CloudFront are global services, Budgets and Chatbot too), otherwise one region of one
// account. Names scoped to a parent (a role's inline policies, a cluster's services, a
// VPC's security groups) are left out: they cannot meet another stack's.
var nameScopes = map[string]map[string]string{
	"aws:s3/bucketV2:BucketV2":                                        {"bucket": "global"},
	"aws:iam/role:Role":                                               {"name": "account"},
	"aws:cloudfront/function:Function":                                {"name": "account"},
	"aws:cloudfront/originAccessControl:OriginAccessControl":          {"name": "account"},
	"aws:budgets/budget:Budget":                                       {"name": "account"},
	"aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration": {"configurationName": "account"},
	"aws:backup/plan:Plan":                                            {"name": "region"},
	"aws:backup/vault:Vault":                                          {"name": "region"},
	"aws:cloudtrail/trail:Trail":                                      {"name": "region"},
	"aws:cloudwatch/dashboard:Dashboard":                              {"dashboardName": "region"},
	"aws:cloudwatch/logGroup:LogGroup":                                {"name": "region"},
	"aws:cloudwatch/metricAlarm:MetricAlarm":                          {"name": "region"},
	"aws:codedeploy/application:Application":                          {"name": "region"},
	"aws:ecr/repository:Repository":                                   {"name": "region"},
	"aws:ecs/cluster:Cluster":                                         {"name": "region"},
	"aws:ecs/taskDefinition:TaskDefinition":                           {"family": "region"},
	"aws:elasticache/parameterGroup:ParameterGroup":                   {"name": "region"},
	"aws:elasticache/replicationGroup:ReplicationGroup":               {"replicationGroupId": "region"},
	"aws:elasticache/subnetGroup:SubnetGroup":                         {"name": "region"},
	"aws:kms/alias:Alias":                                             {"name": "region"},
	"aws:lb/loadBalancer:LoadBalancer":                                {"name": "region"},
	"aws:lb/targetGroup:TargetGroup":                                  {"name": "region"},
	"aws:rds/instance:Instance":                                       {"identifier": "region"},
	"aws:rds/parameterGroup:ParameterGroup":                           {"name": "region"},
	"aws:rds/subnetGroup:SubnetGroup":                                 {"name": "region"},
	"aws:secretsmanager/secret:Secret":                                {"name": "region"},
	"aws:sns/topic:Topic":                                             {"name": "region"},
	"aws:sqs/queue:Queue":                                             {"name": "region"},
	"aws:ssm/parameter:Parameter":                                     {"name": "region"},
	"aws:wafv2/webAcl:WebAcl":                                         {"name": "region"},
	"aws:wafv2/ipSet:IpSet":                                           {"name": "region"},
	"aws:opensearch/domain:Domain":                                    {"domainName": "region"},
	"aws:cloudwatch/logResourcePolicy:LogResourcePolicy":              {"policyName": "region"},
	"aws:costexplorer/anomalyMonitor:AnomalyMonitor":                  {"name": "account"},
	"aws:costexplorer/anomalySubscription:AnomalySubscription":        {"name": "account"},
	"aws:cloudfront/cachePolicy:CachePolicy":                          {"name": "account"},
	"aws:cloudfront/originRequestPolicy:OriginRequestPolicy":          {"name": "account"},
	"aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy":      {"name": "account"},
	"aws:iam/policy:Policy":                                           {"name": "account"},
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider":             {"url": "account"},
}

// deliveryIdentity is the component type of the account's delivery identities, whose names
// are fixed (workflows name the roles) and which one stack per account creates: unique in
// their account, alike across accounts.
const deliveryIdentity = "saleor:identity:Delivery"

// account is the AWS account layout the stack files are written for: production in one
// account, every other environment's stacks (staging, QA, development, the demos) in a
// second, non-production one.
func account(environment string) string {
	if environment == string(stacks.Production) {
		return "production"
	}
	return "non-production"
}

// TestEveryStackFitsItsAccount deploys, offline, every stack file into the account layout
// (production alone; every other stack together in one non-production account) and checks
// what AWS would refuse: two stacks naming a resource alike in a scope where the name must
// be unique (and, for S3 and the account-wide names, across all stack files in one account
// too), and an account service (GuardDuty, Security Hub, AWS Config, CloudTrail, cost
// allocation tags) created twice in one region of one account, or by no stack in a region
// the account's stacks run in.
func TestEveryStackFitsItsAccount(t *testing.T) {
	type owner struct{ stack, urn string }
	names := map[string]owner{}    // scope key -> first user
	services := map[string]owner{} // account/region/type -> owner
	regions := map[string]bool{}   // account/region the stacks run in
	for _, env := range stacks.Environments() {
		loaded, err := harness.LoadEnvironment(string(env))
		if err != nil {
			t.Fatal(err)
		}
		invs, err := harness.RunEnvironment(stacks.Program, loaded)
		if err != nil {
			t.Fatal(err)
		}
		acct := account(string(env))
		for _, inv := range invs {
			for _, r := range inv.AWS() {
				regions[acct+"/"+r.Region] = true
				for prop, scope := range nameScopes[r.Type] {
					name := r.Inputs[resource.PropertyKey(prop)]
					if !name.IsString() || name.StringValue() == "" {
						continue
					}
					key := fmt.Sprintf("%s %s %q", r.Type, prop, name.StringValue())
					switch tier := inv.Tier(r); {
					case scope == "account" && tier != nil && tier.Type == deliveryIdentity:
						key = acct + ": " + key
					case scope == "account":
						key = "any account: " + key // stricter: unique across both accounts
					case scope == "region":
						key = acct + "/" + r.Region + ": " + key
					default:
						key = "global: " + key
					}
					if first, taken := names[key]; taken && first.stack != inv.Stack.Name {
						t.Errorf("%s: %s and %s (%s, %s)", key, first.stack, inv.Stack.Name, first.urn, r.URN)
					} else if !taken {
						names[key] = owner{inv.Stack.Name, r.URN}
					}
				}
				if slices.Contains(accountTypes, r.Type) {
					key := acct + "/" + r.Region + " " + r.Type
					if r.Type == "aws:costexplorer/costAllocationTag:CostAllocationTag" {
						key = acct + " " + r.Type + " " + r.Inputs["tagKey"].StringValue()
					}
					if first, taken := services[key]; taken && first.stack != inv.Stack.Name {
						t.Errorf("%s is created by both %s and %s: one stack per account sets saleor:manageAccountSecurity", key, first.stack, inv.Stack.Name)
					} else if !taken {
						services[key] = owner{inv.Stack.Name, r.URN}
					}
				}
			}
		}
	}
	for region := range regions {
		acct, name, _ := strings.Cut(region, "/")
		if name == "us-east-1" && acct != "production" {
			continue // CloudFront's certificates, WAF and logs only; nothing to detect there beyond CloudTrail's multi-region trail
		}
		if _, ok := services[region+" aws:guardduty/detector:Detector"]; !ok {
			t.Errorf("no stack enables GuardDuty in %s of the %s account, where its stacks run", name, acct)
		}
	}
}
