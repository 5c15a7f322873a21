package harness

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Leaks returns where a secret of the run appears in a value not marked secret: every
// generated secret (random passwords, TLS keys), every value stored in Secrets Manager and
// every secret output read from another stack, in its plain, URL-encoded and JSON-escaped
// forms, searched in every resource's ID, inputs and outputs (JSON documents inside strings
// included), the stack outputs and the program's log. Each finding reads "<where>: exposes <source>"; none means every occurrence is marked.
func (inv *Inventory) Leaks() []string {
	s := newLeakScanner(secretPlaintexts(inv))
	s.scanInventory(inv)
	sort.Strings(s.leaks)
	return s.leaks
}

// Secrets returns how many distinct secret values Leaks searches for; a test checks it is
// not zero, or the search proves nothing.
func (inv *Inventory) Secrets() int { return len(secretPlaintexts(inv)) }

// SecretPlaintexts returns, sorted, the secret values Leaks searches for: the generated
// secrets, the values kept in Secrets Manager and the secret outputs read from other stacks.
// A report of the run (the offline plan) redacts them.
func (inv *Inventory) SecretPlaintexts() []string {
	plaintexts := secretPlaintexts(inv)
	out := make([]string, 0, len(plaintexts))
	for p := range plaintexts {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// generatedSecretOutputs lists, per generator type, the outputs that hold a generated secret.
var generatedSecretOutputs = map[string][]string{
	"random:index/randomPassword:RandomPassword": {"result"},
	"tls:index/privateKey:PrivateKey":            {"privateKeyPem", "privateKeyPemPkcs8", "privateKeyOpenssh"},
}

// secretPlaintexts returns every generated secret (the outputs of generatedSecretOutputs),
// every value kept in Secrets Manager (passwords, tokens, keys, connection URLs, the master
// credentials) and the strings of every secret output a stack reference read, each named by
// where it first comes from.
func secretPlaintexts(inv *Inventory) map[string]string {
	out := map[string]string{}
	add := func(value resource.PropertyValue, source string) {
		for value.IsSecret() {
			value = value.SecretValue().Element
		}
		if !value.IsString() || value.StringValue() == "" {
			return
		}
		if _, seen := out[value.StringValue()]; !seen {
			out[value.StringValue()] = source
		}
	}
	for typ, keys := range generatedSecretOutputs {
		for _, r := range inv.OfType(typ) {
			for _, k := range keys {
				add(r.Outputs[resource.PropertyKey(k)], r.Name+"."+k)
			}
		}
	}
	for _, v := range inv.OfType("aws:secretsmanager/secretVersion:SecretVersion") {
		add(v.Inputs["secretString"], v.Name+".secretString")
	}
	for _, ref := range inv.OfType(StackReferenceType) {
		for k, v := range ref.Outputs["outputs"].ObjectValue() {
			if v.IsSecret() {
				eachString(v, func(s resource.PropertyValue) { add(s, ref.Name+".outputs."+string(k)) })
			}
		}
	}
	return out
}

// eachString calls f with every string v holds, in lists and maps too.
func eachString(v resource.PropertyValue, f func(resource.PropertyValue)) {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	switch {
	case v.IsString():
		f(v)
	case v.IsArray():
		for _, e := range v.ArrayValue() {
			eachString(e, f)
		}
	case v.IsObject():
		for _, e := range v.ObjectValue() {
			eachString(e, f)
		}
	}
}

// leakScanner finds secrets in values that are not marked secret.
type leakScanner struct {
	// forms maps each way a secret can be written (plain, URL-encoded, JSON-escaped) to the
	// secret's source.
	forms map[string]string
	// leaks are the findings, "<path>: exposes <source>".
	leaks []string
}

// newLeakScanner returns a scanner for the plaintexts, each mapped to its source.
func newLeakScanner(plaintexts map[string]string) *leakScanner {
	s := &leakScanner{forms: map[string]string{}}
	for p, source := range plaintexts {
		quoted, _ := json.Marshal(p)
		for _, form := range []string{
			p,
			url.QueryEscape(p),
			url.PathEscape(p),
			strings.TrimPrefix(url.UserPassword("", p).String(), ":"), // a URL's password
			string(quoted[1 : len(quoted)-1]),                         // inside a JSON string
		} {
			s.forms[form] = source
		}
	}
	return s
}

// scanInventory scans every resource's ID, inputs and outputs, every stack output and what
// the program logged.
func (s *leakScanner) scanInventory(inv *Inventory) {
	for _, r := range inv.Resources {
		at := r.Type + " " + r.Name
		s.scanString(at+" id", r.ID)
		s.scanValue(at+" inputs", resource.NewProperty(r.Inputs))
		s.scanValue(at+" outputs", resource.NewProperty(r.Outputs))
	}
	for i, line := range inv.Logs {
		s.scanString(fmt.Sprintf("log line %d", i+1), line)
	}
	names := make([]string, 0, len(inv.Outputs))
	for name := range inv.Outputs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		o := inv.Outputs[name]
		if o.Secret {
			continue
		}
		// Exports are Go values (strings, slices, maps); JSON gives them one shape to walk.
		b, err := json.Marshal(o.Value)
		var v any
		if err == nil && json.Unmarshal(b, &v) == nil {
			s.scanAny("stack output "+name, v)
		} else {
			s.scanString("stack output "+name, fmt.Sprint(o.Value))
		}
	}
}

// scanValue walks a property value; a value marked secret is skipped with all it holds.
func (s *leakScanner) scanValue(at string, v resource.PropertyValue) {
	switch {
	case v.IsSecret():
	case v.IsComputed():
	case v.IsOutput():
		if o := v.OutputValue(); !o.Secret {
			s.scanValue(at, o.Element)
		}
	case v.IsString():
		s.scanString(at, v.StringValue())
	case v.IsArray():
		for i, e := range v.ArrayValue() {
			s.scanValue(fmt.Sprintf("%s[%d]", at, i), e)
		}
	case v.IsObject():
		for k, e := range v.ObjectValue() {
			s.scanValue(at+"."+string(k), e)
		}
	}
}

// scanAny walks a decoded JSON value.
func (s *leakScanner) scanAny(at string, v any) {
	switch v := v.(type) {
	case string:
		s.scanString(at, v)
	case []any:
		for i, e := range v {
			s.scanAny(fmt.Sprintf("%s[%d]", at, i), e)
		}
	case map[string]any:
		for k, e := range v {
			s.scanAny(at+"."+k, e)
		}
	}
}

// scanString checks a string; one holding a JSON document (a policy, container definitions)
// is walked as that document, so a finding names the field within it.
func (s *leakScanner) scanString(at, str string) {
	if trimmed := strings.TrimSpace(str); strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		var doc any
		if json.Unmarshal([]byte(trimmed), &doc) == nil {
			before := len(s.leaks)
			s.scanAny(at, doc)
			if len(s.leaks) > before {
				return
			}
		}
	}
	for form, source := range s.forms {
		if strings.Contains(str, form) {
			s.leaks = append(s.leaks, fmt.Sprintf("%s: exposes %s", at, source))
			return
		}
	}
}
