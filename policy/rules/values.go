package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// value is an unknown-safe reading of one property: every accessor checks the kind before
// calling As*, so a computed value simply reads as "unknown".
type value struct{ v property.Value }

// get follows path through nested maps. A computed value on the way is returned as is, so the
// whole subtree reads as unknown; a missing key or a non-map reads as null.
func get(m property.Map, path ...string) value {
	v := property.New(m)
	for _, key := range path {
		if v.IsComputed() {
			break
		}
		if !v.IsMap() {
			return value{}
		}
		v = lookup(v.AsMap(), key)
	}
	return value{v}
}

// lookup returns m[key], falling back to a key equal under case folding, so one rule reads
// Pulumi inputs (camelCase) and AWS JSON documents (PascalCase) alike.
func lookup(m property.Map, key string) property.Value {
	if v, ok := m.GetOk(key); ok {
		return v
	}
	for k, v := range m.All {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return property.Value{}
}

func (v value) unknown() bool { return v.v.IsComputed() }
func (v value) absent() bool  { return v.v.IsNull() }
func (v value) isTrue() bool  { return v.v.IsBool() && v.v.AsBool() }
func (v value) isFalse() bool { return v.v.IsBool() && !v.v.AsBool() }

// str returns a known string, or "" for anything else.
func (v value) str() string {
	if v.v.IsString() {
		return v.v.AsString()
	}
	return ""
}

// num returns a known number; numbers written as strings (JSON documents) count too.
func (v value) num() (float64, bool) {
	switch {
	case v.v.IsNumber():
		return v.v.AsNumber(), true
	case v.v.IsString():
		var f float64
		_, err := fmt.Sscan(v.v.AsString(), &f)
		return f, err == nil
	}
	return 0, false
}

// obj returns a known map, or an empty one.
func (v value) obj() property.Map {
	if v.v.IsMap() {
		return v.v.AsMap()
	}
	return property.Map{}
}

// items returns the elements of a known array; a single non-array value counts as one
// element (AWS JSON documents allow either). Null and computed give none.
func (v value) items() []value {
	switch {
	case v.v.IsArray():
		out := make([]value, 0, v.v.AsArray().Len())
		for _, e := range v.v.AsArray().All {
			out = append(out, value{e})
		}
		return out
	case v.absent(), v.unknown():
		return nil
	}
	return []value{v}
}

// maps returns the known map elements of an array (or a single map).
func (v value) maps() []property.Map {
	var out []property.Map
	for _, e := range v.items() {
		if e.v.IsMap() {
			out = append(out, e.obj())
		}
	}
	return out
}

// strs returns the known strings of an array (or a single string).
func (v value) strs() []string {
	var out []string
	for _, e := range v.items() {
		if e.v.IsString() {
			out = append(out, e.str())
		}
	}
	return out
}

// hasUnknown reports whether the value or anything inside it is computed.
func (v value) hasUnknown() bool { return v.v.HasComputed() }

// empty reports null, "", [] or {}.
func (v value) empty() bool {
	switch {
	case v.absent():
		return true
	case v.v.IsString():
		return v.v.AsString() == ""
	case v.v.IsArray():
		return v.v.AsArray().Len() == 0
	case v.v.IsMap():
		return v.v.AsMap().Len() == 0
	}
	return false
}

// oneOf reports whether the value is a known string among allowed.
func (v value) oneOf(allowed ...string) bool {
	return v.v.IsString() && slices.Contains(allowed, v.str())
}

// String describes the value for a message; secrets are never printed.
func (v value) String() string {
	switch {
	case v.v.Secret():
		return "[secret]"
	case v.absent():
		return "not set"
	case v.unknown():
		return "unknown"
	case v.v.IsString():
		return fmt.Sprintf("%q", v.v.AsString())
	case v.v.IsBool():
		return fmt.Sprint(v.v.AsBool())
	case v.v.IsNumber():
		return fmt.Sprint(v.v.AsNumber())
	}
	return "a " + kind(v.v)
}

func kind(v property.Value) string {
	switch {
	case v.IsArray():
		return "list"
	case v.IsMap():
		return "map"
	}
	return "value"
}

// dotted joins a property path for messages.
func dotted(path []string) string { return strings.Join(path, ".") }
