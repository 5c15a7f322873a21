// Package compute is the application tier of one region: the ECS Fargate cluster running
// Saleor's API (uvicorn), Celery workers, webhook workers and Celery beat, the one-off
// database-migration task, the ECR repository of the Saleor image, the SQS broker queues,
// the internet-facing ALB behind CloudFront, autoscaling, and the application's
// non-secret settings in Parameter Store.
//
// # The image
//
// The tasks run one image (Args.Image). Celery on SQS needs two settings that stock
// Saleor reads only from its Django settings, not from the environment: the default
// queue's name (Celery calls it "celery", and SQS queue names are per account and region,
// so two stacks in one account would share it) and kombu's broker transport options.
// The image therefore carries a three-line settings module, named by
// Args.DjangoSettingsModule (default "saleor_aws.settings"):
//
//	import json, os
//	from saleor.settings import *  # noqa: F401,F403
//	CELERY_TASK_DEFAULT_QUEUE = os.environ["CELERY_TASK_DEFAULT_QUEUE"]
//	CELERY_BROKER_TRANSPORT_OPTIONS = json.loads(os.environ["CELERY_BROKER_TRANSPORT_OPTIONS"])
//
// This component sets both variables. The transport options name every queue with its URL
// (kombu's predefined_queues) and the region, so kombu neither lists nor creates queues:
// the task roles need no sqs:ListQueues or sqs:CreateQueue, which cannot be limited to
// named queues.
//
// # Database migrations
//
// Migrations are not run by the services. The deployment runs the migration task once,
// after pushing the image and before rolling the services, and waits for it:
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
// deployment with an AppSpec naming APITaskDefinitionArn, container "api", port 8000.
package compute
