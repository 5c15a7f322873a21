package compute_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestOutputsForTheEdgeAndObservability: what the edge and observability tiers wire from
// this one, in the region of the component's provider.
func TestOutputsForTheEdgeAndObservability(t *testing.T) {
	for shape, a := range shapes(t) {
		inv := run(t, a)
		out := func(name string) any { return inv.Outputs[name].Value }
		lb := inv.OfType("aws:lb/loadBalancer:LoadBalancer")[0]
		want := map[string]any{
			"clusterName":                "saleor-test",
			"apiServiceName":             inv.Named("aws:ecs/service:Service", "compute-api").Outputs["name"].StringValue(),
			"workerServiceName":          inv.Named("aws:ecs/service:Service", "compute-worker").Outputs["name"].StringValue(),
			"webhookWorkerServiceName":   inv.Named("aws:ecs/service:Service", "compute-webhooks").Outputs["name"].StringValue(),
			"beatServiceName":            inv.Named("aws:ecs/service:Service", "compute-beat").Outputs["name"].StringValue(),
			"loadBalancerArn":            lb.ID,
			"loadBalancerArnSuffix":      lb.Outputs["arnSuffix"].StringValue(),
			"loadBalancerDnsName":        lb.Outputs["dnsName"].StringValue(),
			"loadBalancerZoneId":         lb.Outputs["zoneId"].StringValue(),
			"httpsListenerArn":           inv.Named("aws:lb/listener:Listener", "compute-https").ID,
			"httpListenerArn":            inv.Named("aws:lb/listener:Listener", "compute-http").ID,
			"defaultQueueUrl":            "https://sqs.eu-central-1.amazonaws.com/123456789012/saleor-test-default",
			"webhookDlqArn":              "arn:aws:sqs:eu-central-1:123456789012:saleor-test-webhooks-dlq",
			"repositoryUrl":              "123456789012.dkr.ecr.eu-central-1.amazonaws.com/saleor-test/saleor",
			"migrationTaskDefinitionArn": "arn:aws:ecs:eu-central-1:123456789012:task-definition/saleor-test-migrate:1",
			"queueNames":                 []any{"saleor-test-default", "saleor-test-default-dlq", "saleor-test-webhooks", "saleor-test-webhooks-dlq"},
		}
		suffixes := []any{inv.Named("aws:lb/targetGroup:TargetGroup", "compute-api-blue").Outputs["arnSuffix"].StringValue()}
		want["testListenerArn"], want["codeDeployDeploymentGroup"] = "", ""
		if shape == "production" {
			suffixes = append(suffixes, inv.Named("aws:lb/targetGroup:TargetGroup", "compute-api-green").Outputs["arnSuffix"].StringValue())
			want["testListenerArn"] = inv.Named("aws:lb/listener:Listener", "compute-test").ID
			want["codeDeployDeploymentGroup"] = "saleor-test-api"
		}
		want["targetGroupArnSuffixes"] = suffixes
		for name, w := range want {
			if got := out(name); fmt.Sprint(got) != fmt.Sprint(w) {
				t.Errorf("%s %s = %v, want %v", shape, name, got, w)
			}
		}
		if !strings.HasPrefix(lb.Outputs["arnSuffix"].StringValue(), "app/") ||
			!strings.HasSuffix(lb.Outputs["dnsName"].StringValue(), ".eu-central-1.elb.amazonaws.com") {
			t.Errorf("%s load balancer suffix %s, DNS %s", shape, lb.Outputs["arnSuffix"], lb.Outputs["dnsName"])
		}
	}
}
