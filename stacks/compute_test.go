package stacks_test

// Issue 5 (compute tier) as deployed by the real stacks: sizes and counts from the sizing
// catalog, scaling, health checks, secrets, networking, IAM, deployments, the load balancer
// and the broker queues. The helpers at the end are shared with edge_test.go and
// observability_test.go.

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/cache"
	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/internal/harness"
)

// Type tokens the tier tests read.
const (
	bucketType           = "aws:s3/bucketV2:BucketV2"
	bucketPolicyType     = "aws:s3/bucketPolicy:BucketPolicy"
	certificateType      = "aws:acm/certificate:Certificate"
	clusterType          = "aws:ecs/cluster:Cluster"
	deploymentGroupType  = "aws:codedeploy/deploymentGroup:DeploymentGroup"
	internetGatewayType  = "aws:ec2/internetGateway:InternetGateway"
	kmsAliasType         = "aws:kms/alias:Alias"
	kmsKeyType           = "aws:kms/key:Key"
	listenerRuleType     = "aws:lb/listenerRule:ListenerRule"
	listenerType         = "aws:lb/listener:Listener"
	loadBalancerType     = "aws:lb/loadBalancer:LoadBalancer"
	logGroupType         = "aws:cloudwatch/logGroup:LogGroup"
	metricAlarmType      = "aws:cloudwatch/metricAlarm:MetricAlarm"
	queueType            = "aws:sqs/queue:Queue"
	rdsInstanceType      = "aws:rds/instance:Instance"
	replicationGroupType = "aws:elasticache/replicationGroup:ReplicationGroup"
	roleType             = "aws:iam/role:Role"
	rolePolicyType       = "aws:iam/rolePolicy:RolePolicy"
	roleAttachmentType   = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	routeTableAssocType  = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	routeType            = "aws:ec2/route:Route"
	scalingPolicyType    = "aws:appautoscaling/policy:Policy"
	scalingTargetType    = "aws:appautoscaling/target:Target"
	secretType           = "aws:secretsmanager/secret:Secret"
	secretVersionType    = "aws:secretsmanager/secretVersion:SecretVersion"
	serviceType          = "aws:ecs/service:Service"
	ssmParameterType     = "aws:ssm/parameter:Parameter"
	subnetType           = "aws:ec2/subnet:Subnet"
	targetGroupType      = "aws:lb/targetGroup:TargetGroup"
	taskDefinitionType   = "aws:ecs/taskDefinition:TaskDefinition"
	lifecycleConfigType  = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
)

// Issue 5's numbers that are requirements rather than sizes (the sizes come from the catalog).
const (
	apiCPUTargetPercent = 60         // the API's target-tracking CPU
	queueScaleOutDepth  = 1000       // visible messages above which workers scale out...
	queueScaleOutSecs   = 5 * 60     // ...when it lasts 5 minutes
	healthPath          = "/health/" // Saleor's health endpoint, slash included
	healthIntervalSecs  = 30
)

// TestTaskSizesFollowTheCatalog: every runtime's tasks are the catalog's sizes at the
// stack's sizing, a DR runtime's as the home one's (it takes over the same load).
func TestTaskSizesFollowTheCatalog(t *testing.T) {
	forEachRuntime(t, func(t *testing.T, inv *harness.Inventory, rt appRuntime) {
		s := stackSizes(t, inv)
		ws := workloads(t, inv, rt.region)
		want := map[string]catalog.FargateSize{
			"api": s.APITask, "worker": s.WorkerTask, "webhooks": s.WorkerTask, "beat": s.WorkerTask, "migrate": s.WorkerTask,
		}
		for name, size := range want {
			w := mustWorkload(t, ws, name)
			if got := taskSize(t, w.taskDefinition); got != size {
				t.Errorf("%s task is %d/%d, want %d/%d (catalog at %d%%)", name, got.CPU, got.MemoryMiB, size.CPU, size.MemoryMiB, s.Percent)
			}
		}
	})
}

func TestEveryTaskSizeIsSoldByFargate(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		tds := inv.OfType(taskDefinitionType)
		if len(tds) == 0 {
			t.Fatal("no task definitions")
		}
		for _, td := range tds {
			size := taskSize(t, td)
			if !catalog.IsFargateSize(size) {
				t.Errorf("%s: %d CPU / %d MiB is not a pair Fargate sells", td.Name, size.CPU, size.MemoryMiB)
			}
			if !slices.Equal(td.Strings("requiresCompatibilities"), []string{"FARGATE"}) {
				t.Errorf("%s requires %v, want FARGATE", td.Name, td.Strings("requiresCompatibilities"))
			}
		}
	})
}

// TestServiceCountsAndScalingBounds: desired count and autoscaling bounds of the API and the
// workers are the catalog's, the API keeping at least two tasks when multi-AZ; in every
// runtime that runs tasks (the home one, a warm or promoted DR runtime). A pilot-light DR
// runtime desires no task and may scale down to none, up to the same maximum: failing over
// is raising its floor.
func TestServiceCountsAndScalingBounds(t *testing.T) {
	forEachRuntime(t, func(t *testing.T, inv *harness.Inventory, rt appRuntime) {
		s := stackSizes(t, inv)
		apiMin := s.APITasks.Min
		if stackConfig(t, inv).HA.IsMultiAZ() {
			apiMin = max(2, apiMin)
		}
		tests := []struct {
			workload          string
			desired, min, max int
		}{
			{"api", rt.floor(apiMin), rt.floor(apiMin), s.APITasks.Max},
			{"worker", rt.floor(s.WorkerTasks.Min), rt.floor(s.WorkerTasks.Min), s.WorkerTasks.Max},
			{"webhooks", rt.floor(s.WorkerTasks.Min), rt.floor(s.WorkerTasks.Min), s.WorkerTasks.Max},
		}
		ws := workloads(t, inv, rt.region)
		for _, tt := range tests {
			svc := mustService(t, ws, tt.workload)
			if got := int(svc.Number("desiredCount")); got != tt.desired {
				t.Errorf("%s desired count %d, want %d", tt.workload, got, tt.desired)
			}
			target := scalingTargetOf(inv, svc)
			if target == nil {
				t.Errorf("%s has no scaling target", tt.workload)
				continue
			}
			if lo, hi := int(target.Number("minCapacity")), int(target.Number("maxCapacity")); lo != tt.min || hi != tt.max {
				t.Errorf("%s scales %d..%d, want %d..%d", tt.workload, lo, hi, tt.min, tt.max)
			}
		}
	})
}

func TestAPITargetTracksCPU60(t *testing.T) {
	forEachRuntime(t, func(t *testing.T, inv *harness.Inventory, rt appRuntime) {
		api := mustService(t, workloads(t, inv, rt.region), "api")
		policies := scalingPoliciesOf(inv, api)
		if len(policies) != 1 {
			t.Fatalf("API has %d scaling policies, want one target-tracking policy", len(policies))
		}
		p := policies[0]
		if p.String("policyType") != "TargetTrackingScaling" ||
			p.String("targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType") != "ECSServiceAverageCPUUtilization" ||
			p.Number("targetTrackingScalingPolicyConfiguration.targetValue") != apiCPUTargetPercent {
			t.Errorf("API policy %s: %s on %q at %v, want target tracking of ECSServiceAverageCPUUtilization at %d", p.Name,
				p.String("policyType"), p.String("targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType"),
				p.Number("targetTrackingScalingPolicyConfiguration.targetValue"), apiCPUTargetPercent)
		}
	})
}

// TestWorkersScaleOnTheirOwnQueue: each Celery service scales out on the visible messages of
// the queue it consumes (> 1000 for 5 minutes) and in when it is drained, each alarm wired to
// a step policy of that service; the queue is the one Saleor is told to send to.
func TestWorkersScaleOnTheirOwnQueue(t *testing.T) {
	tests := []struct{ workload, setting string }{
		{"worker", "CELERY_TASK_DEFAULT_QUEUE"},
		{"webhooks", "WEBHOOK_CELERY_QUEUE_NAME"},
	}
	forEachRuntime(t, func(t *testing.T, inv *harness.Inventory, rt appRuntime) {
		ws := workloads(t, inv, rt.region)
		consumed := map[string]string{}
		for _, tt := range tests {
			w := mustWorkload(t, ws, tt.workload)
			svc := mustService(t, ws, tt.workload)
			queue := flagValue(w.container.Command, "--queues")
			consumed[queue] = tt.workload
			if queue == "" || named(inv, queueType, queue, w.taskDefinition.Region) == nil {
				t.Errorf("%s consumes %q, which is no queue of the stack", tt.workload, queue)
				continue
			}
			if got := settingValue(t, inv, w.container, tt.setting); got != queue {
				t.Errorf("%s consumes %q but Saleor's %s is %q", tt.workload, queue, tt.setting, got)
			}
			var out, in int
			for _, a := range alarmsOf(t, inv) {
				// Alarms that only notify (the observability tier's) do not scale.
				if !a.reads("AWS/SQS", "ApproximateNumberOfMessagesVisible", map[string]string{"QueueName": queue}) || notifiesOnly(inv, a) {
					continue
				}
				switch op := a.r.String("comparisonOperator"); {
				case strings.HasPrefix(op, "GreaterThan"):
					out++
					checkScaleOutAlarm(t, a, tt.workload)
					checkAlarmScales(t, inv, a, svc, +1)
				case strings.HasPrefix(op, "LessThan"):
					in++
					checkAlarmScales(t, inv, a, svc, -1)
				}
			}
			if out != 1 || in != 1 {
				t.Errorf("%s: %d scale-out and %d scale-in alarms on %s, want one of each", tt.workload, out, in, queue)
			}
		}
		if len(consumed) != len(tests) {
			t.Errorf("the worker services share a queue: %v", consumed)
		}
	})
}

func checkScaleOutAlarm(t *testing.T, a alarmView, workload string) {
	t.Helper()
	m := a.metric("AWS/SQS", "ApproximateNumberOfMessagesVisible")
	evaluations, datapoints := int(a.r.Number("evaluationPeriods")), int(a.r.Number("datapointsToAlarm"))
	if a.r.String("comparisonOperator") != "GreaterThanThreshold" || a.r.Number("threshold") != queueScaleOutDepth {
		t.Errorf("%s scale-out alarm %s: %s %v, want GreaterThanThreshold %d", workload, a.r.Name,
			a.r.String("comparisonOperator"), a.r.Number("threshold"), queueScaleOutDepth)
	}
	if datapoints != evaluations || m.period*datapoints != queueScaleOutSecs {
		t.Errorf("%s scale-out alarm %s: %d of %d periods of %d s, want every period breaching for %d s",
			workload, a.r.Name, datapoints, evaluations, m.period, queueScaleOutSecs)
	}
}

// checkAlarmScales checks that every action of a queue alarm is a step policy of svc that
// moves its task count in direction sign.
func checkAlarmScales(t *testing.T, inv *harness.Inventory, a alarmView, svc *harness.Resource, sign int) {
	t.Helper()
	actions := a.r.Strings("alarmActions")
	if len(actions) == 0 || !a.r.Bool("actionsEnabled") {
		t.Errorf("alarm %s triggers nothing", a.r.Name)
	}
	for _, arn := range actions {
		p := byARN(inv, scalingPolicyType, arn)
		if p == nil || p.String("resourceId") != scalableID(inv, svc) || p.String("policyType") != "StepScaling" {
			t.Errorf("alarm %s triggers %s, not a step scaling policy of %s", a.r.Name, arn, scalableID(inv, svc))
			continue
		}
		var steps []struct {
			ScalingAdjustment int `json:"scalingAdjustment"`
		}
		decode(t, p, "stepScalingPolicyConfiguration.stepAdjustments", &steps)
		for _, s := range steps {
			if s.ScalingAdjustment*sign <= 0 {
				t.Errorf("policy %s adjusts by %d, want a step of sign %+d", p.Name, s.ScalingAdjustment, sign)
			}
		}
		if len(steps) == 0 {
			t.Errorf("policy %s has no steps", p.Name)
		}
	}
}

// TestBeatRunsExactlyOnceAndIsNotScaled: one beat per environment, the primary's: none in a
// standing-by DR runtime (pilot-light or warm) nor in a regional stack, whose primary's beat
// sends the environment's periodic tasks; two beats would send every periodic task twice.
// Promotion gives the DR runtime, or the regional stack, its beat.
func TestBeatRunsExactlyOnceAndIsNotScaled(t *testing.T) {
	forEachRuntime(t, func(t *testing.T, inv *harness.Inventory, rt appRuntime) {
		beat := mustService(t, workloads(t, inv, rt.region), "beat")
		cfg := stackConfig(t, inv)
		want := 0.0
		if rt.standby == compute.Serving && (!cfg.IsRegional() || cfg.Failover.PromoteReplica) {
			want = 1
		}
		if n := beat.Number("desiredCount"); n != want {
			t.Errorf("beat desired count %v, want %v (%s)", n, want, rt.standby)
		}
		if target := scalingTargetOf(inv, beat); target != nil {
			t.Errorf("beat is scaled by %s", target.Name)
		}
		// A deployment must stop the old beat before starting the new one.
		if p := beat.Number("deploymentMaximumPercent"); p == 0 || p > 100 {
			t.Errorf("beat deploymentMaximumPercent %v, want at most 100 (never two beats)", p)
		}
	})
}

func TestAPIHealthCheckIsSaleorsHealthPath(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		groups := inv.OfType(targetGroupType)
		if len(groups) == 0 {
			t.Fatal("no target groups")
		}
		for _, tg := range groups {
			if !tg.Bool("healthCheck.enabled") || tg.String("healthCheck.path") != healthPath ||
				tg.Number("healthCheck.interval") != healthIntervalSecs {
				t.Errorf("%s health check: enabled %v, %q every %v s; want %q every %d s", tg.Name, tg.Bool("healthCheck.enabled"),
					tg.String("healthCheck.path"), tg.Number("healthCheck.interval"), healthPath, healthIntervalSecs)
			}
			if tg.Number("healthCheck.healthyThreshold") == 0 || tg.Number("healthCheck.unhealthyThreshold") == 0 {
				t.Errorf("%s leaves its healthy/unhealthy thresholds to AWS's defaults", tg.Name)
			}
		}
	})
}

var (
	// secretName matches the variable names that hold credentials.
	secretName = regexp.MustCompile(`PASSWORD|SECRET|TOKEN|KEY|DATABASE_URL|CACHE_URL`)
	// credentialURL matches a URL carrying a user or password: scheme://user:pw@host.
	credentialURL = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^/\s@]+@`)
)

func looksSecret(name, value string) bool {
	return secretName.MatchString(strings.ToUpper(name)) || credentialURL.MatchString(value)
}

func TestNoSecretLookingValueInContainerEnvironment(t *testing.T) {
	forEachRuntime(t, func(t *testing.T, inv *harness.Inventory, rt appRuntime) {
		var seen int
		for _, w := range workloads(t, inv, rt.region) {
			for _, e := range w.container.Environment {
				seen++
				if looksSecret(e.Name, e.Value) {
					t.Errorf("%s sets %s=%q in plain environment; pass it through secrets", w.name, e.Name, e.Value)
				}
			}
		}
		if seen == 0 {
			t.Fatal("no container environment to check")
		}
	})
}

// TestPlainSettingsHoldNoSecrets: the settings the tasks read from SSM String parameters are
// plain text in Parameter Store and in the program's state, so they are held to the same
// rule as the environment.
func TestPlainSettingsHoldNoSecrets(t *testing.T) {
	forEachRuntime(t, func(t *testing.T, inv *harness.Inventory, rt appRuntime) {
		for _, w := range workloads(t, inv, rt.region) {
			for _, s := range w.container.Secrets {
				p := byARN(inv, ssmParameterType, s.ValueFrom)
				if p == nil || p.String("type") == "SecureString" {
					continue
				}
				if value := p.String("insecureValue") + p.String("value"); looksSecret(s.Name, value) {
					t.Errorf("%s reads %s from plain parameter %s (%q); keep it in Secrets Manager or a SecureString", w.name, s.Name, p.String("name"), value)
				}
			}
		}
	})
}

// TestDatabaseAndCacheURLsComeFromTheDataTier: every task reads DATABASE_URL,
// DATABASE_URL_REPLICA and CACHE_URL through secrets, from the Secrets Manager secrets that
// hold the writer, a reader and the API cache of its region (dataURLs): on a primary its own
// PostgreSQL primary, read replica (or the primary when there is none) and API cache; on a
// regional stack its primary's writer, through the primary's shared DATABASE_URL secret
// replicated into the stack's region, and its own cross-region replica and API cache; a
// primary's DR runtime its DR replica for both database URLs (a replica until promoted, the
// writer after), through the replica's own secret in the DR region, and its own API cache.
func TestDatabaseAndCacheURLsComeFromTheDataTier(t *testing.T) {
	forEachRuntime(t, func(t *testing.T, inv *harness.Inventory, rt appRuntime) {
		for _, w := range workloads(t, inv, rt.region) {
			region := w.taskDefinition.Region
			for variable, want := range dataURLs(t, inv, rt) {
				for _, e := range w.container.Environment {
					if e.Name == variable {
						t.Errorf("%s sets %s in plain environment", w.name, variable)
					}
				}
				refs := secretRefs(w.container, variable)
				if len(refs) != 1 {
					t.Errorf("%s reads %s from %d secrets, want 1", w.name, variable, len(refs))
					continue
				}
				secret := secretReadAs(want.holder, refs[0], region)
				if secret == nil {
					t.Errorf("%s reads %s from %s, not a Secrets Manager secret of stack %s in %s", w.name, variable, refs[0], want.holder.Stack.Name, region)
					continue
				}
				value := currentSecretValue(want.holder, secret)
				if !slices.ContainsFunc(want.hosts, func(host string) bool { return host != "" && strings.Contains(value, "@"+host+":") }) {
					t.Errorf("%s: %s secret %s does not point at %v", w.name, variable, secret.Name, want.hosts)
				}
			}
		}
	})
}

// TestServicesRunInPrivateSubnetsWithoutPublicIPs: every service's tasks are placed in the
// private subnets of its runtime's VPC (the stack's, or a primary's DR VPC for its DR
// runtime; no route to the internet gateway), spread over its zones, without public IPs.
func TestServicesRunInPrivateSubnetsWithoutPublicIPs(t *testing.T) {
	forEachRuntime(t, func(t *testing.T, inv *harness.Inventory, rt appRuntime) {
		output := "vpcId"
		if rt.dr {
			output = "secondaryVpcId"
		}
		vpc, _ := inv.Outputs[output].Value.(string)
		privateZones := map[string]bool{}
		for _, subnet := range inv.OfType(subnetType) {
			if subnet.String("vpcId") == vpc && subnet.Tags()["Tier"] == "private" {
				privateZones[subnet.String("availabilityZone")] = true
			}
		}
		services := inRegion(inv, serviceType, rt.region)
		if len(services) == 0 {
			t.Fatal("no services")
		}
		for _, svc := range services {
			if svc.Bool("networkConfiguration.assignPublicIp") {
				t.Errorf("%s assigns public IPs", svc.Name)
			}
			zones := map[string]bool{}
			for _, id := range svc.Strings("networkConfiguration.subnets") {
				subnet := inv.ByID(id)
				if subnet == nil || subnet.Type != subnetType {
					t.Errorf("%s runs in %s, which is no subnet of the stack", svc.Name, id)
					continue
				}
				zones[subnet.String("availabilityZone")] = true
				if subnet.String("vpcId") != vpc || subnet.Tags()["Tier"] != "private" || subnet.Bool("mapPublicIpOnLaunch") {
					t.Errorf("%s runs in %s: VPC %s, tier %q, public IPs on launch %v; want a private subnet of %s",
						svc.Name, subnet.Name, subnet.String("vpcId"), subnet.Tags()["Tier"], subnet.Bool("mapPublicIpOnLaunch"), vpc)
				}
				if gw := internetRoute(inv, subnet); gw != "" {
					t.Errorf("%s runs in %s, which routes to internet gateway %s", svc.Name, subnet.Name, gw)
				}
			}
			if len(zones) < 2 || len(zones) != len(privateZones) {
				t.Errorf("%s spans %d zones, want every zone of the VPC's private tier (%d)", svc.Name, len(zones), len(privateZones))
			}
		}
	})
}

// scopedServices are the action prefixes whose resources a task role must name exactly, by
// the resource type the named ARNs must belong to.
var scopedServices = map[string]string{"s3": bucketType, "sqs": queueType, "kms": kmsKeyType}

// TestTaskRolesNameSpecificResources: the roles the tasks run with (task and execution
// roles) grant S3, SQS and KMS actions only on named buckets, queues and keys of the stack
// (a regional stack's also on the primary's buckets and keys it was handed, primaryNamed),
// and carry no managed or inline policy besides the role policies checked here.
func TestTaskRolesNameSpecificResources(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		primary := primaryNamed(t, inv)
		roles := map[*harness.Resource]bool{}
		for _, td := range inv.OfType(taskDefinitionType) {
			for _, field := range []string{"taskRoleArn", "executionRoleArn"} {
				role := byARN(inv, roleType, td.String(field))
				if role == nil {
					t.Errorf("%s %s %q is no role of the stack", td.Name, field, td.String(field))
					continue
				}
				roles[role] = true
			}
		}
		for role := range roles {
			if inline := role.Get("inlinePolicies"); len(role.Strings("managedPolicyArns")) > 0 || inline.IsArray() && len(inline.ArrayValue()) > 0 {
				t.Errorf("role %s carries managed or inline policies", role.Name)
			}
			for _, a := range inv.OfType(roleAttachmentType) {
				if attachedTo(a, role) {
					t.Errorf("role %s has managed policy %s attached", role.Name, a.String("policyArn"))
				}
			}
			policies := 0
			for _, p := range inv.OfType(rolePolicyType) {
				if !attachedTo(p, role) {
					continue
				}
				policies++
				for _, s := range policyDocumentOf(t, p, "policy").Statement {
					checkScopedStatement(t, inv, primary, role, s)
				}
			}
			if policies == 0 {
				t.Errorf("role %s has no policy", role.Name)
			}
		}
	})
}

// checkScopedStatement checks that an Allow statement of a task role names exact resources
// of the scoped services: the stack's own, or those of its primary it was handed (primary,
// ARN to type).
func checkScopedStatement(t *testing.T, inv *harness.Inventory, primary map[string]string, role *harness.Resource, s policyStatement) {
	t.Helper()
	if s.Effect != "Allow" {
		return
	}
	if len(s.NotAction) > 0 || len(s.NotResource) > 0 {
		t.Errorf("role %s: statement %q allows by exclusion (NotAction %v, NotResource %v)", role.Name, s.Sid, s.NotAction, s.NotResource)
	}
	for _, action := range s.Action {
		service, _, _ := strings.Cut(action, ":")
		typ, scoped := scopedServices[service]
		switch {
		case action == "*" || scoped && strings.HasSuffix(action, ":*"):
			t.Errorf("role %s: statement %q grants %s", role.Name, s.Sid, action)
			continue
		case !scoped:
			continue
		case len(s.Resource) == 0:
			t.Errorf("role %s: %s names no resource", role.Name, action)
		}
		for _, arn := range s.Resource {
			if service == "s3" {
				arn = strings.TrimSuffix(arn, "/*") // a bucket's objects
			}
			if strings.Contains(arn, "*") {
				t.Errorf("role %s: %s on %q, a pattern", role.Name, action, arn)
				continue
			}
			if r := inv.ByID(arn); (r == nil || r.Type != typ) && primary[arn] != typ {
				t.Errorf("role %s: %s on %q, not a named %s of the stack or of its primary's contract", role.Name, action, arn, typ)
			}
		}
	}
}

func TestAPINeverRunsOnFargateSpot(t *testing.T) {
	forEachRuntime(t, func(t *testing.T, inv *harness.Inventory, rt appRuntime) {
		api := mustService(t, workloads(t, inv, rt.region), "api")
		var strategies []struct {
			CapacityProvider string `json:"capacityProvider"`
		}
		decode(t, api, "capacityProviderStrategies", &strategies)
		if len(strategies) == 0 && api.String("launchType") != "FARGATE" {
			t.Errorf("API has neither a capacity provider strategy nor launch type FARGATE")
		}
		for _, s := range strategies {
			if s.CapacityProvider != "FARGATE" {
				t.Errorf("API may run on %s", s.CapacityProvider)
			}
		}
	})
}

// TestAPIDeploysBlueGreenInProductionOnly: production hands the API to a CodeDeploy blue/green
// deployment group (two target groups, the HTTPS listener for production traffic and a test
// listener, automatic rollback); elsewhere ECS rolls it with the circuit breaker, and so does
// a primary's DR runtime in production: a standby has no traffic to shift.
func TestAPIDeploysBlueGreenInProductionOnly(t *testing.T) {
	forEachRuntime(t, func(t *testing.T, inv *harness.Inventory, rt appRuntime) {
		api := mustService(t, workloads(t, inv, rt.region), "api")
		groups := deploymentGroupsOf(inv, api)
		if inv.Stack.Config["saleor:environment"] != "production" || rt.dr {
			if c := api.String("deploymentController.type"); c != "" && c != "ECS" || len(groups) > 0 {
				t.Errorf("API deploys with controller %q and %d CodeDeploy groups, want ECS rolling", c, len(groups))
			}
			if !api.Bool("deploymentCircuitBreaker.enable") || !api.Bool("deploymentCircuitBreaker.rollback") {
				t.Errorf("API rolls without the circuit breaker's rollback")
			}
			return
		}
		if c := api.String("deploymentController.type"); c != "CODE_DEPLOY" || len(groups) != 1 {
			t.Fatalf("API deploys with controller %q and %d CodeDeploy groups, want CODE_DEPLOY and one group", c, len(groups))
		}
		g := groups[0]
		if g.String("deploymentStyle.deploymentType") != "BLUE_GREEN" || g.String("deploymentStyle.deploymentOption") != "WITH_TRAFFIC_CONTROL" ||
			!g.Bool("autoRollbackConfiguration.enabled") {
			t.Errorf("deployment group %s: %s %s, rollback %v; want BLUE_GREEN WITH_TRAFFIC_CONTROL with rollback", g.Name,
				g.String("deploymentStyle.deploymentType"), g.String("deploymentStyle.deploymentOption"), g.Bool("autoRollbackConfiguration.enabled"))
		}
		var pair struct {
			TargetGroups []struct {
				Name string `json:"name"`
			} `json:"targetGroups"`
			ProdTrafficRoute struct {
				ListenerArns []string `json:"listenerArns"`
			} `json:"prodTrafficRoute"`
			TestTrafficRoute struct {
				ListenerArns []string `json:"listenerArns"`
			} `json:"testTrafficRoute"`
		}
		decode(t, g, "loadBalancerInfo.targetGroupPairInfo", &pair)
		names := map[string]bool{}
		for _, tg := range pair.TargetGroups {
			if named(inv, targetGroupType, tg.Name, api.Region) != nil {
				names[tg.Name] = true
			}
		}
		if len(names) != 2 {
			t.Errorf("deployment group %s shifts between %v, want two target groups of the stack", g.Name, pair.TargetGroups)
		}
		prod, test := pair.ProdTrafficRoute.ListenerArns, pair.TestTrafficRoute.ListenerArns
		if len(prod) != 1 || len(test) != 1 || prod[0] == test[0] {
			t.Fatalf("deployment group %s: production listeners %v, test listeners %v", g.Name, prod, test)
		}
		if l := byARN(inv, listenerType, prod[0]); l == nil || l.Number("port") != 443 || l.String("protocol") != "HTTPS" {
			t.Errorf("production traffic goes through %s, not the HTTPS listener on 443", prod[0])
		}
		if byARN(inv, listenerType, test[0]) == nil {
			t.Errorf("test traffic goes through %s, no listener of the stack", test[0])
		}
	})
}

func TestECSDeployedServicesRollBackFailedDeployments(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		for _, svc := range inv.OfType(serviceType) {
			if c := svc.String("deploymentController.type"); c != "" && c != "ECS" {
				continue
			}
			if !svc.Bool("deploymentCircuitBreaker.enable") || !svc.Bool("deploymentCircuitBreaker.rollback") {
				t.Errorf("%s deploys without the circuit breaker's rollback", svc.Name)
			}
		}
	})
}

// TestLoadBalancerListeners: every HTTPS listener uses a TLS 1.3 policy and an ACM
// certificate of the load balancer's region; port 80 only redirects to HTTPS.
func TestLoadBalancerListeners(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		albs := inv.OfType(loadBalancerType)
		if len(albs) == 0 {
			t.Fatal("no load balancers")
		}
		for _, alb := range albs {
			var https443, redirect80 bool
			for _, l := range listenersOf(inv, alb) {
				switch l.String("protocol") {
				case "HTTPS":
					https443 = https443 || l.Number("port") == 443
					cert := byARN(inv, certificateType, l.String("certificateArn"))
					if !strings.HasPrefix(l.String("sslPolicy"), "ELBSecurityPolicy-TLS13-") || cert == nil || cert.Region != alb.Region {
						t.Errorf("%s: policy %q, certificate %q; want a TLS 1.3 policy and an ACM certificate of %s", l.Name,
							l.String("sslPolicy"), l.String("certificateArn"), alb.Region)
					}
				case "HTTP":
					redirect80 = redirect80 || l.Number("port") == 80
					if !redirectsToHTTPS(t, l) {
						t.Errorf("%s on port %v does not only redirect to HTTPS 443", l.Name, l.Number("port"))
					}
				default:
					t.Errorf("%s speaks %q", l.Name, l.String("protocol"))
				}
			}
			if !https443 || !redirect80 {
				t.Errorf("%s: HTTPS on 443 %v, redirect on 80 %v; want both", alb.Name, https443, redirect80)
			}
		}
	})
}

func redirectsToHTTPS(t *testing.T, l *harness.Resource) bool {
	var actions []struct {
		Type     string `json:"type"`
		Redirect struct {
			Protocol   string `json:"protocol"`
			Port       string `json:"port"`
			StatusCode string `json:"statusCode"`
		} `json:"redirect"`
	}
	decode(t, l, "defaultActions", &actions)
	for _, a := range actions {
		if a.Type != "redirect" || a.Redirect.Protocol != "HTTPS" || a.Redirect.Port != "443" || a.Redirect.StatusCode != "HTTP_301" {
			return false
		}
	}
	return len(actions) > 0
}

// TestLoadBalancerAccessLogsGoToTheLogsBucket: access logs are on, to the logs bucket of the
// load balancer's region, under a prefix its policy lets ELB log delivery write.
func TestLoadBalancerAccessLogsGoToTheLogsBucket(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		for _, alb := range inv.OfType(loadBalancerType) {
			logs := bucketWithRole(t, inv, "logs", alb.Region)
			if !alb.Bool("accessLogs.enabled") || alb.String("accessLogs.bucket") != logs.Output("bucket") {
				t.Errorf("%s: access logs enabled %v to %q, want the logs bucket %s", alb.Name,
					alb.Bool("accessLogs.enabled"), alb.String("accessLogs.bucket"), logs.Output("bucket"))
				continue
			}
			want := logs.Output("arn") + "/" + alb.String("accessLogs.prefix") + "/AWSLogs/" + harness.AccountID + "/*"
			if !bucketPolicyAllows(t, inv, logs, "s3:PutObject", want) {
				t.Errorf("%s logs under %s, which the logs bucket's policy does not let ELB write", alb.Name, want)
			}
		}
	})
}

func TestLoadBalancerDeletionProtectionInProductionOnly(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		prod := inv.Stack.Config["saleor:environment"] == "production"
		for _, alb := range inv.OfType(loadBalancerType) {
			if alb.Bool("enableDeletionProtection") != prod {
				t.Errorf("%s deletion protection %v, want %v in %s", alb.Name, alb.Bool("enableDeletionProtection"), prod, inv.Stack.Config["saleor:environment"])
			}
		}
	})
}

// TestQueuesEncryptedWithDeadLetterQueues: every queue is encrypted with a KMS key of its
// region, and every queue that is not a dead-letter queue redrives to one of the stack's.
func TestQueuesEncryptedWithDeadLetterQueues(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		queues := inv.OfType(queueType)
		if len(queues) == 0 {
			t.Fatal("no queues")
		}
		dlqs := deadLetterQueues(t, inv)
		for _, q := range queues {
			if key := byARN(inv, kmsKeyType, q.String("kmsMasterKeyId")); key == nil || key.Region != q.Region {
				t.Errorf("queue %s is encrypted with %q, not a KMS key of %s", q.Name, q.String("kmsMasterKeyId"), q.Region)
			}
			if dlqs[q] {
				if q.Has("redrivePolicy") {
					t.Errorf("dead-letter queue %s redrives further", q.Name)
				}
				continue
			}
			var redrive struct {
				DeadLetterTargetArn string `json:"deadLetterTargetArn"`
				MaxReceiveCount     int    `json:"maxReceiveCount"`
			}
			if err := q.JSON("redrivePolicy", &redrive); err != nil || redrive.MaxReceiveCount < 1 {
				t.Errorf("queue %s has no dead-letter queue (%v)", q.Name, err)
			}
		}
		if len(dlqs) == 0 {
			t.Error("no dead-letter queues")
		}
	})
}

// ---- Helpers shared by the tier tests ----

// containerDef is the part of an ECS container definition the tests read.
type containerDef struct {
	Name        string   `json:"name"`
	Command     []string `json:"command"`
	Environment []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"environment"`
	Secrets []struct {
		Name      string `json:"name"`
		ValueFrom string `json:"valueFrom"`
	} `json:"secrets"`
	LogConfiguration struct {
		LogDriver string            `json:"logDriver"`
		Options   map[string]string `json:"options"`
	} `json:"logConfiguration"`
}

// workload is a task definition with its single container, named by the container, and the
// service that runs it (nil for one-off tasks such as the migration).
type workload struct {
	name           string
	taskDefinition *harness.Resource
	container      containerDef
	service        *harness.Resource
}

// workloads are the workloads of the runtime in region, by name.
func workloads(t *testing.T, inv *harness.Inventory, region string) map[string]*workload {
	t.Helper()
	out := map[string]*workload{}
	for _, td := range inRegion(inv, taskDefinitionType, region) {
		var cs []containerDef
		if err := td.JSON("containerDefinitions", &cs); err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 {
			t.Fatalf("%s has %d containers, want 1", td.Name, len(cs))
		}
		out[cs[0].Name] = &workload{name: cs[0].Name, taskDefinition: td, container: cs[0]}
	}
	for _, svc := range inRegion(inv, serviceType, region) {
		td := byARN(inv, taskDefinitionType, svc.String("taskDefinition"))
		if td == nil {
			t.Fatalf("service %s runs %q, no task definition of the stack", svc.Name, svc.String("taskDefinition"))
		}
		for _, w := range out {
			if w.taskDefinition == td {
				w.service = svc
			}
		}
	}
	return out
}

func mustWorkload(t *testing.T, ws map[string]*workload, name string) *workload {
	t.Helper()
	w, ok := ws[name]
	if !ok {
		t.Fatalf("no %s task definition", name)
	}
	return w
}

func mustService(t *testing.T, ws map[string]*workload, name string) *harness.Resource {
	t.Helper()
	w := mustWorkload(t, ws, name)
	if w.service == nil {
		t.Fatalf("no service runs the %s task definition", name)
	}
	return w.service
}

func taskSize(t *testing.T, td *harness.Resource) catalog.FargateSize {
	t.Helper()
	cpu, err1 := strconv.Atoi(td.String("cpu"))
	memory, err2 := strconv.Atoi(td.String("memory"))
	if err1 != nil || err2 != nil {
		t.Fatalf("%s: cpu %q memory %q", td.Name, td.String("cpu"), td.String("memory"))
	}
	return catalog.FargateSize{CPU: cpu, MemoryMiB: memory}
}

// scalableID is a service's Application Auto Scaling resource ID.
func scalableID(inv *harness.Inventory, svc *harness.Resource) string {
	cluster := byARN(inv, clusterType, svc.String("cluster"))
	if cluster == nil {
		return ""
	}
	return "service/" + cluster.String("name") + "/" + svc.String("name")
}

func scalingTargetOf(inv *harness.Inventory, svc *harness.Resource) *harness.Resource {
	for _, target := range inv.OfType(scalingTargetType) {
		if target.String("resourceId") == scalableID(inv, svc) && target.String("scalableDimension") == "ecs:service:DesiredCount" {
			return target
		}
	}
	return nil
}

func scalingPoliciesOf(inv *harness.Inventory, svc *harness.Resource) []*harness.Resource {
	var out []*harness.Resource
	for _, p := range inv.OfType(scalingPolicyType) {
		if p.String("resourceId") == scalableID(inv, svc) {
			out = append(out, p)
		}
	}
	return out
}

func deploymentGroupsOf(inv *harness.Inventory, svc *harness.Resource) []*harness.Resource {
	var out []*harness.Resource
	cluster := byARN(inv, clusterType, svc.String("cluster"))
	for _, g := range inv.OfType(deploymentGroupType) {
		if cluster != nil && g.String("ecsService.clusterName") == cluster.String("name") && g.String("ecsService.serviceName") == svc.String("name") {
			out = append(out, g)
		}
	}
	return out
}

func listenersOf(inv *harness.Inventory, alb *harness.Resource) []*harness.Resource {
	var out []*harness.Resource
	for _, l := range inv.OfType(listenerType) {
		if l.String("loadBalancerArn") == alb.Output("arn") {
			out = append(out, l)
		}
	}
	return out
}

// flagValue returns the argument after flag in a command line, "" when absent.
func flagValue(command []string, flag string) string {
	if i := slices.Index(command, flag); i >= 0 && i+1 < len(command) {
		return command[i+1]
	}
	return ""
}

func secretRefs(c containerDef, variable string) []string {
	var out []string
	for _, s := range c.Secrets {
		if s.Name == variable {
			out = append(out, s.ValueFrom)
		}
	}
	return out
}

// settingValue returns the value of the SSM parameter a container reads a variable from.
func settingValue(t *testing.T, inv *harness.Inventory, c containerDef, variable string) string {
	t.Helper()
	refs := secretRefs(c, variable)
	if len(refs) != 1 {
		t.Errorf("%s reads %s from %d places, want 1", c.Name, variable, len(refs))
		return ""
	}
	p := byARN(inv, ssmParameterType, refs[0])
	if p == nil {
		t.Errorf("%s reads %s from %s, no parameter of the stack", c.Name, variable, refs[0])
		return ""
	}
	return p.String("insecureValue") + p.String("value")
}

// currentSecretValue is the secret string of the secret's version.
func currentSecretValue(inv *harness.Inventory, secret *harness.Resource) string {
	for _, v := range inv.OfType(secretVersionType) {
		if v.String("secretId") == secret.ID || v.String("secretId") == secret.Output("arn") {
			return v.String("secretString")
		}
	}
	return ""
}

func primaryDatabase(t *testing.T, inv *harness.Inventory, region string) *harness.Resource {
	t.Helper()
	var out []*harness.Resource
	for _, db := range inv.OfType(rdsInstanceType) {
		if db.Region == region && !db.Has("replicateSourceDb") {
			out = append(out, db)
		}
	}
	if len(out) != 1 {
		t.Fatalf("%d primary databases in %s, want 1", len(out), region)
	}
	return out[0]
}

// primaryNamed are the primary's resources a regional stack's application is handed through
// the contract, by ARN, with their types: the source media and assets buckets it writes to,
// the storage key that encrypts them, and the key of the shared secrets' replicas in the
// stack's region. None for a primary.
func primaryNamed(t *testing.T, inv *harness.Inventory) map[string]string {
	t.Helper()
	cfg := stackConfig(t, inv)
	if !cfg.IsRegional() {
		return nil
	}
	c := cfg.Primary.Contract
	named := map[string]string{
		c.MediaBucket.Arn:                    bucketType,
		c.AssetsBucket.Arn:                   bucketType,
		c.StorageKeyArn:                      kmsKeyType,
		c.Replicas[cfg.Region].SecretsKeyArn: kmsKeyType,
	}
	if cfg.HasDisasterRecovery() {
		named[c.Replicas[cfg.SecondaryRegion].SecretsKeyArn] = kmsKeyType
	}
	return named
}

// dataURL is where one of the application's data URLs must point: the inventory that holds
// its secret and the hosts it may name.
type dataURL struct {
	holder *harness.Inventory
	hosts  []string
}

// dataURLs are where DATABASE_URL (the writer), DATABASE_URL_REPLICA (a reader) and
// CACHE_URL (the API cache) of a runtime's tasks must point. A primary holds all three; a
// regional stack's writer is its primary's, whose shared DATABASE_URL secret it reads, and
// its reader is its own cross-region replica in the runtime's region (its home or secondary
// region); a primary's DR runtime has its DR replica as both.
func dataURLs(t *testing.T, inv *harness.Inventory, rt appRuntime) map[string]dataURL {
	t.Helper()
	region := rt.region
	cache := dataURL{inv, []string{apiCache(t, inv, region).Output("primaryEndpointAddress")}}
	regional := stackConfig(t, inv).IsRegional()
	if rt.dr && !regional {
		replica := dataURL{inv, []string{crossRegionReplica(t, inv, "database-dr").Output("address")}}
		return map[string]dataURL{"DATABASE_URL": replica, "DATABASE_URL_REPLICA": replica, "CACHE_URL": cache}
	}
	if !regional {
		return map[string]dataURL{
			"DATABASE_URL":         {inv, []string{primaryDatabase(t, inv, region).Output("address")}},
			"DATABASE_URL_REPLICA": {inv, replicaHosts(t, inv, region)},
			"CACHE_URL":            cache,
		}
	}
	primary := primaryRun(t, inv)
	return map[string]dataURL{
		"DATABASE_URL":         {primary, []string{primaryDatabase(t, primary, primaryContract(t, inv).Region).Output("address")}},
		"DATABASE_URL_REPLICA": {inv, []string{regionalReplicaIn(t, inv, region).Output("address")}},
		"CACHE_URL":            cache,
	}
}

// secretReadAs is holder's Secrets Manager secret that a task in region reads as arn: one of
// holder's secrets in region, or one that replicates to region, whose replica there has the
// same ARN in region (how a regional stack reads its primary's shared secrets); nil for none.
func secretReadAs(holder *harness.Inventory, arn, region string) *harness.Resource {
	for _, s := range holder.OfType(secretType) {
		if s.Region == region && s.Output("arn") == arn {
			return s
		}
		if replicaArn(s.Output("arn"), region) == arn && slices.Contains(secretReplicaRegions(s), region) {
			return s
		}
	}
	return nil
}

// replicaArn is the ARN of a Secrets Manager secret's replica in region: the secret's ARN
// with the region replaced (Secrets Manager keeps a replica's name and suffix).
func replicaArn(arn, region string) string {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) < 5 || parts[2] != "secretsmanager" {
		return ""
	}
	parts[3] = region
	return strings.Join(parts, ":")
}

// secretReplicaRegions are the regions a secret replicates to.
func secretReplicaRegions(secret *harness.Resource) []string {
	var replicas []struct {
		Region string `json:"region"`
	}
	b, _ := json.Marshal(plain(secret.Get("replicas")))
	_ = json.Unmarshal(b, &replicas)
	var out []string
	for _, r := range replicas {
		out = append(out, r.Region)
	}
	return out
}

// regionalReplica is a regional stack's database: the one RDS instance of its region, a
// replica of its primary's writer (the contract's databaseArn).
func regionalReplica(t *testing.T, inv *harness.Inventory) *harness.Resource {
	t.Helper()
	return regionalReplicaIn(t, inv, stackConfig(t, inv).Region)
}

// regionalReplicaIn is a regional stack's replica of its primary's writer in region (its own
// region's, or its secondary region's).
func regionalReplicaIn(t *testing.T, inv *harness.Inventory, region string) *harness.Resource {
	t.Helper()
	source := primaryContract(t, inv).DatabaseArn
	var out []*harness.Resource
	for _, db := range inv.OfType(rdsInstanceType) {
		if db.Region == region && db.String("replicateSourceDb") == source {
			out = append(out, db)
		}
	}
	if len(out) != 1 {
		t.Fatalf("%d replicas of the primary's writer %s, want 1", len(out), source)
	}
	return out[0]
}

// replicaHosts are the addresses DATABASE_URL_REPLICA may point at: the read replicas of
// the region's primary, or the primary when it has none.
func replicaHosts(t *testing.T, inv *harness.Inventory, region string) []string {
	t.Helper()
	primary := primaryDatabase(t, inv, region)
	var out []string
	for _, db := range inv.OfType(rdsInstanceType) {
		if src := db.String("replicateSourceDb"); db.Region == region && (src == primary.Output("identifier") || src == primary.Output("arn")) {
			out = append(out, db.Output("address"))
		}
	}
	if len(out) == 0 {
		out = []string{primary.Output("address")}
	}
	return out
}

// apiCache is the region's cache of the API role (Saleor's CACHE_URL).
func apiCache(t *testing.T, inv *harness.Inventory, region string) *harness.Resource {
	t.Helper()
	for _, rg := range inv.OfType(replicationGroupType) {
		if rg.Region == region && rg.Tags()["Role"] == string(cache.API) {
			return rg
		}
	}
	t.Fatalf("no %s cache in %s", cache.API, region)
	return nil
}

// internetRoute returns the internet gateway a subnet's route table routes to, "" for none.
func internetRoute(inv *harness.Inventory, subnet *harness.Resource) string {
	for _, assoc := range inv.OfType(routeTableAssocType) {
		if assoc.String("subnetId") != subnet.ID {
			continue
		}
		for _, route := range inv.OfType(routeType) {
			if gw := inv.ByID(route.String("gatewayId")); route.String("routeTableId") == assoc.String("routeTableId") && gw != nil && gw.Type == internetGatewayType {
				return gw.ID
			}
		}
	}
	return ""
}

// attachedTo reports whether a role policy or attachment names the role.
func attachedTo(r, role *harness.Resource) bool {
	return r.String("role") == role.String("name") || r.String("role") == role.ID
}

// deadLetterQueues are the queues another queue's redrive policy targets.
func deadLetterQueues(t *testing.T, inv *harness.Inventory) map[*harness.Resource]bool {
	t.Helper()
	out := map[*harness.Resource]bool{}
	for _, q := range inv.OfType(queueType) {
		if !q.Has("redrivePolicy") {
			continue
		}
		var redrive struct {
			DeadLetterTargetArn string `json:"deadLetterTargetArn"`
		}
		if err := q.JSON("redrivePolicy", &redrive); err != nil {
			t.Fatalf("queue %s: %v", q.Name, err)
		}
		dlq := byARN(inv, queueType, redrive.DeadLetterTargetArn)
		if dlq == nil || dlq == q {
			t.Errorf("queue %s redrives to %q, no other queue of the stack", q.Name, redrive.DeadLetterTargetArn)
			continue
		}
		out[dlq] = true
	}
	return out
}

// bucketWithRole is the storage tier's bucket of a role ("logs", "media", ...) in a region.
func bucketWithRole(t *testing.T, inv *harness.Inventory, role, region string) *harness.Resource {
	t.Helper()
	for _, b := range inv.OfType(bucketType) {
		if b.Region == region && b.Tags()["Role"] == role {
			return b
		}
	}
	t.Fatalf("no %s bucket in %s", role, region)
	return nil
}

func bucketPolicyOf(t *testing.T, inv *harness.Inventory, bucket *harness.Resource) policyDocument {
	t.Helper()
	for _, p := range inv.OfType(bucketPolicyType) {
		if p.String("bucket") == bucket.Output("bucket") || p.String("bucket") == bucket.ID {
			return policyDocumentOf(t, p, "policy")
		}
	}
	t.Fatalf("bucket %s has no policy", bucket.Name)
	return policyDocument{}
}

// bucketPolicyAllows reports whether the bucket's policy allows action on exactly resource.
func bucketPolicyAllows(t *testing.T, inv *harness.Inventory, bucket *harness.Resource, action, resource string) bool {
	t.Helper()
	for _, s := range bucketPolicyOf(t, inv, bucket).Statement {
		if s.Effect == "Allow" && slices.Contains(s.Action, action) && slices.Contains(s.Resource, resource) {
			return true
		}
	}
	return false
}

// strs is an IAM policy field that may be one string or a list.
type strs []string

func (s *strs) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*s = strs{one}
		return nil
	}
	var many []string
	err := json.Unmarshal(b, &many)
	*s = many
	return err
}

type policyStatement struct {
	Sid                                      string
	Effect                                   string
	Principal                                json.RawMessage
	Action, NotAction, Resource, NotResource strs
	Condition                                map[string]map[string]any
}

type policyDocument struct {
	Statement []policyStatement
}

func policyDocumentOf(t *testing.T, r *harness.Resource, path string) policyDocument {
	t.Helper()
	var doc policyDocument
	if err := r.JSON(path, &doc); err != nil {
		t.Fatalf("%s %s: %v", r.Type, r.Name, err)
	}
	return doc
}

// principals returns a statement's principals by kind ("Service", "AWS"); a bare "*" is
// {"*": ["*"]}.
func (s policyStatement) principals() map[string]strs {
	var star string
	if json.Unmarshal(s.Principal, &star) == nil {
		return map[string]strs{star: {star}}
	}
	out := map[string]strs{}
	_ = json.Unmarshal(s.Principal, &out)
	return out
}

// byARN returns the resource of a type whose ID or ARN is arn, or nil.
func byARN(inv *harness.Inventory, typ, arn string) *harness.Resource {
	if arn == "" {
		return nil
	}
	for _, r := range inv.OfType(typ) {
		if r.ID == arn || r.Output("arn") == arn {
			return r
		}
	}
	return nil
}

// inRegion returns the resources of a type in a region.
func inRegion(inv *harness.Inventory, typ, region string) []*harness.Resource {
	var out []*harness.Resource
	for _, r := range inv.OfType(typ) {
		if r.Region == region {
			out = append(out, r)
		}
	}
	return out
}

// named returns the resource of a type whose name input is name in a region, or nil.
func named(inv *harness.Inventory, typ, name, region string) *harness.Resource {
	for _, r := range inv.OfType(typ) {
		if r.Region == region && (r.String("name") == name || r.Output("name") == name) {
			return r
		}
	}
	return nil
}

// decode reads the input at path into out through JSON, secrets unwrapped.
func decode(t *testing.T, r *harness.Resource, path string, out any) {
	t.Helper()
	b, err := json.Marshal(plain(r.Get(path)))
	if err == nil {
		err = json.Unmarshal(b, out)
	}
	if err != nil {
		t.Fatalf("%s %s: %s: %v", r.Type, r.Name, path, err)
	}
}

// plain turns a property value into plain Go values, secrets unwrapped.
func plain(v resource.PropertyValue) any {
	var unwrap func(resource.PropertyValue) (any, bool)
	unwrap = func(p resource.PropertyValue) (any, bool) {
		if p.IsSecret() {
			return p.SecretValue().Element.MapRepl(nil, unwrap), true
		}
		return nil, false
	}
	return v.MapRepl(nil, unwrap)
}
