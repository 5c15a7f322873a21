package compute

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/awsenv"

	"github.com/saleor-platform/infra/components/iampolicy"
)

// Actions granted to the task roles.
var (
	objectActions  = []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}
	sendActions    = []string{"sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"}
	consumeActions = []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"}
	keyUseActions  = []string{"kms:Decrypt", "kms:GenerateDataKey"}
	pullActions    = []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"}
)

// ecsTasksTrust lets ECS tasks of this account and region assume a role.
func ecsTasksTrust(env awsenv.Environment) string {
	return iampolicy.New(iampolicy.Statement{
		Effect:    "Allow",
		Principal: iampolicy.Service("ecs-tasks.amazonaws.com"),
		Action:    []string{"sts:AssumeRole"},
		Condition: map[string]map[string]any{
			"StringEquals": {"aws:SourceAccount": env.Account},
			"ArnLike":      {"aws:SourceArn": fmt.Sprintf("arn:%s:ecs:%s:%s:*", env.Partition, env.Region, env.Account)},
		},
	}).String()
}

// newRole creates a role ECS tasks assume, with one inline policy.
func newRole(ctx *pulumi.Context, name, description string, env awsenv.Environment, policy pulumi.StringInput, opts ...pulumi.ResourceOption) (*iam.Role, error) {
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.String(description),
		AssumeRolePolicy: pulumi.String(ecsTasksTrust(env)),
	}, opts...)
	if err != nil {
		return nil, err
	}
	_, err = iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{Role: role.Name, Policy: policy}, opts...)
	return role, err
}

// newExecutionRole creates the role ECS uses to start the tasks: pull the image, write the
// log streams, read the settings and secrets.
func newExecutionRole(ctx *pulumi.Context, name string, env awsenv.Environment, img imageSource, logGroupArns []pulumi.StringInput,
	cfg *appConfig, secretsKeys []pulumi.StringInput, opts ...pulumi.ResourceOption) (*iam.Role, error) {
	account, ok := catalog.GuardDutyAgentAccount(env.Region)
	if !ok {
		return nil, fmt.Errorf("compute %s: no GuardDuty agent repository is known for region %s (catalog)", name, env.Region)
	}
	guardDutyAgent := fmt.Sprintf("arn:%s:ecr:%s:%s:repository/%s", env.Partition, env.Region, account, catalog.GuardDutyAgentRepository)
	policy := iampolicy.RenderGroups(func(arns map[string][]string) iampolicy.Document {
		var streams, parameters, secrets []string
		for _, g := range arns["logGroups"] {
			streams = append(streams, g+":log-stream:*")
		}
		parameters = append(parameters, arns["parameters"]...)
		for _, s := range arns["secrets"] {
			if strings.Contains(s, ":ssm:") {
				parameters = append(parameters, s)
			} else {
				secrets = append(secrets, s)
			}
		}
		statements := []iampolicy.Statement{
			iampolicy.Allow("WriteLogStreams", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, streams...),
			iampolicy.Allow("ReadSettings", []string{"ssm:GetParameters"}, parameters...),
			iampolicy.Allow("ReadSecrets", []string{"secretsmanager:GetSecretValue"}, secrets...),
			iampolicy.Allow("DecryptSecrets", []string{"kms:Decrypt"}, arns["secretsKey"]...),
		}
		if repo := arns["repository"][0]; repo != "" {
			statements = append(statements, iampolicy.Allow("PullImage", pullActions, repo))
		}
		statements = append(statements,
			// GuardDuty Runtime Monitoring adds its agent as a sidecar to every Fargate task of
			// the account (whoever enabled it: this stack or the organisation), pulled with this
			// role from GuardDuty's repository in the region.
			iampolicy.Allow("PullGuardDutyAgent", pullActions, guardDutyAgent),
			// GetAuthorizationToken has no resource-level permissions.
			iampolicy.Allow("AuthenticateToRegistry", []string{"ecr:GetAuthorizationToken"}, "*"))
		return iampolicy.New(statements...)
	}, map[string][]pulumi.StringInput{
		"repository": {img.repositoryArn},
		"logGroups":  logGroupArns,
		"parameters": cfg.parameterArns(),
		"secrets":    cfg.secretArns(),
		"secretsKey": secretsKeys,
	})
	return newRole(ctx, name+"-execution", "Starts the Saleor tasks: image, logs, settings, secrets", env, policy, opts...)
}

// newTaskRole creates a workload's role: the broker queues it sends to and consumes, the
// buckets it reads and writes, and the keys those are encrypted with.
func newTaskRole(ctx *pulumi.Context, name string, w workload, a *ComputeArgs, env awsenv.Environment, queues map[string]*queue,
	opts ...pulumi.ResourceOption) (*iam.Role, error) {
	groups := map[string][]pulumi.StringInput{"messagingKey": {a.Keys.Messaging}}
	for _, role := range sortedKeys(queues) {
		groups["queues"] = append(groups["queues"], queues[role].arn)
	}
	if w.consumes != "" {
		groups["consumed"] = []pulumi.StringInput{queues[w.consumes].arn}
	}
	if w.media {
		groups["buckets"] = []pulumi.StringInput{a.Buckets.MediaArn, a.Buckets.AssetsArn}
		groups["storageKey"] = []pulumi.StringInput{a.Buckets.KMSKeyArn}
	}
	policy := iampolicy.RenderGroups(func(arns map[string][]string) iampolicy.Document {
		statements := []iampolicy.Statement{
			iampolicy.Allow("SendTasks", sendActions, arns["queues"]...),
			iampolicy.Allow("UseBrokerKey", keyUseActions, arns["messagingKey"]...),
		}
		if consumed := arns["consumed"]; len(consumed) > 0 {
			statements = append(statements, iampolicy.Allow("ConsumeTasks", consumeActions, consumed...))
		}
		if buckets := arns["buckets"]; len(buckets) > 0 {
			var objects []string
			for _, b := range buckets {
				objects = append(objects, b+"/*")
			}
			statements = append(statements,
				iampolicy.Allow("ListBuckets", []string{"s3:ListBucket"}, buckets...),
				iampolicy.Allow("ReadWriteObjects", objectActions, objects...),
				iampolicy.Allow("UseStorageKey", keyUseActions, arns["storageKey"]...))
		}
		return iampolicy.New(statements...)
	}, groups)
	return newRole(ctx, fmt.Sprintf("%s-%s-task", name, w.name), "Saleor "+w.name+" tasks", env, policy, opts...)
}
