package edge

import (
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/validate"
)

// wafLogPrefix starts the name of every AWS WAF log destination; WAF refuses others.
const wafLogPrefix = "aws-waf-logs-"

// redactedHeaders never reach the WAF logs: viewer credentials (Authorization, Saleor's
// Authorization-Bearer, cookies with the refresh token) and, on the load balancer's ACL, the
// CloudFront origin secret.
var redactedHeaders = []string{"authorization", "authorization-bearer", "cookie", "x-origin-verify"}

// wafLogGroupName derives the log group's name from the stack's log prefix and the ACL's
// component name: aws-waf-logs-<prefix>-<name>, e.g. aws-waf-logs-saleor-prod-eu-edge-waf.
func wafLogGroupName(prefix, name string) string {
	if p := strings.ReplaceAll(strings.Trim(prefix, "/"), "/", "-"); p != "" {
		return wafLogPrefix + p + "-" + name
	}
	return wafLogPrefix + name
}

// newWAFLogging creates the ACL's log group, in the ACL's region as WAF requires, and sends
// the ACL's logs to it with credentials redacted.
func newWAFLogging(ctx *pulumi.Context, name, region string, acl *wafv2.WebAcl, logs logging.Settings, parent pulumi.ResourceOrInvokeOption) (*cloudwatch.LogGroup, error) {
	logs.KMSKeyArn = keyInRegion(name, logs.KMSKeyArn, region)
	group, err := logs.NewGroup(ctx, name+"-logs", wafLogGroupName(logs.Prefix, name), logging.CDN, parent)
	if err != nil {
		return nil, err
	}
	var redacted wafv2.WebAclLoggingConfigurationRedactedFieldArray
	for _, header := range redactedHeaders {
		redacted = append(redacted, wafv2.WebAclLoggingConfigurationRedactedFieldArgs{
			SingleHeader: &wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs{Name: pulumi.String(header)},
		})
	}
	_, err = wafv2.NewWebAclLoggingConfiguration(ctx, name+"-logging", &wafv2.WebAclLoggingConfigurationArgs{
		ResourceArn:           acl.Arn,
		LogDestinationConfigs: pulumi.StringArray{group.Arn},
		RedactedFields:        redacted,
	}, parent)
	return group, err
}

// keyInRegion passes a KMS key ARN on once it is known, failing the WebACL name when the key
// is in another region than the log group, which CloudWatch Logs cannot use: the CLOUDFRONT
// ACL's group in us-east-1 needs the us-east-1 logs key, not the primary region's.
func keyInRegion(name string, arn pulumi.StringInput, region string) pulumi.StringOutput {
	return arn.ToStringOutput().ApplyT(func(key string) (string, error) {
		p := validate.New(webACLType, name)
		if parts := strings.Split(key, ":"); len(parts) > 3 && parts[3] != region {
			p.Add("Logs.KMSKeyArn", "%s is in %s, but the WAF log group is in %s: pass that region's logs key", key, parts[3], region)
		}
		return key, p.Err()
	}).(pulumi.StringOutput)
}
