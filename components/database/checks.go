package database

import (
	"slices"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/validate"
)

// EngineVersions are the PostgreSQL major versions the component runs. Only the major is
// pinned: RDS picks the newest minor and upgrades minors in the maintenance window.
var EngineVersions = []string{"16", "17"}

// DefaultEngineVersion is the major version a database runs unless told otherwise.
const DefaultEngineVersion = "17"

// Port is PostgreSQL's port on every instance, which the network tier opens to the
// application tiers.
const Port = 5432

// Fixed facts of every instance. The user and database names force replacement of the
// primary when changed, so they are constants, not configuration.
const (
	engine         = "postgres"
	masterUsername = "saleor"
	databaseName   = "saleor"
	// storageType is gp3; BaselineIOPS gives its IOPS.
	storageType = "gp3"
	// monitoringIntervalSeconds is the enhanced monitoring granularity.
	monitoringIntervalSeconds = 60
	// performanceInsightsRetentionDays is Performance Insights' free retention.
	performanceInsightsRetentionDays = 7
)

// gp3 on RDS for PostgreSQL: below stripedFromGiB one volume with 3,000 IOPS (and 125 MiB/s);
// from stripedFromGiB four striped volumes with 12,000 IOPS (and 500 MiB/s), without
// provisioned IOPS (RDS User Guide, "Amazon RDS DB instance storage", gp3 storage).
const (
	stripedFromGiB = 400
	gp3IOPS        = 3000
	gp3StripedIOPS = 12000
)

// BaselineIOPS is the IOPS an instance's gp3 storage sustains at allocatedGiB: the component
// provisions none above the baseline. Storage autoscaling can grow the volume past
// stripedFromGiB, raising it.
func BaselineIOPS(allocatedGiB int) int {
	if allocatedGiB >= stripedFromGiB {
		return gp3StripedIOPS
	}
	return gp3IOPS
}

// checkInstance reports the problems of what the primary's and the cross-region replica's
// Args share: NamePrefix (the longest identifier made from it ends in longestSuffix),
// EngineVersion, InstanceClass and Logs.
func checkInstance(p *validate.Problems, namePrefix, longestSuffix, engineVersion, class string, logs logging.Settings) {
	p.NamePrefix("NamePrefix", namePrefix, longestSuffix, 63, "RDS identifier")
	if !slices.Contains(EngineVersions, engineVersion) {
		p.Add("EngineVersion", "%q is not one of %s (a major version only)", engineVersion, validate.List(EngineVersions))
	}
	checkClass(p, "InstanceClass", class)
	p.Required("Logs.KMSKeyArn", logs.KMSKeyArn != nil, "the exported database logs are encrypted")
	logs.CheckRetention(p.At("Logs"), logging.Infrastructure)
}

// checkClass reports a class that is not one of catalog.RDSClasses.
func checkClass(p *validate.Problems, field, class string) {
	validate.OneOf(p, field, class, catalog.InstanceNames(catalog.RDSClasses))
}
