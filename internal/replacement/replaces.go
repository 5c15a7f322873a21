package replacement

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Replaces returns the inputs, in table order, whose change from olds to news makes the
// provider replace a resource of type typ; nil for a type that is not stateful. Secrets
// compare by their values.
func Replaces(typ string, olds, news resource.PropertyMap) []string {
	t, ok := Lookup(typ)
	if !ok {
		return nil
	}
	var out []string
	for _, r := range t.Rules {
		if r.replaces(lookup(olds, r.Path), lookup(news, r.Path)) {
			out = append(out, r.Path)
		}
	}
	return out
}

// replaces applies one rule to the old and new value of its input.
func (r Rule) replaces(old, new resource.PropertyValue) bool {
	switch {
	case new.ContainsUnknowns():
		return true // "known after apply # forces replacement"
	case new.IsNull() && (r.Computed || old.IsNull()):
		return false // unset: the provider keeps what it has
	case !old.IsNull() && !new.IsNull() && r.equal(old, new):
		return false
	}
	return r.Only == nil || r.Only(old, new)
}

// equal compares two known values as the schema does.
func (r Rule) equal(a, b resource.PropertyValue) bool {
	switch {
	case r.Fold && a.IsString() && b.IsString():
		return strings.EqualFold(a.StringValue(), b.StringValue())
	case r.Set && a.IsArray() && b.IsArray():
		return sameElements(a.ArrayValue(), b.ArrayValue())
	}
	return a.DeepEquals(b)
}

// sameElements compares two arrays as multisets.
func sameElements(a, b []resource.PropertyValue) bool {
	if len(a) != len(b) {
		return false
	}
	used := make([]bool, len(b))
next:
	for _, x := range a {
		for i, y := range b {
			if !used[i] && x.DeepEquals(y) {
				used[i] = true
				continue next
			}
		}
		return false
	}
	return true
}

// lookup returns the value at a dotted path, secrets removed; null when absent, and
// computed when the path runs through a computed value.
func lookup(m resource.PropertyMap, path string) resource.PropertyValue {
	v := plain(resource.NewProperty(m))
	for _, key := range strings.Split(path, ".") {
		if v.IsComputed() {
			return v
		}
		if !v.IsObject() {
			return resource.NewNullProperty()
		}
		v = v.ObjectValue()[resource.PropertyKey(key)]
	}
	return v
}

// plain returns a value with every secret replaced by what it holds.
func plain(v resource.PropertyValue) resource.PropertyValue {
	switch {
	case v.IsSecret():
		return plain(v.SecretValue().Element)
	case v.IsArray():
		out := make([]resource.PropertyValue, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			out[i] = plain(e)
		}
		return resource.NewProperty(out)
	case v.IsObject():
		out := resource.PropertyMap{}
		for k, e := range v.ObjectValue() {
			out[k] = plain(e)
		}
		return resource.NewProperty(out)
	}
	return v
}
