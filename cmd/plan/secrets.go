package main

import (
	"cmp"
	"reflect"
	"slices"
	"strings"

	sdkresource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/saleor-platform/infra/internal/harness"
)

// secretMask stands for a secret value wherever the plan would otherwise show it.
const secretMask = "[secret]"

// withoutSecrets returns a copy of r whose secret inputs read as secretMask, so that no fact
// can show one.
func withoutSecrets(r *harness.Resource) *harness.Resource {
	masked := *r
	masked.Inputs = maskSecrets(sdkresource.NewProperty(r.Inputs)).ObjectValue()
	return &masked
}

func maskSecrets(v sdkresource.PropertyValue) sdkresource.PropertyValue {
	switch {
	case v.IsSecret(), v.IsOutput() && v.OutputValue().Secret:
		return sdkresource.NewProperty(secretMask)
	case v.IsOutput():
		o := v.OutputValue()
		o.Element = maskSecrets(o.Element)
		return sdkresource.NewProperty(o)
	case v.IsArray():
		out := make([]sdkresource.PropertyValue, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			out[i] = maskSecrets(e)
		}
		return sdkresource.NewProperty(out)
	case v.IsObject():
		out := sdkresource.PropertyMap{}
		for k, e := range v.ObjectValue() {
			out[k] = maskSecrets(e)
		}
		return sdkresource.NewProperty(out)
	}
	return v
}

// secretStrings returns the plaintext of every secret of a run, longest first: the stack's
// secret config values, the strings of its secret outputs and the secrets the harness's leak
// check searches for (Inventory.SecretPlaintexts: generated secrets, Secrets Manager values,
// secret outputs read from other stacks). Strings that merely sit inside a secret document
// (a task definition's container definitions, say) are not secrets of their own: facts never
// show a secret input (withoutSecrets), so only a plaintext copied into a plain value or a
// policy message needs redacting.
func secretStrings(inv *harness.Inventory) []string {
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && s != secretMask {
			seen[s] = true
		}
	}
	for _, k := range inv.Stack.SecretKeys {
		add(inv.Stack.Config[k])
	}
	for _, o := range inv.Outputs {
		if o.Secret {
			eachString(o.Value, add)
		}
	}
	for _, s := range inv.SecretPlaintexts() {
		add(s)
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), cmp.Compare(a, b)) })
	return out
}

// eachString calls f with every string in a stack output's value: a string, or a slice, array
// or map of them at any depth (an output's value is whatever the program exported).
func eachString(v any, f func(string)) {
	eachStringValue(reflect.ValueOf(v), f)
}

func eachStringValue(v reflect.Value, f func(string)) {
	switch v.Kind() {
	case reflect.String:
		f(v.String())
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			eachStringValue(v.Elem(), f)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			eachStringValue(v.Index(i), f)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			eachStringValue(it.Value(), f)
		}
	}
}

// redact replaces every secret (longest first, as secretStrings orders them) in s with
// secretMask.
func redact(s string, secrets []string) string {
	for _, secret := range secrets {
		s = strings.ReplaceAll(s, secret, secretMask)
	}
	return s
}
