package search

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/opensearch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/logging"
)

// domainLog is one log the domain publishes: OpenSearch's log type, the group's name suffix
// and its retention class.
type domainLog struct {
	logType, suffix string
	class           logging.Class
}

// domainLogs are every log OpenSearch Service publishes: the slow logs (whose thresholds are
// index settings), the error log (ES_APPLICATION_LOGS) and the audit log (fine-grained
// access control's; what it records is set in OpenSearch Dashboards' security plugin).
var domainLogs = []domainLog{
	{"INDEX_SLOW_LOGS", "index-slow", logging.Infrastructure},
	{"SEARCH_SLOW_LOGS", "search-slow", logging.Infrastructure},
	{"ES_APPLICATION_LOGS", "application", logging.Infrastructure},
	{"AUDIT_LOGS", "audit", logging.Audit},
}

// newLogs creates the domain's log groups, named <Logs.Prefix>/search/<suffix> and encrypted
// with the logs key, and the log resource policy that lets OpenSearch Service write to them
// for this domain only. It returns the domain's publishing options and the policy, which
// the domain must wait for: OpenSearch checks it at create.
func newLogs(ctx *pulumi.Context, name string, a *SearchArgs, env awsenv.Environment, domainArn string, parent pulumi.ResourceOrInvokeOption) (opensearch.DomainLogPublishingOptionArray, []pulumi.Resource, error) {
	var options opensearch.DomainLogPublishingOptionArray
	var arns []pulumi.StringInput
	for _, l := range domainLogs {
		group, err := a.Logs.NewGroup(ctx, name+"-"+l.suffix, a.Logs.Name("search/"+l.suffix), l.class, parent)
		if err != nil {
			return nil, nil, err
		}
		options = append(options, opensearch.DomainLogPublishingOptionArgs{
			LogType: pulumi.String(l.logType), CloudwatchLogGroupArn: group.Arn, Enabled: pulumi.Bool(true),
		})
		arns = append(arns, group.Arn)
	}
	policy, err := cloudwatch.NewLogResourcePolicy(ctx, name+"-logs", &cloudwatch.LogResourcePolicyArgs{
		PolicyName: pulumi.String(a.DomainName + "-opensearch-logs"),
		PolicyDocument: iampolicy.Render(func(groups []string) iampolicy.Document {
			streams := make([]string, len(groups))
			for i, g := range groups {
				streams[i] = g + ":*"
			}
			return iampolicy.New(iampolicy.Statement{
				Sid:       "OpenSearchWritesThisDomainsLogs",
				Effect:    "Allow",
				Principal: iampolicy.Service("es.amazonaws.com"),
				Action:    []string{"logs:PutLogEvents", "logs:CreateLogStream"},
				Resource:  streams,
				Condition: map[string]map[string]any{
					"StringEquals": {"aws:SourceAccount": env.Account},
					"ArnLike":      {"aws:SourceArn": domainArn},
				},
			})
		}, arns...),
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	return options, []pulumi.Resource{policy}, nil
}
