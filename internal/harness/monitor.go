package harness

import (
	"context"
	"fmt"
	"net"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// rpcOptions keep secrets, resource references and unknowns across the wire. The SDK's
// mock monitor drops unknowns, which breaks on an unknown secret (a generated password in
// preview: "malformed RPC secret: missing value") and hides unknown inputs from the policy
// pack; this monitor keeps them, as the engine does.
var rpcOptions = plugin.MarshalOptions{KeepSecrets: true, KeepResources: true, KeepUnknowns: true}

// monitor is the offline engine's resource monitor and engine gRPC servers, in process.
type monitor struct {
	pulumirpc.UnimplementedResourceMonitorServer
	pulumirpc.UnimplementedEngineServer
	e *engine

	mu   sync.Mutex
	root string
}

// serve starts the monitor on a loopback port and returns its address and a stop function.
func serve(e *engine) (string, func(), error) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := grpc.NewServer()
	m := &monitor{e: e}
	pulumirpc.RegisterResourceMonitorServer(srv, m)
	pulumirpc.RegisterEngineServer(srv, m)
	go func() { _ = srv.Serve(lis) }()
	return lis.Addr().String(), srv.Stop, nil
}

func (m *monitor) SupportsFeature(_ context.Context, in *pulumirpc.SupportsFeatureRequest) (*pulumirpc.SupportsFeatureResponse, error) {
	// Output values would put pulumi.Output wrappers into recorded inputs; keep them off.
	return &pulumirpc.SupportsFeatureResponse{HasSupport: in.GetId() != "outputValues"}, nil
}

func (m *monitor) RegisterResource(_ context.Context, in *pulumirpc.RegisterResourceRequest) (*pulumirpc.RegisterResourceResponse, error) {
	if in.GetType() == string(resource.RootStackType) && in.GetParent() == "" {
		return &pulumirpc.RegisterResourceResponse{Urn: m.e.urn("", in.GetType(), in.GetName())}, nil
	}
	inputs, err := plugin.UnmarshalProperties(in.GetObject(), rpcOptions)
	if err != nil {
		return nil, err
	}
	id, state, err := m.e.NewResource(pulumi.MockResourceArgs{
		TypeToken: in.GetType(), Name: in.GetName(), Inputs: inputs, Provider: in.GetProvider(),
		ID: in.GetImportId(), Custom: in.GetCustom(), RegisterRPC: in,
	})
	if err != nil {
		return nil, err
	}
	out, err := plugin.MarshalProperties(state, rpcOptions)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.RegisterResourceResponse{Urn: m.e.urn(in.GetParent(), in.GetType(), in.GetName()), Id: id, Object: out}, nil
}

// ReadResource answers a stack reference read (StackReferences); every other read is an
// error, since the harness emulates no provider's Read.
func (m *monitor) ReadResource(_ context.Context, in *pulumirpc.ReadResourceRequest) (*pulumirpc.ReadResourceResponse, error) {
	if in.GetType() != StackReferenceType {
		return nil, fmt.Errorf("harness: %s %s is read, not registered; only stack references are read offline", in.GetType(), in.GetName())
	}
	urn, state, err := m.e.readStackReference(in)
	if err != nil {
		return nil, err
	}
	out, err := plugin.MarshalProperties(state, rpcOptions)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.ReadResourceResponse{Urn: urn, Id: state["name"].StringValue(), Properties: out}, nil
}

// RegisterResourceOutputs records what a component (or the stack) registers as its outputs.
func (m *monitor) RegisterResourceOutputs(_ context.Context, in *pulumirpc.RegisterResourceOutputsRequest) (*emptypb.Empty, error) {
	outputs, err := plugin.UnmarshalProperties(in.GetOutputs(), rpcOptions)
	if err != nil {
		return nil, err
	}
	m.e.mu.Lock()
	defer m.e.mu.Unlock()
	for _, r := range m.e.inventory.Resources {
		if r.URN == in.GetUrn() && !r.Custom {
			r.Outputs = outputs
		}
	}
	return &emptypb.Empty{}, nil
}

func (m *monitor) Invoke(_ context.Context, in *pulumirpc.ResourceInvokeRequest) (*pulumirpc.ResourceInvokeResponse, error) {
	args, err := plugin.UnmarshalProperties(in.GetArgs(), rpcOptions)
	if err != nil {
		return nil, err
	}
	result, err := m.e.Call(pulumi.MockCallArgs{Token: in.GetTok(), Args: args, Provider: in.GetProvider()})
	if err != nil {
		return nil, err
	}
	out, err := plugin.MarshalProperties(result, rpcOptions)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.ResourceInvokeResponse{Return: out}, nil
}

func (m *monitor) SignalAndWaitForShutdown(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// Log records what the program logs (ctx.Log), with its severity.
func (m *monitor) Log(_ context.Context, in *pulumirpc.LogRequest) (*emptypb.Empty, error) {
	m.e.mu.Lock()
	defer m.e.mu.Unlock()
	m.e.inventory.Logs = append(m.e.inventory.Logs, fmt.Sprintf("%s: %s", in.GetSeverity(), in.GetMessage()))
	return &emptypb.Empty{}, nil
}

func (m *monitor) GetRootResource(context.Context, *pulumirpc.GetRootResourceRequest) (*pulumirpc.GetRootResourceResponse, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return &pulumirpc.GetRootResourceResponse{Urn: m.root}, nil
}

func (m *monitor) SetRootResource(_ context.Context, in *pulumirpc.SetRootResourceRequest) (*pulumirpc.SetRootResourceResponse, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.root = in.GetUrn()
	return &pulumirpc.SetRootResourceResponse{}, nil
}
