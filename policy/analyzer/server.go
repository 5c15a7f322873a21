package analyzer

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	pbempty "google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/saleor-platform/infra/policy/engine"
)

// Server implements pulumirpc.AnalyzerServer for one policy pack.
type Server struct {
	pulumirpc.UnimplementedAnalyzerServer

	pack policyx.PolicyPack

	mu        sync.RWMutex
	config    map[string]policyx.PolicyConfig // resolved, see engine.Resolve
	stackTags map[string]string
}

// NewServer returns a server for pack, configured with every policy's defaults until the
// engine calls Configure.
func NewServer(pack policyx.PolicyPack) (*Server, error) {
	config, err := engine.Resolve(pack.Policies(), nil)
	if err != nil {
		return nil, fmt.Errorf("policy pack %q: default config: %w", pack.Name(), err)
	}
	return &Server{pack: pack, config: config}, nil
}

// Handshake accepts the engine's handshake; the pack needs nothing from it.
func (s *Server) Handshake(context.Context, *pulumirpc.AnalyzerHandshakeRequest,
) (*pulumirpc.AnalyzerHandshakeResponse, error) {
	return &pulumirpc.AnalyzerHandshakeResponse{}, nil
}

// GetPluginInfo reports the pack version; safe before ConfigureStack (defect a).
func (s *Server) GetPluginInfo(context.Context, *pbempty.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: s.pack.Version().String()}, nil
}

// GetAnalyzerInfo describes the pack and its policies; safe before ConfigureStack (defect a),
// with InitialConfig holding every policy's default level (defects b and e).
func (s *Server) GetAnalyzerInfo(context.Context, *pbempty.Empty) (*pulumirpc.AnalyzerInfo, error) {
	policies := s.pack.Policies()
	infos := make([]*pulumirpc.PolicyInfo, 0, len(policies))
	initial := make(map[string]*pulumirpc.PolicyConfig, len(policies))
	for _, p := range policies {
		schema, err := marshalSchema(p.ConfigSchema())
		if err != nil {
			return nil, fmt.Errorf("policy %q: %w", p.Name(), err)
		}
		level := pulumirpc.EnforcementLevel(p.EnforcementLevel())
		infos = append(infos, &pulumirpc.PolicyInfo{
			Name:             p.Name(),
			Description:      p.Description(),
			EnforcementLevel: level,
			ConfigSchema:     schema,
		})
		initial[p.Name()] = &pulumirpc.PolicyConfig{EnforcementLevel: level}
	}
	return &pulumirpc.AnalyzerInfo{
		Name:           s.pack.Name(),
		Version:        s.pack.Version().String(),
		Policies:       infos,
		SupportsConfig: true,
		InitialConfig:  initial,
	}, nil
}

func marshalSchema(schema *policyx.ConfigSchema) (*pulumirpc.PolicyConfigSchema, error) {
	if schema == nil {
		return nil, nil
	}
	props := make(map[string]any, len(schema.Properties))
	for k, v := range schema.Properties {
		props[k] = v
	}
	// structpb only takes plain JSON values (no []string, no int), so round-trip through JSON.
	data, err := json.Marshal(props)
	if err != nil {
		return nil, err
	}
	st := &structpb.Struct{}
	if err := st.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return &pulumirpc.PolicyConfigSchema{Properties: st, Required: schema.Required}, nil
}

// ConfigureStack records the stack tags handed to resource policies. Unlike policyx it
// neither requires a prior Handshake nor builds the pack here (defect a).
func (s *Server) ConfigureStack(_ context.Context, req *pulumirpc.AnalyzerStackConfigureRequest,
) (*pulumirpc.AnalyzerStackConfigureResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stackTags = req.GetTags()
	return &pulumirpc.AnalyzerStackConfigureResponse{}, nil
}

// Configure installs the engine's per-policy config, resolved against the pack again so
// that policies it omits keep their defaults.
func (s *Server) Configure(_ context.Context, req *pulumirpc.ConfigureAnalyzerRequest) (*pbempty.Empty, error) {
	given := make(map[string]policyx.PolicyConfig, len(req.GetPolicyConfig()))
	for name, c := range req.GetPolicyConfig() {
		given[name] = policyx.PolicyConfig{
			EnforcementLevel: policyx.EnforcementLevel(c.GetEnforcementLevel()),
			Properties:       c.GetProperties().AsMap(),
		}
	}
	resolved, err := engine.Resolve(s.pack.Policies(), given)
	if err != nil {
		return nil, fmt.Errorf("policy pack %q: %w", s.pack.Name(), err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.config = resolved
	return &pbempty.Empty{}, nil
}

// Analyze runs the resource policies on one resource.
func (s *Server) Analyze(ctx context.Context, req *pulumirpc.AnalyzeRequest) (*pulumirpc.AnalyzeResponse, error) {
	r, err := resourceFromAnalyze(req)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	config, tags := s.config, s.stackTags
	s.mu.RUnlock()
	return s.response(engine.AnalyzeResource(ctx, s.pack, config, r, tags)), nil
}

// AnalyzeStack runs the stack policies over every resource of the stack.
func (s *Server) AnalyzeStack(ctx context.Context, req *pulumirpc.AnalyzeStackRequest,
) (*pulumirpc.AnalyzeResponse, error) {
	resources := make([]policyx.AnalyzerResource, 0, len(req.GetResources()))
	for _, r := range req.GetResources() {
		res, err := resourceFromStack(r)
		if err != nil {
			return nil, err
		}
		resources = append(resources, res)
	}
	s.mu.RLock()
	config := s.config
	s.mu.RUnlock()
	return s.response(engine.AnalyzeStack(ctx, s.pack, config, resources)), nil
}

// Remediate returns no remediations: the pack only validates.
func (s *Server) Remediate(context.Context, *pulumirpc.AnalyzeRequest) (*pulumirpc.RemediateResponse, error) {
	return &pulumirpc.RemediateResponse{}, nil
}

// Cancel has nothing to stop: every call runs to completion quickly.
func (s *Server) Cancel(context.Context, *pbempty.Empty) (*pbempty.Empty, error) {
	return &pbempty.Empty{}, nil
}

// response turns diagnostics into the protocol's form; like policyx, the message is the
// policy description followed by the finding.
func (s *Server) response(diagnostics []engine.Diagnostic) *pulumirpc.AnalyzeResponse {
	descriptions := make(map[string]string, len(s.pack.Policies()))
	for _, p := range s.pack.Policies() {
		descriptions[p.Name()] = p.Description()
	}
	out := make([]*pulumirpc.AnalyzeDiagnostic, 0, len(diagnostics))
	for _, d := range diagnostics {
		out = append(out, &pulumirpc.AnalyzeDiagnostic{
			PolicyName:        d.Policy,
			PolicyPackName:    s.pack.Name(),
			PolicyPackVersion: s.pack.Version().String(),
			Description:       descriptions[d.Policy],
			Message:           descriptions[d.Policy] + "\n" + d.Message,
			EnforcementLevel:  pulumirpc.EnforcementLevel(d.Level),
			Urn:               d.URN,
		})
	}
	return &pulumirpc.AnalyzeResponse{Diagnostics: out}
}
