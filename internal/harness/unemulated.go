package harness

import (
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// markUnemulated answers as unknown, after an update, every property the type's SDK struct
// declares that neither the checked inputs nor the emulation (computeOutputs) set, and
// returns those properties, sorted. The Go SDK resolves an output the provider leaves out of
// its response from the inputs, and else as the zero value, known ("" or 0, silently; see
// resourceState.resolve in sdk/go/pulumi/context.go); an unknown value instead stays unknown
// through every Apply, so a read the harness cannot answer reaches a resource input or a
// stack export as unknown, which Run reports. ok is false for a type the generated table
// (zz_declared.go) does not know.
func markUnemulated(typ string, out resource.PropertyMap) (marked []string, ok bool) {
	props, ok := declaredOutputs(typ)
	if !ok {
		return nil, false
	}
	for _, p := range props {
		if _, set := out[resource.PropertyKey(p)]; !set {
			out[resource.PropertyKey(p)] = resource.MakeComputed(resource.NewProperty(unemulatedMarker))
			marked = append(marked, p)
		}
	}
	sort.Strings(marked)
	return marked, true
}

// unemulatedMarker is the element of the unknown values markUnemulated answers, so the
// inventory can tell them from the unknowns of a preview (it never crosses the wire).
const unemulatedMarker = "harness:unemulated"

// isUnemulated reports whether v is an output markUnemulated answered as unknown.
func isUnemulated(v resource.PropertyValue) bool {
	return v.IsComputed() && v.Input().Element.IsString() && v.Input().Element.StringValue() == unemulatedMarker
}

// unknownPaths returns the property paths of the unknown values in props, sorted.
func unknownPaths(props resource.PropertyMap) []string {
	var paths []string
	var walk func(path string, v resource.PropertyValue)
	walk = func(path string, v resource.PropertyValue) {
		switch {
		case v.IsComputed(), v.IsOutput() && !v.OutputValue().Known:
			paths = append(paths, path)
		case v.IsSecret():
			walk(path, v.SecretValue().Element)
		case v.IsOutput():
			walk(path, v.OutputValue().Element)
		case v.IsArray():
			for i, e := range v.ArrayValue() {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		case v.IsObject():
			for k, e := range v.ObjectValue() {
				walk(path+"."+string(k), e)
			}
		}
	}
	for k, v := range props {
		walk(string(k), v)
	}
	sort.Strings(paths)
	return paths
}

// emulationHint says where to emulate an output of typ: the file that already registers the
// type's outputs, else the file that registers other types of its service, else the tier's.
func emulationHint(typ string) string {
	if compute, ok := computers[typ]; ok {
		return fmt.Sprintf("in its register(%q, ...) in internal/harness/%s", typ, fileOf(compute))
	}
	types := make([]string, 0, len(computers))
	for t := range computers {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		if serviceOf(t) == serviceOf(typ) {
			return fmt.Sprintf("with register(%q, ...) in internal/harness/%s, next to the other %s types", typ, fileOf(computers[t]), serviceOf(typ))
		}
	}
	return fmt.Sprintf("with register(%q, ...) in the internal/harness/outputs_<tier>.go of the tier that creates it", typ)
}

// fileOf returns the base name of the file that defines a computer.
func fileOf(c computer) string {
	pc := reflect.ValueOf(c).Pointer()
	file, _ := runtime.FuncForPC(pc).FileLine(pc)
	return filepath.Base(file)
}

// describeSources names, among the resources an unknown value is built from, those with
// outputs the harness answered as unknown: each with those outputs and where to emulate them.
func (e *engine) describeSources(urns []string) string {
	var parts []string
	others := 0
	for _, urn := range urns {
		dep := e.inventory.ByURN(urn)
		marked := e.unemulated[urn]
		if dep == nil || len(marked) == 0 {
			others++
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s, whose outputs %s are not emulated: emulate the one the program reads %s",
			dep.Type, dep.Name, strings.Join(marked, ", "), emulationHint(dep.Type)))
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%d resources, none with an unemulated output (an invoke or a component output left unknown?)", others)
	}
	if others > 0 {
		parts = append(parts, fmt.Sprintf("and %d resources whose outputs are all emulated", others))
	}
	return strings.Join(parts, "; ")
}
