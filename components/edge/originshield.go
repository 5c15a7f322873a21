package edge

import "slices"

// originShieldRegions are the regions that host a CloudFront Origin Shield, from "Choosing
// the AWS Region for Origin Shield" in the CloudFront Developer Guide. An origin elsewhere
// uses the nearest of them (e.g. Paris eu-west-3 uses London eu-west-2).
var originShieldRegions = []string{
	"us-east-1", "us-east-2", "us-west-2",
	"ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2",
	"eu-central-1", "eu-west-1", "eu-west-2",
	"sa-east-1",
}

// OriginShieldRegions lists the regions that host an Origin Shield.
func OriginShieldRegions() []string { return slices.Clone(originShieldRegions) }
