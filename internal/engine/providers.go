package engine

import (
	"fmt"
	"net"
	"strings"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"

	"github.com/saleor-platform/infra/internal/harness"
)

// providerModules maps each provider package the program uses to its Go SDK module, whose
// version is the plugin version the program asks for.
var providerModules = map[string]string{
	"aws":    "github.com/pulumi/pulumi-aws/sdk/v6",
	"random": "github.com/pulumi/pulumi-random/sdk/v4",
	"tls":    "github.com/pulumi/pulumi-tls/sdk/v5",
}

// serveProviders serves the harness's emulation of every package in providerModules on its
// own loopback port and returns the PULUMI_DEBUG_PROVIDERS value that points the engine at
// them ("aws:<port>,random:<port>,tls:<port>") and a function that stops them.
func serveProviders(opts ...harness.ProviderOption) (string, func(), error) {
	var attach []string
	var servers []*grpc.Server
	stop := func() {
		for _, s := range servers {
			s.Stop()
		}
	}
	for pkg := range providerModules {
		version, err := ProviderVersion(pkg)
		if err != nil {
			stop()
			return "", nil, err
		}
		lis, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			stop()
			return "", nil, err
		}
		srv := grpc.NewServer(grpc.MaxRecvMsgSize(maxMessageSize), grpc.MaxSendMsgSize(maxMessageSize))
		pulumirpc.RegisterResourceProviderServer(srv, harness.NewProviderServer(pkg, version, opts...))
		go func() { _ = srv.Serve(lis) }()
		servers = append(servers, srv)
		attach = append(attach, fmt.Sprintf("%s:%d", pkg, lis.Addr().(*net.TCPAddr).Port))
	}
	return strings.Join(attach, ","), stop, nil
}

// maxMessageSize is the largest gRPC message the providers take and send, the engine's own
// limit (400 MiB).
const maxMessageSize = 400 * 1024 * 1024

// versions are the provider packages' versions, looked up at most once per process.
var versions struct {
	once  sync.Once
	byPkg map[string]string
	err   error
}

// ProviderVersion is the plugin version the program asks for of a provider package: the
// version go.mod requires of its Go SDK, without the "v" (e.g. "6.83.4").
func ProviderVersion(pkg string) (string, error) {
	versions.once.Do(func() {
		args := []string{"list", "-m", "-f", "{{.Path}} {{.Version}}"}
		for _, module := range providerModules {
			args = append(args, module)
		}
		var out string
		if out, versions.err = goCommand(args...); versions.err != nil {
			return
		}
		byModule := map[string]string{}
		for _, line := range strings.Split(out, "\n") {
			if path, version, ok := strings.Cut(line, " "); ok {
				byModule[path] = strings.TrimPrefix(version, "v")
			}
		}
		versions.byPkg = map[string]string{}
		for pkg, module := range providerModules {
			versions.byPkg[pkg] = byModule[module]
		}
	})
	if versions.err != nil {
		return "", versions.err
	}
	v, ok := versions.byPkg[pkg]
	if !ok || v == "" {
		return "", fmt.Errorf("no version of provider package %q", pkg)
	}
	return v, nil
}
