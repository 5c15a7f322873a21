package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/peer"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// ReplacesFunc returns the inputs whose change from olds to news forces a resource of type
// typ to be replaced (nil: updated in place).
type ReplacesFunc func(typ string, olds, news resource.PropertyMap) []string

// ProviderOption changes a ProviderServer.
type ProviderOption func(*ProviderServer)

// WithReplaces makes Diff report the replacement-forcing inputs f returns. Without it no
// change forces a replacement.
func WithReplaces(f ReplacesFunc) ProviderOption {
	return func(s *ProviderServer) { s.replaces = f }
}

// ProviderServer is the offline emulation of one provider package (aws, random, tls) served
// over Pulumi's resource provider gRPC protocol, so that the real engine can run a program
// against it (PULUMI_DEBUG_PROVIDERS=<package>:<port>). It is the same emulation Run uses:
// Check is check (auto-names, default tags), Create fills in computeOutputs (IDs, ARNs),
// Invoke answers from invokes, and provider configuration is read by parseProvider.
//
// The engine attaches once per provider instance (one gRPC connection each) and configures
// each instance on its own connection, so the server tells instances apart by the client's
// address.
type ProviderServer struct {
	pulumirpc.UnimplementedResourceProviderServer
	pkg, version string
	replaces     ReplacesFunc

	mu        sync.Mutex
	instances map[string]providerInfo // by client address
}

// NewProviderServer returns the emulation of the provider package pkg, reporting version
// (e.g. "6.83.4") as its plugin version.
func NewProviderServer(pkg, version string, opts ...ProviderOption) *ProviderServer {
	s := &ProviderServer{pkg: pkg, version: version, instances: map[string]providerInfo{}}
	for _, o := range opts {
		o(s)
	}
	return s
}

// providerMarshal keeps secrets and unknowns across the wire, as the engine sends them to a
// provider that accepts secrets; resource references arrive as their IDs.
var providerMarshal = plugin.MarshalOptions{KeepSecrets: true, KeepUnknowns: true, KeepResources: true}

func unmarshal(s *structpb.Struct) (resource.PropertyMap, error) {
	if s == nil {
		return resource.PropertyMap{}, nil
	}
	return plugin.UnmarshalProperties(s, providerMarshal)
}

func marshal(m resource.PropertyMap) (*structpb.Struct, error) {
	return plugin.MarshalProperties(m, providerMarshal)
}

// instance is the configuration of the provider instance that sent the request. A request on
// a connection that was never configured is an error, not a guess: the engine configures every
// instance before it uses it.
func (s *ProviderServer) instance(ctx context.Context) (providerInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info, ok := s.instances[clientAddress(ctx)]
	if !ok {
		return providerInfo{}, fmt.Errorf("harness: %s provider: a request from %s, a connection no Configure came from", s.pkg, clientAddress(ctx))
	}
	return info, nil
}

func clientAddress(ctx context.Context) string {
	if p, ok := peer.FromContext(ctx); ok && p.Addr != nil {
		return p.Addr.String()
	}
	return ""
}

func (s *ProviderServer) Handshake(context.Context, *pulumirpc.ProviderHandshakeRequest) (*pulumirpc.ProviderHandshakeResponse, error) {
	return &pulumirpc.ProviderHandshakeResponse{AcceptSecrets: true}, nil
}

func (s *ProviderServer) Attach(context.Context, *pulumirpc.PluginAttach) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (s *ProviderServer) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: s.version}, nil
}

// GetSchema returns a schema naming the package and nothing else: the emulation has no
// resource schema.
func (s *ProviderServer) GetSchema(context.Context, *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	schema, err := json.Marshal(map[string]string{"name": s.pkg, "version": s.version})
	return &pulumirpc.GetSchemaResponse{Schema: string(schema)}, err
}

func (s *ProviderServer) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// CheckConfig accepts any provider configuration as it is.
func (s *ProviderServer) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

// DiffConfig reports the changed configuration keys; none forces a replacement.
func (s *ProviderServer) DiffConfig(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	olds, news, err := diffInputs(req)
	if err != nil {
		return nil, err
	}
	return diffResponse(changedKeys(olds, news), nil, false), nil
}

// Configure records the instance's region and default tags, read as Run reads them.
func (s *ProviderServer) Configure(ctx context.Context, req *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	args, err := unmarshal(req.GetArgs())
	if err != nil {
		return nil, err
	}
	info, err := parseProvider(args)
	if err != nil {
		return nil, fmt.Errorf("%s provider %s: %w", s.pkg, req.GetUrn(), err)
	}
	s.mu.Lock()
	s.instances[clientAddress(ctx)] = info
	s.mu.Unlock()
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, SupportsPreview: true}, nil
}

// Check returns the inputs as check does for the instance's region and default tags.
func (s *ProviderServer) Check(ctx context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	p, err := s.instance(ctx)
	if err != nil {
		return nil, err
	}
	checked, failures := check(typeOf(req.GetUrn()), req.GetUrn(), news, p)
	inputs, err := marshal(checked)
	resp := &pulumirpc.CheckResponse{Inputs: inputs}
	for _, f := range failures {
		resp.Failures = append(resp.Failures, &pulumirpc.CheckFailure{Property: string(f.Property), Reason: f.Reason})
	}
	return resp, err
}

// Diff reports the top-level inputs that changed and, through the ReplacesFunc, which of
// them force a replacement. A replaced resource whose auto-named property the program set
// itself is deleted before it is replaced, since the new one cannot take the name while the
// old one holds it (as pulumi-terraform-bridge decides).
func (s *ProviderServer) Diff(ctx context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	olds, news, err := diffInputs(req)
	if err != nil {
		return nil, err
	}
	p, err := s.instance(ctx)
	if err != nil {
		return nil, err
	}
	changed := changedKeys(olds, news)
	var replaces []string
	if len(changed) > 0 && s.replaces != nil {
		replaces = s.replaces(typeOf(req.GetUrn()), olds, news)
	}
	deleteFirst := len(replaces) > 0 && namedByProgram(req.GetUrn(), news, p)
	return diffResponse(changed, replaces, deleteFirst), nil
}

// Create returns the checked inputs with the values AWS computes (computeOutputs) and the
// resource's ID; in preview, only the inputs: computed values stay unknown.
func (s *ProviderServer) Create(ctx context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	inputs, err := unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	id, outputs := "", inputs.Copy()
	if !req.GetPreview() {
		r, err := s.resource(ctx, req.GetUrn(), inputs)
		if err != nil {
			return nil, err
		}
		id = computeOutputs(r, outputs)
	}
	props, err := marshal(outputs)
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, err
}

// Update returns the new inputs with the computed values, which keep the resource's ID and
// ARN since they derive from its URN; in preview, the old outputs overlaid with the inputs.
func (s *ProviderServer) Update(ctx context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	var outputs resource.PropertyMap
	if req.GetPreview() {
		if outputs, err = unmarshal(req.GetOlds()); err != nil {
			return nil, err
		}
		for k, v := range news {
			outputs[k] = v
		}
	} else {
		r, err := s.resource(ctx, req.GetUrn(), news)
		if err != nil {
			return nil, err
		}
		outputs = news.Copy()
		computeOutputs(r, outputs)
	}
	props, err := marshal(outputs)
	return &pulumirpc.UpdateResponse{Properties: props}, err
}

// Read returns the resource as the engine knows it: nothing changes outside the program.
func (s *ProviderServer) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: req.GetInputs()}, nil
}

func (s *ProviderServer) Delete(context.Context, *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// Invoke answers a data source from invokes, in the calling instance's region.
func (s *ProviderServer) Invoke(ctx context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	answer, ok := invokes[req.GetTok()]
	if !ok {
		return nil, fmt.Errorf("harness: no offline answer for invoke %s; add one in internal/harness/invokes.go", req.GetTok())
	}
	args, err := unmarshal(req.GetArgs())
	if err != nil {
		return nil, err
	}
	p, err := s.instance(ctx)
	if err != nil {
		return nil, err
	}
	result, err := answer(p, args)
	if err != nil {
		return nil, err
	}
	ret, err := marshal(result)
	return &pulumirpc.InvokeResponse{Return: ret}, err
}

// resource is the view of a resource computeOutputs needs.
func (s *ProviderServer) resource(ctx context.Context, urn string, inputs resource.PropertyMap) (*Resource, error) {
	p, err := s.instance(ctx)
	if err != nil {
		return nil, err
	}
	u := resource.URN(urn)
	return &Resource{
		URN: urn, Type: string(u.Type()), Name: u.Name(), Custom: true,
		Region: p.region, Inputs: inputs,
	}, nil
}

func typeOf(urn string) string { return string(resource.URN(urn).Type()) }

// diffInputs returns the old and new inputs of a Diff; without old inputs (state written
// before the engine kept them), the old outputs of the keys the new inputs have.
func diffInputs(req *pulumirpc.DiffRequest) (olds, news resource.PropertyMap, err error) {
	if news, err = unmarshal(req.GetNews()); err != nil {
		return nil, nil, err
	}
	if req.GetOldInputs() != nil {
		olds, err = unmarshal(req.GetOldInputs())
		return olds, news, err
	}
	outputs, err := unmarshal(req.GetOlds())
	if err != nil {
		return nil, nil, err
	}
	olds = resource.PropertyMap{}
	for k := range news {
		if v, ok := outputs[k]; ok {
			olds[k] = v
		}
	}
	return olds, news, nil
}

// changedKeys lists, sorted, the top-level keys whose value differs between olds and news,
// secretness aside; an unknown new value counts as a change.
func changedKeys(olds, news resource.PropertyMap) []string {
	var changed []string
	for k, n := range news {
		o, ok := olds[k]
		if !ok || n.ContainsUnknowns() || !unsecret(o).DeepEquals(unsecret(n)) {
			changed = append(changed, string(k))
		}
	}
	for k := range olds {
		if _, ok := news[k]; !ok {
			changed = append(changed, string(k))
		}
	}
	slices.Sort(changed)
	return changed
}

// unsecret removes secret markers at every depth.
func unsecret(v resource.PropertyValue) resource.PropertyValue {
	switch {
	case v.IsSecret():
		return unsecret(v.SecretValue().Element)
	case v.IsArray():
		out := make([]resource.PropertyValue, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			out[i] = unsecret(e)
		}
		return resource.NewProperty(out)
	case v.IsObject():
		out := resource.PropertyMap{}
		for k, e := range v.ObjectValue() {
			out[k] = unsecret(e)
		}
		return resource.NewProperty(out)
	}
	return v
}

func diffResponse(changed, replaces []string, deleteFirst bool) *pulumirpc.DiffResponse {
	if len(changed) == 0 {
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}
	}
	return &pulumirpc.DiffResponse{
		Changes: pulumirpc.DiffResponse_DIFF_SOME, Diffs: changed,
		Replaces: replaces, DeleteBeforeReplace: deleteFirst,
	}
}

// namedByProgram reports whether the resource's auto-named property holds a name the program
// chose rather than the one check would generate.
func namedByProgram(urn string, news resource.PropertyMap, p providerInfo) bool {
	typ := typeOf(urn)
	name, ok := autoNamed[typ]
	prop := resource.PropertyKey(name.Property)
	if !ok || !news.HasValue(prop) {
		return false
	}
	unnamed := news.Copy()
	delete(unnamed, prop)
	generated, _ := check(typ, urn, unnamed, p)
	// The FIFO flag adds ".fifo" to a generated name; with or without it, the name is still
	// the generated one.
	trim := func(v resource.PropertyValue) string {
		if !v.IsString() {
			return ""
		}
		return strings.TrimSuffix(v.StringValue(), ".fifo")
	}
	return trim(generated[prop]) != trim(news[prop])
}
