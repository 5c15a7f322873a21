package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/saleor-platform/infra/internal/harness"
)

// factFunc gives the reviewer-relevant facts of one resource; inv resolves references.
type factFunc func(inv *harness.Inventory, r *harness.Resource) []string

// resourceFacters give the facts of each resource type the plan describes.
var resourceFacters = map[string]factFunc{
	"aws:ec2/vpc:Vpc": func(_ *harness.Inventory, r *harness.Resource) []string {
		return []string{"CIDR " + r.String("cidrBlock")}
	},
	"aws:ec2/subnet:Subnet": func(_ *harness.Inventory, r *harness.Resource) []string {
		return []string{fmt.Sprintf("%s %s in %s", r.String("tags.Tier"), r.String("cidrBlock"), r.String("availabilityZone"))}
	},
	"aws:cloudwatch/logGroup:LogGroup": func(_ *harness.Inventory, r *harness.Resource) []string {
		return []string{fmt.Sprintf("%s kept %v days", r.String("name"), r.Number("retentionInDays"))}
	},
	"aws:rds/instance:Instance":                         databaseFacts,
	"aws:elasticache/replicationGroup:ReplicationGroup": cacheFacts,
	"aws:s3/bucketReplicationConfig:BucketReplicationConfig": func(inv *harness.Inventory, r *harness.Resource) []string {
		var out []string
		for i := range len(r.Get("rules").ArrayValue()) {
			dest := inv.ByID(r.String(fmt.Sprintf("rules[%d].destination.bucket", i)))
			if dest != nil {
				out = append(out, fmt.Sprintf("replicates to %s in %s", dest.Name, dest.Region))
			}
		}
		return out
	},
	"aws:ecs/taskDefinition:TaskDefinition": func(_ *harness.Inventory, r *harness.Resource) []string {
		return []string{fmt.Sprintf("%s: %s CPU units / %s MiB", r.String("family"), r.String("cpu"), r.String("memory"))}
	},
	"aws:ecs/service:Service": func(_ *harness.Inventory, r *harness.Resource) []string {
		var providers []string
		for i := range len(r.Get("capacityProviderStrategies").ArrayValue()) {
			providers = append(providers, r.String(fmt.Sprintf("capacityProviderStrategies[%d].capacityProvider", i)))
		}
		return []string{fmt.Sprintf("desired %v on %s, deployment %s", r.Number("desiredCount"), strings.Join(providers, "+"),
			or(r.String("deploymentController.type"), "ECS"))}
	},
	"aws:appautoscaling/target:Target": func(_ *harness.Inventory, r *harness.Resource) []string {
		return []string{fmt.Sprintf("scales %v to %v tasks", r.Number("minCapacity"), r.Number("maxCapacity"))}
	},
	"aws:sqs/queue:Queue": func(_ *harness.Inventory, r *harness.Resource) []string {
		return []string{"queue " + r.String("name")}
	},
	"aws:lb/targetGroup:TargetGroup": func(_ *harness.Inventory, r *harness.Resource) []string {
		return []string{fmt.Sprintf("health check %s every %vs", r.String("healthCheck.path"), r.Number("healthCheck.interval"))}
	},
	"aws:opensearch/domain:Domain": func(_ *harness.Inventory, r *harness.Resource) []string {
		fact := fmt.Sprintf("%v × %s, %v GiB each, %s", r.Number("clusterConfig.instanceCount"), r.String("clusterConfig.instanceType"),
			r.Number("ebsOptions.volumeSize"), r.String("engineVersion"))
		if r.Bool("clusterConfig.multiAzWithStandbyEnabled") {
			fact += fmt.Sprintf(", multi-AZ with standby over %v zones, %v dedicated masters", r.Number("clusterConfig.zoneAwarenessConfig.availabilityZoneCount"), r.Number("clusterConfig.dedicatedMasterCount"))
		}
		return []string{fact}
	},
	"aws:cloudwatch/metricAlarm:MetricAlarm":   alarmFacts,
	"aws:cloudfront/distribution:Distribution": distributionFacts,
	"aws:wafv2/webAcl:WebAcl":                  wafFacts,
	"aws:acm/certificate:Certificate": func(_ *harness.Inventory, r *harness.Resource) []string {
		return []string{fmt.Sprintf("%s in %s", strings.Join(append([]string{r.String("domainName")}, r.Strings("subjectAlternativeNames")...), ", "), r.Region)}
	},
	"aws:route53/record:Record": recordFacts,
	"aws:backup/plan:Plan": func(_ *harness.Inventory, r *harness.Resource) []string {
		var out []string
		for i := range len(r.Get("rules").ArrayValue()) {
			at := func(p string) string { return fmt.Sprintf("rules[%d].%s", i, p) }
			fact := fmt.Sprintf("rule %s kept %v days", r.String(at("ruleName")), r.Number(at("lifecycle.deleteAfter")))
			if r.Bool(at("enableContinuousBackup")) {
				fact += ", continuous (point in time)"
			}
			if r.Has(at("copyActions")) {
				fact += ", copied to " + r.String(at("copyActions[0].destinationVaultArn"))
			}
			out = append(out, fact)
		}
		return out
	},
}

// sizingTypes are the resource types whose facts say how big and how available a stack is:
// instance classes, task sizes, scaling bounds, desired counts, backup rules and replication
// targets. The markdown plan shows these with the tier facts; the text plan shows every fact.
var sizingTypes = []string{
	"aws:rds/instance:Instance",
	"aws:elasticache/replicationGroup:ReplicationGroup",
	"aws:ecs/taskDefinition:TaskDefinition",
	"aws:ecs/service:Service",
	"aws:appautoscaling/target:Target",
	"aws:backup/plan:Plan",
	"aws:s3/bucketReplicationConfig:BucketReplicationConfig",
}

func databaseFacts(_ *harness.Inventory, r *harness.Resource) []string {
	fact := fmt.Sprintf("%s in %s", r.String("instanceClass"), r.Region)
	if src := r.String("replicateSourceDb"); src != "" {
		return []string{fact + ", read replica of " + src}
	}
	az := "single-AZ"
	if r.Bool("multiAz") {
		az = "Multi-AZ"
	}
	return []string{fmt.Sprintf("%s, PostgreSQL %s, %s, %v-%v GiB %s, backups %v days",
		fact, r.String("engineVersion"), az, r.Number("allocatedStorage"), r.Number("maxAllocatedStorage"),
		r.String("storageType"), r.Number("backupRetentionPeriod"))}
}

func cacheFacts(_ *harness.Inventory, r *harness.Resource) []string {
	failover := "no failover"
	if r.Bool("automaticFailoverEnabled") {
		failover = "automatic failover, Multi-AZ"
	}
	return []string{fmt.Sprintf("%s %s, %v x %s, %s, snapshots %v days", r.String("tags.Role"), r.String("engine"),
		r.Number("numCacheClusters"), r.String("nodeType"), failover, r.Number("snapshotRetentionLimit"))}
}

// alarmFacts renders an alarm as "<metric> <comparison> <threshold> for N x period -> topic".
func alarmFacts(inv *harness.Inventory, r *harness.Resource) []string {
	metric := r.String("metricName")
	if metric == "" {
		metric = "metric math"
		if e := expressionOf(r); e != "" {
			metric = e
		}
	}
	target := "(computed)"
	if actions := r.Strings("alarmActions"); len(actions) > 0 {
		target = actions[0]
		if topic := inv.ByID(actions[0]); topic != nil {
			target = topic.Name
		}
	}
	threshold := fmt.Sprint(r.Number("threshold"))
	if r.Has("thresholdMetricId") {
		threshold = "anomaly band"
	}
	period := r.Number("period")
	if period == 0 && r.Has("metricQueries") {
		period = r.Number("metricQueries[0].metric.period")
	}
	return []string{fmt.Sprintf("%s %s %s for %v of %v x %vs -> %s", metric, r.String("comparisonOperator"), threshold,
		r.Number("datapointsToAlarm"), r.Number("evaluationPeriods"), period, target)}
}

func expressionOf(r *harness.Resource) string {
	for i := range len(r.Get("metricQueries").ArrayValue()) {
		if e := r.String(fmt.Sprintf("metricQueries[%d].expression", i)); e != "" {
			return e
		}
	}
	return ""
}

func distributionFacts(_ *harness.Inventory, r *harness.Resource) []string {
	out := []string{
		"aliases " + strings.Join(r.Strings("aliases"), ", "),
		fmt.Sprintf("%s, %s, %s, WAF attached: %v", r.String("viewerCertificate.minimumProtocolVersion"),
			r.String("httpVersion"), r.String("priceClass"), r.Has("webAclId")),
	}
	behaviors := r.Get("orderedCacheBehaviors").ArrayValue()
	for i := range behaviors {
		at := func(p string) string { return fmt.Sprintf("orderedCacheBehaviors[%d].%s", i, p) }
		out = append(out, fmt.Sprintf("%s -> %s (%s)", r.String(at("pathPattern")), r.String(at("targetOriginId")), r.String(at("viewerProtocolPolicy"))))
	}
	out = append(out, fmt.Sprintf("default -> %s (%s)", r.String("defaultCacheBehavior.targetOriginId"), r.String("defaultCacheBehavior.viewerProtocolPolicy")))
	for i := range arrayLen(r, "originGroups") {
		at := func(p string) string { return fmt.Sprintf("originGroups[%d].%s", i, p) }
		var codes []string
		for j := range arrayLen(r, at("failoverCriteria.statusCodes")) {
			codes = append(codes, fmt.Sprint(r.Number(fmt.Sprintf("%s[%d]", at("failoverCriteria.statusCodes"), j))))
		}
		out = append(out, fmt.Sprintf("origin group %s: %s, then %s on %s", r.String(at("originId")),
			r.String(at("members[0].originId")), r.String(at("members[1].originId")), strings.Join(codes, " ")))
	}
	for i := range len(r.Get("origins").ArrayValue()) {
		if shield := r.String(fmt.Sprintf("origins[%d].originShield.originShieldRegion", i)); shield != "" {
			out = append(out, "origin shield in "+shield)
			break
		}
	}
	return out
}

// arrayLen is the length of the known array at path; 0 for anything else (absent, unknown).
func arrayLen(r *harness.Resource, path string) int {
	if v := r.Get(path); v.IsArray() {
		return len(v.ArrayValue())
	}
	return 0
}

func wafFacts(_ *harness.Inventory, r *harness.Resource) []string {
	var rules []string
	for i := range len(r.Get("rules").ArrayValue()) {
		at := func(p string) string { return fmt.Sprintf("rules[%d].statement.%s", i, p) }
		rule := r.String(fmt.Sprintf("rules[%d].name", i))
		if limit := r.Number(at("rateBasedStatement.limit")); limit > 0 {
			rule += fmt.Sprintf(" (%v per %vs)", limit, r.Number(at("rateBasedStatement.evaluationWindowSec")))
		}
		rules = append(rules, rule)
	}
	return []string{fmt.Sprintf("%s scope in %s: %s", r.String("scope"), r.Region, strings.Join(rules, ", "))}
}

func recordFacts(_ *harness.Inventory, r *harness.Resource) []string {
	fact := fmt.Sprintf("%s %s", r.String("name"), r.String("type"))
	switch {
	case r.Has("latencyRoutingPolicies"):
		fact += " latency " + r.String("latencyRoutingPolicies[0].region")
	case r.Has("failoverRoutingPolicies"):
		fact += " failover " + r.String("failoverRoutingPolicies[0].type")
	}
	if r.Has("healthCheckId") {
		fact += ", health-checked"
	}
	return []string{fact}
}

func resourceFacts(inv *harness.Inventory, r *harness.Resource) []string {
	if f, ok := resourceFacters[r.Type]; ok {
		return f(inv, r)
	}
	return nil
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// tierFacters summarise a tier's resources; each returns "" when it has nothing to say.
var tierFacters = []func(rs []*harness.Resource) string{
	func(rs []*harness.Resource) string {
		zones := distinct(rs, "aws:ec2/subnet:Subnet", "availabilityZone")
		if len(zones) == 0 {
			return ""
		}
		return fmt.Sprintf("%s: %s", countf(len(zones), "availability zone", "availability zones"), strings.Join(zones, ", "))
	},
	func(rs []*harness.Resource) string {
		if n := len(ofType(rs, "aws:ec2/natGateway:NatGateway")); n > 0 || len(ofType(rs, "aws:ec2/vpc:Vpc")) > 0 {
			return countf(n, "NAT gateway", "NAT gateways")
		}
		return ""
	},
	func(rs []*harness.Resource) string {
		var services []string
		for _, e := range ofType(rs, "aws:ec2/vpcEndpoint:VpcEndpoint") {
			name := e.String("serviceName") // com.amazonaws.<region>.<service>
			services = append(services, strings.TrimPrefix(name, "com.amazonaws."+e.Region+"."))
		}
		if len(services) == 0 {
			return ""
		}
		sort.Strings(services)
		return "VPC endpoints: " + strings.Join(services, ", ")
	},
	func(rs []*harness.Resource) string {
		keys := ofType(rs, "aws:kms/key:Key")
		if len(keys) == 0 {
			return ""
		}
		rotated := 0
		for _, k := range keys {
			if k.Bool("enableKeyRotation") {
				rotated++
			}
		}
		return fmt.Sprintf("%s, %d rotated", countf(len(keys), "KMS key", "KMS keys"), rotated)
	},
	func(rs []*harness.Resource) string {
		if len(ofType(rs, "aws:guardduty/detector:Detector")) == 0 {
			return ""
		}
		return fmt.Sprintf("GuardDuty on (%d features), Security Hub FSBP subscribed: %v",
			len(ofType(rs, "aws:guardduty/detectorFeature:DetectorFeature")),
			len(ofType(rs, "aws:securityhub/standardsSubscription:StandardsSubscription")) > 0)
	},
	func(rs []*harness.Resource) string {
		var buckets []string
		for _, b := range ofType(rs, "aws:s3/bucketV2:BucketV2") {
			buckets = append(buckets, b.String("tags.Role"))
		}
		if len(buckets) == 0 {
			return ""
		}
		return "buckets: " + strings.Join(buckets, ", ")
	},
	func(rs []*harness.Resource) string {
		if n := len(ofType(rs, "aws:cloudwatch/metricAlarm:MetricAlarm")); n > 0 {
			return countf(n, "alarm", "alarms")
		}
		return ""
	},
}

func tierFacts(rs []*harness.Resource) []string {
	var facts []string
	for _, f := range tierFacters {
		if fact := f(rs); fact != "" {
			facts = append(facts, fact)
		}
	}
	return facts
}

func ofType(rs []*harness.Resource, typ string) []*harness.Resource {
	var out []*harness.Resource
	for _, r := range rs {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// distinct returns the sorted distinct values of a string input across resources of a type.
func distinct(rs []*harness.Resource, typ, path string) []string {
	seen := map[string]bool{}
	for _, r := range ofType(rs, typ) {
		if v := r.String(path); v != "" {
			seen[v] = true
		}
	}
	out := make([]string, 0, len(seen))
	for v := range seen {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
