package stacks

import "github.com/saleor-platform/infra/internal/usage"

// readCostAssumptions checks saleor:costAssumptions, the usage assumptions of the plan's cost
// estimate (internal/usage). The program deploys nothing from it; it is checked here so a bad
// override fails `pulumi preview` with the other configuration problems, not only the plan.
func readCostAssumptions(s *source, c *Config) {
	if c.Environment == "" {
		return // reported as saleor:environment
	}
	_, errs := usage.Parse(string(c.Environment), s.text(usage.Key))
	for _, err := range errs {
		s.problems.add(usage.Key, "%v", err)
	}
}
