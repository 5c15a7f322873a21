package release

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/release/target"
)

// shop is a GraphQL endpoint that answers the smoke query with name, or with an error.
func shop(t *testing.T, name string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if name == "" {
			fmt.Fprint(w, `{"data": null, "errors": [{"message": "relation \"site_sitesettings\" does not exist"}]}`)
			return
		}
		fmt.Fprintf(w, `{"data": {"shop": {"name": %q}}}`, name)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// release runs a release of tag 3.22.0 to t against aws and a shop answering name.
func release(t *testing.T, rt target.Target, aws *fakeAWS, name string) error {
	t.Helper()
	srv := shop(t, name)
	r := &Release{
		Target: rt, GraphQLURL: srv.URL + "/graphql/", Tag: "3.22.0",
		Registry: aws, Cluster: aws, Deployer: aws, Targets: aws, HTTP: srv.Client(),
		SmokeAttempts: 2,
	}
	return r.Run(context.Background())
}

const repo = "111111111111.dkr.ecr.eu-central-1.amazonaws.com/saleor-test/saleor"

// serviceSteps are the steps up to the rolling of the services, the same for every serving
// runtime: the image, the services' task definitions before, migrations, collectstatic.
var serviceSteps = []string{
	"ecr image " + repo + ":3.22.0",
	"ecs describe worker", "ecs describe webhooks", "ecs describe beat", "ecs describe api",
	"ecs register td/migrate:5 with " + repo + ":3.22.0",
	`ecs run td/migrate:5+3.22.0 "" in [sg-worker]`,
	"ecs register td/worker:5 with " + repo + ":3.22.0",
	`ecs run td/worker:5+3.22.0 "python manage.py collectstatic --noinput" in [sg-worker]`,
	"ecs register td/worker:5 with " + repo + ":3.22.0", "ecs update worker to td/worker:5+3.22.0",
	"ecs register td/webhooks:5 with " + repo + ":3.22.0", "ecs update webhooks to td/webhooks:5+3.22.0",
	"ecs register td/beat:5 with " + repo + ":3.22.0", "ecs update beat to td/beat:5+3.22.0",
	"ecs wait beat webhooks worker",
	"ecs register td/api:5 with " + repo + ":3.22.0",
}

func TestRollingReleaseRunsTheStepsInOrder(t *testing.T) {
	aws := &fakeAWS{}
	if err := release(t, runtime(target.Rolling), aws, "Saleor e-commerce"); err != nil {
		t.Fatal(err)
	}
	want := append(slices.Clone(serviceSteps),
		"ecs update api to td/api:5+3.22.0", "ecs wait api",
		"elb health tg/blue")
	if !slices.Equal(aws.calls, want) {
		t.Errorf("steps:\n  %s\nwant:\n  %s", strings.Join(aws.calls, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestBlueGreenReleaseDeploysTheAPIWithCodeDeploy(t *testing.T) {
	aws := &fakeAWS{}
	if err := release(t, runtime(target.BlueGreen), aws, "Saleor e-commerce"); err != nil {
		t.Fatal(err)
	}
	want := append(slices.Clone(serviceSteps),
		"codedeploy deploy app/group", "codedeploy wait d-1",
		"elb health tg/blue", "elb health tg/green")
	if !slices.Equal(aws.calls, want) {
		t.Errorf("steps:\n  %s\nwant:\n  %s", strings.Join(aws.calls, "\n  "), strings.Join(want, "\n  "))
	}
	if len(aws.appSpecs) != 1 || !strings.Contains(aws.appSpecs[0], "TaskDefinition: td/api:5+3.22.0") {
		t.Errorf("AppSpecs %v, want one of the new API revision", aws.appSpecs)
	}
}

// TestMigrationFailureStopsBeforeAnythingRolls: a migration that exits non-zero stops the
// release with nothing rolled out and exit code 1.
func TestMigrationFailureStopsBeforeAnythingRolls(t *testing.T) {
	aws := &fakeAWS{exitCodes: map[string]int{"": 1}}
	err := release(t, runtime(target.BlueGreen), aws, "Saleor e-commerce")
	var f *Failure
	if !errors.As(err, &f) || f.Stage != StageMigrate || f.ExitCode() != 1 || !strings.Contains(err.Error(), "nothing was rolled out") {
		t.Fatalf("release: %v; want a failure at %s, nothing rolled, exit 1", err, StageMigrate)
	}
	for _, c := range aws.calls {
		if strings.HasPrefix(c, "ecs update") || strings.HasPrefix(c, "codedeploy") || strings.Contains(c, "collectstatic") {
			t.Errorf("after the failed migration: %s", c)
		}
	}
}

func TestCollectStaticFailureStopsBeforeAnythingRolls(t *testing.T) {
	aws := &fakeAWS{exitCodes: map[string]int{strings.Join(collectStatic, " "): 1}}
	err := release(t, runtime(target.Rolling), aws, "Saleor e-commerce")
	var f *Failure
	if !errors.As(err, &f) || f.Stage != StageCollectStatic || f.ExitCode() != 1 {
		t.Fatalf("release: %v; want a failure at %s, exit 1", err, StageCollectStatic)
	}
	if slices.ContainsFunc(aws.calls, func(c string) bool { return strings.HasPrefix(c, "ecs update") }) {
		t.Errorf("a service was updated after collectstatic failed: %v", aws.calls)
	}
}

// TestImageMustBePushedAndImmutable: a missing tag, or a repository whose tags move, stops
// the release before anything runs.
func TestImageMustBePushedAndImmutable(t *testing.T) {
	for name, aws := range map[string]*fakeAWS{"missing": {missing: true}, "mutable": {mutable: true}} {
		err := release(t, runtime(target.Rolling), aws, "Saleor e-commerce")
		var f *Failure
		if !errors.As(err, &f) || f.Stage != StageImage || f.ExitCode() != 1 || len(aws.calls) != 1 {
			t.Errorf("%s image: %v after %v; want a failure at %s before any other call", name, err, aws.calls, StageImage)
		}
	}
}

// TestSmokeFailureRollsBackEverything: when the smoke tests fail after a blue/green API
// deployment shifted traffic, the deployment is stopped with rollback and the other
// services go back to the task definitions they ran; exit code 2.
func TestSmokeFailureRollsBackEverything(t *testing.T) {
	aws := &fakeAWS{}
	err := release(t, runtime(target.BlueGreen), aws, "")
	var f *Failure
	if !errors.As(err, &f) || f.Stage != StageSmoke || f.ExitCode() != 2 || !strings.Contains(err.Error(), "GraphQL error") {
		t.Fatalf("release: %v; want a smoke failure, rolled back, exit 2", err)
	}
	i := slices.Index(aws.calls, "codedeploy stop d-1 with rollback")
	want := []string{"codedeploy stop d-1 with rollback",
		"ecs update beat to td/beat:1", "ecs update webhooks to td/webhooks:1", "ecs update worker to td/worker:1",
		"ecs wait beat webhooks worker"}
	if i < 0 || !slices.Equal(aws.calls[i:], want) {
		t.Errorf("rollback:\n  %s\nwant it to end with:\n  %s", strings.Join(aws.calls, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestUnhealthyTargetsFailTheSmokeTests: targets the load balancer finds unhealthy fail the
// release even when GraphQL answers (another target served it).
func TestUnhealthyTargetsFailTheSmokeTests(t *testing.T) {
	aws := &fakeAWS{states: []string{"healthy", "unhealthy"}}
	err := release(t, runtime(target.Rolling), aws, "Saleor e-commerce")
	var f *Failure
	if !errors.As(err, &f) || f.Stage != StageSmoke || f.ExitCode() != 2 || f.Rollback.Services["api"] != "td/api:1" {
		t.Fatalf("release: %v; want a smoke failure that puts the API back on td/api:1", err)
	}
}

// TestFailedRollRollsBackTheRolledServices: an API the circuit breaker rolls back fails the
// release, and every service rolled goes back.
func TestFailedRollRollsBackTheRolledServices(t *testing.T) {
	aws := &fakeAWS{unstable: "api"}
	err := release(t, runtime(target.Rolling), aws, "Saleor e-commerce")
	var f *Failure
	if !errors.As(err, &f) || f.Stage != StageRoll || f.ExitCode() != 2 {
		t.Fatalf("release: %v; want a failure at %s, rolled back", err, StageRoll)
	}
	want := map[string]string{"api": "td/api:1", "beat": "td/beat:1", "webhooks": "td/webhooks:1", "worker": "td/worker:1"}
	if !reflect.DeepEqual(f.Rollback.Services, want) || f.Rollback.Deployment != "" {
		t.Errorf("rollback %+v, want services %v", f.Rollback, want)
	}
	if slices.ContainsFunc(aws.calls, func(c string) bool { return strings.HasPrefix(c, "elb") }) {
		t.Error("smoke tests ran after a failed roll")
	}
}

// TestFailedRollbackExitsThree: a rollback that fails is reported as such, exit code 3.
func TestFailedRollbackExitsThree(t *testing.T) {
	aws := &fakeAWS{unstable: "api", failRollback: true}
	err := release(t, runtime(target.Rolling), aws, "Saleor e-commerce")
	var f *Failure
	if !errors.As(err, &f) || f.ExitCode() != 3 || !strings.Contains(err.Error(), "ROLLBACK FAILED") {
		t.Fatalf("release: %v; want a failed rollback, exit 3", err)
	}
}

// TestStandbyRuntimeOnlyGetsTheNewTaskDefinitions: a standby runtime's database is a replica
// and its assets bucket a copy: no migrations, no collectstatic, no smoke tests.
func TestStandbyRuntimeOnlyGetsTheNewTaskDefinitions(t *testing.T) {
	rt := runtime(target.Rolling)
	rt.Serving = false
	aws := &fakeAWS{}
	if err := release(t, rt, aws, ""); err != nil {
		t.Fatal(err)
	}
	for _, c := range aws.calls {
		if strings.HasPrefix(c, "ecs run") || strings.HasPrefix(c, "elb") {
			t.Errorf("standby: %s", c)
		}
	}
	if !slices.Contains(aws.calls, "ecs update api to td/api:5+3.22.0") {
		t.Errorf("standby API not rolled: %v", aws.calls)
	}
}

// TestRollbackDecision: what a failure undoes, by how far the release got.
func TestRollbackDecision(t *testing.T) {
	previous := map[string]string{"worker": "td/worker:1", "api": "td/api:1"}
	tests := []struct {
		name string
		p    progress
		want Rollback
	}{
		{"nothing rolled", progress{previous: previous}, Rollback{}},
		{"workers rolled", progress{previous: previous, updated: []string{"worker"}},
			Rollback{Services: map[string]string{"worker": "td/worker:1"}}},
		{"deployment failed before shifting: CodeDeploy rolled it back", progress{previous: previous, updated: []string{"worker"}, deployment: "d-1"},
			Rollback{Services: map[string]string{"worker": "td/worker:1"}}},
		{"deployment shifted", progress{previous: previous, updated: []string{"worker"}, deployment: "d-1", shifted: true},
			Rollback{Deployment: "d-1", Services: map[string]string{"worker": "td/worker:1"}}},
		{"rolling API", progress{previous: previous, updated: []string{"worker", "api"}},
			Rollback{Services: map[string]string{"worker": "td/worker:1", "api": "td/api:1"}}},
	}
	for _, tt := range tests {
		if got := decideRollback(tt.p); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
