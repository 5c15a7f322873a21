// Package validate checks a component's Args before anything is registered. It collects
// every problem at once, each naming the component and the field at fault, and returns them
// as one *Error that lists them one per line.
package validate

import (
	"errors"
	"fmt"
	"strings"
)

// Args starts every component constructor: nil args read as the zero Args, defaults (if
// not nil) fills them in and check reports their problems. typ is the component's Pulumi
// type token and name its resource name; together they prefix every problem.
func Args[A any](typ, name string, args *A, defaults func(A) A, check func(A, *Problems)) (A, error) {
	var a A
	if args != nil {
		a = *args
	}
	if defaults != nil {
		a = defaults(a)
	}
	p := New(typ, name)
	check(a, p)
	return a, p.Err()
}

// Problem is one thing wrong with an Args value.
type Problem struct {
	// Field is the path of the field at fault, e.g. "Alerting.KMSKeyArn" or
	// "ProtectedResourceArns[2]".
	Field string
	// Message says what is wrong and what is allowed.
	Message string
}

// Error is every problem of one component's Args.
type Error struct {
	// Component is the component's short type and resource name, e.g. "storage storage-dr";
	// empty for values checked outside a component.
	Component string
	Problems  []Problem
}

// Error lists the problems one per line: "<component>: <field>: <message>".
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		var b strings.Builder
		if e.Component != "" {
			b.WriteString(e.Component + ": ")
		}
		if p.Field != "" {
			b.WriteString(p.Field + ": ")
		}
		b.WriteString(p.Message)
		lines[i] = b.String()
	}
	return strings.Join(lines, "\n")
}

// Fields returns the fields named by the first *Error in err's tree, in the order reported.
func Fields(err error) []string {
	var e *Error
	if !errors.As(err, &e) {
		return nil
	}
	fields := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		fields[i] = p.Field
	}
	return fields
}

// Problems collects problems, under a field path for nested Args (see At). The zero value
// collects problems of no component.
type Problems struct {
	err  *Error
	path string
}

// New returns the collector of a component: typ is its Pulumi type token, name its resource
// name. "saleor:storage:Storage" and "storage-dr" prefix problems with "storage storage-dr",
// "saleor:backup:Vault" and "backup-dr" with "backup Vault backup-dr".
func New(typ, name string) *Problems {
	short := typ
	if parts := strings.Split(typ, ":"); len(parts) == 3 {
		short = parts[1]
		if !strings.EqualFold(parts[1], parts[2]) {
			short += " " + parts[2]
		}
	}
	return &Problems{err: &Error{Component: short + " " + name}}
}

// At returns a collector into p whose fields are under field, e.g. p.At("Alerting") or
// p.At(Index("Watch.Caches", 0)).
func (p *Problems) At(field string) *Problems {
	return &Problems{err: p.list(), path: p.field(field)}
}

// Index returns the path of an element of a list or map field: "Field[key]".
func Index(field string, key any) string { return fmt.Sprintf("%s[%v]", field, key) }

// Add reports a problem of field (under p's path; "" is p's path itself).
func (p *Problems) Add(field, format string, args ...any) {
	e := p.list()
	e.Problems = append(e.Problems, Problem{Field: p.field(field), Message: fmt.Sprintf(format, args...)})
}

// Err returns the problems reported so far as an *Error, or nil when there are none.
func (p *Problems) Err() error {
	if p.err == nil || len(p.err.Problems) == 0 {
		return nil
	}
	return p.err
}

func (p *Problems) list() *Error {
	if p.err == nil {
		p.err = &Error{}
	}
	return p.err
}

func (p *Problems) field(field string) string {
	switch {
	case p.path == "":
		return field
	case field == "":
		return p.path
	case strings.HasPrefix(field, "["):
		return p.path + field
	}
	return p.path + "." + field
}
