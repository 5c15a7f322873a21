package validate

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// Patterns more than one component checks against.
var (
	// Hostname is a lower-case DNS name without wildcard or trailing dot, e.g.
	// "shop.example.com".
	Hostname = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	// Label is a lower-case DNS label, e.g. "nl".
	Label = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	// DailyWindow and WeeklyWindow are UTC windows as RDS and ElastiCache take them:
	// "hh:mm-hh:mm" and "ddd:hh:mm-ddd:hh:mm".
	DailyWindow  = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$`)
	WeeklyWindow = regexp.MustCompile(`^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$`)
	// ParameterPath is an SSM parameter path, e.g. "/saleor/prod-eu".
	ParameterPath = regexp.MustCompile(`^(/[A-Za-z0-9_.-]+)+$`)
	// identifier is an RDS or ElastiCache identifier: a letter, then lower-case letters,
	// digits and hyphens, not ending with a hyphen.
	identifier = regexp.MustCompile(`^[a-z][a-z0-9-]*[a-z0-9]$`)
)

// Required reports field unless set; what says what the field should hold.
func (p *Problems) Required(field string, set bool, what string) {
	switch {
	case set:
	case what == "":
		p.Add(field, "is required")
	default:
		p.Add(field, "is required: %s", what)
	}
}

// Range reports v outside lo to hi; unit (e.g. "days") follows the bounds.
func (p *Problems) Range(field string, v, lo, hi int, unit string) {
	if v < lo || v > hi {
		p.Add(field, "%d is out of range: %d to %d%s", v, lo, hi, spaced(unit))
	}
}

// AtLeast reports v below lo; unit (e.g. "days") follows v.
func (p *Problems) AtLeast(field string, v, lo int, unit string) {
	if v < lo {
		p.Add(field, "%d%s; want %d or more", v, spaced(unit), lo)
	}
}

// Match reports a value that re does not match; want describes what matches, e.g.
// `an SSM parameter path such as "/saleor/prod-eu"`.
func (p *Problems) Match(field, value string, re *regexp.Regexp, want string) {
	if !re.MatchString(value) {
		p.Add(field, "%q is not %s", value, want)
	}
}

// OneOf reports v that is not one of allowed, listing them.
func OneOf[T comparable](p *Problems, field string, v T, allowed []T) {
	if !slices.Contains(allowed, v) {
		p.Add(field, "%s is not one of %s", show(v), List(allowed))
	}
}

// Hostname reports a missing or malformed DNS name.
func (p *Problems) Hostname(field, name string) {
	if name == "" {
		p.Add(field, `is required: a DNS name such as "shop.example.com"`)
		return
	}
	p.Match(field, name, Hostname, `a lower-case DNS name such as "shop.example.com" (no wildcards, no trailing dot)`)
}

// NamePrefix reports a missing or malformed prefix of RDS or ElastiCache identifiers, or one
// that makes the longest identifier, prefix+longestSuffix, longer than limit; what names
// that identifier, e.g. "RDS identifier".
func (p *Problems) NamePrefix(field, prefix, longestSuffix string, limit int, what string) {
	id := prefix + longestSuffix
	switch {
	case prefix == "":
		p.Add(field, `is required, e.g. "saleor-prod-eu"`)
	case !identifier.MatchString(prefix) || strings.Contains(prefix, "--"):
		p.Add(field, "%q must be lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen", prefix)
	case len(id) > limit:
		p.Add(field, "%q is too long: %s %q exceeds %d characters", prefix, what, id, limit)
	}
}

// List renders values for a message: "a", "b" or "c" for strings, 1, 2 or 3 for numbers.
func List[T any](values []T) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = show(v)
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// show quotes a value of a string kind.
func show(v any) string {
	if reflect.ValueOf(v).Kind() == reflect.String {
		return fmt.Sprintf("%q", fmt.Sprint(v))
	}
	return fmt.Sprint(v)
}

func spaced(unit string) string {
	if unit == "" {
		return ""
	}
	return " " + unit
}
