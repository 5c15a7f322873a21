package catalog

import (
	"fmt"
	"slices"
	"sort"
)

// Price is one AWS list price (on-demand, USD, before tax and credits).
type Price struct {
	// USD is the price of one Unit.
	USD float64
	// Unit is what USD buys, e.g. "vCPU-hour" or "GB-month".
	Unit string
	// Source is the AWS pricing page that publishes the figure.
	Source string
	// AsOf is the date (YYYY-MM-DD) the figure was entered into the table.
	AsOf string
	// Estimate is empty for a figure corroborated by a public page (Corroborated);
	// otherwise it says why the figure is what it is (no network access to the pricing page:
	// a list price as recalled, or a figure derived from another region's).
	Estimate string
	// Corroborated names the public page that showed the same figure at AsOf.
	Corroborated string `json:",omitempty"`
}

// PriceItem names one thing AWS bills per unit.
type PriceItem string

// The items the cost model prices. Regional ones have a figure per region (PricedRegions);
// global ones cost the same everywhere.
const (
	FargateVCPUHour        PriceItem = "Fargate Linux/x86 vCPU-hour"
	FargateGBHour          PriceItem = "Fargate Linux/x86 GB-hour"
	NATGatewayHour         PriceItem = "NAT gateway hour"
	NATGatewayGB           PriceItem = "NAT gateway data processed"
	PublicIPv4Hour         PriceItem = "public IPv4 address hour"
	ALBHour                PriceItem = "Application Load Balancer hour"
	ALBLCUHour             PriceItem = "Application Load Balancer LCU-hour"
	InterfaceEndpointHour  PriceItem = "interface VPC endpoint AZ-hour"
	InterfaceEndpointGB    PriceItem = "interface VPC endpoint data processed"
	RDSGP3GBMonth          PriceItem = "RDS gp3 storage per copy (Multi-AZ keeps two)"
	RDSBackupGBMonth       PriceItem = "RDS backup storage beyond the free allowance"
	LogsIngestGB           PriceItem = "CloudWatch Logs ingestion (standard)"
	LogsStoreGBMonth       PriceItem = "CloudWatch Logs storage (compressed)"
	S3StandardGBMonth      PriceItem = "S3 Standard storage"
	S3GlacierIRGBMonth     PriceItem = "S3 Glacier Instant Retrieval storage"
	BackupS3GBMonth        PriceItem = "AWS Backup for S3, warm storage"
	InterRegionGB          PriceItem = "data transfer between AWS regions"
	AlarmMetricMonth       PriceItem = "CloudWatch standard-resolution alarm metric"
	DashboardMonth         PriceItem = "CloudWatch dashboard"
	CustomMetricMonth      PriceItem = "CloudWatch metric (custom or additional)"
	KMSKeyMonth            PriceItem = "KMS customer managed key"
	SecretMonth            PriceItem = "Secrets Manager secret"
	HostedZoneMonth        PriceItem = "Route 53 hosted zone"
	HealthCheckMonth       PriceItem = "Route 53 health check of an AWS endpoint"
	HealthCheckOptionMonth PriceItem = "Route 53 health check option (HTTPS, latency, fast interval, string match)"
	DNSQueriesMillion      PriceItem = "Route 53 standard queries"
	LatencyQueriesMillion  PriceItem = "Route 53 latency-based queries"
	CDNRequests10k         PriceItem = "CloudFront HTTPS requests, Europe/North America"
	CDNDataOutGB           PriceItem = "CloudFront data transfer out, Europe/North America, first 10 TB"
	OriginShield10k        PriceItem = "CloudFront Origin Shield requests"
	CDNFunctionMillion     PriceItem = "CloudFront Functions invocations"
	WAFWebACLMonth         PriceItem = "WAF web ACL"
	WAFRuleMonth           PriceItem = "WAF rule or rule group"
	WAFRequestsMillion     PriceItem = "WAF requests"
	ConfigItem             PriceItem = "AWS Config configuration item recorded"
	SecurityHubCheck       PriceItem = "Security Hub security check"
	GuardDutyBaseMonth     PriceItem = "GuardDuty per region, foundational sources (rough)"
	GuardDutyFargateVCPU   PriceItem = "GuardDuty Runtime Monitoring, Fargate vCPU-month"
	ECRGBMonth             PriceItem = "ECR storage"
	SQSRequestsMillion     PriceItem = "SQS standard requests"
	BudgetMonth            PriceItem = "AWS Budgets budget"
)

// PricedRegions are the regions the regional price figures cover; a stack with a priced
// resource elsewhere fails to estimate until the table gains the region.
var PricedRegions = []string{"eu-central-1", "eu-west-1", "eu-west-3", "us-east-1", "us-east-2"}

// PriceOf returns the price of item in region.
func PriceOf(item PriceItem, region string) (Price, error) {
	e, ok := priceTable[item]
	if !ok {
		return Price{}, fmt.Errorf("no price for %q", item)
	}
	if e.global {
		return e.price(e.usd[""], ""), nil
	}
	usd, ok := e.usd[region]
	if !ok {
		return Price{}, fmt.Errorf("no price for %q in %s (priced regions: %v)", item, region, PricedRegions)
	}
	return e.price(usd, region), nil
}

// PriceItems returns every item of the table, sorted.
func PriceItems() []PriceItem {
	var out []PriceItem
	for k := range priceTable {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// IsGlobalPrice reports whether item costs the same in every region.
func IsGlobalPrice(item PriceItem) bool { return priceTable[item].global }

// RDSInstanceHour returns the single-AZ PostgreSQL on-demand hourly price of an RDS class
// in region; Multi-AZ (one standby) bills twice that.
func RDSInstanceHour(class, region string) (Price, error) {
	return classPrice(rdsPostgresHourly, rdsRegionFactor, "RDS for PostgreSQL", class, region)
}

// CacheNodeHour returns the on-demand hourly price of one ElastiCache for Valkey node of
// class in region.
func CacheNodeHour(class, region string) (Price, error) {
	return classPrice(cacheValkeyHourly, cacheRegionFactor, "ElastiCache for Valkey", class, region)
}

// classPriceRegion is where the class tables (RDS, ElastiCache) are priced; every other
// region is that price times its regionFactors entry, an estimate.
const classPriceRegion = "us-east-1"

func classPrice(table classTable, factors regionFactors, what, class, region string) (Price, error) {
	usd, ok := table.usd[class]
	if !ok {
		return Price{}, fmt.Errorf("no %s price for class %s", what, class)
	}
	f, ok := factors.factor[region]
	if !ok {
		return Price{}, fmt.Errorf("no %s price in %s (priced regions: %v)", what, region, PricedRegions)
	}
	p := Price{USD: round6(usd * f), Unit: "instance-hour", Source: table.source, AsOf: table.asOf, Estimate: table.estimate}
	if region != classPriceRegion {
		p.Estimate = joinReasons(p.Estimate, factors.reason)
	}
	return p, nil
}

// PricedClasses returns the RDS and ElastiCache classes the table prices.
func PricedClasses() (rds, cache []string) {
	for c := range rdsPostgresHourly.usd {
		rds = append(rds, c)
	}
	for c := range cacheValkeyHourly.usd {
		cache = append(cache, c)
	}
	sort.Strings(rds)
	sort.Strings(cache)
	return rds, cache
}

// Discount is a purchase option's saving: the price becomes (1 - Fraction) × on-demand.
type Discount struct {
	Fraction float64
	Name     string
	Source   string
	AsOf     string
	Estimate string
}

// The purchase options the requirements name.
var (
	// RDSReserved1Year is a 1-year, no-upfront reserved DB instance (size-flexible within
	// the family, Multi-AZ included).
	RDSReserved1Year = Discount{Fraction: 0.31, Name: "RDS 1-year reserved, no upfront",
		Source: "https://aws.amazon.com/rds/reserved-instances/", AsOf: PricesAsOf,
		Estimate: "the m7g/r7g PostgreSQL 1-year no-upfront effective rates are about 69% of on-demand in the priced regions (list prices as recalled, not re-read); the requirements expect 30-40%"}
	// CacheReserved1Year is a 1-year, no-upfront ElastiCache reserved node.
	CacheReserved1Year = Discount{Fraction: 0.30, Name: "ElastiCache 1-year reserved, no upfront",
		Source: "https://aws.amazon.com/elasticache/reserved-cache-nodes/", AsOf: PricesAsOf,
		Estimate: "1-year no-upfront reserved nodes list at about 70% of on-demand for m7g/r7g (as recalled, not re-read; AWS states up to 55% for 3-year all-upfront)"}
	// FargateSpot is Fargate Spot against Fargate on-demand.
	FargateSpot = Discount{Fraction: 0.70, Name: "Fargate Spot",
		Source: "https://aws.amazon.com/fargate/pricing/", AsOf: PricesAsOf,
		Estimate: "Spot prices move with spare capacity; AWS advertises up to 70% off and public 2026 guides quote 70% (wring.co, Fargate pricing guide, 2026-03); the model takes 70%"}
)

func joinReasons(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

func round6(f float64) float64 {
	return float64(int64(f*1e6+0.5)) / 1e6
}
