package deployments

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"
)

//go:embed settings.yaml
var settingsYAML []byte

// File is settings.yaml.
type File struct {
	// Repository is the GitHub repository the stacks deploy from, owner/name.
	Repository string `yaml:"repository"`
	// Branch is the branch whose pushes deploy, e.g. main.
	Branch string `yaml:"branch"`
	// ProgramPaths are the path filters of what the program is made of: globs over repository
	// paths, "!" excluding. Every stack's filters start with them.
	ProgramPaths []string `yaml:"programPaths"`
	// Accounts are the AWS accounts by name.
	Accounts map[string]Account `yaml:"accounts"`
	// Defaults are the options of a stack that sets none of its own.
	Defaults Options `yaml:"defaults"`
	// Stacks are the stacks by name, one per Pulumi.<stack>.yaml.
	Stacks map[string]StackEntry `yaml:"stacks"`
}

// Account is an AWS account the stacks deploy into.
type Account struct {
	// ID is the 12-digit account ID.
	ID string `yaml:"id"`
	// Environments are the saleor:environment values whose stacks live in the account.
	Environments []string `yaml:"environments"`
	// ESCEnvironment is the Pulumi ESC environment, <project>/<name>, that opens the account's
	// deploy role for people (deploy/esc/<name>.yaml).
	ESCEnvironment string `yaml:"escEnvironment"`
}

// Options are what a stack may set for itself; unset fields take File.Defaults.
type Options struct {
	// PreviewPullRequests runs `pulumi preview` for every pull request touching the stack's
	// paths and comments on it.
	PreviewPullRequests *bool `yaml:"previewPullRequests"`
	// PreRunCommands run in the checkout before the Pulumi operation. A stack's list replaces
	// the default list.
	PreRunCommands []string `yaml:"preRunCommands"`
	// EnvironmentVariables are set for the operation; a stack's merge over the defaults by name.
	EnvironmentVariables map[string]EnvVar `yaml:"environmentVariables"`
}

// StackEntry is one stack's entry in settings.yaml.
type StackEntry struct {
	Options `yaml:",inline"`
	// DeployAfter is the stack whose successful update deploys this one (default: none for a
	// primary, which then deploys on push; its saleor:primaryStack for a regional stack).
	DeployAfter string `yaml:"deployAfter"`
}

// EnvVar is an environment variable's value: plain text, or the ciphertext Pulumi Cloud made
// of a secret for one stack (`go run ./cmd/deployments -encrypt`), written as
// {ciphertext: <base64>}. A secret is never in the file in plain text.
type EnvVar struct {
	Value      string `yaml:"-"`
	Ciphertext string `yaml:"ciphertext"`
}

// UnmarshalYAML reads a scalar as a plain value and a mapping as {ciphertext: ...}.
func (v *EnvVar) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		return n.Decode(&v.Value)
	}
	type ciphertext EnvVar
	var c ciphertext
	if err := decodeStrict(n, &c); err != nil {
		return err
	}
	*v = EnvVar(c)
	if v.Ciphertext == "" {
		return errors.New("a secret is {ciphertext: <base64>}; ciphertext is empty")
	}
	return nil
}

// Secret says whether the value is a ciphertext.
func (v EnvVar) Secret() bool { return v.Ciphertext != "" }

// ParseFile reads a settings file strictly: an unknown key is an error naming it.
func ParseFile(data []byte) (File, error) {
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return File{}, fmt.Errorf("settings.yaml: %w", err)
	}
	return f, nil
}

// decodeStrict decodes a node rejecting unknown keys (yaml.Node.Decode alone accepts them).
func decodeStrict(n *yaml.Node, out any) error {
	data, err := yaml.Marshal(n)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	return dec.Decode(out)
}

// options returns the stack's options over the defaults.
func (f File) options(stack string) Options {
	own := f.Stacks[stack].Options
	o := Options{PreviewPullRequests: f.Defaults.PreviewPullRequests, PreRunCommands: f.Defaults.PreRunCommands,
		EnvironmentVariables: map[string]EnvVar{}}
	if own.PreviewPullRequests != nil {
		o.PreviewPullRequests = own.PreviewPullRequests
	}
	if own.PreRunCommands != nil {
		o.PreRunCommands = own.PreRunCommands
	}
	for k, v := range f.Defaults.EnvironmentVariables {
		o.EnvironmentVariables[k] = v
	}
	for k, v := range own.EnvironmentVariables {
		o.EnvironmentVariables[k] = v
	}
	return o
}
