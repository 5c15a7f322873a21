package catalog

import (
	"slices"
	"sort"
	"strings"
)

// Region is a commercial AWS region.
type Region struct {
	// Code is the region name the API uses, e.g. "eu-central-1".
	Code string
	// Location is where the region's data centres are.
	Location string
	// AZs is the number of availability zones AWS offers there.
	AZs int
	// OriginShield is true where CloudFront hosts an Origin Shield ("Choosing the AWS Region
	// for Origin Shield", CloudFront Developer Guide).
	OriginShield bool
}

// regions lists the commercial AWS regions (partition "aws"). There is no Amsterdam region:
// the Benelux's nearest regions are Frankfurt (eu-central-1, ~360 km) and Paris (eu-west-3).
var regions = []Region{
	{"af-south-1", "Cape Town", 3, false},
	{"ap-east-1", "Hong Kong", 3, false},
	{"ap-east-2", "Taipei", 3, false},
	{"ap-northeast-1", "Tokyo", 4, true},
	{"ap-northeast-2", "Seoul", 4, true},
	{"ap-northeast-3", "Osaka", 3, false},
	{"ap-south-1", "Mumbai", 3, true},
	{"ap-south-2", "Hyderabad", 3, false},
	{"ap-southeast-1", "Singapore", 3, true},
	{"ap-southeast-2", "Sydney", 3, true},
	{"ap-southeast-3", "Jakarta", 3, false},
	{"ap-southeast-4", "Melbourne", 3, false},
	{"ap-southeast-5", "Malaysia", 3, false},
	{"ap-southeast-7", "Thailand", 3, false},
	{"ca-central-1", "Canada (Central)", 3, false},
	{"ca-west-1", "Calgary", 3, false},
	{"eu-central-1", "Frankfurt", 3, true},
	{"eu-central-2", "Zurich", 3, false},
	{"eu-north-1", "Stockholm", 3, false},
	{"eu-south-1", "Milan", 3, false},
	{"eu-south-2", "Spain", 3, false},
	{"eu-west-1", "Ireland (Dublin)", 3, true},
	{"eu-west-2", "London", 3, true},
	{"eu-west-3", "Paris", 3, false},
	{"il-central-1", "Tel Aviv", 3, false},
	{"me-central-1", "UAE", 3, false},
	{"me-south-1", "Bahrain", 3, false},
	{"mx-central-1", "Mexico (Central)", 3, false},
	{"sa-east-1", "São Paulo", 3, true},
	{"us-east-1", "N. Virginia", 6, true},
	{"us-east-2", "Ohio", 3, true},
	{"us-west-1", "N. California", 2, false},
	{"us-west-2", "Oregon", 4, true},
}

// GlobalServicesRegion is where CloudFront looks for its ACM certificate and where
// CLOUDFRONT-scoped WAF web ACLs live.
const GlobalServicesRegion = "us-east-1"

// OriginShieldRegions returns the codes of the regions that host a CloudFront Origin Shield.
func OriginShieldRegions() []string {
	var codes []string
	for _, r := range regions {
		if r.OriginShield {
			codes = append(codes, r.Code)
		}
	}
	sort.Strings(codes)
	return codes
}

// LookupRegion returns the region with the given code.
func LookupRegion(code string) (Region, bool) {
	i := slices.IndexFunc(regions, func(r Region) bool { return r.Code == code })
	if i < 0 {
		return Region{}, false
	}
	return regions[i], true
}

// RegionCodes returns every region code in the catalog, sorted.
func RegionCodes() []string {
	codes := make([]string, len(regions))
	for i, r := range regions {
		codes[i] = r.Code
	}
	sort.Strings(codes)
	return codes
}

// ChatbotRegion is the region whose AWS Chatbot API a stack in region uses: Chatbot runs only
// in us-east-2, us-west-2, eu-west-1 and ap-southeast-1, and serves SNS topics of every
// region. Europe, the Middle East and Africa use eu-west-1, Asia Pacific ap-southeast-1, the
// US and Canadian west us-west-2, everything else us-east-2.
func ChatbotRegion(region string) string {
	switch {
	case strings.HasPrefix(region, "eu-"), strings.HasPrefix(region, "il-"), strings.HasPrefix(region, "me-"), strings.HasPrefix(region, "af-"):
		return "eu-west-1"
	case strings.HasPrefix(region, "ap-"):
		return "ap-southeast-1"
	case strings.HasPrefix(region, "us-west-"), region == "ca-west-1":
		return "us-west-2"
	default:
		return "us-east-2"
	}
}
