package database

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/logging"
)

// EngineVersions are the PostgreSQL major versions the component runs. Only the major is
// pinned: RDS picks the newest minor and upgrades minors in the maintenance window.
var EngineVersions = []string{"16", "17"}

// Port is PostgreSQL's port on every instance, which the network tier opens to the
// application tiers.
const Port = 5432

// Fixed facts of every instance. The user and database names force replacement of the
// primary when changed, so they are constants, not configuration.
const (
	engine         = "postgres"
	masterUsername = "saleor"
	databaseName   = "saleor"
	// storageType is gp3: 3000 IOPS / 125 MiB/s baseline, 12000 / 500 from 400 GiB.
	storageType = "gp3"
	// monitoringIntervalSeconds is the enhanced monitoring granularity.
	monitoringIntervalSeconds = 60
	// performanceInsightsRetentionDays is Performance Insights' free retention.
	performanceInsightsRetentionDays = 7
)

// identifierPattern is an RDS identifier: a letter, then letters, digits and single hyphens.
var identifierPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*[a-z0-9]$`)

// UTC maintenance windows as RDS takes them: "hh:mm-hh:mm" daily, "ddd:hh:mm-ddd:hh:mm" weekly.
var (
	dailyWindow  = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$`)
	weeklyWindow = regexp.MustCompile(`^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$`)
)

func checkWindow(field, value string, pattern *regexp.Regexp, example string) error {
	if !pattern.MatchString(value) {
		return fmt.Errorf("%s: %q is not a UTC window such as %q", field, value, example)
	}
	return nil
}

// checkNamePrefix checks that prefix+longestSuffix is a valid RDS identifier (at most 63
// characters).
func checkNamePrefix(prefix, longestSuffix string) error {
	id := prefix + longestSuffix
	switch {
	case prefix == "":
		return errors.New(`NamePrefix is required, e.g. "saleor-prod-eu"`)
	case !identifierPattern.MatchString(prefix) || strings.Contains(prefix, "--"):
		return fmt.Errorf("NamePrefix: %q must be lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen", prefix)
	case len(id) > 63:
		return fmt.Errorf("NamePrefix: %q is too long: identifier %q exceeds RDS's 63 characters", prefix, id)
	}
	return nil
}

func checkEngineVersion(v string) error {
	if !slices.Contains(EngineVersions, v) {
		return fmt.Errorf("EngineVersion: %q is not one of %q (a major version only)", v, EngineVersions)
	}
	return nil
}

func checkClass(field, name string) error {
	if _, ok := catalog.LookupInstance(catalog.RDSClasses, name); !ok {
		names := make([]string, len(catalog.RDSClasses))
		for i, c := range catalog.RDSClasses {
			names[i] = c.Name
		}
		return fmt.Errorf("%s: %q is not one of the catalog's RDS classes %q", field, name, names)
	}
	return nil
}

// checkWiring reports the required inputs that are missing; inputs maps each Args field
// name to whether it was given.
func checkWiring(inputs map[string]bool) []error {
	var errs []error
	for _, field := range slices.Sorted(maps.Keys(inputs)) {
		if !inputs[field] {
			errs = append(errs, fmt.Errorf("%s is required", field))
		}
	}
	return errs
}

// checkLogs checks that the log settings can make the instance's infrastructure log groups.
func checkLogs(l logging.Settings) error {
	if l.KMSKeyArn == nil {
		return errors.New("Logs.KMSKeyArn is required: the exported database logs are encrypted")
	}
	if !slices.Contains(logging.RetentionValues, l.RetentionDays[logging.Infrastructure]) {
		return fmt.Errorf("Logs.RetentionDays[%s]: %d is not one CloudWatch accepts %v", logging.Infrastructure, l.RetentionDays[logging.Infrastructure], logging.RetentionValues)
	}
	return nil
}
