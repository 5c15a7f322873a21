package stacks

import (
	"encoding/json"
	"reflect"
	"slices"
)

// EffectiveConfig is, for the tests of package stacks_test, the program's own view of a
// stack's configuration, as LoadConfig reads it in a run: config as the Pulumi CLI passes it
// (Pulumi.yaml's defaults included), the environment's defaults, and, for a regional stack,
// the contract its primary exported (primaryOutputs: the primary's outputs by name, as plain
// values; nil when the run read no primary). A test reads an effective value here (the
// sizing a stack file leaves to its environment, a regional stack's domain, which is its
// primary's) instead of re-implementing how the program arrives at it.
func EffectiveConfig(project, stack string, config map[string]string, secretKeys []string, primaryOutputs map[string]any) (*Config, error) {
	in := configInput{
		project: project, stack: stack,
		lookup:   func(key string) string { return config[key] },
		isSecret: func(key string) bool { return slices.Contains(secretKeys, key) },
	}
	if primaryOutputs != nil {
		in.primary = func(ref string, p *problems) (*primaryContract, error) {
			return contractFromOutputs(ref, primaryOutputs, p), nil
		}
	}
	cfg, _, err := parseConfig(in)
	return cfg, err
}

// contractFromOutputs decodes a primary's outputs into its contract as readContract does,
// recording an output the primary does not export, or exports in another shape, as a
// problem. The secret outputs (the writer's URL, the origin-verify value) are left unset:
// they are Outputs, not Go values, in the program too.
func contractFromOutputs(ref string, outputs map[string]any, p *problems) *primaryContract {
	out := &primaryContract{}
	v := reflect.ValueOf(&out.Contract).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Tag.Get("contract")
		value, ok := outputs[name]
		if !ok || value == nil {
			p.add("saleor:primaryStack", "%s exports no %q", ref, name)
			continue
		}
		raw, _ := json.Marshal(value)
		if err := json.Unmarshal(raw, v.Field(i).Addr().Interface()); err != nil {
			p.add("saleor:primaryStack", "%s exports %q in another shape than the contract's %s", ref, name, v.Field(i).Type())
		}
	}
	return out
}
