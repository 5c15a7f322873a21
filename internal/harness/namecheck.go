package harness

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
)

// rulesByType indexes nameRules by type token.
var rulesByType = func() map[string][]nameRule {
	m := map[string][]nameRule{}
	for _, r := range nameRules {
		m[r.Type] = append(m[r.Type], r)
	}
	return m
}()

// checkNames checks the name-like properties of a type against its naming rules and returns
// a failure per property that breaks any, naming the value, every limit it breaks and the
// rule's source. Unknown values (a name built from what preview does not know yet) are not
// checked.
func checkNames(typ string, props resource.PropertyMap) []plugin.CheckFailure {
	var failures []plugin.CheckFailure
	for _, rule := range rulesByType[typ] {
		v := props[resource.PropertyKey(rule.Property)]
		for v.IsSecret() {
			v = v.SecretValue().Element
		}
		if !v.IsString() {
			continue
		}
		if reason := rule.violation(v.StringValue()); reason != "" {
			failures = append(failures, plugin.CheckFailure{Property: resource.PropertyKey(rule.Property), Reason: reason})
		}
	}
	sort.Slice(failures, func(i, j int) bool { return failures[i].Property < failures[j].Property })
	return failures
}

// violation describes how value breaks the rule, "" when it does not.
func (r nameRule) violation(value string) string {
	var broken []string
	for _, l := range r.Limits {
		if !l.ok(value) {
			broken = append(broken, l.text)
		}
	}
	if len(broken) == 0 {
		return ""
	}
	return fmt.Sprintf("%q (%d characters) must %s [source: %s]", value, len(value), strings.Join(broken, "; must "), r.Source)
}
