package harness

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// StackReferenceType is the type token the SDKs read a stack reference as
// (pulumi.NewStackReference); the engine's builtin provider answers it.
const StackReferenceType = "pulumi:pulumi:StackReference"

// StackOutputs answers a stack reference: the outputs of the stack the program names, as
// it names it ("prod-eu" or "acme/saleor/prod-eu"), or an error naming the stack when there
// is no such stack.
type StackOutputs func(name string) (map[string]Output, error)

// StackReferences serves the program's stack references from resolve. The read returns
// what the engine's builtin provider returns (name, outputs, secretOutputNames): secret
// outputs stay secret; in Preview, known outputs are known, as in a preview against a
// deployed stack, and an output resolve leaves unknown is left out, which the SDK answers
// as unknown in a preview. Without this option a stack reference fails the run.
func StackReferences(resolve StackOutputs) Option {
	return func(e *engine) { e.references = resolve }
}

// StackReference is one stack reference a program read.
type StackReference struct {
	// Name is the reference's logical name; Stack is the stack it names, as written.
	Name, Stack string
	// Outputs are the names of the outputs the read returned, sorted; Secret are those of
	// them that are secret.
	Outputs, Secret []string
}

// StackReferences returns the stack references the program read, ordered by URN.
func (inv *Inventory) StackReferences() []StackReference {
	var out []StackReference
	for _, r := range inv.OfType(StackReferenceType) {
		ref := StackReference{Name: r.Name, Stack: r.ID}
		for k, v := range r.Outputs["outputs"].ObjectValue() {
			ref.Outputs = append(ref.Outputs, string(k))
			if v.ContainsSecrets() {
				ref.Secret = append(ref.Secret, string(k))
			}
		}
		sort.Strings(ref.Outputs)
		sort.Strings(ref.Secret)
		out = append(out, ref)
	}
	return out
}

// readStackReference answers a StackReference read from e.references, as the engine's
// builtin provider does, and records it as a read resource.
func (e *engine) readStackReference(in *pulumirpc.ReadResourceRequest) (string, resource.PropertyMap, error) {
	inputs, err := plugin.UnmarshalProperties(in.GetProperties(), rpcOptions)
	if err != nil {
		return "", nil, err
	}
	for k := range inputs {
		if k != "name" {
			return "", nil, fmt.Errorf("harness: stack reference %s: unknown property %q", in.GetName(), k)
		}
	}
	stack := in.GetId()
	if name := inputs["name"]; name.IsString() {
		stack = name.StringValue()
	}
	if e.references == nil {
		return "", nil, fmt.Errorf("harness: stack reference %s reads stack %q, but the run serves no stack references; "+
			"pass harness.StackReferences or use RunEnvironment", in.GetName(), stack)
	}
	outputs, err := e.references(stack)
	if err != nil {
		return "", nil, fmt.Errorf("harness: stack reference %s to stack %q: %w", in.GetName(), stack, err)
	}
	served, secret, err := e.servedOutputs(stack, outputs)
	if err != nil {
		return "", nil, err
	}
	state := resource.PropertyMap{
		"name":              resource.NewProperty(stack),
		"outputs":           resource.NewProperty(served),
		"secretOutputNames": resource.NewProperty(secret),
	}
	urn := e.urn(in.GetParent(), in.GetType(), in.GetName())
	r := &Resource{
		URN: urn, Type: in.GetType(), Name: in.GetName(), Custom: true, Read: true, ID: stack,
		Parent: in.GetParent(), Dependencies: in.GetDependencies(), PropertyDependencies: map[string][]string{},
		Inputs: inputs, Outputs: state,
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.registered[urn] {
		e.problems = append(e.problems, fmt.Sprintf("Duplicate resource URN '%s'; try giving it a unique name", urn))
	}
	e.registered[urn] = true
	e.inventory.Resources = append(e.inventory.Resources, r)
	return urn, state, nil
}

// servedOutputs turns a stack's recorded outputs into the property map a read returns and
// the sorted names of its secret outputs. An unknown output is left out in Preview (the SDK
// then answers it as unknown) and is an error in Update, since a deployed stack's outputs
// are all known.
func (e *engine) servedOutputs(stack string, outputs map[string]Output) (resource.PropertyMap, []resource.PropertyValue, error) {
	served := resource.PropertyMap{}
	var secretNames []string
	for name, o := range outputs {
		if !o.Known {
			if e.preview {
				continue
			}
			return nil, nil, fmt.Errorf("harness: stack %q: output %q is unknown, which a deployed stack's outputs never are", stack, name)
		}
		v, err := propertyValue(o.Value)
		if err != nil {
			return nil, nil, fmt.Errorf("harness: stack %q: output %q: %w", stack, name, err)
		}
		if o.Secret {
			v = resource.MakeSecret(v)
			secretNames = append(secretNames, name)
		}
		served[resource.PropertyKey(name)] = v
	}
	sort.Strings(secretNames)
	secret := make([]resource.PropertyValue, 0, len(secretNames))
	for _, n := range secretNames {
		secret = append(secret, resource.NewProperty(n))
	}
	return served, secret, nil
}

// propertyValue converts a recorded export (strings, numbers, bools, lists, maps and
// structs of them, named types included) into a property value, as the SDK marshals it.
func propertyValue(v any) (resource.PropertyValue, error) {
	if v == nil {
		return resource.NewNullProperty(), nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return resource.NewProperty(rv.String()), nil
	case reflect.Bool:
		return resource.NewProperty(rv.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return resource.NewProperty(float64(rv.Int())), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return resource.NewProperty(float64(rv.Uint())), nil
	case reflect.Float32, reflect.Float64:
		return resource.NewProperty(rv.Float()), nil
	case reflect.Slice, reflect.Array:
		arr := make([]resource.PropertyValue, 0, rv.Len())
		for i := range rv.Len() {
			e, err := propertyValue(rv.Index(i).Interface())
			if err != nil {
				return resource.PropertyValue{}, err
			}
			arr = append(arr, e)
		}
		return resource.NewProperty(arr), nil
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			break
		}
		obj := resource.PropertyMap{}
		for it := rv.MapRange(); it.Next(); {
			e, err := propertyValue(it.Value().Interface())
			if err != nil {
				return resource.PropertyValue{}, err
			}
			obj[resource.PropertyKey(it.Key().String())] = e
		}
		return resource.NewProperty(obj), nil
	case reflect.Struct:
		// As the SDK marshals a struct: the fields with a `pulumi` tag, null ones left out.
		obj := resource.PropertyMap{}
		for i := range rv.NumField() {
			tag, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("pulumi"), ",")
			if tag == "" {
				continue
			}
			e, err := propertyValue(rv.Field(i).Interface())
			if err != nil {
				return resource.PropertyValue{}, err
			}
			if !e.IsNull() {
				obj[resource.PropertyKey(tag)] = e
			}
		}
		return resource.NewProperty(obj), nil
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return resource.NewNullProperty(), nil
		}
		return propertyValue(rv.Elem().Interface())
	}
	return resource.PropertyValue{}, fmt.Errorf("a %T, which a stack output cannot hold", v)
}

// ReferencedStack is the name of the stack a reference names ("prod-eu" or
// "acme/saleor/prod-eu"): its last path segment.
func ReferencedStack(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }
