package catalog

import "math"

// DataGrowth is what a bucket is expected to hold: its size when the platform starts and what
// it adds each month, in decimal gigabytes (10^9 bytes) as the requirements write sizes.
type DataGrowth struct {
	InitialGB, MonthlyGB float64
	// AverageObjectKB is the average object size, in kilobytes (10^3 bytes), which turns the
	// expected size into an expected object count.
	AverageObjectKB float64
	// Source says where the figures come from.
	Source string
}

// ProjectionMonths is how far ahead the expected sizes look: a bucket holding more than its
// 12-month projection has grown faster than planned.
const ProjectionMonths = 12

// ExpectedBytes is the size after ProjectionMonths of growth, in bytes.
func (g DataGrowth) ExpectedBytes() float64 {
	return (g.InitialGB + ProjectionMonths*g.MonthlyGB) * 1e9
}

// ExpectedObjects is the object count of ExpectedBytes at the average object size.
func (g DataGrowth) ExpectedObjects() float64 {
	return math.Ceil(g.ExpectedBytes() / (g.AverageObjectKB * 1e3))
}

// Sources of the growth figures.
const (
	growthFromRequirements = "requirements (storage: \"Backups: S3 Glacier, 1 TB, 100 GB/month\"); average object assumed"
	growthAssumed          = "assumed: the requirements recorded here give no figure; replace with measured growth"
)

// BucketGrowth is the expected growth of the buckets the platform fills, by bucket role
// (components/storage Role: "media", "assets", "backups"). Versions count: S3 measures every
// version a bucket keeps.
var BucketGrowth = map[string]DataGrowth{
	// Product images and the thumbnails Saleor makes of them.
	"media": {InitialGB: 500, MonthlyGB: 50, AverageObjectKB: 250, Source: growthAssumed},
	// Static files (collectstatic) and generated files (exports, invoices).
	"assets": {InitialGB: 50, MonthlyGB: 5, AverageObjectKB: 100, Source: growthAssumed},
	// Database exports and dumps.
	"backups": {InitialGB: 1000, MonthlyGB: 100, AverageObjectKB: 100_000, Source: growthFromRequirements},
}
