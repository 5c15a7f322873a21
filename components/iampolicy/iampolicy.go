// Package iampolicy renders IAM and resource policy documents (key, bucket, queue, trust and
// permission policies) from typed Go values, so every tier writes policies the same way and
// tests can read them back.
package iampolicy

import (
	"encoding/json"
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Document is an IAM policy document.
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one statement of a Document. Principal, Resource and Condition take the
// JSON shapes IAM accepts.
type Statement struct {
	Sid       string                    `json:"Sid,omitempty"`
	Effect    string                    `json:"Effect"`
	Principal map[string]any            `json:"Principal,omitempty"`
	Action    []string                  `json:"Action"`
	Resource  any                       `json:"Resource,omitempty"`
	Condition map[string]map[string]any `json:"Condition,omitempty"`
}

// New returns a document with the current policy language version.
func New(statements ...Statement) Document {
	return Document{Version: "2012-10-17", Statement: statements}
}

// Allow returns an Allow statement for actions on resources.
func Allow(sid string, actions []string, resources ...string) Statement {
	return Statement{Sid: sid, Effect: "Allow", Action: actions, Resource: resources}
}

// Service returns the principal of AWS services such as "logs.amazonaws.com".
func Service(services ...string) map[string]any {
	return map[string]any{"Service": services}
}

// AWS returns the principal of IAM ARNs or account IDs.
func AWS(arns ...string) map[string]any {
	return map[string]any{"AWS": arns}
}

// String renders the document as compact JSON.
func (d Document) String() string {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err) // only strings, maps and slices: cannot fail
	}
	return string(b)
}

// Render builds a document once the inputs (ARNs, names) are known; build receives their
// values in order.
func Render(build func(values []string) Document, inputs ...pulumi.StringInput) pulumi.StringOutput {
	all := make([]any, len(inputs))
	for i, in := range inputs {
		all[i] = in
	}
	return pulumi.All(all...).ApplyT(func(resolved []any) string {
		values := make([]string, len(resolved))
		for i, v := range resolved {
			values[i] = v.(string)
		}
		return build(values).String()
	}).(pulumi.StringOutput)
}

// RenderGroups is Render over named groups of inputs: build receives each group's resolved
// values under its name.
func RenderGroups(build func(groups map[string][]string) Document, groups map[string][]pulumi.StringInput) pulumi.StringOutput {
	names := slices.Sorted(maps.Keys(groups))
	var inputs []pulumi.StringInput
	for _, n := range names {
		inputs = append(inputs, groups[n]...)
	}
	return Render(func(values []string) Document {
		resolved := map[string][]string{}
		for _, n := range names {
			resolved[n], values = values[:len(groups[n])], values[len(groups[n]):]
		}
		return build(resolved)
	}, inputs...)
}

// AssumeRole returns the trust policy that lets the services assume a role.
func AssumeRole(services ...string) string {
	return New(Statement{
		Effect:    "Allow",
		Principal: Service(services...),
		Action:    []string{"sts:AssumeRole"},
	}).String()
}
