package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// AllPolicies is the config key that sets the level of every policy, as in the engine.
const AllPolicies = "all"

// ParseConfig parses a --policy-pack-config document: policy name -> level string, or
// {"enforcementLevel": level, <properties>}.
//
// Object entries must state enforcementLevel: policyx.PolicyConfig cannot represent "level not
// given" (advisory is its zero value), so a properties-only entry would silently downgrade
// a mandatory policy. That is stricter than the engine, which would keep the default level.
func ParseConfig(data []byte) (map[string]policyx.PolicyConfig, error) {
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("policy config: %w", err)
	}
	config := make(map[string]policyx.PolicyConfig, len(raw))
	var errs []error
	for name, entry := range raw {
		c, err := parseEntry(entry)
		if err != nil {
			errs = append(errs, fmt.Errorf("policy config %q: %w", name, err))
			continue
		}
		config[name] = c
	}
	return config, errors.Join(errs...)
}

func parseEntry(entry any) (policyx.PolicyConfig, error) {
	switch entry := entry.(type) {
	case string:
		level, err := ParseLevel(entry)
		return policyx.PolicyConfig{EnforcementLevel: level}, err
	case map[string]any:
		name, ok := entry["enforcementLevel"].(string)
		if !ok {
			return policyx.PolicyConfig{}, errors.New("object entries must set enforcementLevel to a string")
		}
		level, err := ParseLevel(name)
		props := maps.Clone(entry)
		delete(props, "enforcementLevel")
		if len(props) == 0 {
			props = nil
		}
		return policyx.PolicyConfig{EnforcementLevel: level, Properties: props}, err
	default:
		return policyx.PolicyConfig{}, fmt.Errorf("%v is neither a level string nor an object", entry)
	}
}

// Resolve computes what the engine sends in Configure: for every policy its default level and
// ConfigSchema defaults, then the "all" level, then each entry of config (level replaced,
// properties merged). The result names every policy of the pack and its properties satisfy
// the policy's ConfigSchema. Unlike the engine, a config entry naming no policy is an error.
func Resolve(policies []policyx.Policy, config map[string]policyx.PolicyConfig) (map[string]policyx.PolicyConfig, error) {
	resolved := make(map[string]policyx.PolicyConfig, len(policies))
	for _, p := range policies {
		resolved[p.Name()] = policyx.PolicyConfig{EnforcementLevel: p.EnforcementLevel(), Properties: schemaDefaults(p)}
	}
	var errs []error
	if all, ok := config[AllPolicies]; ok {
		for name, c := range resolved {
			resolved[name] = policyx.PolicyConfig{EnforcementLevel: all.EnforcementLevel, Properties: c.Properties}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(config)) {
		if name == AllPolicies {
			continue
		}
		c, ok := resolved[name]
		if !ok {
			errs = append(errs, fmt.Errorf("policy config names %q, which is not a policy of the pack", name))
			continue
		}
		given := config[name]
		props := maps.Clone(c.Properties)
		if props == nil && len(given.Properties) > 0 {
			props = map[string]any{}
		}
		maps.Copy(props, given.Properties)
		resolved[name] = policyx.PolicyConfig{EnforcementLevel: given.EnforcementLevel, Properties: props}
	}
	for _, p := range policies {
		if err := validateProperties(p, resolved[p.Name()].Properties); err != nil {
			errs = append(errs, err)
		}
	}
	return resolved, errors.Join(errs...)
}

// schemaDefaults returns the "default" of every ConfigSchema property, or nil.
func schemaDefaults(p policyx.Policy) map[string]any {
	schema := p.ConfigSchema()
	if schema == nil {
		return nil
	}
	var defaults map[string]any
	for key, prop := range schema.Properties {
		if value, ok := prop["default"]; ok {
			if defaults == nil {
				defaults = map[string]any{}
			}
			defaults[key] = value
		}
	}
	return defaults
}

// validateProperties checks props against the policy's ConfigSchema as a JSON schema object.
func validateProperties(p policyx.Policy, props map[string]any) error {
	schema := p.ConfigSchema()
	if schema == nil {
		if len(props) > 0 {
			return fmt.Errorf("policy %q takes no properties, got %v", p.Name(), slices.Sorted(maps.Keys(props)))
		}
		return nil
	}
	object := map[string]any{"type": "object", "properties": schema.Properties, "additionalProperties": false}
	if len(schema.Required) > 0 {
		object["required"] = schema.Required
	}
	document, err := json.Marshal(object)
	if err != nil {
		return fmt.Errorf("policy %q: schema: %w", p.Name(), err)
	}
	compiled, err := jsonschema.CompileString(p.Name()+".json", string(document))
	if err != nil {
		return fmt.Errorf("policy %q: schema: %w", p.Name(), err)
	}
	value, err := jsonRoundTrip(props)
	if err != nil {
		return fmt.Errorf("policy %q: properties: %w", p.Name(), err)
	}
	if err := compiled.Validate(value); err != nil {
		return fmt.Errorf("policy %q: properties: %w", p.Name(), err)
	}
	return nil
}

// jsonRoundTrip turns Go values (ints, typed slices) into the plain JSON values the schema
// validator expects.
func jsonRoundTrip(v map[string]any) (any, error) {
	if v == nil {
		v = map[string]any{}
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	return out, json.Unmarshal(data, &out)
}
