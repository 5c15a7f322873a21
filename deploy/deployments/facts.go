package deployments

import (
	"errors"
	"fmt"

	"github.com/saleor-platform/infra/internal/harness"
)

// Facts are what the settings follow from in a stack file.
type Facts struct {
	// Name is the stack's name, from Pulumi.<name>.yaml.
	Name string
	// Project is the Pulumi project (Pulumi.yaml's name).
	Project string
	// Environment is saleor:environment.
	Environment string
	// Primary is the stack saleor:primaryStack names, "" for a primary.
	Primary string
}

// Regional says whether the stack attaches to a primary.
func (f Facts) Regional() bool { return f.Primary != "" }

// LoadFacts reads every stack file with the Pulumi CLI's own loader and config checks
// (harness.LoadStack), in name order; it names every stack that fails.
func LoadFacts() ([]Facts, error) {
	names, err := harness.StackNames()
	if err != nil {
		return nil, err
	}
	var facts []Facts
	var errs []error
	for _, name := range names {
		s, err := harness.LoadStack(name)
		if err != nil {
			errs = append(errs, fmt.Errorf("stack %s: %w", name, err))
			continue
		}
		f := Facts{Name: name, Project: s.Project, Environment: s.Config[harness.EnvironmentKey]}
		if ref := s.Config[harness.PrimaryStackKey]; ref != "" {
			f.Primary = harness.ReferencedStack(ref)
		}
		facts = append(facts, f)
	}
	return facts, errors.Join(errs...)
}
