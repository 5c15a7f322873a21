package stacks

import (
	"encoding/json"
	"strconv"
	"strings"
)

// source reads raw stack config values, records problems with them, and remembers every key
// it was asked for (a test checks that Pulumi.yaml declares exactly those keys).
type source struct {
	lookup   func(key string) string
	isSecret func(key string) bool
	// primary reads a regional stack's primary's contract (configInput.primary).
	primary func(ref string, p *problems) (*primaryContract, error)
	// skipPrimary skips a regional stack's contract (configInput.skipPrimary).
	skipPrimary bool
	// err is a failure to read that is not a configuration problem (the engine failing).
	err      error
	problems problems
	asked    []string
}

func (s *source) text(key string) string {
	s.asked = append(s.asked, key)
	return strings.TrimSpace(s.lookup(key))
}

// secret returns the value of a key that must be set as a secret, or records that it was
// set in plaintext.
func (s *source) secret(key string) string {
	v := s.text(key)
	if v != "" && (s.isSecret == nil || !s.isSecret(key)) {
		s.problems.add(key, "is set in plaintext: set it with pulumi config set --secret %s <value>", key)
	}
	return v
}

// required returns the key's value, or records that it is missing.
func (s *source) required(key, what string) string {
	v := s.text(key)
	if v == "" {
		s.problems.add(key, "is required: %s", what)
	}
	return v
}

// preset returns the value of a key Pulumi.yaml declares with a default, or records that it
// is missing: the Pulumi CLI passes declared defaults to the program, so Pulumi.yaml is the
// one place such a default lives.
func (s *source) preset(key string) string {
	v := s.text(key)
	if v == "" {
		s.problems.add(key, "is not set, though Pulumi.yaml declares its default, which the Pulumi CLI passes to the program")
	}
	return v
}

// integer returns the key's value, def when unset.
func (s *source) integer(key string, def int) int {
	v := s.text(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		s.problems.add(key, "%q is not a whole number", v)
		return def
	}
	return n
}

// boolean returns the key's value, def when unset.
func (s *source) boolean(key string, def bool) bool {
	v := s.text(key)
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		s.problems.add(key, "%q is not true or false", v)
		return def
	}
	return b
}

// list returns the key's value, a YAML/JSON array of strings, def when unset.
func (s *source) list(key string, def []string) []string {
	v := s.text(key)
	if v == "" {
		return def
	}
	var out []string
	if err := json.Unmarshal([]byte(v), &out); err != nil {
		s.problems.add(key, "is not a list of strings: %v", err)
		return def
	}
	if len(out) == 0 {
		return nil // [] reads as an unset list's nil
	}
	return out
}

// ports returns the key's value, a list of TCP ports (Pulumi.yaml declares its default).
func (s *source) ports(key string) []int {
	raw := s.preset(key)
	if raw == "" {
		return nil
	}
	var out []int
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		s.problems.add(key, "is not a list of port numbers such as [443, 587]: %v", err)
		return nil
	}
	for _, p := range out {
		if p < 1 || p > 65535 {
			s.problems.add(key, "%d is not a TCP port (1 to 65535)", p)
		}
	}
	return out
}

// object decodes the key's value, a YAML/JSON object, into v, rejecting fields v does not
// have; it reports whether the key was set.
func (s *source) object(key string, v any) bool {
	raw := s.text(key)
	if raw == "" || raw == "{}" {
		return false // {} reads as an unset object
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		s.problems.add(key, "is not the expected object: %v", err)
		return false
	}
	return true
}

// oneOf returns the key's value when it is one of allowed, def when unset.
func oneOf[T ~string](s *source, key string, allowed []T, def T) T {
	v := s.text(key)
	if v == "" {
		return def
	}
	for _, a := range allowed {
		if string(a) == v {
			return a
		}
	}
	s.problems.add(key, "%q is not one of %s", v, quoted(allowed))
	return def
}
