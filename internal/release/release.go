package release

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/saleor-platform/infra/internal/release/target"
)

// Stages of a release, as a Failure names them.
const (
	StageImage         = "image"
	StageMigrate       = "migrate"
	StageCollectStatic = "collectstatic"
	StageRoll          = "roll"
	StageSmoke         = "smoke"
)

// collectStatic is the command that uploads Saleor's static files to the assets bucket.
var collectStatic = []string{"python", "manage.py", "collectstatic", "--noinput"}

// Release rolls image Tag out to one runtime.
type Release struct {
	// Target is the runtime; GraphQLURL the stack's public GraphQL endpoint (target.Outputs).
	Target     target.Target
	GraphQLURL string
	// Tag is the image tag to release, pushed to Target.Repository beforehand.
	Tag string

	Registry Registry
	Cluster  Cluster
	Deployer Deployer
	Targets  Targets
	// HTTP is the smoke tests' client.
	HTTP *http.Client
	// Log receives one line per step.
	Log io.Writer
	// SmokeAttempts is how often the smoke tests are tried before they fail, SmokeInterval
	// the wait between tries (CloudFront and the load balancer may need a moment).
	SmokeAttempts int
	SmokeInterval time.Duration
	// RollbackTimeout bounds the rollback, which runs even when the release's context ended.
	RollbackTimeout time.Duration
}

// Failure is a release that did not complete: where it failed and what was undone.
type Failure struct {
	// Stage is where it failed, one of the Stage constants.
	Stage string
	Err   error
	// Rollback is what was undone; RollbackErr why undoing failed (a person must finish it).
	Rollback    Rollback
	RollbackErr error
}

func (f *Failure) Error() string {
	msg := fmt.Sprintf("release failed at %s: %v", f.Stage, f.Err)
	switch {
	case f.RollbackErr != nil:
		msg += fmt.Sprintf("; ROLLBACK FAILED, finish it by hand: %v", f.RollbackErr)
	case f.Rollback.empty():
		msg += "; nothing was rolled out"
	default:
		msg += "; rolled back"
	}
	return msg
}

func (f *Failure) Unwrap() error { return f.Err }

// ExitCode is the command's exit status for f: 1 when nothing was rolled out, 2 after a
// rollback, 3 when the rollback failed.
func (f *Failure) ExitCode() int {
	switch {
	case f.RollbackErr != nil:
		return 3
	case f.Rollback.empty():
		return 1
	}
	return 2
}

// progress is what a release has changed so far.
type progress struct {
	// previous is each service's task definition before the release.
	previous map[string]string
	// updated are the services put on a new task definition through ECS, in order.
	updated []string
	// deployment is the API's CodeDeploy deployment; shifted is true once production traffic
	// reached its replacement task set.
	deployment string
	shifted    bool
}

// Rollback is what undoes a failed release.
type Rollback struct {
	// Deployment is the CodeDeploy deployment to stop with rollback; "" for none.
	Deployment string
	// Services are the ECS services to put back, each on its previous task definition.
	Services map[string]string
}

func (r Rollback) empty() bool { return r.Deployment == "" && len(r.Services) == 0 }

// decideRollback returns what undoes p: every service ECS rolled goes back to its previous
// task definition (one the circuit breaker already rolled back is put there again, which
// changes nothing), and a CodeDeploy deployment is stopped with rollback once it shifted
// traffic; one that failed before has been rolled back by CodeDeploy (auto-rollback on
// DEPLOYMENT_FAILURE). Nothing rolled, nothing to undo: migrations and static files stay.
func decideRollback(p progress) Rollback {
	var rb Rollback
	for _, svc := range p.updated {
		if rb.Services == nil {
			rb.Services = map[string]string{}
		}
		rb.Services[svc] = p.previous[svc]
	}
	if p.deployment != "" && p.shifted {
		rb.Deployment = p.deployment
	}
	return rb
}

func (r *Release) logf(format string, args ...any) {
	if r.Log != nil {
		fmt.Fprintf(r.Log, format+"\n", args...)
	}
}

// Image is the reference the release runs: the repository and the tag.
func (r *Release) Image() string { return r.Target.Repository + ":" + r.Tag }

// Run releases; it returns a *Failure when it did not complete.
func (r *Release) Run(ctx context.Context) error {
	t := r.Target
	image := r.Image()
	r.logf("release %s to %s (%s, cluster %s)", image, t.Region, servingWord(t.Serving), t.Cluster)
	if err := r.checkImage(ctx); err != nil {
		return &Failure{Stage: StageImage, Err: err}
	}
	p := progress{previous: map[string]string{}}
	for _, svc := range append(serviceNames(t), t.API.Service) {
		td, err := r.Cluster.ServiceTaskDefinition(ctx, t.Cluster, svc)
		if err != nil {
			return &Failure{Stage: StageImage, Err: err}
		}
		p.previous[svc] = td
	}
	if t.Serving {
		if err := r.oneOff(ctx, "migrations", t.MigrationTaskDefinition, nil); err != nil {
			return &Failure{Stage: StageMigrate, Err: err}
		}
		if err := r.oneOff(ctx, "collectstatic", t.StaticTaskDefinition, collectStatic); err != nil {
			return &Failure{Stage: StageCollectStatic, Err: err}
		}
	} else {
		r.logf("standby runtime: no migrations (its database replicates the writer's), no collectstatic, no smoke tests")
	}
	if err := r.roll(ctx, &p); err != nil {
		return r.fail(ctx, StageRoll, err, p)
	}
	if t.Serving {
		if err := r.smoke(ctx); err != nil {
			return r.fail(ctx, StageSmoke, err, p)
		}
	}
	r.logf("released %s to %s", image, t.Region)
	if t.Image != image {
		r.logf("note: the program's task definitions run %s, not the released image: set saleor:imageTag to %s "+
			"(pulumi config set saleor:imageTag %s, committed), or the next pulumi up that changes a task definition runs %s again",
			t.Image, r.Tag, r.Tag, t.Image)
	}
	return nil
}

func servingWord(serving bool) string {
	if serving {
		return "serving"
	}
	return "standby"
}

func serviceNames(t target.Target) []string {
	var out []string
	for _, s := range t.Services {
		out = append(out, s.Name)
	}
	return out
}

// checkImage checks that the tag exists in the runtime's repository and cannot move.
func (r *Release) checkImage(ctx context.Context) error {
	img, err := r.Registry.Image(ctx, r.Target.Repository, r.Tag)
	switch {
	case errors.Is(err, ErrImageNotFound):
		return fmt.Errorf("%s is not in %s's repository: push it there first", r.Image(), r.Target.Region)
	case err != nil:
		return err
	case !img.Immutable:
		return fmt.Errorf("%s's tags are mutable: %s could change under the release", r.Target.Repository, r.Tag)
	}
	r.logf("image %s is %s", r.Image(), img.Digest)
	return nil
}

// oneOff runs a one-off task of a copy of taskDefinition with the new image, optionally
// with another command, and requires exit code 0.
func (r *Release) oneOff(ctx context.Context, what, taskDefinition string, command []string) error {
	td, err := r.Cluster.RegisterWithImage(ctx, taskDefinition, r.Image())
	if err != nil {
		return err
	}
	r.logf("%s: running %s", what, td)
	code, err := r.Cluster.Run(ctx, OneOff{Cluster: r.Target.Cluster, TaskDefinition: td, Network: r.Target.TaskNetwork, Command: command})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if code != 0 {
		return fmt.Errorf("%s exited %d (its log group has the output)", what, code)
	}
	r.logf("%s: exit 0", what)
	return nil
}

// roll puts the workers, webhook workers and beat on copies of their task definitions with
// the new image, waits for them, then the API: with ECS, or a CodeDeploy deployment.
func (r *Release) roll(ctx context.Context, p *progress) error {
	t := r.Target
	stable := map[string]string{}
	for _, s := range t.Services {
		td, err := r.Cluster.RegisterWithImage(ctx, s.TaskDefinition, r.Image())
		if err != nil {
			return err
		}
		r.logf("%s: rolling %s onto %s", s.Workload, s.Name, td)
		if err := r.Cluster.UpdateService(ctx, t.Cluster, s.Name, td); err != nil {
			return err
		}
		p.updated = append(p.updated, s.Name)
		stable[s.Name] = td
	}
	if err := r.Cluster.WaitStable(ctx, t.Cluster, stable); err != nil {
		return err
	}
	td, err := r.Cluster.RegisterWithImage(ctx, t.API.TaskDefinition, r.Image())
	if err != nil {
		return err
	}
	if t.API.Deployment != target.BlueGreen {
		r.logf("api: rolling %s onto %s", t.API.Service, td)
		if err := r.Cluster.UpdateService(ctx, t.Cluster, t.API.Service, td); err != nil {
			return err
		}
		p.updated = append(p.updated, t.API.Service)
		return r.Cluster.WaitStable(ctx, t.Cluster, map[string]string{t.API.Service: td})
	}
	spec, err := AppSpec(t.API, td)
	if err != nil {
		return err
	}
	id, err := r.Deployer.Deploy(ctx, t.API.CodeDeployApplication, t.API.CodeDeployDeploymentGroup, spec)
	if err != nil {
		return err
	}
	p.deployment = id
	r.logf("api: CodeDeploy deployment %s of %s (blue/green)", id, td)
	if err := r.Deployer.WaitTrafficShifted(ctx, id); err != nil {
		return fmt.Errorf("CodeDeploy deployment %s: %w", id, err)
	}
	p.shifted = true
	r.logf("api: production traffic on %s", td)
	return nil
}

// smoke runs the smoke tests until they pass, at most SmokeAttempts times.
func (r *Release) smoke(ctx context.Context) error {
	attempts := max(r.SmokeAttempts, 1)
	var err error
	for i := range attempts {
		if i > 0 {
			select {
			case <-ctx.Done():
				return errors.Join(err, ctx.Err())
			case <-time.After(r.SmokeInterval):
			}
		}
		if err = r.smokeOnce(ctx); err == nil {
			return nil
		}
		r.logf("smoke test %d/%d: %v", i+1, attempts, err)
	}
	return err
}

func (r *Release) smokeOnce(ctx context.Context) error {
	states := map[string][]string{}
	for _, tg := range r.Target.API.TargetGroupArns {
		s, err := r.Targets.States(ctx, tg)
		if err != nil {
			return err
		}
		states[tg] = s
	}
	if err := targetsHealthy(states); err != nil {
		return err
	}
	name, err := queryShop(ctx, r.HTTP, r.GraphQLURL)
	if err != nil {
		return err
	}
	r.logf("smoke: targets healthy; %s answers shop %q", r.GraphQLURL, name)
	return nil
}

// fail undoes p (decideRollback) and returns the Failure.
func (r *Release) fail(ctx context.Context, stage string, err error, p progress) *Failure {
	f := &Failure{Stage: stage, Err: err, Rollback: decideRollback(p)}
	r.logf("%s failed: %v", stage, err)
	if f.Rollback.empty() {
		return f
	}
	timeout := r.RollbackTimeout
	if timeout == 0 {
		timeout = 30 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	f.RollbackErr = r.rollBack(ctx, f.Rollback)
	return f
}

// rollBack carries rb out: the CodeDeploy deployment first (production traffic back on the
// original task set at once), then the ECS services, waited for.
func (r *Release) rollBack(ctx context.Context, rb Rollback) error {
	var errs []error
	if rb.Deployment != "" {
		r.logf("rollback: stopping CodeDeploy deployment %s with rollback", rb.Deployment)
		errs = append(errs, r.Deployer.StopAndRollBack(ctx, rb.Deployment))
	}
	if len(rb.Services) > 0 {
		for _, svc := range sortedKeys(rb.Services) {
			r.logf("rollback: %s back onto %s", svc, rb.Services[svc])
			errs = append(errs, r.Cluster.UpdateService(ctx, r.Target.Cluster, svc, rb.Services[svc]))
		}
		errs = append(errs, r.Cluster.WaitStable(ctx, r.Target.Cluster, rb.Services))
	}
	return errors.Join(errs...)
}
