package stacks

import "github.com/saleor-platform/infra/components/ha"

// Environment is the kind of deployment a stack is.
type Environment string

// The environments a stack may be.
const (
	Production  Environment = "production"
	Staging     Environment = "staging"
	QA          Environment = "qa"
	Development Environment = "development"
	Demo        Environment = "demo"
)

// environmentDefaults holds what an environment implies when the stack file does not say.
var environmentDefaults = map[Environment]struct {
	// sizing is the percent of production (the requirements' 100/75/50/50/25).
	sizing int
	// ha is the availability level.
	ha ha.Level
	// zones is the number of availability zones.
	zones int
	// logDays is how long application, infrastructure and CDN logs are kept, in days.
	logDays int
}{
	Production:  {100, ha.MultiAZ, 3, 90},
	Staging:     {75, ha.SingleAZ, 2, 30},
	QA:          {50, ha.SingleAZ, 2, 14},
	Development: {50, ha.SingleAZ, 2, 14},
	Demo:        {25, ha.SingleAZ, 2, 7},
}

// auditLogDays is how long audit logs are kept in every environment, in days.
const auditLogDays = 365

// Environments lists the valid environments, production first.
func Environments() []Environment {
	return []Environment{Production, Staging, QA, Development, Demo}
}

// IsProduction reports whether e holds customer data that must survive mistakes.
func (e Environment) IsProduction() bool { return e == Production }
