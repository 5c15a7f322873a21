package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

const (
	ecrRepository      = "aws:ecr/repository:Repository"
	ecrLifecyclePolicy = "aws:ecr/lifecyclePolicy:LifecyclePolicy"
	ecsService         = "aws:ecs/service:Service"
	ecsTaskDefinition  = "aws:ecs/taskDefinition:TaskDefinition"
)

// containers runs check on every container of a task definition's containerDefinitions JSON,
// prefixing messages with the container's name. An unknown document (it embeds image URIs and
// log group names, outputs in preview) is decided at update.
func containers(check func(c property.Map, r *report)) func(in input, r *report) {
	return func(in input, r *report) {
		doc, ok := jsonDoc(in.props, "containerDefinitions")
		switch {
		case !ok:
			r.addf("containerDefinitions is not valid JSON")
			return
		case doc.unknown():
			return
		}
		for i, c := range doc.maps() {
			r.in(fmt.Sprintf("containerDefinitions[%d](%s)", i, get(c, "name").str()), value{property.New(c)}, check)
		}
	}
}

// secretWord matches an environment variable name that names a credential: one of the words
// as a whole underscore-separated part, or a URL carrying credentials.
var secretWord = regexp.MustCompile(`(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|KEY|DATABASE_URL|CACHE_URL)(_|$)`)

// secretReference matches a variable that names a secret rather than holding one: its last
// part is an ARN, ID, NAME or PATH (DB_SECRET_ARN, KMS_KEY_ID).
var secretReference = regexp.MustCompile(`_(ARN|ID|NAME|PATH)$`)

// credentialVariables are the variables AWS Config's ecs-no-environment-secrets rule (FSBP
// ECS.8) looks for, credentials whatever their suffix.
var credentialVariables = []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"}

// holdsCredential reports whether an environment variable's name says it holds a credential.
func holdsCredential(name string) bool {
	name = strings.ToUpper(name)
	return slices.Contains(credentialVariables, name) || secretWord.MatchString(name) && !secretReference.MatchString(name)
}

// ecsLogDrivers are the log drivers a Fargate task's containers may name (the ECS developer
// guide: "For tasks on AWS Fargate, the supported log drivers are awslogs, splunk, and
// awsfirelens"); every task of the program runs on Fargate.
var ecsLogDrivers = []string{"awslogs", "awsfirelens", "splunk"}

var computeRules = []resourceRule{
	{
		name:        "ecr-immutable-tags",
		description: "ECR repositories have immutable image tags [FSBP ECR.2, CKV_AWS_51]",
		level:       mandatory,
		types:       []string{ecrRepository},
		check: onProps(func(p property.Map, r *report) {
			r.requireOneOf(p, []string{"IMMUTABLE"}, "imageTagMutability")
		}),
	},
	{
		name:        "ecr-scan-on-push",
		description: "ECR repositories scan images on push [FSBP ECR.1, CKV_AWS_163]",
		level:       mandatory,
		types:       []string{ecrRepository},
		check: onProps(func(p property.Map, r *report) {
			r.requireTrue(p, "imageScanningConfiguration", "scanOnPush")
		}),
	},
	{
		name:        "ecr-encryption-cmk",
		description: "ECR repositories are encrypted with a customer-managed KMS key [CKV_AWS_136]",
		level:       mandatory,
		types:       []string{ecrRepository},
		check: onProps(func(p property.Map, r *report) {
			configs := get(p, "encryptionConfigurations")
			if configs.unknown() {
				return
			}
			anySatisfies(configs.maps(), func(c property.Map, rr *report) {
				rr.requireOneOf(c, []string{"KMS"}, "encryptionType")
				rr.requireCustomerManagedKey(c, "kmsKey")
			}, r)
			if len(configs.maps()) == 0 {
				r.addf("encryptionConfigurations must set encryptionType KMS with a kmsKey")
			}
		}),
	},
	{
		name:        "ecs-service-no-public-ip",
		description: "ECS services do not assign public IPs to tasks [FSBP ECS.2, CKV_AWS_333]",
		level:       mandatory,
		types:       []string{ecsService},
		check: onProps(func(p property.Map, r *report) {
			r.forbidTrue(p, "networkConfiguration", "assignPublicIp")
		}),
	},
	{
		name: "ecs-service-multi-az",
		description: "ECS services place tasks across at least 2 subnets, and services behind a load balancer " +
			"run at least 2 tasks (queue consumers and singletons such as Celery beat are rescheduled in " +
			"another zone instead), unless tagged as a standby runtime waiting to take over [WA REL10-BP01]",
		level:  mandatory,
		types:  []string{ecsService},
		schema: schema(standbySchema()),
		check: func(in input, r *report) {
			if lbs := get(in.props, "loadBalancers"); !lbs.unknown() && !lbs.empty() && !standingBy(in) {
				r.requireAtLeast(in.props, 2, "desiredCount")
			}
			r.requireCountAtLeast(in.props, 2, "networkConfiguration", "subnets")
		},
	},
	{
		name:        "ecs-task-not-privileged",
		description: "ECS containers do not run privileged [FSBP ECS.4]",
		level:       mandatory,
		types:       []string{ecsTaskDefinition},
		check:       containers(func(c property.Map, r *report) { r.forbidTrue(c, "privileged") }),
	},
	{
		name:        "ecs-task-read-only-root",
		description: "ECS containers have read-only root filesystems (readonlyRootFilesystem true; unset is writable) [FSBP ECS.5, CKV_AWS_336]",
		level:       advisory,
		types:       []string{ecsTaskDefinition},
		check:       containers(func(c property.Map, r *report) { r.requireTrue(c, "readonlyRootFilesystem") }),
	},
	{
		name: "ecs-task-no-secrets-in-environment",
		description: "ECS containers take credentials from secrets, not environment variables named like " +
			"PASSWORD, SECRET, TOKEN, KEY, DATABASE_URL or CACHE_URL (not *_ARN, *_ID, *_NAME, *_PATH references), " +
			"nor AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or ECS_ENGINE_AUTH_DATA [FSBP ECS.8]",
		level: mandatory,
		types: []string{ecsTaskDefinition},
		check: containers(func(c property.Map, r *report) {
			for _, env := range get(c, "environment").maps() {
				if name := get(env, "name").str(); holdsCredential(name) {
					r.addf("environment %s must come from secrets (valueFrom), not a plain value", name)
				}
			}
		}),
	},
	{
		name:        "ecs-task-logging",
		description: "ECS containers have a logging configuration with a log driver Fargate supports (awslogs, awsfirelens, splunk) [FSBP ECS.9]",
		level:       mandatory,
		types:       []string{ecsTaskDefinition},
		check: containers(func(c property.Map, r *report) {
			r.requireOneOf(c, ecsLogDrivers, "logConfiguration", "logDriver")
		}),
	},
	{
		name:        "ecs-task-no-host-pid",
		description: "ECS task definitions do not share the host's process namespace [FSBP ECS.3, CKV_AWS_335]",
		level:       mandatory,
		types:       []string{ecsTaskDefinition},
		check: onProps(func(p property.Map, r *report) {
			if get(p, "pidMode").str() == "host" {
				r.addf("pidMode must not be \"host\"")
			}
		}),
	},
}

var computeStackRules = []stackRule{
	{
		name:        "ecr-lifecycle-policy",
		description: "ECR repositories have a lifecycle policy expiring old images [FSBP ECR.3]",
		level:       advisory,
		check: func(s *stack, _ ruleConfig) []finding {
			return requireReferrer(s, s.ofType(ecrRepository), ecrLifecyclePolicy, "repository", "name",
				"no aws:ecr/lifecyclePolicy:LifecyclePolicy points at this repository")
		},
	},
}
