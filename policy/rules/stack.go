package rules

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// stack indexes the resources a stack policy sees.
type stack struct {
	byType map[string][]policyx.AnalyzerResource
	byURN  map[string]policyx.AnalyzerResource
}

func newStack(resources []policyx.AnalyzerResource) *stack {
	s := &stack{byType: map[string][]policyx.AnalyzerResource{}, byURN: map[string]policyx.AnalyzerResource{}}
	for _, r := range resources {
		s.byType[r.Type] = append(s.byType[r.Type], r)
		s.byURN[r.URN] = r
	}
	return s
}

// ofType returns the resources of any of the given type tokens, in stack order.
func (s *stack) ofType(types ...string) []policyx.AnalyzerResource {
	var out []policyx.AnalyzerResource
	for _, t := range types {
		out = append(out, s.byType[t]...)
	}
	return out
}

// refersTo reports whether from's property key points at to. The engine's property
// dependencies decide when recorded (in preview the value itself is usually an unknown
// output); otherwise a known value of key must equal to's known nameKey property (e.g. a
// companion's "bucket" and the bucket's "bucket" name).
func refersTo(from policyx.AnalyzerResource, key string, to policyx.AnalyzerResource, nameKey string) bool {
	if slices.Contains(from.PropertyDependencies[key], to.URN) {
		return true
	}
	name := get(to.Properties, nameKey).str()
	return name != "" && get(from.Properties, key).str() == name
}

// referrers returns the resources among from whose property key points at to.
func referrers(from []policyx.AnalyzerResource, key string, to policyx.AnalyzerResource, nameKey string,
) []policyx.AnalyzerResource {
	var out []policyx.AnalyzerResource
	for _, r := range from {
		if refersTo(r, key, to, nameKey) {
			out = append(out, r)
		}
	}
	return out
}

// requireReferrer reports every target that no resource of referrerType points at through
// key: the shape of "every web ACL has a logging configuration" and "every repository has a
// lifecycle policy".
func requireReferrer(s *stack, targets []policyx.AnalyzerResource, referrerType, key, nameKey, message string,
) []finding {
	var out []finding
	for _, t := range targets {
		if len(referrers(s.ofType(referrerType), key, t, nameKey)) == 0 {
			out = append(out, finding{urn: t.URN, message: message})
		}
	}
	return out
}
