// Package analyzertest drives a policy pack binary through Pulumi's analyzer gRPC protocol
// the way the engine does, for tests and benchmarks in the pack's module and in the
// repository's module that requires it.
//
// A test builds the pack (PackBinary, or Build for any package), starts it (Start: the
// process prints its port on stdout, the client dials it), then sends requests built here
// from the analyzer's view of resources (policyx.AnalyzerResource, as
// harness.Inventory.AnalyzerResources returns them) and from a resolved config:
//
//	func TestMain(m *testing.M) { analyzertest.Main(m) } // removes the pack build
//
//	a := analyzertest.Start(t, analyzertest.PackBinary(t))
//	_, err := a.Client.Configure(ctx, analyzertest.ConfigureRequest(t, resolved))
//	resp, err := a.Client.Analyze(ctx, analyzertest.AnalyzeRequest(t, r))
//
// Requests are encoded as the engine's analyzer client encodes them
// (sdk/go/common/resource/plugin/analyzer_plugin.go): unknown (computed) values and secrets
// are kept, internal "__" keys are skipped, resource options and, for AnalyzeStack, parent,
// dependencies and non-empty property dependencies are sent.
package analyzertest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/structpb"
)

// PackPackage is the policy pack's import path. Both the pack's own module and the
// repository's module (through its replace directive) resolve it.
const PackPackage = "github.com/saleor-platform/infra/policy"

// StartTimeout bounds how long Start waits for an analyzer to print its port.
const StartTimeout = time.Minute

// ModuleRoot returns the directory of the go.mod of the module the test runs in.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("go env GOMOD: not inside a module")
	}
	return filepath.Dir(gomod), nil
}

// Build compiles a package into a binary in dir and returns the binary's path. pkg is an
// import path, or a directory relative to the test's package (such as "./testdata/upstream");
// the go command resolves it in the module the test runs in.
func Build(t testing.TB, pkg, dir string) string {
	t.Helper()
	bin, err := build(pkg, dir)
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

func build(pkg, dir string) (string, error) {
	bin := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", pkg, err, out)
	}
	return bin, nil
}

// pack is the policy pack binary, built at most once per test process.
var pack struct {
	once     sync.Once
	dir, bin string
	err      error
}

// PackBinary returns the policy pack binary (PackPackage), building it on first use in this
// test process; later calls, from any test or benchmark, reuse it. It lives in a temporary
// directory that Main removes.
func PackBinary(t testing.TB) string {
	t.Helper()
	pack.once.Do(func() {
		pack.dir, pack.err = os.MkdirTemp("", "saleor-guardrails-")
		if pack.err == nil {
			pack.bin, pack.err = build(PackPackage, pack.dir)
		}
	})
	if pack.err != nil {
		t.Fatalf("building the policy pack: %v", pack.err)
	}
	return pack.bin
}

// Main runs the tests of a package that uses PackBinary, removes the pack build and exits;
// call it from the package's TestMain (without it the build stays in the temporary directory).
func Main(m *testing.M) {
	code := m.Run()
	if pack.dir != "" {
		os.RemoveAll(pack.dir)
	}
	os.Exit(code)
}

// Process is a running analyzer, connected as the engine connects to it.
type Process struct {
	// Client talks to the analyzer over gRPC.
	Client pulumirpc.AnalyzerClient
	// Port is the port the analyzer printed.
	Port int

	cmd     *exec.Cmd
	conn    *grpc.ClientConn
	exited  chan struct{}
	exitErr error
}

// Start runs an analyzer binary, reads the port it prints on its first stdout line and dials
// it. The process's stderr goes to the test's stderr; the process is killed when the test
// ends.
func Start(t testing.TB, bin string) *Process {
	t.Helper()
	port := &firstLine{line: make(chan string, 1)}
	cmd := exec.Command(bin)
	cmd.Stdout, cmd.Stderr = port, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	p := &Process{cmd: cmd, exited: make(chan struct{})}
	go func() {
		p.exitErr = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(p.Stop)

	var line string
	select {
	case line = <-port.line:
	case <-p.exited:
		t.Fatalf("%s exited before printing its port: %v", bin, p.exitErr)
	case <-time.After(StartTimeout):
		t.Fatalf("%s printed no port within %v", bin, StartTimeout)
	}
	n, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		t.Fatalf("%s printed %q, not a port", bin, line)
	}
	conn, err := grpc.NewClient("127.0.0.1:"+strconv.Itoa(n), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	p.Port, p.conn, p.Client = n, conn, pulumirpc.NewAnalyzerClient(conn)
	return p
}

// Exited is closed once the process has exited; ExitError then reports how.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// ExitError waits for the process to exit and returns its exit status (nil for a clean exit).
func (p *Process) ExitError() error {
	<-p.exited
	return p.exitErr
}

// Stop closes the connection and kills the process if it is still running, then waits for
// it. Start registers it as a test cleanup; calling it again does nothing.
func (p *Process) Stop() {
	if p.conn != nil {
		p.conn.Close()
	}
	select {
	case <-p.exited:
		return
	default:
	}
	p.cmd.Process.Kill() // our own child, by its handle
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
	}
}

// firstLine is a process's stdout: it hands over the first line and discards the rest, so
// the process never blocks on a full pipe.
type firstLine struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	sent bool
	line chan string
}

func (w *firstLine) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.sent {
		return len(b), nil
	}
	w.buf.Write(b)
	if i := bytes.IndexByte(w.buf.Bytes(), '\n'); i >= 0 {
		w.sent = true
		w.line <- string(w.buf.Bytes()[:i])
	}
	return len(b), nil
}

// marshalOptions are the engine's for analyzer requests.
var marshalOptions = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, SkipInternalKeys: true}

// Marshal encodes properties as the engine does for analyzers: unknowns and secrets kept.
func Marshal(t testing.TB, props property.Map) *structpb.Struct {
	t.Helper()
	s, err := plugin.MarshalProperties(resource.ToResourcePropertyMap(props), marshalOptions)
	if err != nil {
		t.Fatalf("marshalling properties: %v", err)
	}
	return s
}

// AnalyzeRequest encodes one resource as the engine sends it to Analyze.
func AnalyzeRequest(t testing.TB, r policyx.AnalyzerResource) *pulumirpc.AnalyzeRequest {
	t.Helper()
	return &pulumirpc.AnalyzeRequest{
		Type: r.Type, Urn: r.URN, Name: r.Name, Properties: Marshal(t, r.Properties),
		Options: options(r), Provider: provider(t, r),
	}
}

// AnalyzeStackRequest encodes every resource of a stack as the engine sends them to
// AnalyzeStack, with parents, dependencies and property dependencies.
func AnalyzeStackRequest(t testing.TB, rs []policyx.AnalyzerResource) *pulumirpc.AnalyzeStackRequest {
	t.Helper()
	req := &pulumirpc.AnalyzeStackRequest{Resources: make([]*pulumirpc.AnalyzerResource, 0, len(rs))}
	for _, r := range rs {
		deps := map[string]*pulumirpc.AnalyzerPropertyDependencies{}
		for k, urns := range r.PropertyDependencies {
			if len(urns) > 0 { // the engine skips properties without dependencies
				deps[k] = &pulumirpc.AnalyzerPropertyDependencies{Urns: urns}
			}
		}
		req.Resources = append(req.Resources, &pulumirpc.AnalyzerResource{
			Type: r.Type, Urn: r.URN, Name: r.Name, Properties: Marshal(t, r.Properties),
			Options: options(r), Provider: provider(t, r), Parent: r.Parent,
			Dependencies: r.Dependencies, PropertyDependencies: deps,
		})
	}
	return req
}

// options encodes the resource options the analyzer's view carries.
func options(r policyx.AnalyzerResource) *pulumirpc.AnalyzerResourceOptions {
	return &pulumirpc.AnalyzerResourceOptions{
		Parent:                  r.Parent,
		Protect:                 r.Options.Protect,
		IgnoreChanges:           r.Options.IgnoreChanges,
		DeleteBeforeReplace:     r.Options.DeleteBeforeReplace,
		AdditionalSecretOutputs: r.Options.AdditionalSecretOutputs,
		CustomTimeouts:          &pulumirpc.AnalyzerResourceOptions_CustomTimeouts{},
	}
}

// provider encodes the resource's provider instance; nil when the resource has none.
func provider(t testing.TB, r policyx.AnalyzerResource) *pulumirpc.AnalyzerProviderResource {
	t.Helper()
	if r.Provider.URN == "" {
		return nil
	}
	return &pulumirpc.AnalyzerProviderResource{
		Type: r.Provider.Type, Urn: r.Provider.URN, Name: r.Provider.Name,
		Properties: Marshal(t, r.Provider.Properties),
	}
}

// ConfigureRequest encodes a resolved config (engine.Resolve) as the engine sends it in
// Configure: each policy's enforcement level and properties. Properties go through JSON,
// as they come from a --policy-pack-config file, so Go values such as []int encode.
func ConfigureRequest(t testing.TB, resolved map[string]policyx.PolicyConfig) *pulumirpc.ConfigureAnalyzerRequest {
	t.Helper()
	req := &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: map[string]*pulumirpc.PolicyConfig{}}
	for name, c := range resolved {
		data, err := json.Marshal(c.Properties)
		if err != nil {
			t.Fatalf("config of %s: %v", name, err)
		}
		props := &structpb.Struct{}
		if string(data) != "null" {
			if err := props.UnmarshalJSON(data); err != nil {
				t.Fatalf("config of %s: %v", name, err)
			}
		}
		req.PolicyConfig[name] = &pulumirpc.PolicyConfig{
			EnforcementLevel: pulumirpc.EnforcementLevel(c.EnforcementLevel), Properties: props,
		}
	}
	return req
}
