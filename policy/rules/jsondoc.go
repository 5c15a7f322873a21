package rules

import (
	"encoding/json"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// jsonDoc parses a property holding a JSON document (an ECS containerDefinitions string, an
// IAM or bucket policy, a WAF ruleJson) into a property.Value that the readers in values.go
// walk like any input. It returns unknown for a computed property, null when not set, and
// ok=false when the string is not JSON.
func jsonDoc(m property.Map, path ...string) (doc value, ok bool) {
	v := get(m, path...)
	if v.unknown() || v.absent() {
		return v, true
	}
	if v.v.IsMap() || v.v.IsArray() { // already structured (e.g. a pulumi.Any input)
		return v, true
	}
	var raw any
	if err := json.Unmarshal([]byte(v.str()), &raw); err != nil {
		return value{}, false
	}
	return value{fromJSON(raw)}, true
}

// fromJSON converts a decoded JSON value to a property.Value.
func fromJSON(raw any) property.Value {
	switch raw := raw.(type) {
	case map[string]any:
		m := make(map[string]property.Value, len(raw))
		for k, v := range raw {
			m[k] = fromJSON(v)
		}
		return property.New(m)
	case []any:
		a := make([]property.Value, len(raw))
		for i, v := range raw {
			a[i] = fromJSON(v)
		}
		return property.New(a)
	case string:
		return property.New(raw)
	case float64:
		return property.New(raw)
	case bool:
		return property.New(raw)
	}
	return property.Value{}
}
