package compute_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

// dataActions are the services whose actions must name specific resources.
var dataActions = []string{"s3:", "sqs:", "kms:"}

// specificResources are the ARNs a role may name for data actions: the buckets and their
// objects, the tier's queues and the keys.
func specificResources(inv *harness.Inventory) map[string]bool {
	ok := map[string]bool{
		mediaBucketArn: true, mediaBucketArn + "/*": true, assetsBucketArn: true, assetsBucketArn + "/*": true,
		storageKey: true, secretsKey: true, messagingKey: true,
	}
	for _, q := range inv.OfType("aws:sqs/queue:Queue") {
		ok[q.Outputs["arn"].StringValue()] = true
	}
	return ok
}

func TestRolePoliciesNameSpecificResources(t *testing.T) {
	for shape, a := range shapes(t) {
		inv := run(t, a)
		allowed := specificResources(inv)
		policies := inv.OfType("aws:iam/rolePolicy:RolePolicy")
		if len(policies) != 6 {
			t.Fatalf("%s: %d role policies, want the execution role's and 5 task roles'", shape, len(policies))
		}
		for _, p := range policies {
			for _, s := range policy(t, p).Statement {
				data := slices.ContainsFunc(s.Action, func(a string) bool {
					return slices.ContainsFunc(dataActions, func(prefix string) bool { return strings.HasPrefix(a, prefix) })
				})
				if !data {
					continue
				}
				if len(s.Resource) == 0 {
					t.Errorf("%s %s %s names no resource", shape, p.Name, s.Sid)
				}
				for _, r := range s.Resource {
					if !allowed[r] {
						t.Errorf("%s %s %s: %v on %q, not one of the tier's buckets, queues or keys", shape, p.Name, s.Sid, s.Action, r)
					}
				}
			}
		}
	}
}

// grants returns a role policy's resources by action.
func grants(t *testing.T, inv *harness.Inventory, name string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, s := range policy(t, inv.Named("aws:iam/rolePolicy:RolePolicy", name)).Statement {
		for _, a := range s.Action {
			out[a] = append(out[a], s.Resource...)
		}
	}
	return out
}

func TestTaskRolesLeastPrivilege(t *testing.T) {
	inv := run(t, staging(t))
	queue := func(role string) string {
		return inv.Named("aws:sqs/queue:Queue", "compute-"+role).Outputs["arn"].StringValue()
	}
	both := []string{queue("default"), queue("webhooks")}
	tests := []struct {
		workload string
		consumes []string
		media    bool
	}{
		{"api", nil, true},
		{"worker", []string{queue("default")}, true},
		{"webhooks", []string{queue("webhooks")}, false},
		{"beat", nil, false},
		{"migrate", nil, false},
	}
	for _, tt := range tests {
		g := grants(t, inv, "compute-"+tt.workload+"-task")
		if !slices.Equal(g["sqs:SendMessage"], both) {
			t.Errorf("%s sends to %v, want both queues", tt.workload, g["sqs:SendMessage"])
		}
		if !slices.Equal(g["sqs:ReceiveMessage"], tt.consumes) || !slices.Equal(g["sqs:DeleteMessage"], tt.consumes) {
			t.Errorf("%s consumes %v, want %v", tt.workload, g["sqs:ReceiveMessage"], tt.consumes)
		}
		if !slices.Equal(g["kms:GenerateDataKey"][:1], []string{messagingKey}) {
			t.Errorf("%s cannot use the messaging key: %v", tt.workload, g["kms:GenerateDataKey"])
		}
		media := slices.Equal(g["s3:PutObject"], []string{mediaBucketArn + "/*", assetsBucketArn + "/*"}) &&
			slices.Contains(g["kms:GenerateDataKey"], storageKey)
		if media != tt.media || (!tt.media && len(g["s3:GetObject"]) > 0) {
			t.Errorf("%s: S3 grants %v, want media access %v", tt.workload, g["s3:PutObject"], tt.media)
		}
		if len(g["sqs:ListQueues"]) > 0 || len(g["sqs:CreateQueue"]) > 0 {
			t.Errorf("%s may list or create queues", tt.workload)
		}
	}
}

func TestExecutionRoleReadsOnlyItsSecrets(t *testing.T) {
	inv := run(t, staging(t))
	g := grants(t, inv, "compute-execution")
	secretKey := inv.Named("aws:secretsmanager/secret:Secret", "compute-secret-key").Outputs["arn"].StringValue()
	jwtKey := inv.Named("aws:secretsmanager/secret:Secret", "compute-jwt-key").Outputs["arn"].StringValue()
	wantSecrets := []string{cacheSecret, databaseSecret, emailSecret, replicaSecret, secretKey, jwtKey}
	slices.Sort(wantSecrets)
	if got := slices.Sorted(slices.Values(g["secretsmanager:GetSecretValue"])); !slices.Equal(got, wantSecrets) {
		t.Errorf("execution role reads secrets %v, want %v", got, wantSecrets)
	}
	if got := g["kms:Decrypt"]; !slices.Equal(got, []string{secretsKey}) {
		t.Errorf("execution role decrypts with %v, want the secrets key", got)
	}
	params := g["ssm:GetParameters"]
	if len(params) != len(inv.OfType("aws:ssm/parameter:Parameter")) {
		t.Errorf("execution role reads parameters %v", params)
	}
	for _, p := range params {
		if !strings.HasPrefix(p, "arn:aws:ssm:eu-central-1:123456789012:parameter/saleor/test/") {
			t.Errorf("execution role reads %s, outside the tier's path", p)
		}
	}
	for _, s := range g["logs:PutLogEvents"] {
		if !strings.HasPrefix(s, "arn:aws:logs:eu-central-1:123456789012:log-group:/saleor/test/ecs/") || !strings.HasSuffix(s, ":log-stream:*") {
			t.Errorf("execution role writes to %s", s)
		}
	}
}

func TestTaskRolesTrustOnlyThisAccountsTasks(t *testing.T) {
	inv := run(t, staging(t))
	checked := 0
	for _, r := range inv.OfType("aws:iam/role:Role") {
		var doc struct {
			Statement []struct {
				Principal map[string][]string
				Condition map[string]map[string]string
			}
		}
		if err := r.JSON("assumeRolePolicy", &doc); err != nil {
			t.Fatal(err)
		}
		s := doc.Statement[0]
		if !slices.Equal(s.Principal["Service"], []string{"ecs-tasks.amazonaws.com"}) {
			continue
		}
		checked++
		if s.Condition["StringEquals"]["aws:SourceAccount"] != harness.AccountID ||
			s.Condition["ArnLike"]["aws:SourceArn"] != "arn:aws:ecs:eu-central-1:123456789012:*" {
			t.Errorf("%s trusts ECS tasks without the confused-deputy conditions: %v", r.Name, s.Condition)
		}
	}
	if checked != 6 {
		t.Errorf("%d roles trust ECS tasks, want the execution role and 5 task roles", checked)
	}
}

// TestExecutionRolePullsGuardDutysAgent: GuardDuty Runtime Monitoring adds its agent to every
// Fargate task, pulled with the execution role from GuardDuty's repository in the task's
// region; the role may pull that image and its own, nothing else.
func TestExecutionRolePullsGuardDutysAgent(t *testing.T) {
	for shape, a := range shapes(t) {
		inv := run(t, a)
		g := grants(t, inv, "compute-execution")
		agent := "arn:aws:ecr:eu-central-1:323658145986:repository/aws-guardduty-agent-fargate"
		for _, action := range []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"} {
			if !slices.Contains(g[action], agent) {
				t.Errorf("%s: the execution role cannot %s GuardDuty's agent: %v", shape, action, g[action])
			}
			for _, r := range g[action] {
				if r != agent && !strings.HasPrefix(r, "arn:aws:ecr:eu-central-1:123456789012:repository/") {
					t.Errorf("%s: the execution role may %s %s", shape, action, r)
				}
			}
		}
		if !slices.Equal(g["ecr:GetAuthorizationToken"], []string{"*"}) {
			t.Errorf("%s: the execution role cannot log in to ECR: %v", shape, g["ecr:GetAuthorizationToken"])
		}
	}
}
