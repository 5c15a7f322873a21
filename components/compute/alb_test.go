package compute_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/internal/harness"
)

func TestLoadBalancer(t *testing.T) {
	for shape, a := range shapes(t) {
		inv := run(t, a)
		albs := inv.OfType("aws:lb/loadBalancer:LoadBalancer")
		if len(albs) != 1 {
			t.Fatalf("%s: %d load balancers", shape, len(albs))
		}
		lb := albs[0]
		if lb.Bool("internal") || lb.String("loadBalancerType") != "application" ||
			!slices.Equal(lb.Strings("subnets"), []string{"subnet-public-a", "subnet-public-b"}) ||
			!slices.Equal(lb.Strings("securityGroups"), []string{"sg-alb"}) || lb.Tags()["Exposure"] != "internet" {
			t.Errorf("%s: internal %v, subnets %v, groups %v, tags %v", shape, lb.Bool("internal"), lb.Strings("subnets"),
				lb.Strings("securityGroups"), lb.Tags())
		}
		if !lb.Bool("dropInvalidHeaderFields") || lb.String("desyncMitigationMode") != "strictest" || lb.Number("idleTimeout") != 60 {
			t.Errorf("%s: drop invalid headers %v, desync %s, idle %v", shape, lb.Bool("dropInvalidHeaderFields"),
				lb.String("desyncMitigationMode"), lb.Number("idleTimeout"))
		}
		if !lb.Bool("accessLogs.enabled") || lb.String("accessLogs.bucket") != "saleor-test-logs" || lb.String("accessLogs.prefix") != "alb" {
			t.Errorf("%s: access logs %v", shape, lb.Get("accessLogs"))
		}
		if lb.Bool("enableDeletionProtection") != a.DeletionProtection {
			t.Errorf("%s: deletion protection %v", shape, lb.Bool("enableDeletionProtection"))
		}
	}
}

func TestHealthCheck(t *testing.T) {
	for shape, a := range shapes(t) {
		inv := run(t, a)
		tgs := inv.OfType("aws:lb/targetGroup:TargetGroup")
		if want := map[string]int{"production": 2, "staging": 1}[shape]; len(tgs) != want {
			t.Fatalf("%s: %d target groups, want %d", shape, len(tgs), want)
		}
		for _, tg := range tgs {
			if tg.String("targetType") != "ip" || tg.Number("port") != 8000 || tg.String("protocol") != "HTTP" {
				t.Errorf("%s %s: %s targets on %s:%v", shape, tg.Name, tg.String("targetType"), tg.String("protocol"), tg.Number("port"))
			}
			hc := "healthCheck."
			if tg.String(hc+"path") != "/health/" || tg.Number(hc+"interval") != 30 || tg.String(hc+"matcher") != "200" ||
				tg.Number(hc+"healthyThreshold") != 2 || tg.Number(hc+"unhealthyThreshold") != 3 || tg.Number(hc+"timeout") != 5 ||
				tg.String(hc+"protocol") != "HTTP" {
				t.Errorf("%s %s health check %v", shape, tg.Name, tg.Get("healthCheck"))
			}
			if !tg.Has("stickiness.enabled") || tg.Bool("stickiness.enabled") {
				t.Errorf("%s %s stickiness %v", shape, tg.Name, tg.Get("stickiness"))
			}
		}
	}
}

func TestListeners(t *testing.T) {
	inv := run(t, staging(t))
	https, http := inv.Named("aws:lb/listener:Listener", "compute-https"), inv.Named("aws:lb/listener:Listener", "compute-http")
	if https.Number("port") != 443 || https.String("protocol") != "HTTPS" || https.String("sslPolicy") != "ELBSecurityPolicy-TLS13-1-2-2021-06" ||
		https.String("certificateArn") != certificateArn {
		t.Errorf("HTTPS listener %s:%v policy %s certificate %s", https.String("protocol"), https.Number("port"),
			https.String("sslPolicy"), https.String("certificateArn"))
	}
	if https.String("defaultActions[0].type") != "fixed-response" || https.String("defaultActions[0].fixedResponse.statusCode") != "403" ||
		https.Has("defaultActions[1]") {
		t.Errorf("HTTPS listener's default is %v, want only 403", https.Get("defaultActions"))
	}
	if http.Number("port") != 80 || http.String("protocol") != "HTTP" || http.Has("defaultActions[1]") ||
		http.String("defaultActions[0].type") != "redirect" || http.String("defaultActions[0].redirect.protocol") != "HTTPS" ||
		http.String("defaultActions[0].redirect.port") != "443" || http.String("defaultActions[0].redirect.statusCode") != "HTTP_301" {
		t.Errorf("HTTP listener %v", http.Get("defaultActions"))
	}
	if len(inv.OfType("aws:lb/listener:Listener")) != 2 {
		t.Errorf("rolling stack has %d listeners, want HTTPS and HTTP", len(inv.OfType("aws:lb/listener:Listener")))
	}
}

// TestOnlyRequestsWithTheOriginSecretReachTheAPI: the HTTPS listener answers 403 (its
// default) unless the X-Origin-Verify header carries the secret; only the health path is
// open, for Route 53's health checks.
func TestOnlyRequestsWithTheOriginSecretReachTheAPI(t *testing.T) {
	inv := run(t, staging(t))
	secret := inv.Outputs["originVerifySecret"]
	if !secret.Secret || len(secret.Value.(string)) < 32 || strings.ContainsAny(secret.Value.(string), "*?") {
		t.Fatalf("OriginVerifySecret: secret %v, want a secret of at least 32 characters without ALB wildcards", secret.Secret)
	}
	https := inv.Named("aws:lb/listener:Listener", "compute-https")
	blue := inv.Named("aws:lb/targetGroup:TargetGroup", "compute-api-blue")
	rules := inv.OfType("aws:lb/listenerRule:ListenerRule")
	if len(rules) != 2 {
		t.Fatalf("%d listener rules, want the origin check and the health path", len(rules))
	}
	for _, rule := range rules {
		if rule.String("listenerArn") != https.ID || rule.Has("conditions[1]") || rule.Has("actions[1]") ||
			rule.String("actions[0].type") != "forward" || rule.String("actions[0].targetGroupArn") != blue.ID {
			t.Errorf("%s: on %s, %v -> %v", rule.Name, rule.String("listenerArn"), rule.Get("conditions"), rule.Get("actions"))
		}
	}
	origin := inv.Named("aws:lb/listenerRule:ListenerRule", "compute-origin-verified")
	if origin.Number("priority") != 1 || origin.String("conditions[0].httpHeader.httpHeaderName") != "X-Origin-Verify" ||
		!slices.Equal(origin.Strings("conditions[0].httpHeader.values"), []string{secret.Value.(string)}) {
		t.Errorf("origin rule %v at priority %v, want X-Origin-Verify equal to the secret", origin.String("conditions[0].httpHeader.httpHeaderName"),
			origin.Number("priority"))
	}
	values := origin.Inputs["conditions"].ArrayValue()[0].ObjectValue()["httpHeader"].ObjectValue()["values"]
	if !values.ContainsSecrets() {
		t.Error("the origin secret is a plain value in the rule's inputs")
	}
	health := inv.Named("aws:lb/listenerRule:ListenerRule", "compute-health")
	if !slices.Equal(health.Strings("conditions[0].pathPattern.values"), []string{"/health/"}) || health.Has("conditions[0].httpHeader") {
		t.Errorf("health rule opens %v", health.Get("conditions"))
	}
}

func TestPublicSubnetsSpanTwoZones(t *testing.T) {
	a := staging(t)
	a.Network.PublicSubnetIDs = pulumi.ToStringArray([]string{"subnet-public-a"})
	if _, _, err := deploy(a); err == nil || !strings.Contains(err.Error(), "Network.PublicSubnetIDs") {
		t.Errorf("one literal public subnet: %v", err)
	}
	// Subnet IDs wired from another resource are checked once known.
	a.Network.PublicSubnetIDs = pulumi.ToStringArray([]string{"subnet-public-a"}).ToStringArrayOutput()
	if _, _, err := deploy(a); err == nil || !strings.Contains(err.Error(), "Network.PublicSubnetIDs") {
		t.Errorf("one wired public subnet: %v", err)
	}
}

func TestRepository(t *testing.T) {
	for shape, a := range shapes(t) {
		inv := run(t, a)
		repo := inv.Named("aws:ecr/repository:Repository", "compute-saleor")
		if repo.String("name") != "saleor-test/saleor" || repo.String("imageTagMutability") != "IMMUTABLE" ||
			!repo.Bool("imageScanningConfiguration.scanOnPush") || repo.String("encryptionConfigurations[0].encryptionType") != "KMS" ||
			repo.String("encryptionConfigurations[0].kmsKey") != storageKey || repo.Protect != a.DeletionProtection {
			t.Errorf("%s repository %v (protect %v)", shape, repo.Inputs, repo.Protect)
		}
		lifecycle := inv.Named("aws:ecr/lifecyclePolicy:LifecyclePolicy", "compute-saleor")
		if lifecycle.String("repository") != repo.String("name") {
			t.Errorf("%s lifecycle policy on %s, want the repository", shape, lifecycle.String("repository"))
		}
		var doc struct{ Rules []map[string]any }
		if err := lifecycle.JSON("policy", &doc); err != nil || len(doc.Rules) == 0 {
			t.Errorf("%s lifecycle policy %q: %v (its rules: TestLifecycleKeepsReleases90DaysAndLiveImages)", shape, lifecycle.String("policy"), err)
		}
	}
}

// TestPreview runs both shapes as `pulumi preview` of a new stack does: every ID and ARN
// unknown.
func TestPreview(t *testing.T) {
	for shape, a := range shapes(t) {
		inv, _, err := deploy(a, harness.Preview())
		if err != nil {
			t.Fatalf("%s preview: %v", shape, err)
		}
		if !inv.Preview || len(inv.OfType("aws:ecs/service:Service")) != 4 || len(inv.OfType("aws:ecs/taskDefinition:TaskDefinition")) != 5 {
			t.Errorf("%s preview registered %d services and %d task definitions", shape,
				len(inv.OfType("aws:ecs/service:Service")), len(inv.OfType("aws:ecs/taskDefinition:TaskDefinition")))
		}
		if tg := inv.Named("aws:lb/targetGroup:TargetGroup", "compute-api-blue"); tg.String("healthCheck.path") != "/health/" {
			t.Errorf("%s preview: health check %v", shape, tg.Get("healthCheck"))
		}
		if out := inv.Outputs["originVerifySecret"]; out.Known || !out.Secret {
			t.Errorf("%s preview: origin secret known %v, secret %v", shape, out.Known, out.Secret)
		}
	}
}
