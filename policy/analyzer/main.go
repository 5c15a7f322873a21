// Package analyzer serves a policyx.PolicyPack over Pulumi's analyzer gRPC protocol.
//
// It mirrors policyx/server.go (v3.274.1), whose server type is unexported, reusing policyx's
// exported policy types, and works around that server's defects:
//
//	(a) GetAnalyzerInfo/GetPluginInfo before ConfigureStack (what `pulumi policy publish`
//	    does) dereference a nil pack: here the pack is built at start-up, from a factory that
//	    needs no *pulumi.Context (Main).
//	(b) the pack-level enforcement level is ignored: every policy carries its own level,
//	    which GetAnalyzerInfo reports and InitialConfig repeats.
//	(c) a panicking policy crashes the analyzer: engine.CheckResource/CheckStack turn panics
//	    and errors into a diagnostic naming the policy.
//	(d) StackValidationArgs carries no config: stack policies implementing
//	    engine.ConfiguredStackPolicy receive their resolved properties.
//	(e) InitialConfig is never sent: GetAnalyzerInfo sends every policy's default level.
package analyzer

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// Main builds the pack, serves it on a port chosen by the kernel, prints the port on stdout
// (the analyzer protocol, exactly as policyx.Main) and blocks until the server stops.
func Main(newPack func() (policyx.PolicyPack, error)) error {
	pack, err := newPack()
	if err != nil {
		return fmt.Errorf("fatal: building policy pack: %w", err)
	}
	server, err := NewServer(pack)
	if err != nil {
		return fmt.Errorf("fatal: %w", err)
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterAnalyzerServer(srv, server)
			return nil
		},
	})
	if err != nil {
		return fmt.Errorf("fatal: %w", err)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		return fmt.Errorf("fatal: %w", err)
	}
	return nil
}
