// Package compute is the application tier of one region: the ECS Fargate cluster running
// Saleor's API (uvicorn), Celery workers, webhook workers and Celery beat, the one-off
// database-migration task, the ECR repository of the Saleor image, the SQS broker queues,
// the internet-facing ALB behind CloudFront, autoscaling, and the application's
// non-secret settings in Parameter Store.
//
// # The image
//
// The tasks run one image (Args.Image): pushed beforehand to the component's repository
// (RepositoryURL) or another, or built from a Docker build context and pushed by the
// component itself (Image.Build, awsx's ecr.Image; it needs a Docker daemon where `pulumi up`
// runs). The image is Saleor's with a small settings module, named by
// Args.DjangoSettingsModule (default "saleor_aws.settings"; the repository's image/ builds
// it), which reads the variables stock Saleor reads only from its Django settings or not by
// the name this component sets (Variables, SettingsModuleVariables; a test in image/ holds
// the module to that list):
//
//   - CELERY_TASK_DEFAULT_QUEUE, the default queue's name (Celery calls it "celery", and SQS
//     queue names are per account and region, so two stacks in one account would share it);
//   - CELERY_BROKER_TRANSPORT_OPTIONS, kombu's broker transport options, JSON;
//   - DATABASE_URL_REPLICA, the read replica's URL (some Saleor 3.x releases point the
//     replica connection at DATABASE_URL).
//
// This component sets them. The transport options name every queue with its URL (kombu's
// predefined_queues) and the region, so kombu neither lists nor creates queues: the task
// roles need no sqs:ListQueues or sqs:CreateQueue, which cannot be limited to named queues.
//
// # Database migrations
//
// Migrations are not run by the services. The deployment runs the migration task once,
// after pushing the image and before rolling the services, and waits for it; cmd/release
// does it from Compute.Release, by hand it is:
//
//	aws ecs run-task --cluster <ClusterName> --task-definition <MigrationTaskDefinitionArn> \
//	  --capacity-provider-strategy capacityProvider=FARGATE,weight=1 \
//	  --network-configuration 'awsvpcConfiguration={subnets=[<private subnets>],securityGroups=[<worker group>],assignPublicIp=DISABLED}' \
//	  --started-by deploy --query 'tasks[0].taskArn' --output text
//	aws ecs wait tasks-stopped --cluster <ClusterName> --tasks <task ARN>
//	aws ecs describe-tasks --cluster <ClusterName> --tasks <task ARN> \
//	  --query 'tasks[0].containers[0].exitCode'   # must be 0
//
// # Blue/green
//
// With Args.APIDeployment BlueGreen the API service is deployed by CodeDeploy (the pinned
// pulumi-aws v6 ecs.Service has no ECS-native BLUE_GREEN strategy). Pulumi then registers
// new task definition revisions but leaves the service's task definition, load balancers
// and the production listener rule to CodeDeploy; the deployment creates a CodeDeploy
// deployment with an AppSpec naming the new task definition, container APIContainer, port
// AppPort, and the service's network and capacity provider (CodeDeployOwned), which
// cmd/release generates from Compute.Release.
package compute
