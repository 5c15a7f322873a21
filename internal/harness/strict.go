package harness

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
)

// StrictError lists what a run did that the real engine, provider or AWS would reject: check
// failures (a name AWS would refuse, an auto-name too long) in both modes and, in Update
// mode, resource inputs and stack exports left unknown because the program reads an output
// the harness does not emulate (`pulumi up` never sends an unknown). Each problem names the
// resource, the property and what to do.
type StrictError struct {
	Problems []string
}

func (e *StrictError) Error() string {
	return fmt.Sprintf("harness: %d problem(s) the Pulumi engine, the AWS provider or AWS would reject:\n  %s",
		len(e.Problems), strings.Join(e.Problems, "\n  "))
}

// strictError returns the run's problems, sorted, or nil when there are none.
func (e *engine) strictError() *StrictError {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.problems) == 0 {
		return nil
	}
	problems := append([]string(nil), e.problems...)
	sort.Strings(problems)
	return &StrictError{Problems: problems}
}

// checkFailed records a resource's check failures. Callers hold e.mu.
func (e *engine) checkFailed(r *Resource, failures []plugin.CheckFailure) {
	for _, f := range failures {
		e.problems = append(e.problems, fmt.Sprintf("%s %s: %s: %s", r.Type, r.Name, f.Property, f.Reason))
	}
}

// requireKnownInputs records, in Update mode, every input of r that is unknown, with the
// resources it is built from (its property dependencies). Callers hold e.mu.
func (e *engine) requireKnownInputs(r *Resource) {
	paths := unknownPaths(r.Inputs)
	byInput := map[string][]string{}
	var inputs []string
	for _, p := range paths {
		key := strings.FieldsFunc(p, func(c rune) bool { return c == '.' || c == '[' })[0]
		if _, seen := byInput[key]; !seen {
			inputs = append(inputs, key)
		}
		byInput[key] = append(byInput[key], p)
	}
	for _, key := range inputs {
		e.problems = append(e.problems, fmt.Sprintf(
			"%s %s: input %q is unknown after update (at %s), which `pulumi up` never sends; it is built from %s",
			r.Type, r.Name, key, strings.Join(byInput[key], ", "), e.describeSources(r.PropertyDependencies[key])))
	}
}

// answerUnemulated answers r's unemulated outputs as unknown (markUnemulated) and records
// them; a type the generated table does not know is a problem, since its reads cannot be
// made strict. Callers hold e.mu.
func (e *engine) answerUnemulated(r *Resource) {
	marked, ok := markUnemulated(r.Type, r.Outputs)
	if !ok {
		e.problems = append(e.problems, fmt.Sprintf(
			"%s %s: the harness does not know the outputs of %s; run go generate ./internal/harness",
			r.Type, r.Name, r.Type))
		return
	}
	e.unemulated[r.URN] = marked
}

// generatedNames returns the name-like outputs the emulated provider made (from a name
// prefix) and the inputs did not have, to check them like the program's own names.
func generatedNames(r *Resource) resource.PropertyMap {
	out := resource.PropertyMap{}
	for _, rule := range rulesByType[r.Type] {
		k := resource.PropertyKey(rule.Property)
		if v := r.Outputs[k]; v.IsString() && !r.Inputs.HasValue(k) {
			out[k] = v
		}
	}
	return out
}
