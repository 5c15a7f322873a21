package harness

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
)

// autoName is how pulumi-aws v6.83.4 fills a name property the program leaves unset, at
// Check (provider/resources.go: setAutonaming gives every resource with an input "name"
// tfbridge.AutoName(name, 255, "-"); the types below override it). The bridge
// (pkg/tfbridge/info/autonaming.go ComputeAutoNameDefault) appends Separator and 7 random hex
// digits to the URN name (lower-cased first when Lower), and fails Check when the result would
// exceed MaxLen; it never trims. It skips the default when a property that conflicts with the
// name (the name prefix) is set (pkg/tfbridge/schema.go applyDefaults).
type autoName struct {
	// Property is the name property, e.g. "name", "bucket", "identifier".
	Property string
	// MaxLen is the bridge's maximum for the generated name; 0 means 255.
	MaxLen int
	// Lower lower-cases the URN name before the suffix is added (AutoNameTransform).
	Lower bool
	// NoSeparator joins name and suffix directly (RDS identifier: resource.NewUniqueHex).
	NoSeparator bool
	// FifoFlag names the boolean input that, when true, makes the provider append ".fifo"
	// after the suffix (SQS queue, SNS topic PostTransform).
	FifoFlag string
}

// autoNamed lists, for the resource types the program creates, how pulumi-aws auto-names them.
var autoNamed = map[string]autoName{
	"aws:appautoscaling/policy:Policy":                           {Property: "name"},
	"aws:amplify/app:App":                                        {Property: "name"},
	"aws:backup/plan:Plan":                                       {Property: "name"},
	"aws:backup/selection:Selection":                             {Property: "name"},
	"aws:backup/vault:Vault":                                     {Property: "name"},
	"aws:budgets/budget:Budget":                                  {Property: "name"},
	"aws:cloudfront/cachePolicy:CachePolicy":                     {Property: "name"},
	"aws:cloudfront/function:Function":                           {Property: "name"},
	"aws:cloudfront/originAccessControl:OriginAccessControl":     {Property: "name"},
	"aws:cloudfront/originRequestPolicy:OriginRequestPolicy":     {Property: "name"},
	"aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": {Property: "name"},
	"aws:cloudtrail/trail:Trail":                                 {Property: "name"},
	"aws:cloudwatch/logGroup:LogGroup":                           {Property: "name"},
	"aws:cloudwatch/metricAlarm:MetricAlarm":                     {Property: "name"},
	"aws:codedeploy/application:Application":                     {Property: "name"},
	"aws:costexplorer/anomalyMonitor:AnomalyMonitor":             {Property: "name"},
	"aws:costexplorer/anomalySubscription:AnomalySubscription":   {Property: "name"},
	"aws:ec2/securityGroup:SecurityGroup":                        {Property: "name"},
	"aws:ecr/repository:Repository":                              {Property: "name"},
	"aws:ecs/cluster:Cluster":                                    {Property: "name"},
	"aws:ecs/service:Service":                                    {Property: "name"},
	"aws:elasticache/parameterGroup:ParameterGroup":              {Property: "name"},
	"aws:elasticache/replicationGroup:ReplicationGroup":          {Property: "replicationGroupId", MaxLen: 40, Lower: true},
	"aws:elasticache/subnetGroup:SubnetGroup":                    {Property: "name"},
	"aws:iam/policy:Policy":                                      {Property: "name"},
	"aws:iam/role:Role":                                          {Property: "name", MaxLen: 64},
	"aws:iam/rolePolicy:RolePolicy":                              {Property: "name"},
	"aws:lb/loadBalancer:LoadBalancer":                           {Property: "name"},
	"aws:lb/targetGroup:TargetGroup":                             {Property: "name", MaxLen: 32},
	"aws:rds/instance:Instance":                                  {Property: "identifier", NoSeparator: true},
	"aws:rds/parameterGroup:ParameterGroup":                      {Property: "name"},
	"aws:rds/subnetGroup:SubnetGroup":                            {Property: "name"},
	"aws:s3/bucketV2:BucketV2":                                   {Property: "bucket", MaxLen: 63, Lower: true},
	"aws:scheduler/schedule:Schedule":                            {Property: "name", MaxLen: 64},
	"aws:secretsmanager/secret:Secret":                           {Property: "name"},
	"aws:sns/topic:Topic":                                        {Property: "name", MaxLen: 80, FifoFlag: "fifoTopic"},
	"aws:sqs/queue:Queue":                                        {Property: "name", MaxLen: 80, FifoFlag: "fifoQueue"},
	"aws:ssm/parameter:Parameter":                                {Property: "name"},
	"aws:wafv2/ipSet:IpSet":                                      {Property: "name"},
	"aws:wafv2/webAcl:WebAcl":                                    {Property: "name"},
}

// namePrefixes are the inputs that ask the provider for a unique name with a given start,
// keyed by the name property they fill: terraform-provider-aws names the resource
// "<prefix><26-character unique suffix>" at Create (create.Name, helper/id.PrefixedUniqueId:
// an 18-digit UTC timestamp and an 8-hex-digit counter), so the name is unknown in preview.
var namePrefixes = map[string]string{"name": "namePrefix", "bucket": "bucketPrefix", "identifier": "identifierPrefix"}

// uniqueSuffixLength is the length of the provider's unique suffix after a name prefix
// (terraform-plugin-sdk helper/id.UniqueIDSuffixLength).
const uniqueSuffixLength = 26

// prefixProperty returns the name-prefix input that conflicts with the type's name property
// prop, or "" when the type declares none.
func prefixProperty(typ, prop string) string {
	if p, ok := namePrefixes[prop]; ok && isDeclaredInput(typ, p) {
		return p
	}
	return ""
}

// applyAutoName fills the type's name property as the provider's Check does when neither it
// nor its prefix is set; a name the bridge cannot make within MaxLen is a check failure.
func applyAutoName(typ, urn string, inputs resource.PropertyMap) []plugin.CheckFailure {
	rule, ok := autoNamed[typ]
	if !ok || inputs.HasValue(resource.PropertyKey(rule.Property)) {
		return nil
	}
	if p := prefixProperty(typ, rule.Property); p != "" && inputs.HasValue(resource.PropertyKey(p)) {
		return nil
	}
	base, sep, maxLen := resource.URN(urn).Name(), "-", rule.MaxLen
	if rule.Lower {
		base = strings.ToLower(base)
	}
	if rule.NoSeparator {
		sep = ""
	}
	if maxLen == 0 {
		maxLen = 255
	}
	if len(base)+len(sep)+7 > maxLen {
		return []plugin.CheckFailure{{Property: resource.PropertyKey(rule.Property), Reason: fmt.Sprintf(
			"could not make instance of '%s': name '%s' plus 7 random chars is longer than maximum length %d "+
				"(pulumi-aws auto-name; source: pulumi-terraform-bridge ComputeAutoNameDefault, pulumi-aws provider/resources.go)",
			typ, base+sep, maxLen)}}
	}
	name := base + sep + shortHash(urn)
	if rule.FifoFlag != "" && inputs[resource.PropertyKey(rule.FifoFlag)].IsBool() && inputs[resource.PropertyKey(rule.FifoFlag)].BoolValue() {
		name += ".fifo"
	}
	inputs[resource.PropertyKey(rule.Property)] = resource.NewProperty(name)
	return nil
}

// prefixedName returns the name the provider creates for a resource whose name prefix is set,
// "" when none is: the prefix and a 26-character suffix that is stable per URN (".fifo"
// appended for FIFO queues and topics, as create.NameWithSuffix does).
func prefixedName(typ, urn string, inputs resource.PropertyMap) (prop, name string) {
	rule, ok := autoNamed[typ]
	if !ok {
		return "", ""
	}
	p := prefixProperty(typ, rule.Property)
	v := inputs[resource.PropertyKey(p)]
	if p == "" || !v.IsString() || inputs.HasValue(resource.PropertyKey(rule.Property)) {
		return "", ""
	}
	name = v.StringValue() + uniqueSuffix(urn)
	if rule.FifoFlag != "" && inputs[resource.PropertyKey(rule.FifoFlag)].IsBool() && inputs[resource.PropertyKey(rule.FifoFlag)].BoolValue() {
		name += ".fifo"
	}
	return rule.Property, name
}

// uniqueSuffix is a stable stand-in for helper/id.PrefixedUniqueId's suffix: a timestamp with
// four fractional digits (18 digits) and an 8-hex-digit counter, derived from the URN.
func uniqueSuffix(urn string) string {
	h := hexHash(urn+"prefix", 12)
	var digits strings.Builder
	for _, c := range h[:4] {
		digits.WriteByte(byte('0' + int(c)%10))
	}
	return "20260101000000" + digits.String() + h[4:12]
}
