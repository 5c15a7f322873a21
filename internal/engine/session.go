package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/internal/harness"
)

// Config is what a Session runs: a stack of a project with a program, and the policy pack.
type Config struct {
	// Stack is the stack's name, e.g. "prod-eu".
	Stack string
	// Program is the Pulumi program, run inline.
	Program pulumi.RunFunc
	// ProjectFile and StackFile are the Pulumi.yaml and Pulumi.<stack>.yaml to run with; the
	// session copies them and never writes to them.
	ProjectFile, StackFile string
	// PolicyPack is the path of a built policy pack binary; "" runs without a pack.
	PolicyPack string
	// PolicyConfig is the pack's --policy-pack-config file; "" for the pack's defaults.
	PolicyConfig string
	// Providers are options of the emulated providers (harness.WithReplaces).
	Providers []harness.ProviderOption
	// Dir is the directory the session works in (work dir, state backend, PULUMI_HOME, the
	// CLI's link), created if missing; it should be empty. The caller removes it.
	Dir string
	// Backend is the directory of the file backend the stack lives in; "" keeps it under Dir.
	// Sessions of stacks that read each other's outputs (a regional stack's reference to its
	// primary, organization/<project>/<stack>) share one.
	Backend string
}

// Session is a stack created in a fresh local backend, with emulated providers running.
type Session struct {
	cfg           Config
	stack         auto.Stack
	stopProviders func()
}

// passphrase encrypts the session's stack secrets; the backend is thrown away with Dir.
const passphrase = "offline-engine-session"

// Open copies the project and stack files into cfg.Dir, starts the emulated providers and
// creates the stack (`pulumi stack init`) in a file backend under cfg.Dir.
func Open(ctx context.Context, cfg Config) (*Session, error) {
	work, state, home := filepath.Join(cfg.Dir, "work"), filepath.Join(cfg.Dir, "state"), filepath.Join(cfg.Dir, "home")
	if cfg.Backend != "" {
		state = cfg.Backend
	}
	for _, d := range []string{work, state, home} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	if err := copyFile(cfg.ProjectFile, filepath.Join(work, "Pulumi.yaml")); err != nil {
		return nil, err
	}
	if err := copyFile(cfg.StackFile, filepath.Join(work, "Pulumi."+cfg.Stack+".yaml")); err != nil {
		return nil, err
	}
	cmd, err := newCommand(filepath.Join(cfg.Dir, "cli"))
	if err != nil {
		return nil, err
	}
	attach, stop, err := serveProviders(cfg.Providers...)
	if err != nil {
		return nil, err
	}
	ws, err := auto.NewLocalWorkspace(ctx,
		auto.WorkDir(work), auto.Program(cfg.Program), auto.Pulumi(cmd), auto.PulumiHome(home),
		auto.SecretsProvider("passphrase"), auto.EnvVars(environment(state, attach)))
	if err != nil {
		stop()
		return nil, err
	}
	stack, err := auto.NewStack(ctx, cfg.Stack, ws)
	if err != nil {
		stop()
		return nil, err
	}
	return &Session{cfg: cfg, stack: stack, stopProviders: stop}, nil
}

// environment is the CLI's environment: the file backend, passphrase secrets, the attached
// providers, and nothing that reaches the network (update checks, plugin downloads, registry
// lookups) or the machine's own plugins. The backend writes the checkpoint once at the end of
// an operation instead of after every step (PULUMI_SKIP_CHECKPOINTS): rewriting a checkpoint
// of 500 resources after each of 500 steps made an update take 40 s instead of 4.
func environment(state, attach string) map[string]string {
	return map[string]string{
		"PULUMI_BACKEND_URL":                          "file://" + filepath.ToSlash(state),
		"PULUMI_CONFIG_PASSPHRASE":                    passphrase,
		"PULUMI_DEBUG_PROVIDERS":                      attach,
		"PULUMI_SKIP_UPDATE_CHECK":                    "true",
		"PULUMI_SKIP_CHECKPOINTS":                     "true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
		"PULUMI_DISABLE_REGISTRY_RESOLVE":             "true",
		"PULUMI_IGNORE_AMBIENT_PLUGINS":               "true",
		"PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK":    "true",
	}
}

// SetConfig sets a config value of the stack (`pulumi config set`), in the session's copy of
// the stack file.
func (s *Session) SetConfig(ctx context.Context, key, value string) error {
	return s.stack.SetConfig(ctx, key, auto.ConfigValue{Value: value})
}

// Close stops the emulated providers.
func (s *Session) Close() { s.stopProviders() }

// Preview runs `pulumi preview` with the policy pack.
func (s *Session) Preview(ctx context.Context) (*Result, error) {
	c := newCollector()
	opts := []optpreview.Option{optpreview.EventStreams(c.events)}
	if s.cfg.PolicyPack != "" {
		opts = append(opts, optpreview.PolicyPacks(s.cfg.PolicyPack))
	}
	if s.cfg.PolicyConfig != "" {
		opts = append(opts, optpreview.PolicyPackConfigs(s.cfg.PolicyConfig))
	}
	res, err := s.stack.Preview(ctx, opts...)
	r := c.result(err)
	r.Changes = res.ChangeSummary
	return r, r.Err
}

// Up runs `pulumi up` with the policy pack.
func (s *Session) Up(ctx context.Context) (*Result, error) {
	c := newCollector()
	opts := []optup.Option{optup.EventStreams(c.events)}
	if s.cfg.PolicyPack != "" {
		opts = append(opts, optup.PolicyPacks(s.cfg.PolicyPack))
	}
	if s.cfg.PolicyConfig != "" {
		opts = append(opts, optup.PolicyPackConfigs(s.cfg.PolicyConfig))
	}
	res, err := s.stack.Up(ctx, opts...)
	r := c.result(err)
	if res.Summary.ResourceChanges != nil {
		r.Changes = map[apitype.OpType]int{}
		for op, n := range *res.Summary.ResourceChanges {
			r.Changes[apitype.OpType(op)] = n
		}
	}
	r.Outputs = res.Outputs
	return r, r.Err
}

// State returns the stack's checkpoint as `pulumi stack export` writes it, secrets
// encrypted (the Automation API's Export decrypts them).
func (s *Session) State(ctx context.Context) (*apitype.DeploymentV3, error) {
	stdout, stderr, _, err := s.pulumi(ctx, "stack", "export", "--stack", s.cfg.Stack)
	if err != nil {
		return nil, fmt.Errorf("stack export: %w\n%s", err, stderr)
	}
	var exported apitype.UntypedDeployment
	if err := json.Unmarshal([]byte(stdout), &exported); err != nil {
		return nil, fmt.Errorf("stack export: %w", err)
	}
	if exported.Version != 3 {
		return nil, fmt.Errorf("stack export: deployment version %d, want 3", exported.Version)
	}
	var d apitype.DeploymentV3
	if err := json.Unmarshal(exported.Deployment, &d); err != nil {
		return nil, fmt.Errorf("stack export: %w", err)
	}
	return &d, nil
}

// pulumi runs a CLI command in the session's workspace and environment.
func (s *Session) pulumi(ctx context.Context, args ...string) (string, string, int, error) {
	ws := s.stack.Workspace()
	env := []string{"PULUMI_HOME=" + ws.PulumiHome()}
	for k, v := range ws.GetEnvVars() {
		env = append(env, k+"="+v)
	}
	return ws.PulumiCommand().Run(ctx, ws.WorkDir(), nil, nil, nil, env, args...)
}

// copyFile copies src to dst, which must not exist yet.
func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if _, err := os.Stat(dst); !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s exists already", dst)
	}
	return os.WriteFile(dst, b, 0o644)
}
