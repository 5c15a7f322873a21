// Package target is the contract between the Pulumi program and cmd/release: the stack
// output OutputName, which the program exports (stacks) from what the compute tier built
// (components/compute) and cmd/release reads with `pulumi stack output --json`. It has no
// dependencies, so the release command builds without the Pulumi SDKs. Every field's `json`
// and `pulumi` tags are the same name (TestTagsAgree).
package target

// OutputName is the stack output holding Outputs.
const OutputName = "release"

// Region roles: the stack's own region, and a primary's disaster-recovery region.
const (
	Primary = "primary"
	DR      = "dr"
)

// API deployment controllers (compute.Rolling, compute.BlueGreen).
const (
	Rolling   = "rolling"
	BlueGreen = "blue-green"
)

// Outputs is what cmd/release needs of a stack.
type Outputs struct {
	// GraphQLURL is the public GraphQL endpoint, https://<domain>/graphql/ (CloudFront), which
	// the smoke test queries.
	GraphQLURL string `json:"graphqlUrl" pulumi:"graphqlUrl"`
	// Regions are the stack's application runtimes by role: Primary, and DR when the stack
	// runs one there.
	Regions map[string]Target `json:"regions" pulumi:"regions"`
}

// Target is one application runtime: an ECS cluster in one region.
type Target struct {
	// Region is the runtime's AWS region (the stack's aws:region or its saleor:secondaryRegion).
	Region string `json:"region" pulumi:"region"`
	// Cluster is the ECS cluster's name.
	Cluster string `json:"cluster" pulumi:"cluster"`
	// Repository is the region's ECR repository URL, which every release is pushed to.
	Repository string `json:"repository" pulumi:"repository"`
	// Image is the image reference the program's task definitions run (saleor:imageTag or
	// saleor:imageDigest, or the built image): a release of another image should be followed
	// by setting it, or the next update that changes a task definition runs it again.
	Image string `json:"image" pulumi:"image"`
	// Services are the runtime's ECS services but the API, which API describes, in the order
	// a release rolls them.
	Services []Service `json:"services" pulumi:"services"`
	// API is the API service and how it deploys.
	API API `json:"api" pulumi:"api"`
	// MigrationTaskDefinition is the ARN of the migration task's task definition
	// (`python manage.py migrate`).
	MigrationTaskDefinition string `json:"migrationTaskDefinition" pulumi:"migrationTaskDefinition"`
	// StaticTaskDefinition is the ARN of the task definition whose role may write the assets
	// bucket (the Celery worker's); collectstatic runs as a one-off task of it.
	StaticTaskDefinition string `json:"staticTaskDefinition" pulumi:"staticTaskDefinition"`
	// TaskNetwork is where one-off tasks (migrations, collectstatic) run: the private subnets
	// and the workers' security group.
	TaskNetwork Network `json:"taskNetwork" pulumi:"taskNetwork"`
	// Serving is true when the runtime serves traffic and owns its data: migrations and
	// collectstatic run from it and the smoke tests apply. A standby runtime (pilot-light or
	// warm, on a replica) only gets the new task definitions.
	Serving bool `json:"serving" pulumi:"serving"`
}

// Service is one ECS service.
type Service struct {
	// Workload is "worker", "webhooks" or "beat" (or "api").
	Workload string `json:"workload" pulumi:"workload"`
	// Name is the ECS service's name.
	Name string `json:"name" pulumi:"name"`
	// TaskDefinition is the ARN of the latest revision the program registered for it (its
	// settings); a release registers a copy with another image.
	TaskDefinition string `json:"taskDefinition" pulumi:"taskDefinition"`
}

// API is the API service.
type API struct {
	// Service is the ECS service's name; TaskDefinition the latest revision the program
	// registered for it (with BlueGreen, only a CodeDeploy deployment puts it in service).
	Service        string `json:"service" pulumi:"service"`
	TaskDefinition string `json:"taskDefinition" pulumi:"taskDefinition"`
	// Deployment is Rolling (ECS) or BlueGreen (CodeDeploy).
	Deployment string `json:"deployment" pulumi:"deployment"`
	// CodeDeployApplication and CodeDeployDeploymentGroup deploy a BlueGreen API ("" when
	// Rolling).
	CodeDeployApplication     string `json:"codeDeployApplication" pulumi:"codeDeployApplication"`
	CodeDeployDeploymentGroup string `json:"codeDeployDeploymentGroup" pulumi:"codeDeployDeploymentGroup"`
	// ContainerName and ContainerPort are the container the load balancer targets.
	ContainerName string `json:"containerName" pulumi:"containerName"`
	ContainerPort int    `json:"containerPort" pulumi:"containerPort"`
	// TargetGroupArns are the API's target groups, the production one first (with
	// BlueGreen, CodeDeploy swaps which serves).
	TargetGroupArns []string `json:"targetGroupArns" pulumi:"targetGroupArns"`
	// Network is where the API tasks run, and CapacityProvider what they run on: a BlueGreen
	// deployment's AppSpec carries both.
	Network          Network `json:"network" pulumi:"network"`
	CapacityProvider string  `json:"capacityProvider" pulumi:"capacityProvider"`
}

// Network is an awsvpc network configuration without public IPs.
type Network struct {
	Subnets        []string `json:"subnets" pulumi:"subnets"`
	SecurityGroups []string `json:"securityGroups" pulumi:"securityGroups"`
}
