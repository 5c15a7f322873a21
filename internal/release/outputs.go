package release

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"

	"github.com/saleor-platform/infra/internal/release/target"
)

// Source reads a stack's release output.
type Source interface {
	Outputs(ctx context.Context, stack string) (target.Outputs, error)
}

// PulumiCLI reads the output with `pulumi stack output --json -s <stack>` (the selected
// backend and organisation; a stack may be named <organisation>/<project>/<stack>).
type PulumiCLI struct {
	// Command is the Pulumi CLI. Defaults to "pulumi".
	Command string
	// run runs the command and returns its standard output; nil runs it for real.
	run func(ctx context.Context, name string, args ...string) ([]byte, error)
}

// Outputs returns the stack's target.OutputName output.
func (c PulumiCLI) Outputs(ctx context.Context, stack string) (target.Outputs, error) {
	name, run := c.Command, c.run
	if name == "" {
		name = "pulumi"
	}
	if run == nil {
		run = func(ctx context.Context, name string, args ...string) ([]byte, error) {
			var stderr bytes.Buffer
			cmd := exec.CommandContext(ctx, name, args...)
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				return nil, fmt.Errorf("%s %v: %w: %s", name, args, err, bytes.TrimSpace(stderr.Bytes()))
			}
			return out, nil
		}
	}
	out, err := run(ctx, name, "stack", "output", "--json", "--stack", stack)
	if err != nil {
		return target.Outputs{}, err
	}
	return decodeOutputs(stack, out)
}

// decodeOutputs reads the release output from `pulumi stack output --json`, rejecting one
// that is missing, or whose fields this command does not know (a program newer than it).
func decodeOutputs(stack string, raw []byte) (target.Outputs, error) {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err != nil {
		return target.Outputs{}, fmt.Errorf("stack %s: the outputs are not JSON: %w", stack, err)
	}
	release, ok := all[target.OutputName]
	if !ok {
		return target.Outputs{}, fmt.Errorf("stack %s has no %q output: it is exported once the application exists "+
			"(saleor:zoneDelegated true) by this repository's program; run pulumi up", stack, target.OutputName)
	}
	var out target.Outputs
	dec := json.NewDecoder(bytes.NewReader(release))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		return target.Outputs{}, fmt.Errorf("stack %s: output %q: %w", stack, target.OutputName, err)
	}
	return out, nil
}

// Runtime returns the stack's runtime in role (target.Primary or target.DR).
func Runtime(stack string, out target.Outputs, role string) (target.Target, error) {
	t, ok := out.Regions[role]
	if !ok {
		return target.Target{}, fmt.Errorf("stack %s has no %s runtime; it has %v", stack, role, sortedKeys(out.Regions))
	}
	return t, nil
}
