package compute_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/internal/harness"
)

// buildContext writes a build context with a Dockerfile and a settings module and returns it.
func buildContext(t *testing.T, settings string) string {
	t.Helper()
	dir := t.TempDir()
	for path, content := range map[string]string{
		"Dockerfile":             "FROM ghcr.io/saleor/saleor:3.21.4\nCOPY saleor_aws /app/saleor_aws\n",
		"saleor_aws/settings.py": settings,
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, path)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, path), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// built runs the component with Image.Build on dir and returns the image build.
func built(t *testing.T, dir string) (*harness.Inventory, *harness.Resource) {
	t.Helper()
	a := staging(t)
	a.Image = compute.Image{Build: &compute.ImageBuild{Context: dir}}
	inv := run(t, a)
	images := inv.OfType("awsx:ecr:Image")
	if len(images) != 1 {
		t.Fatalf("%d awsx:ecr:Image, want 1", len(images))
	}
	return inv, images[0]
}

// TestBuiltImageIsPushedToTheOwnRepositoryAndRunByDigest: with Image.Build the component
// builds the context for the tasks' platform, pushes it to its own repository with a tag of
// the context's content, and every task runs the pushed digest, pulled from that repository.
func TestBuiltImageIsPushedToTheOwnRepositoryAndRunByDigest(t *testing.T) {
	dir := buildContext(t, "from saleor.settings import *\n")
	inv, img := built(t, dir)
	repo := inv.OfType("aws:ecr/repository:Repository")[0]
	if img.String("repositoryUrl") != repo.Outputs["repositoryUrl"].StringValue() || img.String("context") != dir ||
		img.String("platform") != "linux/amd64" || !strings.HasPrefix(img.String("imageTag"), "build-") {
		t.Errorf("image build: repository %q, context %q, platform %q, tag %q; want the own repository, %s, linux/amd64, build-<digest>",
			img.String("repositoryUrl"), img.String("context"), img.String("platform"), img.String("imageTag"), dir)
	}
	uri := img.Outputs["imageUri"].StringValue()
	if !strings.HasPrefix(uri, repo.Outputs["repositoryUrl"].StringValue()+"@sha256:") {
		t.Fatalf("imageUri %q is not the own repository by digest", uri)
	}
	for _, w := range workloads {
		if got := containers(t, inv, w)[0].Image; got != uri {
			t.Errorf("%s runs %s, want the built %s", w, got, uri)
		}
	}
	for _, s := range policy(t, inv.Named("aws:iam/rolePolicy:RolePolicy", "compute-execution")).Statement {
		if s.Sid == "PullImage" && !slices.Equal(s.Resource, []string{repo.Outputs["arn"].StringValue()}) {
			t.Errorf("execution role pulls from %v, want the own repository", s.Resource)
		}
	}

	// The repository's tags are immutable: a changed context pushes under a new tag, an
	// unchanged one under the same.
	_, again := built(t, dir)
	_, changed := built(t, buildContext(t, "from saleor.settings import *\nDEBUG = False\n"))
	if again.String("imageTag") != img.String("imageTag") || changed.String("imageTag") == img.String("imageTag") {
		t.Errorf("tags: %s, again %s, changed context %s; want the same, then a new one",
			img.String("imageTag"), again.String("imageTag"), changed.String("imageTag"))
	}
}

func TestBuildContextWithoutDockerfileIsRefused(t *testing.T) {
	a := staging(t)
	a.Image = compute.Image{Build: &compute.ImageBuild{Context: t.TempDir()}}
	_, _, err := deploy(a)
	if err == nil || !strings.Contains(err.Error(), "holds no Dockerfile") {
		t.Errorf("a context without a Dockerfile: %v", err)
	}
}
