package stacks

import (
	"regexp"

	"github.com/saleor-platform/infra/components/ha"
)

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
	// budgetUSD is the monthly budget when saleor:monthlyBudgetUsd is unset; 0: required.
	budgetUSD int
	// sizeMonitoring alarms when the media, assets and backups buckets outgrow their expected
	// size (the requirements' "size monitoring" of production and staging).
	sizeMonitoring bool
	// alertsAtAllHours: alarms notify at any hour; otherwise only in business hours
	// (saleor:alerting), the requirements' "business hours alerts" outside production.
	alertsAtAllHours bool
}{
	Production:  {100, ha.MultiAZ, 3, 90, 0, true, true},
	Staging:     {75, ha.SingleAZ, 2, 30, 0, true, false},
	QA:          {50, ha.SingleAZ, 2, 14, 0, false, false},
	Development: {50, ha.SingleAZ, 2, 14, 0, false, false},
	Demo:        {25, ha.SingleAZ, 2, 7, 1500, false, false},
}

// demoStack is the name of a demo stack: demo-<client>, the client a lower-case DNS label.
var demoStack = regexp.MustCompile(`^demo-[a-z0-9]([a-z0-9-]{0,40}[a-z0-9])?$`)

// auditLogDays is how long audit logs are kept in every environment, in days.
const auditLogDays = 365

// Environments lists the valid environments, production first.
func Environments() []Environment {
	return []Environment{Production, Staging, QA, Development, Demo}
}

// IsProduction reports whether e holds customer data that must survive mistakes.
func (e Environment) IsProduction() bool { return e == Production }

// MonitorsStorageSize reports whether e's buckets alarm when they outgrow their expected size.
func (e Environment) MonitorsStorageSize() bool { return environmentDefaults[e].sizeMonitoring }

// AlertsAtAllHours reports whether e's alarms notify at any hour rather than only in business
// hours.
func (e Environment) AlertsAtAllHours() bool { return environmentDefaults[e].alertsAtAllHours }
