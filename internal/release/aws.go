package release

import (
	"context"
	"errors"

	"github.com/saleor-platform/infra/internal/release/target"
)

// ErrImageNotFound is what Registry.Image returns for a tag the repository does not have.
var ErrImageNotFound = errors.New("image not found")

// Image is a pushed image as the registry reports it.
type Image struct {
	// Digest is the image's manifest digest, "sha256:...".
	Digest string
	// Immutable is true when the repository's tags cannot be moved to another image.
	Immutable bool
}

// Registry is the runtime's ECR.
type Registry interface {
	// Image returns repositoryURL's image tagged tag, or ErrImageNotFound.
	Image(ctx context.Context, repositoryURL, tag string) (Image, error)
}

// OneOff is a task run once to completion.
type OneOff struct {
	Cluster, TaskDefinition string
	Network                 target.Network
	// Command overrides the task definition's command; nil keeps it.
	Command []string
}

// Cluster is ECS.
type Cluster interface {
	// ServiceTaskDefinition returns the task definition ARN a service runs now.
	ServiceTaskDefinition(ctx context.Context, cluster, service string) (string, error)
	// RegisterWithImage registers a new revision of a task definition with every container
	// running image, and returns its ARN.
	RegisterWithImage(ctx context.Context, taskDefinition, image string) (string, error)
	// Run runs a one-off task on FARGATE without a public IP, waits until it stops and
	// returns its container's exit code.
	Run(ctx context.Context, task OneOff) (int, error)
	// UpdateService puts a service on a task definition (an ECS rolling deployment).
	UpdateService(ctx context.Context, cluster, service, taskDefinition string) error
	// WaitStable waits until every service (name: task definition) has finished its
	// deployment on that task definition; an error if one did not, such as a deployment the
	// circuit breaker rolled back.
	WaitStable(ctx context.Context, cluster string, services map[string]string) error
}

// Deployer is CodeDeploy.
type Deployer interface {
	// Deploy creates a deployment of appSpec (AppSpec YAML) and returns its ID.
	Deploy(ctx context.Context, application, group, appSpec string) (string, error)
	// WaitTrafficShifted waits until production traffic has moved to the replacement task
	// set (the original stays until its termination wait ends); an error if the deployment
	// failed or stopped, which CodeDeploy rolls back.
	WaitTrafficShifted(ctx context.Context, id string) error
	// StopAndRollBack stops a deployment and routes traffic back to the original task set.
	StopAndRollBack(ctx context.Context, id string) error
}

// Targets is the load balancer's view of the API's tasks.
type Targets interface {
	// States returns the health state of each target registered in a target group:
	// "healthy", "unhealthy", "initial", "draining", "unused" or "unavailable".
	States(ctx context.Context, targetGroupArn string) ([]string, error)
}
