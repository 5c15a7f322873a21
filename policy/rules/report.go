package rules

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// report collects one check's violation messages. Its require*/forbid* helpers encode the
// unknown rule once: a computed value is never a violation (decided at update).
type report []string

func (r *report) addf(format string, args ...any) { *r = append(*r, fmt.Sprintf(format, args...)) }

// requireTrue: the value must be true; not set counts as false.
func (r *report) requireTrue(m property.Map, path ...string) {
	if v := get(m, path...); !v.unknown() && !v.isTrue() {
		r.addf("%s must be true (is %s)", dotted(path), v)
	}
}

// forbidTrue: the value must not be true; not set is fine.
func (r *report) forbidTrue(m property.Map, path ...string) {
	if v := get(m, path...); v.isTrue() {
		r.addf("%s must not be true", dotted(path))
	}
}

// forbidFalse: the value must not be false; not set (an AWS default of true) is fine.
func (r *report) forbidFalse(m property.Map, path ...string) {
	if v := get(m, path...); v.isFalse() {
		r.addf("%s must not be false", dotted(path))
	}
}

// requireSet: the value must be set and non-empty; computed counts as set.
func (r *report) requireSet(m property.Map, path ...string) {
	if get(m, path...).empty() {
		r.addf("%s must be set", dotted(path))
	}
}

// requireOneOf: the value must be one of allowed; not set is a violation.
func (r *report) requireOneOf(m property.Map, allowed []string, path ...string) {
	if v := get(m, path...); !v.unknown() && !v.oneOf(allowed...) {
		r.addf("%s must be %s (is %s)", dotted(path), alternatives(allowed), v)
	}
}

// requireOneOfIfSet: like requireOneOf, but not set (an acceptable AWS default) is fine.
func (r *report) requireOneOfIfSet(m property.Map, allowed []string, path ...string) {
	if v := get(m, path...); !v.absent() {
		r.requireOneOf(m, allowed, path...)
	}
}

// requireAtLeast: the value must be a number >= low; not set is a violation.
func (r *report) requireAtLeast(m property.Map, low float64, path ...string) {
	v := get(m, path...)
	if v.unknown() {
		return
	}
	if n, ok := v.num(); !ok || n < low {
		r.addf("%s must be at least %v (is %s)", dotted(path), low, v)
	}
}

// requireCountAtLeast: the list must have at least low elements; its length is known even
// when the elements are computed.
func (r *report) requireCountAtLeast(m property.Map, low int, path ...string) {
	v := get(m, path...)
	if v.unknown() {
		return
	}
	if n := len(v.items()); n < low {
		r.addf("%s must list at least %d entries (has %d)", dotted(path), low, n)
	}
}

// requireCustomerManagedKey: the value must name a KMS key and not an AWS-managed one
// (alias/aws/<service>); computed counts as a customer-managed key.
func (r *report) requireCustomerManagedKey(m property.Map, path ...string) {
	switch v := get(m, path...); {
	case v.unknown():
	case v.empty():
		r.addf("%s must be set", dotted(path))
	case awsManagedKey(v.str()):
		r.addf("%s must name a customer-managed key, not an AWS-managed one (is %s)", dotted(path), v)
	}
}

// awsManagedKey reports whether a key ID or ARN is an AWS-managed key's alias, e.g.
// alias/aws/s3 or arn:aws:kms:eu-west-1:123456789012:alias/aws/s3.
func awsManagedKey(id string) bool {
	return strings.HasPrefix(id, "alias/aws/") || strings.Contains(id, ":alias/aws/")
}

func alternatives(allowed []string) string {
	quoted := make([]string, len(allowed))
	for i, a := range allowed {
		quoted[i] = fmt.Sprintf("%q", a)
	}
	if len(quoted) == 1 {
		return quoted[0]
	}
	return "one of " + strings.Join(quoted, ", ")
}

// in runs check on a nested map, prefixing its messages with label; an unknown map is
// decided at update.
func (r *report) in(label string, v value, check func(m property.Map, r *report)) {
	if v.unknown() {
		return
	}
	var inner report
	check(v.obj(), &inner)
	for _, msg := range inner {
		r.addf("%s.%s", label, msg)
	}
}

// each runs check on every map of a list, prefixing messages with label[i].
func (r *report) each(label string, maps []property.Map, check func(m property.Map, r *report)) {
	for i, m := range maps {
		r.in(fmt.Sprintf("%s[%d]", label, i), value{property.New(m)}, check)
	}
}
