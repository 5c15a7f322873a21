package harness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	cli "github.com/pulumi/pulumi/pkg/v3/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/encoding"
	"github.com/pulumi/pulumi/sdk/v3/go/common/esc"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

// Stack is a stack's identity and configuration, as the Pulumi CLI would hand it to the
// program: project defaults from Pulumi.yaml overlaid with the stack file.
type Stack struct {
	Project, Name string
	// Config maps full keys ("saleor:sizing", "aws:region") to their values; arrays and
	// objects as JSON, the way the CLI passes them.
	Config map[string]string
	// SecretKeys are the keys whose values are secret (secure: in the stack file); offline
	// they read as "[secret]".
	SecretKeys []string

	// project is the Pulumi.yaml the stack was loaded with (nil for component test stacks);
	// Run checks Config against it as the Pulumi CLI does.
	project *workspace.Project
}

// With returns a copy of the stack with the given keys set; an empty value removes the key.
func (s Stack) With(kv map[string]string) Stack {
	cfg := make(map[string]string, len(s.Config)+len(kv))
	for k, v := range s.Config {
		cfg[k] = v
	}
	for k, v := range kv {
		if v == "" {
			delete(cfg, k)
		} else {
			cfg[k] = v
		}
	}
	s.Config = cfg
	return s
}

// ProjectRoot finds the directory holding Pulumi.yaml, from the working directory up.
func ProjectRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "Pulumi.yaml")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no Pulumi.yaml in the working directory or above")
		}
		dir = parent
	}
}

// StackNames lists the stacks that have a Pulumi.<stack>.yaml in the project root.
func StackNames() ([]string, error) {
	root, err := ProjectRoot()
	if err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(root, "Pulumi.*.yaml"))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml"))
	}
	sort.Strings(names)
	return names, nil
}

// LoadStack reads Pulumi.yaml (validated against the CLI's own project schema) and
// Pulumi.<name>.yaml, and checks and completes the stack's config with the Pulumi CLI's own
// function: every key Pulumi.yaml declares without a default must be set, values must have
// the declared type, declared secrets must be encrypted, and declared defaults fill the rest.
func LoadStack(name string) (Stack, error) {
	project, stackFile, err := readStackFile(name)
	if err != nil {
		return Stack{}, err
	}
	s := Stack{Project: project.Name.String(), Name: name, project: project}
	return s.applied(stackFile.Config)
}

// ParseStack is LoadStack for a stack file not (yet) in the repository: text is the
// Pulumi.<name>.yaml to be, read with the repository's Pulumi.yaml by the CLI's loader and
// checked and completed as LoadStack does.
func ParseStack(name, text string) (Stack, error) {
	project, err := loadProject()
	if err != nil {
		return Stack{}, err
	}
	quiet := diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never})
	path := fmt.Sprintf("Pulumi.%s.yaml", name)
	stackFile, err := workspace.LoadProjectStackBytes(quiet, project, []byte(text), path, encoding.YAML)
	if err != nil {
		return Stack{}, err
	}
	s := Stack{Project: project.Name.String(), Name: name, project: project}
	return s.applied(stackFile.Config)
}

// loadProject reads the repository's Pulumi.yaml, validated against the CLI's project schema.
func loadProject() (*workspace.Project, error) {
	root, err := ProjectRoot()
	if err != nil {
		return nil, err
	}
	return workspace.LoadProject(filepath.Join(root, "Pulumi.yaml"))
}

// readStackFile reads Pulumi.yaml and Pulumi.<name>.yaml as the CLI parses them, without
// checking the stack's config against the project.
func readStackFile(name string) (*workspace.Project, *workspace.ProjectStack, error) {
	project, err := loadProject()
	if err != nil {
		return nil, nil, err
	}
	root, err := ProjectRoot()
	if err != nil {
		return nil, nil, err
	}
	path := filepath.Join(root, fmt.Sprintf("Pulumi.%s.yaml", name))
	if _, err := os.Stat(path); err != nil {
		return nil, nil, fmt.Errorf("stack %q: %w", name, err)
	}
	quiet := diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never})
	stackFile, err := workspace.LoadProjectStack(quiet, project, path)
	if err != nil {
		return nil, nil, err
	}
	return project, stackFile, nil
}

// applied returns the stack with cfg as its config, after the CLI's checks and defaults
// (applyProjectConfig).
func (s Stack) applied(cfg config.Map) (Stack, error) {
	if err := applyProjectConfig(s.Name, s.project, cfg); err != nil {
		return Stack{}, err
	}
	s.Config, s.SecretKeys = map[string]string{}, nil
	for key, value := range cfg {
		v, err := value.Value(config.NewBlindingDecrypter())
		if err != nil {
			return Stack{}, fmt.Errorf("%s: %w", key, err)
		}
		s.Config[key.String()] = v
		if value.Secure() {
			s.SecretKeys = append(s.SecretKeys, key.String())
		}
	}
	sort.Strings(s.SecretKeys)
	return s, nil
}

// applyProjectConfig is what the Pulumi CLI does to a stack's config before it runs the
// program (pkg/v3/workspace.ValidateStackConfigAndApplyProjectConfig, called, not copied):
// it fails on missing required keys, wrong types and plaintext secrets, and adds the
// declared defaults to cfg.
func applyProjectConfig(stack string, project *workspace.Project, cfg config.Map) error {
	return cli.ValidateStackConfigAndApplyProjectConfig(context.Background(), stack, project, esc.Value{},
		cfg, config.NopEncrypter, config.NewBlindingDecrypter())
}

// resolved is the stack's config as the CLI would hand it to the program: the config of a
// stack loaded from its file, as changed by With (`pulumi config set`), checked and
// completed with the declared defaults. A stack not loaded from a file is returned as is.
func (s Stack) resolved() (Stack, error) {
	if s.project == nil {
		return s, nil
	}
	cfg := config.Map{}
	for k, v := range s.Config {
		key, err := config.ParseKey(k)
		if err != nil {
			return Stack{}, err
		}
		switch {
		case slices.Contains(s.SecretKeys, k):
			cfg[key] = config.NewSecureValue(v)
		case json.Valid([]byte(v)) && (strings.HasPrefix(v, "[") || strings.HasPrefix(v, "{")):
			cfg[key] = config.NewObjectValue(v)
		default:
			cfg[key] = config.NewValue(v)
		}
	}
	return s.applied(cfg)
}

// configString renders a config value the way the CLI passes it to programs: scalars as
// text, lists and maps as JSON.
func configString(v any) string {
	switch v.(type) {
	case []any, map[string]any:
		b, _ := json.Marshal(v)
		return string(b)
	default:
		return fmt.Sprint(v)
	}
}

// ConfigDecl is one key Pulumi.yaml's config block declares.
type ConfigDecl struct {
	// Key is the full key, e.g. "saleor:sizing".
	Key, Type, Description string
	// Default is the default as the CLI passes it ("" when none).
	Default string
	Secret  bool
}

// DeclaredConfig returns the keys Pulumi.yaml's config block declares, sorted by key.
func DeclaredConfig() ([]ConfigDecl, error) {
	root, err := ProjectRoot()
	if err != nil {
		return nil, err
	}
	project, err := workspace.LoadProject(filepath.Join(root, "Pulumi.yaml"))
	if err != nil {
		return nil, err
	}
	var out []ConfigDecl
	for key, decl := range project.Config {
		if !strings.Contains(key, ":") {
			key = project.Name.String() + ":" + key
		}
		d := ConfigDecl{Key: key, Type: decl.TypeName(), Description: decl.Description, Secret: decl.Secret}
		if decl.Default != nil {
			d.Default = configString(decl.Default)
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}
