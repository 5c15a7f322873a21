package compute_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/internal/release/target"
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

// TestReleaseTargetIsWhatTheComponentBuilt: the runtime as cmd/release reads it names the
// component's own cluster, services, task definitions, target groups and CodeDeploy group,
// the networks its tasks run in and the image they run.
func TestReleaseTargetIsWhatTheComponentBuilt(t *testing.T) {
	for shape, a := range shapes(t) {
		inv := run(t, a)
		got, ok := inv.Outputs["release"].Value.(target.Target)
		if !ok {
			t.Fatalf("%s: release is a %T, want a target.Target", shape, inv.Outputs["release"].Value)
		}
		name := func(typ, n string) string { return inv.Named(typ, n).Outputs["name"].StringValue() }
		arn := func(typ, n string) string { return inv.Named(typ, n).Outputs["arn"].StringValue() }
		const svc, td, tg = "aws:ecs/service:Service", "aws:ecs/taskDefinition:TaskDefinition", "aws:lb/targetGroup:TargetGroup"
		want := target.Target{
			Region: region, Cluster: "saleor-test",
			Repository: "123456789012.dkr.ecr.eu-central-1.amazonaws.com/saleor-test/saleor",
			Image:      "123456789012.dkr.ecr.eu-central-1.amazonaws.com/saleor-test/saleor:3.20.4",
			Services: []target.Service{
				{Workload: "worker", Name: name(svc, "compute-worker"), TaskDefinition: arn(td, "compute-worker")},
				{Workload: "webhooks", Name: name(svc, "compute-webhooks"), TaskDefinition: arn(td, "compute-webhooks")},
				{Workload: "beat", Name: name(svc, "compute-beat"), TaskDefinition: arn(td, "compute-beat")},
			},
			MigrationTaskDefinition: arn(td, "compute-migrate"),
			StaticTaskDefinition:    arn(td, "compute-worker"),
			TaskNetwork:             target.Network{Subnets: privateSubnets, SecurityGroups: []string{workerGroup}},
			Serving:                 true,
			API: target.API{
				Service: name(svc, "compute-api"), TaskDefinition: arn(td, "compute-api"), Deployment: target.Rolling,
				ContainerName: "api", ContainerPort: 8000,
				TargetGroupArns:  []string{arn(tg, "compute-api-blue")},
				Network:          target.Network{Subnets: privateSubnets, SecurityGroups: []string{apiGroup}},
				CapacityProvider: "FARGATE",
			},
		}
		if shape == "production" {
			want.API.Deployment = target.BlueGreen
			want.API.CodeDeployApplication = inv.OfType("aws:codedeploy/application:Application")[0].ID
			want.API.CodeDeployDeploymentGroup = "saleor-test-api"
			want.API.TargetGroupArns = append(want.API.TargetGroupArns, arn(tg, "compute-api-green"))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s release target:\n got %+v\nwant %+v", shape, got, want)
		}
	}
	a := staging(t)
	a.Standby = compute.PilotLight
	if got := run(t, a).Outputs["release"].Value.(target.Target); got.Serving {
		t.Error("a pilot-light runtime is Serving: the release would migrate its replica and smoke-test it")
	}
}
