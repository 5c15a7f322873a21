// Package release rolls a Saleor image out to one application runtime of a stack, the steps
// `go run ./cmd/release` runs, in this order:
//
//  1. the image: the tag exists in the runtime's ECR repository, whose tags are immutable;
//  2. migrations: a one-off task of the migration task definition with the new image, in
//     the private subnets with the workers' security group; it must exit 0 (else the release
//     stops and nothing has been rolled);
//  3. collectstatic: a one-off task of the worker's task definition with the new image,
//     `python manage.py collectstatic --noinput`, which writes to the assets bucket through
//     Saleor's S3 static storage (AWS_STORAGE_BUCKET_NAME); it must exit 0;
//  4. the services: a copy of each service's latest task definition from the program with
//     the new image; the workers, webhook workers and beat roll with ECS (the circuit breaker
//     rolls a failing one back), then the API, with ECS or, BlueGreen, a CodeDeploy
//     deployment whose AppSpec is generated from the stack's outputs (AppSpec);
//  5. smoke tests: every target of the API's target groups healthy (the load balancer's own
//     GET /health/), and `{ shop { name } }` answered through the public GraphQL endpoint;
//  6. on a failure after 4 began: roll back what was rolled (Rollback): stop the CodeDeploy
//     deployment with rollback, and put the ECS services back on their previous task
//     definitions; migrations stay (Saleor's migrations keep the previous release working).
//
// A standby runtime (a DR or secondary region, pilot-light or warm, on a replica) gets steps
// 1 and 4 only: its database is a replica, which the writer's migrations reach by
// replication, and its assets bucket a replica of the primary's.
//
// The credentials it runs with (the release workflow's saleor-github-release role) need:
// ecr:DescribeRepositories and DescribeImages; ecs:DescribeServices, DescribeTaskDefinition,
// RegisterTaskDefinition, TagResource (a revision keeps the program's tags), RunTask,
// DescribeTasks and UpdateService, with iam:PassRole on the tasks' execution and task roles;
// codedeploy:CreateDeployment, GetDeployment, GetDeploymentConfig, RegisterApplicationRevision,
// GetApplicationRevision, ListDeploymentTargets, GetDeploymentTarget and StopDeployment;
// elasticloadbalancing:DescribeTargetHealth.
//
// The AWS APIs are behind small interfaces (Registry, Cluster, Deployer, Targets), so the
// order, the failure paths and the rollback decision are tested with fakes; cmd/release
// implements them with the AWS SDK for Go v2.
package release
