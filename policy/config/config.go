// Package config holds the per-environment --policy-pack-config files of the saleor-guardrails
// pack and loads them, so the offline plan and the tests apply exactly the files a real
// `pulumi preview --policy-pack-config policy/config/<environment>.json` uses.
package config

import (
	"embed"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/saleor-platform/infra/policy/engine"
)

//go:embed *.json
var files embed.FS

// Environments lists the environments that have a config file, sorted.
func Environments() []string {
	entries, _ := files.ReadDir(".") // the embedded root always reads
	var envs []string
	for _, e := range entries {
		envs = append(envs, strings.TrimSuffix(e.Name(), ".json"))
	}
	slices.Sort(envs)
	return envs
}

// raw returns the config file of an environment as written.
func raw(env string) ([]byte, error) {
	data, err := files.ReadFile(env + ".json")
	if err != nil {
		return nil, fmt.Errorf("no policy config for environment %q (have %v)", env, Environments())
	}
	return data, nil
}

// ForEnvironment parses the config file of an environment (see engine.ParseConfig): policy
// name -> level and properties, as given; engine.Resolve or engine.Evaluate fill in the
// defaults of policies the file does not name.
func ForEnvironment(env string) (map[string]policyx.PolicyConfig, error) {
	data, err := raw(env)
	if err != nil {
		return nil, err
	}
	config, err := engine.ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("%s.json: %w", env, err)
	}
	return config, nil
}
