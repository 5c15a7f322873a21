package target

import (
	"reflect"
	"testing"
)

// TestTagsAgree: every field of the contract is named alike in the stack output the program
// exports (`pulumi` tag) and in the JSON cmd/release decodes (`json` tag).
func TestTagsAgree(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		for i := range typ.NumField() {
			f := typ.Field(i)
			j, p := f.Tag.Get("json"), f.Tag.Get("pulumi")
			if j == "" || j != p {
				t.Errorf("%s.%s: json %q, pulumi %q; want one name in both", typ.Name(), f.Name, j, p)
			}
			walk(f.Type)
		}
	}
	walk(reflect.TypeOf(Outputs{}))
	if len(seen) != 5 {
		t.Errorf("walked %d struct types, want 5 (Outputs, Target, Service, API, Network)", len(seen))
	}
}
