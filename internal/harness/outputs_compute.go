package harness

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// Computed outputs of the compute tier's types (ECS, ECR and awsx's image build, ELB, SQS,
// SSM, CodeDeploy, CloudWatch alarms, Application Auto Scaling), in the formats AWS uses.
// Every ID and ARN carries the resource's region and the offline partition and account.
func init() {
	arn := func(r *Resource, service, resource string) string {
		return fmt.Sprintf("arn:%s:%s:%s:%s:%s", Partition, service, r.Region, AccountID, resource)
	}
	hex16 := func(r *Resource) string { return (shortHash(r.URN) + shortHash(r.URN+"1") + shortHash(r.URN+"2"))[:16] }

	register("aws:lb/loadBalancer:LoadBalancer", func(r *Resource, id string, set func(string, any)) (string, string) {
		suffix := fmt.Sprintf("app/%s/%s", id, hex16(r))
		scheme := ""
		if r.Bool("internal") {
			scheme = "internal-"
		}
		set("arnSuffix", suffix)
		digits, _ := strconv.ParseUint(shortHash(r.URN), 16, 64)
		set("dnsName", fmt.Sprintf("%s%s-%d.%s.elb.amazonaws.com", scheme, id, 1000000000+digits, r.Region))
		// The region's canonical ALB hosted zone; offline, a stable stand-in per region.
		set("zoneId", "ZOFFLINE"+strings.ToUpper(strings.ReplaceAll(r.Region, "-", "")))
		a := arn(r, "elasticloadbalancing", "loadbalancer/"+suffix)
		return a, a
	})
	register("aws:lb/targetGroup:TargetGroup", func(r *Resource, id string, set func(string, any)) (string, string) {
		suffix := fmt.Sprintf("targetgroup/%s/%s", id, hex16(r))
		set("arnSuffix", suffix)
		a := arn(r, "elasticloadbalancing", suffix)
		return a, a
	})
	register("aws:lb/listener:Listener", func(r *Resource, _ string, _ func(string, any)) (string, string) {
		a := strings.Replace(r.String("loadBalancerArn"), ":loadbalancer/", ":listener/", 1) + "/" + hex16(r)
		return a, a
	})
	register("aws:lb/listenerRule:ListenerRule", func(r *Resource, _ string, _ func(string, any)) (string, string) {
		a := strings.Replace(r.String("listenerArn"), ":listener/", ":listener-rule/", 1) + "/" + hex16(r)
		return a, a
	})
	register("aws:sqs/queue:Queue", func(r *Resource, id string, set func(string, any)) (string, string) {
		url := fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", r.Region, AccountID, id)
		set("url", url)
		return url, arn(r, "sqs", id)
	})
	register("aws:ecs/cluster:Cluster", func(r *Resource, id string, _ func(string, any)) (string, string) {
		a := arn(r, "ecs", "cluster/"+id)
		return a, a
	})
	register("aws:ecs/service:Service", func(r *Resource, id string, _ func(string, any)) (string, string) {
		cluster := r.String("cluster")
		cluster = cluster[strings.LastIndex(cluster, "/")+1:]
		a := arn(r, "ecs", fmt.Sprintf("service/%s/%s", cluster, id))
		return a, a
	})
	register("aws:ecs/taskDefinition:TaskDefinition", func(r *Resource, _ string, set func(string, any)) (string, string) {
		family := r.String("family")
		set("revision", 1)
		set("arnWithoutRevision", arn(r, "ecs", "task-definition/"+family))
		return family, arn(r, "ecs", "task-definition/"+family+":1")
	})
	register("aws:ecr/repository:Repository", func(r *Resource, id string, set func(string, any)) (string, string) {
		set("repositoryUrl", fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s", AccountID, r.Region, id))
		set("registryId", AccountID)
		return id, arn(r, "ecr", "repository/"+id)
	})
	// awsx's ecr.Image builds and pushes an image; its URI is the repository and the pushed
	// digest (awsx/ecr/image.ts computeImageFromAsset), which offline is the digest of its URN
	// and tag.
	register("awsx:ecr:Image", func(r *Resource, id string, set func(string, any)) (string, string) {
		digest := sha256.Sum256([]byte(r.URN + "\x00" + r.String("imageTag")))
		set("imageUri", r.String("repositoryUrl")+"@sha256:"+hex.EncodeToString(digest[:]))
		return id, ""
	})
	register("aws:codedeploy/application:Application", func(r *Resource, id string, _ func(string, any)) (string, string) {
		return id, arn(r, "codedeploy", "application:"+id)
	})
	register("aws:cloudwatch/metricAlarm:MetricAlarm", func(r *Resource, id string, _ func(string, any)) (string, string) {
		return id, arn(r, "cloudwatch", "alarm:"+id)
	})
	register("aws:appautoscaling/target:Target", func(r *Resource, _ string, _ func(string, any)) (string, string) {
		id := r.String("resourceId")
		return id, arn(r, "application-autoscaling", "scalable-target/"+shortHash(r.URN))
	})
	register("aws:appautoscaling/policy:Policy", func(r *Resource, _ string, _ func(string, any)) (string, string) {
		name := r.String("name")
		return name, arn(r, "autoscaling", fmt.Sprintf("scalingPolicy:%s:resource/%s/%s:policyName/%s",
			shortHash(r.URN), r.String("serviceNamespace"), r.String("resourceId"), name))
	})
}
