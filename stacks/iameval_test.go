package stacks_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// parsePolicy decodes a policy document.
func parsePolicy(t testing.TB, text string) policyDocument {
	t.Helper()
	var d policyDocument
	if err := json.Unmarshal([]byte(text), &d); err != nil {
		t.Fatalf("policy %q: %v", text, err)
	}
	return d
}

// condValues reads a condition's value: one string or a list.
func condValues(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// request is one API call to judge: its action, resource (none for a trust policy), the
// Federated principal it comes from (trust policies only) and the condition keys it carries.
type request struct {
	action, resource, federated string
	context                     map[string]string
}

// decision is how IAM decides a request against one policy: an explicit deny wins, then an
// allow; otherwise the request is implicitly denied.
type decision string

const (
	allowed  decision = "allow"
	denied   decision = "deny"
	implicit decision = "implicit deny"
)

// decide evaluates a request against a policy the way IAM does for the operators the
// program's policies use (StringEquals, StringLike, ArnLike, BoolIfExists); another operator
// fails the test, so a policy cannot use one this evaluator would misjudge.
func decide(t testing.TB, doc policyDocument, req request) decision {
	t.Helper()
	result := implicit
	for _, s := range doc.Statement {
		if len(s.NotAction)+len(s.NotResource) > 0 {
			t.Fatalf("statement %s: NotAction and NotResource are not modelled by the test evaluator", s.Sid)
		}
		resources := []string(s.Resource)
		if len(resources) == 0 { // a trust policy's statement: the role itself
			resources = []string{"*"}
		}
		if !slices.ContainsFunc(s.Action, func(p string) bool { return glob(strings.ToLower(p), strings.ToLower(req.action)) }) ||
			!slices.ContainsFunc(resources, func(p string) bool { return glob(p, req.resource) }) ||
			(len(s.Principal) > 0 && !slices.Contains(s.principals()["Federated"], req.federated)) ||
			!conditionsHold(t, s.Condition, req.context) {
			continue
		}
		if s.Effect == "Deny" {
			return denied
		}
		result = allowed
	}
	return result
}

func conditionsHold(t testing.TB, conds map[string]map[string]any, context map[string]string) bool {
	t.Helper()
	for op, keys := range conds {
		for key, want := range keys {
			got, present := context[key]
			var ok bool
			switch op {
			case "StringEquals":
				ok = present && slices.Contains(condValues(want), got)
			case "StringLike", "ArnLike":
				ok = present && slices.ContainsFunc(condValues(want), func(p string) bool { return glob(p, got) })
			case "BoolIfExists":
				ok = !present || slices.Contains(condValues(want), got)
			default:
				t.Fatalf("condition operator %s: the test evaluator does not model it", op)
			}
			if !ok {
				return false
			}
		}
	}
	return true
}

// glob matches IAM's wildcards: * any characters (colons and slashes included), ? one.
func glob(pattern, s string) bool {
	var b strings.Builder
	b.WriteString("^")
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String()).MatchString(s)
}
