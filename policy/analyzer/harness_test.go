package analyzer_test

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/structpb"
)

// build compiles a package of this module (e.g. "./policy") into a binary in dir.
func build(t testing.TB, pkg, dir string) string {
	t.Helper()
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	bin := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(gomod)))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

// analyzerProcess is a running analyzer process, connected the way the engine connects.
type analyzerProcess struct {
	cmd    *exec.Cmd
	conn   *grpc.ClientConn
	client pulumirpc.AnalyzerClient
	exited chan error
}

// start runs an analyzer binary, reads the port it prints and dials it.
func start(t testing.TB, bin string) *analyzerProcess {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the port: %v", err)
	}
	port, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		t.Fatalf("the analyzer printed %q, not a port", line)
	}
	conn, err := grpc.NewClient("127.0.0.1:"+strconv.Itoa(port), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	p := &analyzerProcess{cmd: cmd, conn: conn, client: pulumirpc.NewAnalyzerClient(conn), exited: make(chan error, 1)}
	go func() { p.exited <- cmd.Wait() }()
	t.Cleanup(p.stop)
	return p
}

func (p *analyzerProcess) stop() {
	p.conn.Close()
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Kill() // our own child, by its handle
	}
}

var (
	packOnce sync.Once
	packDir  string // outlives single tests and benchmark runs; removed by TestMain
	packBin  string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "saleor-guardrails-")
	if err != nil {
		panic(err)
	}
	packDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// packBinary builds ./policy once per test binary.
func packBinary(t testing.TB) string {
	packOnce.Do(func() { packBin = build(t, "./policy", packDir) })
	if packBin == "" {
		t.Fatal("building ./policy failed earlier")
	}
	return packBin
}

// marshal encodes properties as the engine does for analyzers: unknowns and secrets kept.
func marshal(t testing.TB, r policyx.AnalyzerResource) *structpb.Struct {
	t.Helper()
	props, err := plugin.MarshalProperties(resource.ToResourcePropertyMap(r.Properties),
		plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	return props
}

func provider(t testing.TB, r policyx.AnalyzerResource) *pulumirpc.AnalyzerProviderResource {
	return &pulumirpc.AnalyzerProviderResource{
		Type: r.Provider.Type, Urn: r.Provider.URN, Name: r.Provider.Name,
		Properties: marshal(t, policyx.AnalyzerResource{Properties: r.Provider.Properties}),
	}
}

func analyzeRequest(t testing.TB, r policyx.AnalyzerResource) *pulumirpc.AnalyzeRequest {
	return &pulumirpc.AnalyzeRequest{
		Type: r.Type, Urn: r.URN, Name: r.Name, Properties: marshal(t, r), Provider: provider(t, r),
		Options: &pulumirpc.AnalyzerResourceOptions{Protect: r.Options.Protect},
	}
}

func analyzeStackRequest(t testing.TB, rs []policyx.AnalyzerResource) *pulumirpc.AnalyzeStackRequest {
	req := &pulumirpc.AnalyzeStackRequest{}
	for _, r := range rs {
		deps := map[string]*pulumirpc.AnalyzerPropertyDependencies{}
		for k, urns := range r.PropertyDependencies {
			deps[k] = &pulumirpc.AnalyzerPropertyDependencies{Urns: urns}
		}
		req.Resources = append(req.Resources, &pulumirpc.AnalyzerResource{
			Type: r.Type, Urn: r.URN, Name: r.Name, Properties: marshal(t, r), Provider: provider(t, r),
			Options: &pulumirpc.AnalyzerResourceOptions{Protect: r.Options.Protect}, Parent: r.Parent,
			Dependencies: r.Dependencies, PropertyDependencies: deps,
		})
	}
	return req
}

// configureRequest encodes a resolved config as the engine sends it in Configure.
func configureRequest(t testing.TB, resolved map[string]policyx.PolicyConfig) *pulumirpc.ConfigureAnalyzerRequest {
	req := &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: map[string]*pulumirpc.PolicyConfig{}}
	for name, c := range resolved {
		data, err := json.Marshal(c.Properties)
		if err != nil {
			t.Fatal(err)
		}
		props := &structpb.Struct{}
		if string(data) != "null" {
			if err := props.UnmarshalJSON(data); err != nil {
				t.Fatal(err)
			}
		}
		req.PolicyConfig[name] = &pulumirpc.PolicyConfig{
			EnforcementLevel: pulumirpc.EnforcementLevel(c.EnforcementLevel), Properties: props,
		}
	}
	return req
}
