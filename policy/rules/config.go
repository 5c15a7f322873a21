package rules

import (
	"maps"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// ruleConfig is a policy's configuration properties with schema defaults filled in. Values
// come from JSON (float64, []any), from protobuf Structs (the same), or from Go defaults
// (int, []string); the accessors accept all of them.
type ruleConfig map[string]any

// withDefaults returns config with every schema default not set in config.
func withDefaults(schema *policyx.ConfigSchema, config map[string]any) ruleConfig {
	out := ruleConfig(maps.Clone(config))
	if out == nil {
		out = ruleConfig{}
	}
	if schema != nil {
		for key, prop := range schema.Properties {
			if _, ok := out[key]; !ok {
				out[key] = prop["default"]
			}
		}
	}
	return out
}

func (c ruleConfig) int(key string) int {
	switch v := c[key].(type) {
	case int:
		return v
	case float64:
		return int(v)
	}
	return 0
}

func (c ruleConfig) ints(key string) []int {
	switch v := c[key].(type) {
	case []int:
		return v
	case []any:
		out := make([]int, 0, len(v))
		for _, e := range v {
			if f, ok := e.(float64); ok {
				out = append(out, int(f))
			}
		}
		return out
	}
	return nil
}

func (c ruleConfig) str(key string) string {
	s, _ := c[key].(string)
	return s
}

func (c ruleConfig) strings(key string) []string {
	switch v := c[key].(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// schema builds a ConfigSchema from named properties.
func schema(props map[string]map[string]any) *policyx.ConfigSchema {
	return &policyx.ConfigSchema{Properties: props}
}

// intOption is a JSON schema integer property with a default and a minimum.
func intOption(description string, def, minimum int) map[string]any {
	return map[string]any{"type": "integer", "description": description, "default": def, "minimum": minimum}
}

// stringsOption is a JSON schema array-of-strings property with a default.
func stringsOption(description string, def ...string) map[string]any {
	if def == nil {
		def = []string{}
	}
	return map[string]any{
		"type": "array", "description": description, "default": def,
		"items": map[string]any{"type": "string", "minLength": 1}, "uniqueItems": true,
	}
}

// stringOption is a JSON schema string property with a default.
func stringOption(description, def string) map[string]any {
	return map[string]any{"type": "string", "description": description, "default": def, "minLength": 1}
}
