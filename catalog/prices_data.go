package catalog

// PricesAsOf is when the price table was compiled. The figures are AWS public list prices
// (on-demand, USD). This repository has no network access to the AWS pricing pages or the
// Price List API: a figure corroborated by a public page (named in its note) carries no
// Estimate; every other figure is marked as an estimate with its reasoning. Re-check the
// table against https://calculator.aws or the Price List API before quoting it.
const PricesAsOf = "2026-11-30"

// priceEntry is one item's figures: per region, or one global figure (key "").
type priceEntry struct {
	unit, source string
	global       bool
	usd          map[string]float64
	// estimate applies to every figure; regionEstimate to one region's.
	estimate       string
	regionEstimate map[string]string
	// corroborated names, per region, the public page that showed the figure.
	corroborated map[string]string
}

func (e priceEntry) price(usd float64, region string) Price {
	return Price{USD: usd, Unit: e.unit, Source: e.source, AsOf: PricesAsOf,
		Estimate: joinReasons(e.estimate, e.regionEstimate[region]), Corroborated: e.corroborated[region]}
}

const (
	recalled    = "list price as recalled, not re-read (no network access to the pricing page)"
	parisAsLike = "Paris taken equal to Frankfurt (its prices sit within a few percent of Frankfurt's for most services)"
	fargateSeen = "vantage.sh/blog/fargate-pricing and wring.co Fargate pricing guide (2026-03)"
	natSeen     = "basavytix.com/blog/aws-nat-gateway-pricing and cloudburn.io NAT gateway guide (2026-02)"
	rdsSeen     = "usage.ai RDS pricing calculator guide (2026-06)"
)

// five gives a figure per priced region, in PricedRegions order.
func five(euc1, euw1, euw3, use1, use2 float64) map[string]float64 {
	return map[string]float64{"eu-central-1": euc1, "eu-west-1": euw1, "eu-west-3": euw3, "us-east-1": use1, "us-east-2": use2}
}

func global(usd float64) map[string]float64 { return map[string]float64{"": usd} }

var priceTable = map[PriceItem]priceEntry{
	FargateVCPUHour: {unit: "vCPU-hour", source: "https://aws.amazon.com/fargate/pricing/",
		usd:            five(0.04656, 0.04048, 0.04656, 0.04048, 0.04048),
		regionEstimate: map[string]string{"eu-central-1": recalled, "eu-west-1": recalled, "eu-west-3": parisAsLike, "us-east-2": recalled},
		corroborated:   map[string]string{"us-east-1": fargateSeen}},
	FargateGBHour: {unit: "GB-hour", source: "https://aws.amazon.com/fargate/pricing/",
		usd:            five(0.00511, 0.004445, 0.00511, 0.004445, 0.004445),
		regionEstimate: map[string]string{"eu-central-1": recalled, "eu-west-1": recalled, "eu-west-3": parisAsLike, "us-east-2": recalled},
		corroborated:   map[string]string{"us-east-1": fargateSeen}},
	NATGatewayHour: {unit: "gateway-hour", source: "https://aws.amazon.com/vpc/pricing/",
		usd:            five(0.052, 0.048, 0.05, 0.045, 0.045),
		regionEstimate: map[string]string{"eu-central-1": recalled, "eu-west-1": recalled, "eu-west-3": recalled},
		corroborated:   map[string]string{"us-east-1": natSeen, "us-east-2": natSeen}},
	NATGatewayGB: {unit: "GB", source: "https://aws.amazon.com/vpc/pricing/",
		usd:            five(0.052, 0.048, 0.05, 0.045, 0.045),
		regionEstimate: map[string]string{"eu-central-1": recalled, "eu-west-1": recalled, "eu-west-3": recalled},
		corroborated:   map[string]string{"us-east-1": natSeen, "us-east-2": natSeen}},
	PublicIPv4Hour: {unit: "address-hour", source: "https://aws.amazon.com/vpc/pricing/", global: true, usd: global(0.005),
		estimate: "the same in every commercial region since 2024-02-01 (" + recalled + ")"},
	ALBHour: {unit: "ALB-hour", source: "https://aws.amazon.com/elasticloadbalancing/pricing/",
		usd: five(0.027, 0.0252, 0.0266, 0.0225, 0.0225), estimate: recalled},
	ALBLCUHour: {unit: "LCU-hour", source: "https://aws.amazon.com/elasticloadbalancing/pricing/",
		usd: five(0.008, 0.008, 0.0084, 0.008, 0.008), estimate: recalled},
	InterfaceEndpointHour: {unit: "endpoint-AZ-hour", source: "https://aws.amazon.com/privatelink/pricing/",
		usd: five(0.012, 0.011, 0.012, 0.01, 0.01), estimate: recalled},
	InterfaceEndpointGB: {unit: "GB", source: "https://aws.amazon.com/privatelink/pricing/",
		usd: five(0.01, 0.01, 0.01, 0.01, 0.01), estimate: "first PB tier; " + recalled},
	RDSGP3GBMonth: {unit: "GB-month", source: "https://aws.amazon.com/rds/postgresql/pricing/",
		usd:            five(0.137, 0.127, 0.133, 0.115, 0.115),
		regionEstimate: map[string]string{"eu-central-1": recalled, "eu-west-1": recalled, "eu-west-3": recalled, "us-east-2": recalled},
		corroborated:   map[string]string{"us-east-1": rdsSeen}},
	RDSBackupGBMonth: {unit: "GB-month", source: "https://aws.amazon.com/rds/postgresql/pricing/",
		usd:            five(0.10, 0.095, 0.10, 0.095, 0.095),
		regionEstimate: map[string]string{"eu-central-1": recalled, "eu-west-1": recalled, "eu-west-3": recalled, "us-east-2": recalled},
		corroborated:   map[string]string{"us-east-1": rdsSeen}},
	LogsIngestGB: {unit: "GB", source: "https://aws.amazon.com/cloudwatch/pricing/",
		usd: five(0.63, 0.57, 0.63, 0.50, 0.50), estimate: recalled},
	LogsStoreGBMonth: {unit: "GB-month", source: "https://aws.amazon.com/cloudwatch/pricing/",
		usd: five(0.0324, 0.03, 0.0315, 0.03, 0.03), estimate: recalled},
	S3StandardGBMonth: {unit: "GB-month", source: "https://aws.amazon.com/s3/pricing/",
		usd: five(0.0245, 0.023, 0.024, 0.023, 0.023), estimate: "first 50 TB tier; " + recalled},
	S3GlacierIRGBMonth: {unit: "GB-month", source: "https://aws.amazon.com/s3/pricing/",
		usd: five(0.005, 0.004, 0.005, 0.004, 0.004), estimate: recalled},
	BackupS3GBMonth: {unit: "GB-month", source: "https://aws.amazon.com/backup/pricing/",
		usd: five(0.055, 0.05, 0.055, 0.05, 0.05), estimate: recalled},
	InterRegionGB: {unit: "GB", source: "https://aws.amazon.com/ec2/pricing/on-demand/", global: true, usd: global(0.02),
		estimate: "between the priced regions (US and EU); " + recalled},
	AlarmMetricMonth: {unit: "alarm-metric-month", source: "https://aws.amazon.com/cloudwatch/pricing/", global: true, usd: global(0.10),
		estimate: "an anomaly-detection alarm counts three metrics, a metric-math alarm each metric it reads; " + recalled},
	DashboardMonth: {unit: "dashboard-month", source: "https://aws.amazon.com/cloudwatch/pricing/", global: true, usd: global(3),
		estimate: "the account's first three dashboards are free; not credited here; " + recalled},
	CustomMetricMonth: {unit: "metric-month", source: "https://aws.amazon.com/cloudwatch/pricing/", global: true, usd: global(0.30),
		estimate: "first 10,000 metrics tier; " + recalled},
	KMSKeyMonth: {unit: "key-month", source: "https://aws.amazon.com/kms/pricing/", global: true, usd: global(1),
		estimate: "before rotation: each of a key's first two rotations adds $1/month; " + recalled},
	SecretMonth: {unit: "secret-month", source: "https://aws.amazon.com/secrets-manager/pricing/", global: true, usd: global(0.40),
		estimate: recalled},
	HostedZoneMonth: {unit: "zone-month", source: "https://aws.amazon.com/route53/pricing/", global: true, usd: global(0.50),
		estimate: "first 25 zones; " + recalled},
	HealthCheckMonth: {unit: "health-check-month", source: "https://aws.amazon.com/route53/pricing/", global: true, usd: global(0.50),
		estimate: recalled},
	HealthCheckOptionMonth: {unit: "option-month", source: "https://aws.amazon.com/route53/pricing/", global: true, usd: global(1),
		estimate: "per optional feature of an AWS-endpoint health check; " + recalled},
	DNSQueriesMillion: {unit: "million queries", source: "https://aws.amazon.com/route53/pricing/", global: true, usd: global(0.40),
		estimate: "alias queries to AWS resources are free; " + recalled},
	LatencyQueriesMillion: {unit: "million queries", source: "https://aws.amazon.com/route53/pricing/", global: true, usd: global(0.60),
		estimate: recalled},
	CDNRequests10k: {unit: "10,000 requests", source: "https://aws.amazon.com/cloudfront/pricing/", global: true, usd: global(0.012),
		estimate: "Europe's HTTPS rate (North America $0.010); " + recalled},
	CDNDataOutGB: {unit: "GB", source: "https://aws.amazon.com/cloudfront/pricing/", global: true, usd: global(0.085),
		estimate: "first 10 TB/month in Europe and North America; " + recalled},
	OriginShield10k: {unit: "10,000 requests", source: "https://aws.amazon.com/cloudfront/pricing/", global: true, usd: global(0.009),
		estimate: "Europe's Origin Shield rate (US $0.0075); " + recalled},
	CDNFunctionMillion: {unit: "million invocations", source: "https://aws.amazon.com/cloudfront/pricing/", global: true, usd: global(0.10),
		estimate: recalled},
	WAFWebACLMonth: {unit: "web-ACL-month", source: "https://aws.amazon.com/waf/pricing/", global: true, usd: global(5),
		estimate: recalled},
	WAFRuleMonth: {unit: "rule-month", source: "https://aws.amazon.com/waf/pricing/", global: true, usd: global(1),
		estimate: "an AWS managed rule group without a subscription fee counts as one rule; " + recalled},
	WAFRequestsMillion: {unit: "million requests", source: "https://aws.amazon.com/waf/pricing/", global: true, usd: global(0.60),
		estimate: recalled},
	ConfigItem: {unit: "configuration item", source: "https://aws.amazon.com/config/pricing/", global: true, usd: global(0.003),
		estimate: "continuous recording; " + recalled},
	SecurityHubCheck: {unit: "check", source: "https://aws.amazon.com/security-hub/pricing/", global: true, usd: global(0.001),
		estimate: "first 100,000 checks/month tier; " + recalled},
	GuardDutyBaseMonth: {unit: "region-month", source: "https://aws.amazon.com/guardduty/pricing/", global: true, usd: global(15),
		estimate: "rough: CloudTrail management events ($4/million), VPC flow and DNS logs ($1/GB) and S3 data events ($0.80/million) of a small account region, taken as $15/month; scale with traffic"},
	GuardDutyFargateVCPU: {unit: "vCPU-month", source: "https://aws.amazon.com/guardduty/pricing/", global: true, usd: global(1.50),
		estimate: "Runtime Monitoring of ECS on Fargate, first 500 vCPUs; " + recalled},
	ECRGBMonth: {unit: "GB-month", source: "https://aws.amazon.com/ecr/pricing/", global: true, usd: global(0.10),
		estimate: recalled},
	SQSRequestsMillion: {unit: "million requests", source: "https://aws.amazon.com/sqs/pricing/", global: true, usd: global(0.40),
		estimate: "the account's first million requests a month are free; not credited here; " + recalled},
	BudgetMonth: {unit: "budget-month", source: "https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/", global: true, usd: global(0.62),
		estimate: "$0.02 a day beyond an account's first two budgets (" + recalled + ")"},
}

// classTable is one service's on-demand hourly prices by class in us-east-1.
type classTable struct {
	source, asOf, estimate string
	usd                    map[string]float64
}

// regionFactors scale us-east-1 class prices to the other priced regions.
type regionFactors struct {
	reason string
	factor map[string]float64
}

// rdsPostgresHourly is RDS for PostgreSQL, single-AZ, on-demand, us-east-1.
var rdsPostgresHourly = classTable{
	source: "https://aws.amazon.com/rds/postgresql/pricing/", asOf: PricesAsOf,
	estimate: "db.t4g.medium $0.065 corroborated by infratally.com (RDS pricing explained, 2026); the rest " + recalled,
	usd: map[string]float64{
		"db.t4g.medium": 0.065, "db.t4g.large": 0.129,
		"db.m7g.large": 0.168, "db.m7g.xlarge": 0.336, "db.m7g.2xlarge": 0.672, "db.m7g.4xlarge": 1.344,
		"db.r7g.large": 0.239, "db.r7g.xlarge": 0.478, "db.r7g.2xlarge": 0.956, "db.r7g.4xlarge": 1.912,
	},
}

var rdsRegionFactor = regionFactors{
	reason: "derived: us-east-1 price × the region's ratio for RDS for PostgreSQL Graviton classes (Frankfurt 1.19, Paris 1.17, Ireland 1.09, Ohio 1.00; as recalled)",
	factor: five(1.19, 1.09, 1.17, 1.00, 1.00),
}

// cacheValkeyHourly is ElastiCache for Valkey, node-based, on-demand, us-east-1: 20% below
// the Redis OSS node prices (AWS, "Amazon ElastiCache for Valkey", 2024-10).
var cacheValkeyHourly = classTable{
	source: "https://aws.amazon.com/elasticache/pricing/", asOf: PricesAsOf,
	estimate: "Redis OSS node prices as recalled, less Valkey's 20% node-based discount",
	usd: map[string]float64{
		"cache.t4g.micro": 0.0128, "cache.t4g.small": 0.0256, "cache.t4g.medium": 0.052,
		"cache.m7g.large": 0.1264, "cache.m7g.xlarge": 0.252, "cache.m7g.2xlarge": 0.504,
		"cache.r7g.large": 0.1752, "cache.r7g.xlarge": 0.3496, "cache.r7g.2xlarge": 0.6984,
	},
}

var cacheRegionFactor = regionFactors{
	reason: "derived: us-east-1 price × the region's ratio for ElastiCache Graviton nodes (Frankfurt 1.19, Paris 1.17, Ireland 1.10, Ohio 1.00; as recalled)",
	factor: five(1.19, 1.10, 1.17, 1.00, 1.00),
}
