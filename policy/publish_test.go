package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/archive"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
	"gopkg.in/yaml.v3"

	"github.com/saleor-platform/infra/policy/analyzer/analyzertest"
	"github.com/saleor-platform/infra/policy/rules"
)

// archivePrefix is the directory `pulumi policy publish` puts the pack under in its archive,
// and the one the CLI strips when it installs a published pack (pkg/v3 backend/httpstate
// policypack.go, v3.274.1).
const archivePrefix = "package"

// TestPackBuildsFromItsFolderAlone does with this folder, outside the repository, what the
// CLI and its Go language host do with a published pack: `pulumi policy publish` archives the
// folder and runs `go build` in it to ask the analyzer for its name and version; a `pulumi up`
// with the pack enabled in Pulumi Cloud (Pulumi Deployments) extracts the archive, runs
// `go mod tidy -compat=1.18` in it, builds it and starts it. The folder must therefore be a
// module of its own whose go.mod and go.sum are complete and tidy.
func TestPackBuildsFromItsFolderAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the pack from a copy of its folder")
	}
	self, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	tgz, err := archive.TGZ(self, archivePrefix, true)
	if err != nil {
		t.Fatalf("archiving the pack as publish does: %v", err)
	}
	dir := filepath.Join(t.TempDir(), rules.PackName)
	err = archive.ExtractTGZWithRemap(bytes.NewReader(tgz), dir, func(path string) string {
		if rel, ok := strings.CutPrefix(path, archivePrefix+"/"); ok {
			return rel
		}
		return "" // dropped, as the CLI drops it
	})
	if err != nil {
		t.Fatalf("extracting the archive: %v", err)
	}

	// Publish: the language host builds the pack where it is, with go.mod and go.sum as they are.
	bin := filepath.Join(t.TempDir(), rules.PackName)
	goCommand(t, dir, "build", "-o", bin, ".")
	checkAnalyzer(t, bin, dir)

	// Install: tidy must leave go.mod and go.sum alone, or the installed pack would be built
	// from other versions than the published one.
	files := []string{"go.mod", "go.sum"}
	before := map[string]string{}
	for _, file := range files {
		before[file] = readFile(t, filepath.Join(dir, file))
	}
	goCommand(t, dir, "mod", "tidy", "-compat=1.18")
	for _, file := range files {
		if readFile(t, filepath.Join(dir, file)) != before[file] {
			t.Errorf("go mod tidy -compat=1.18 changes %s: run go mod tidy in policy/", file)
		}
	}
}

// goCommand runs the go command in dir as the language host would on a machine where only
// that folder exists: no workspace, go.mod and go.sum read as they are (GOFLAGS=-mod=readonly
// overrides any -mod in the environment), the module proxy and cache of the environment.
func goCommand(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s in the pack's folder alone: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// checkAnalyzer starts the pack binary as the engine does and asks what publish asks: the
// pack's name, version and policies, before any stack is configured.
func checkAnalyzer(t *testing.T, bin, dir string) {
	t.Helper()
	project := policyProject(t, dir)
	a := analyzertest.Start(t, bin)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := a.Client.Handshake(ctx, &pulumirpc.AnalyzerHandshakeRequest{
		RootDirectory: &dir, ProgramDirectory: &dir,
	}); err != nil {
		t.Fatalf("Handshake: %v", err)
	}
	info, err := a.Client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	if err != nil {
		t.Fatalf("GetAnalyzerInfo: %v", err)
	}
	if info.GetName() != project.Name || info.GetVersion() != project.Version {
		t.Errorf("the analyzer publishes %s %s; PulumiPolicy.yaml says %s %s",
			info.GetName(), info.GetVersion(), project.Name, project.Version)
	}
	if len(info.GetPolicies()) != len(rules.Policies()) {
		t.Errorf("the analyzer publishes %d policies, the pack has %d", len(info.GetPolicies()), len(rules.Policies()))
	}
}

// packProject is what PulumiPolicy.yaml declares about the pack.
type packProject struct {
	// Name is the pack's name; the CLI reads it from the analyzer, the file documents it.
	Name string `yaml:"name"`
	// Version is the pack's version, which must agree with the analyzer's.
	Version string `yaml:"version"`
}

// policyProject loads PulumiPolicy.yaml in dir as the CLI does, checks it names the Go
// runtime (the language host then builds the folder with `go build`) and returns its name
// and version.
func policyProject(t *testing.T, dir string) packProject {
	t.Helper()
	path := filepath.Join(dir, "PulumiPolicy.yaml")
	loaded, err := workspace.LoadPolicyPack(path)
	if err != nil {
		t.Fatalf("loading PulumiPolicy.yaml as the CLI does: %v", err)
	}
	if name := loaded.Runtime.Name(); name != "go" {
		t.Fatalf("PulumiPolicy.yaml names runtime %q; the pack is built by the Go language host (go)", name)
	}
	var project packProject
	if err := yaml.Unmarshal([]byte(readFile(t, path)), &project); err != nil {
		t.Fatalf("PulumiPolicy.yaml: %v", err)
	}
	project.Version = loaded.Version
	return project
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
