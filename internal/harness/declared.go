package harness

import (
	"slices"
	"strings"
)

//go:generate go run ./gen -o zz_declared.go

// declaredProperties are the properties a resource type's SDK struct declares, as
// space-separated names: inputs its Args take, and outputs only the provider computes.
type declaredProperties struct {
	inputs, computedOnly string
}

// declaredOutputs returns every property a type declares (inputs and computed-only outputs),
// and whether the generated table knows the type.
func declaredOutputs(typ string) ([]string, bool) {
	d, ok := declared[typ]
	if !ok {
		return nil, false
	}
	return append(strings.Fields(d.inputs), strings.Fields(d.computedOnly)...), true
}

// isDeclaredInput reports whether prop is one of the type's inputs.
func isDeclaredInput(typ, prop string) bool {
	return slices.Contains(strings.Fields(declared[typ].inputs), prop)
}
