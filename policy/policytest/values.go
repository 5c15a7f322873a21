// Package policytest builds analyzer resources for the policy tests, benchmarks and the
// offline harness: plain-Go property helpers and a compliant example stack.
package policytest

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Computed is an unknown value, as an output not yet resolved in preview.
var Computed = property.New(property.Computed)

// Null is an absent value.
var Null = property.Value{}

// Secret marks a plain Go value secret.
func Secret(v any) property.Value { return Value(v).WithSecret(true) }

// Value converts plain Go values (map[string]any, []any, []string, string, int, float64,
// bool, nil, property.Value) to a property.Value; it panics on anything else.
func Value(v any) property.Value {
	switch v := v.(type) {
	case property.Value:
		return v
	case nil:
		return property.Value{}
	case map[string]any:
		return property.New(Props(v))
	case []any:
		out := make([]property.Value, len(v))
		for i, e := range v {
			out[i] = Value(e)
		}
		return property.New(out)
	case []string:
		out := make([]property.Value, len(v))
		for i, e := range v {
			out[i] = property.New(e)
		}
		return property.New(out)
	case string:
		return property.New(v)
	case int:
		return property.New(float64(v))
	case float64:
		return property.New(v)
	case bool:
		return property.New(v)
	}
	panic(fmt.Sprintf("policytest.Value: unsupported %T", v))
}

// Props converts a plain Go map to a property.Map.
func Props(m map[string]any) property.Map {
	out := make(map[string]property.Value, len(m))
	for k, v := range m {
		out[k] = Value(v)
	}
	return property.NewMap(out)
}

// Set returns a copy of m with the value at path (keys and list indexes) replaced by v.
func Set(m property.Map, v any, path ...any) property.Map {
	p := property.Path{}
	for _, seg := range path {
		switch seg := seg.(type) {
		case string:
			p = p.AppendKey(seg)
		case int:
			p = p.AppendIndex(seg)
		default:
			panic(fmt.Sprintf("policytest.Set: path segment %T", seg))
		}
	}
	out, err := p.Set(property.New(m), Value(v))
	if err != nil {
		panic(fmt.Sprintf("policytest.Set %v: %v", path, err))
	}
	return out.AsMap()
}

// URN is the URN of a resource of the test stack.
func URN(typ, name string) string { return "urn:pulumi:test::saleor::" + typ + "::" + name }

// Resource builds an analyzer resource from plain Go properties.
func Resource(typ, name string, props map[string]any) policyx.AnalyzerResource {
	return policyx.AnalyzerResource{
		Type: typ, Name: name, URN: URN(typ, name), Properties: Props(props),
		PropertyDependencies: map[string][]string{},
	}
}
