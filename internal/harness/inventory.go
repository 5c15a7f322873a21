package harness

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Inventory is everything a run registered and exported.
type Inventory struct {
	Stack Stack
	// Preview is true when the run emulated `pulumi preview`.
	Preview bool
	// Resources are the registrations in the order they arrived.
	Resources []*Resource
	// Outputs are the stack's exports.
	Outputs map[string]Output
	// Logs are the messages the program logged, "SEVERITY: message".
	Logs []string
}

// Output is one stack export.
type Output struct {
	Value  any
	Known  bool
	Secret bool
}

// Resource is one registration as the engine would see it after the provider's Check.
type Resource struct {
	URN, Type, Name string
	// Custom is false for component resources.
	Custom bool
	// Remote is true for a component its provider constructs (a remote component, such as
	// awsx's ecr.Image): the harness emulates its outputs as a provider's Construct would.
	Remote bool
	// Read is true for a resource the program reads rather than manages (a stack
	// reference); its ID is what it reads.
	Read bool
	// Inputs are the checked inputs: what preview shows and the policy pack analyzes.
	Inputs resource.PropertyMap
	// Outputs are what the emulated provider returned; for a component, what it registered.
	Outputs resource.PropertyMap
	ID      string
	// Provider is the URN of the provider instance; empty means the default provider.
	Provider string
	// Region is the provider's region.
	Region                  string
	Parent                  string
	Protect                 bool
	IgnoreChanges           []string
	AdditionalSecretOutputs []string
	Dependencies            []string
	PropertyDependencies    map[string][]string
	// Aliases are the resource's aliases (pulumi.Aliases), as the program sent them.
	Aliases []Alias
}

// Alias is one alias of a registration: an old URN, or the parts of the old URN that
// differ from the resource's own (empty parts are the resource's).
type Alias struct {
	URN                        string
	Name, Type, Stack, Project string
	ParentURN                  string
	NoParent                   bool
}

// OfType returns the resources of a type token, ordered by URN.
func (inv *Inventory) OfType(typ string) []*Resource {
	var out []*Resource
	for _, r := range inv.Resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

// Named returns the resource of a type with a logical name, or nil.
func (inv *Inventory) Named(typ, name string) *Resource {
	for _, r := range inv.Resources {
		if r.Type == typ && r.Name == name {
			return r
		}
	}
	return nil
}

// ByURN returns the resource with a URN, or nil.
func (inv *Inventory) ByURN(urn string) *Resource {
	for _, r := range inv.Resources {
		if r.URN == urn {
			return r
		}
	}
	return nil
}

// ByID returns the resource whose ID (or ARN) is the given value, or nil; tests use it to
// follow a wired reference back to what it points at.
func (inv *Inventory) ByID(id string) *Resource {
	for _, r := range inv.Resources {
		if r.ID == id || (r.Custom && r.Outputs["arn"].IsString() && r.Outputs["arn"].StringValue() == id) {
			return r
		}
	}
	return nil
}

// Tier returns the outermost saleor component a resource belongs to ("saleor:network:Network"
// and its name), or nil for resources outside every component.
func (inv *Inventory) Tier(r *Resource) *Resource {
	var tier *Resource
	for p := inv.ByURN(r.Parent); p != nil; p = inv.ByURN(p.Parent) {
		if strings.HasPrefix(p.Type, "saleor:") {
			tier = p
		}
	}
	if tier == nil && strings.HasPrefix(r.Type, "saleor:") {
		return r
	}
	return tier
}

// AWS returns the custom resources of the aws package, ordered by URN.
func (inv *Inventory) AWS() []*Resource {
	var out []*Resource
	for _, r := range inv.Resources {
		if r.Custom && strings.HasPrefix(r.Type, "aws:") {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

// OldURNs returns the URNs a resource answers to besides its own, as the engine resolves
// aliases: each alias with the parts it leaves out taken from the resource and, under each
// old URN of its parent, the resource again (its name re-prefixed with the parent's old
// name when it starts with the parent's name), so an alias on a renamed component covers
// its children.
func (inv *Inventory) OldURNs(r *Resource) []string {
	var out []string
	add := func(u resource.URN) {
		if u != "" && string(u) != r.URN && !slices.Contains(out, string(u)) {
			out = append(out, string(u))
		}
	}
	var parentOld []string
	parent := inv.ByURN(r.Parent)
	if parent != nil {
		parentOld = inv.OldURNs(parent)
	}
	under := func(typ, name string) {
		for _, p := range parentOld {
			old, child := resource.URN(p), name
			if rest, ok := strings.CutPrefix(name, parent.Name); ok {
				child = old.Name() + rest
			}
			add(resource.NewURN(old.Stack(), old.Project(), old.QualifiedType(), tokens.Type(typ), child))
		}
	}
	for _, a := range r.Aliases {
		own := inv.aliasURN(r, a)
		add(own)
		under(string(own.Type()), own.Name())
	}
	under(r.Type, r.Name)
	return out
}

// aliasURN completes one alias of r into a URN.
func (inv *Inventory) aliasURN(r *Resource, a Alias) resource.URN {
	if a.URN != "" {
		return resource.URN(a.URN)
	}
	or := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	parent := resource.URN(or(a.ParentURN, r.Parent))
	if a.NoParent || (parent != "" && parent.QualifiedType() == resource.RootStackType) {
		parent = ""
	}
	return resource.CreateURN(or(a.Name, r.Name), or(a.Type, r.Type), parent,
		or(a.Project, inv.Stack.Project), or(a.Stack, inv.Stack.Name))
}

// Get returns the input at a property path such as "vpcConfig.subnetIds[0]", with secrets
// unwrapped; the zero value when absent.
func (r *Resource) Get(path string) resource.PropertyValue {
	p, err := resource.ParsePropertyPath(path)
	if err != nil {
		panic(fmt.Sprintf("bad property path %q: %v", path, err))
	}
	v, _ := p.Get(resource.NewProperty(r.Inputs))
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v
}

// Emulated reports whether the run knows r's output at key: set from the inputs or emulated,
// not left unknown after an update because the harness does not compute it.
func (r *Resource) Emulated(key string) bool {
	v := r.Outputs[resource.PropertyKey(key)]
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	return !isUnemulated(v)
}

// Output returns the string output at key, secrets unwrapped; "" when absent, not a string,
// or r is nil. It panics on an output the harness does not emulate (unknown after update), so
// a test cannot compare against a silent empty value.
func (r *Resource) Output(key string) string {
	if r == nil {
		return ""
	}
	v := r.Outputs[resource.PropertyKey(key)]
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	if isUnemulated(v) {
		panic(fmt.Sprintf("harness: output %q of %s %s is not emulated (unknown after update); emulate it %s",
			key, r.Type, r.Name, emulationHint(r.Type)))
	}
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// Has reports whether the input at path is set (not null).
func (r *Resource) Has(path string) bool { return !r.Get(path).IsNull() }

// String returns the string input at path, "" when absent or not a string.
func (r *Resource) String(path string) string {
	if v := r.Get(path); v.IsString() {
		return v.StringValue()
	}
	return ""
}

// Bool returns the boolean input at path, false when absent.
func (r *Resource) Bool(path string) bool {
	v := r.Get(path)
	return v.IsBool() && v.BoolValue()
}

// Number returns the numeric input at path, 0 when absent.
func (r *Resource) Number(path string) float64 {
	if v := r.Get(path); v.IsNumber() {
		return v.NumberValue()
	}
	return 0
}

// Strings returns the string-list input at path.
func (r *Resource) Strings(path string) []string {
	v := r.Get(path)
	if !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		for e.IsSecret() {
			e = e.SecretValue().Element
		}
		if e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

// JSON decodes the JSON document held in the string input at path (policies, container
// definitions) into v.
func (r *Resource) JSON(path string, v any) error {
	s := r.String(path)
	if s == "" {
		return fmt.Errorf("%s %s: no JSON at %s", r.Type, r.Name, path)
	}
	return json.Unmarshal([]byte(s), v)
}

// Tags returns the tagsAll input, falling back to tags.
func (r *Resource) Tags() map[string]string {
	out := map[string]string{}
	for _, key := range []string{"tags", "tagsAll"} {
		if v := r.Get(key); v.IsObject() {
			for k, t := range v.ObjectValue() {
				if t.IsString() {
					out[string(k)] = t.StringValue()
				}
			}
		}
	}
	return out
}

// AnalyzerResources returns the inventory as the policy pack's analyzer receives it.
func (inv *Inventory) AnalyzerResources() []policyx.AnalyzerResource {
	out := make([]policyx.AnalyzerResource, 0, len(inv.Resources))
	for _, r := range inv.Resources {
		a := policyx.AnalyzerResource{
			Type:                 r.Type,
			Properties:           resource.FromResourcePropertyMap(r.Inputs),
			URN:                  r.URN,
			Name:                 r.Name,
			Parent:               r.Parent,
			Dependencies:         r.Dependencies,
			PropertyDependencies: r.PropertyDependencies,
			Options: pulumi.ResourceOptions{
				Protect:                 r.Protect,
				IgnoreChanges:           r.IgnoreChanges,
				AdditionalSecretOutputs: r.AdditionalSecretOutputs,
			},
		}
		if p := inv.ByURN(r.Provider); p != nil {
			a.Provider = policyx.AnalyzerProviderResource{
				Type: p.Type, URN: p.URN, Name: p.Name, Properties: resource.FromResourcePropertyMap(p.Inputs),
			}
		}
		out = append(out, a)
	}
	return out
}
