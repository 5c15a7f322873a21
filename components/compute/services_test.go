package compute_test

import (
	"slices"
	"testing"
)

var services = []string{"api", "worker", "webhooks", "beat"}

func TestServicesArePrivate(t *testing.T) {
	for shape, a := range shapes(t) {
		inv := run(t, a)
		if n := len(inv.OfType("aws:ecs/service:Service")); n != len(services) {
			t.Fatalf("%s: %d services, want %d", shape, n, len(services))
		}
		for _, w := range services {
			s := inv.Named("aws:ecs/service:Service", "compute-"+w)
			group := workerGroup
			if w == "api" {
				group = apiGroup
			}
			if !s.Has("networkConfiguration.assignPublicIp") || s.Bool("networkConfiguration.assignPublicIp") ||
				!slices.Equal(s.Strings("networkConfiguration.subnets"), privateSubnets) ||
				!slices.Equal(s.Strings("networkConfiguration.securityGroups"), []string{group}) {
				t.Errorf("%s %s: public IP %v, subnets %v, groups %v", shape, w, s.Get("networkConfiguration.assignPublicIp"),
					s.Strings("networkConfiguration.subnets"), s.Strings("networkConfiguration.securityGroups"))
			}
			if s.Bool("enableExecuteCommand") {
				t.Errorf("%s %s allows ECS Exec", shape, w)
			}
		}
	}
}

func TestAPINeverRunsOnSpot(t *testing.T) {
	for shape, a := range shapes(t) {
		inv := run(t, a)
		for _, w := range services {
			s := inv.Named("aws:ecs/service:Service", "compute-"+w)
			var got []string
			for _, p := range s.Get("capacityProviderStrategies").ArrayValue() {
				got = append(got, p.ObjectValue()["capacityProvider"].StringValue())
			}
			spot := slices.Contains(got, "FARGATE_SPOT")
			wantSpot := a.WorkersOnSpot && (w == "worker" || w == "webhooks")
			if spot != wantSpot || !slices.Contains(got, "FARGATE") || s.Has("launchType") {
				t.Errorf("%s %s runs on %v; Spot wanted: %v", shape, w, got, wantSpot)
			}
			if floor := max(1, a.WorkerTasks.Min); spot && (s.String("capacityProviderStrategies[0].capacityProvider") != "FARGATE" ||
				int(s.Number("capacityProviderStrategies[0].base")) != floor || s.Number("capacityProviderStrategies[0].weight") != 0) {
				t.Errorf("%s %s: the floor of %d tasks is not on FARGATE, or FARGATE takes tasks beyond it: %v", shape, w, floor, s.Get("capacityProviderStrategies"))
			}
		}
	}
}

func TestClusterCapacityAndInsights(t *testing.T) {
	inv := run(t, staging(t))
	cluster := inv.Named("aws:ecs/cluster:Cluster", "compute")
	if cluster.String("name") != "saleor-test" || cluster.String("settings[0].name") != "containerInsights" ||
		cluster.String("settings[0].value") != "enabled" {
		t.Errorf("cluster %s settings %v", cluster.String("name"), cluster.Get("settings"))
	}
	cp := inv.Named("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "compute")
	if !slices.Equal(cp.Strings("capacityProviders"), []string{"FARGATE", "FARGATE_SPOT"}) ||
		cp.String("defaultCapacityProviderStrategies[0].capacityProvider") != "FARGATE" {
		t.Errorf("capacity providers %v, default %v", cp.Strings("capacityProviders"), cp.Get("defaultCapacityProviderStrategies"))
	}
}

// TestServicesWaitForTheCapacityProviders: ECS refuses a service whose strategy names a
// capacity provider not yet associated with the cluster, so every service waits for the
// association.
func TestServicesWaitForTheCapacityProviders(t *testing.T) {
	for shape, a := range shapes(t) {
		inv := run(t, a)
		cp := inv.Named("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "compute")
		for _, s := range inv.OfType("aws:ecs/service:Service") {
			if !s.Has("capacityProviderStrategies") {
				t.Errorf("%s %s places its tasks without a capacity provider strategy", shape, s.Name)
			}
			if !slices.Contains(s.Dependencies, cp.URN) {
				t.Errorf("%s %s does not wait for the cluster's capacity providers: depends on %v", shape, s.Name, s.Dependencies)
			}
		}
	}
}

func TestRollingDeploymentsRollBack(t *testing.T) {
	inv := run(t, staging(t))
	for _, w := range services {
		s := inv.Named("aws:ecs/service:Service", "compute-"+w)
		rebalance := map[bool]string{true: "ENABLED", false: ""}[w != "beat"]
		if s.String("deploymentController.type") != "ECS" || !s.Bool("deploymentCircuitBreaker.enable") ||
			!s.Bool("deploymentCircuitBreaker.rollback") || s.String("availabilityZoneRebalancing") != rebalance {
			t.Errorf("%s: controller %s, circuit breaker %v, AZ rebalancing %s", w, s.String("deploymentController.type"),
				s.Get("deploymentCircuitBreaker"), s.String("availabilityZoneRebalancing"))
		}
	}
	api := inv.Named("aws:ecs/service:Service", "compute-api")
	blue := inv.Named("aws:lb/targetGroup:TargetGroup", "compute-api-blue")
	if api.String("loadBalancers[0].targetGroupArn") != blue.ID || api.String("loadBalancers[0].containerName") != "api" ||
		api.Number("loadBalancers[0].containerPort") != 8000 || api.Number("healthCheckGracePeriodSeconds") != 60 {
		t.Errorf("API load balancing %v, grace %v", api.Get("loadBalancers"), api.Get("healthCheckGracePeriodSeconds"))
	}
	if api.Number("deploymentMinimumHealthyPercent") != 100 || api.Number("deploymentMaximumPercent") != 200 {
		t.Errorf("API rolls %v-%v%%", api.Number("deploymentMinimumHealthyPercent"), api.Number("deploymentMaximumPercent"))
	}
	if !slices.Equal(api.IgnoreChanges, []string{"desiredCount"}) {
		t.Errorf("API ignores %v, want only desiredCount (the scaling policy's)", api.IgnoreChanges)
	}
	for _, rule := range inv.OfType("aws:lb/listenerRule:ListenerRule") {
		if len(rule.IgnoreChanges) != 0 {
			t.Errorf("rolling stack's %s ignores %v", rule.Name, rule.IgnoreChanges)
		}
	}
	if n := len(inv.OfType("aws:codedeploy/deploymentGroup:DeploymentGroup")) + len(inv.OfType("aws:lb/targetGroup:TargetGroup")); n != 1 {
		t.Errorf("rolling API has %d deployment groups and target groups, want 1 target group", n)
	}
}

func TestProductionAPIIsBlueGreen(t *testing.T) {
	inv, _, err := deploy(production(t))
	if err != nil {
		t.Fatal(err)
	}
	api := inv.Named("aws:ecs/service:Service", "compute-api")
	if api.String("deploymentController.type") != "CODE_DEPLOY" || api.Has("deploymentCircuitBreaker") {
		t.Errorf("API controller %s, circuit breaker %v", api.String("deploymentController.type"), api.Get("deploymentCircuitBreaker"))
	}
	// What a CodeDeploy deployment changes on the service: the AppSpec's ECS target
	// properties, by the service input each lands in, and the scaling policy's count.
	appSpec := map[string]string{
		"TaskDefinition": "taskDefinition", "LoadBalancerInfo": "loadBalancers", "NetworkConfiguration": "networkConfiguration",
		"CapacityProviderStrategy": "capacityProviderStrategies", "PlatformVersion": "platformVersion",
	}
	for property, input := range appSpec {
		if !slices.Contains(api.IgnoreChanges, input) {
			t.Errorf("API does not leave %s (the AppSpec's %s) to CodeDeploy: after a deployment every pulumi up would diff it; ignores %v",
				input, property, api.IgnoreChanges)
		}
	}
	if !slices.Contains(api.IgnoreChanges, "desiredCount") {
		t.Errorf("API does not leave desiredCount to its scaling policy: %v", api.IgnoreChanges)
	}
	blue, green := inv.Named("aws:lb/targetGroup:TargetGroup", "compute-api-blue"), inv.Named("aws:lb/targetGroup:TargetGroup", "compute-api-green")
	https, test := inv.Named("aws:lb/listener:Listener", "compute-https"), inv.Named("aws:lb/listener:Listener", "compute-test")
	g := inv.Named("aws:codedeploy/deploymentGroup:DeploymentGroup", "compute-api")
	pair := "loadBalancerInfo.targetGroupPairInfo."
	if g.String(pair+"targetGroups[0].name") != blue.String("name") || g.String(pair+"targetGroups[1].name") != green.String("name") ||
		!slices.Equal(g.Strings(pair+"prodTrafficRoute.listenerArns"), []string{https.ID}) ||
		!slices.Equal(g.Strings(pair+"testTrafficRoute.listenerArns"), []string{test.ID}) {
		t.Errorf("deployment group routes %v", g.Get("loadBalancerInfo"))
	}
	if test.Number("port") != 8443 || test.String("protocol") != "HTTPS" || test.String("defaultActions[0].targetGroupArn") != green.ID {
		t.Errorf("test listener %v:%v to %s", test.String("protocol"), test.Number("port"), test.String("defaultActions[0].targetGroupArn"))
	}
	if g.String("ecsService.serviceName") != api.Outputs["name"].StringValue() || g.String("ecsService.clusterName") != "saleor-test" ||
		g.String("deploymentStyle.deploymentType") != "BLUE_GREEN" || g.String("deploymentConfigName") != "CodeDeployDefault.ECSCanary10Percent5Minutes" ||
		!g.Bool("autoRollbackConfiguration.enabled") || !slices.Contains(g.Strings("autoRollbackConfiguration.events"), "DEPLOYMENT_FAILURE") {
		t.Errorf("deployment group %v", g.Inputs)
	}
	role := inv.Named("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "compute-codedeploy")
	if role.String("policyArn") != "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS" {
		t.Errorf("CodeDeploy role has %s", role.String("policyArn"))
	}
	for _, rule := range inv.OfType("aws:lb/listenerRule:ListenerRule") {
		if !slices.Equal(rule.IgnoreChanges, []string{"actions"}) {
			t.Errorf("Pulumi would undo CodeDeploy's traffic shift: %s ignores %v", rule.Name, rule.IgnoreChanges)
		}
	}
	if !slices.Equal(test.IgnoreChanges, []string{"defaultActions"}) {
		t.Errorf("Pulumi would undo CodeDeploy's test traffic shift: test listener ignores %v", test.IgnoreChanges)
	}
	for _, w := range []string{"worker", "webhooks", "beat"} {
		if s := inv.Named("aws:ecs/service:Service", "compute-"+w); !s.Bool("deploymentCircuitBreaker.rollback") {
			t.Errorf("%s does not roll back", w)
		}
	}
}
