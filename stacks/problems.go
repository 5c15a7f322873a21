package stacks

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a stack's configuration.
type Problem struct {
	// Key is the config key at fault, e.g. "saleor:sizing".
	Key string
	// Message says what is wrong and what is allowed.
	Message string
}

// ConfigError lists every problem found in a stack's configuration. Program returns it
// before registering any resource.
type ConfigError []Problem

func (e ConfigError) Error() string {
	var b strings.Builder
	noun := "problems"
	if len(e) == 1 {
		noun = "problem"
	}
	fmt.Fprintf(&b, "invalid stack configuration (%d %s):", len(e), noun)
	for _, p := range e {
		fmt.Fprintf(&b, "\n  %s: %s", p.Key, p.Message)
	}
	return b.String()
}

// problems collects Problems while a config is read and validated.
type problems []Problem

func (p *problems) add(key, format string, args ...any) {
	*p = append(*p, Problem{Key: key, Message: fmt.Sprintf(format, args...)})
}

// err returns the collected problems as a ConfigError, or nil when there are none.
func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return ConfigError(p)
}

// quoted renders allowed values for a message: "a", "b" or "c".
func quoted[T ~string | ~int](values []T) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = fmt.Sprintf("%q", fmt.Sprint(v))
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}
