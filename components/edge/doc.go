// Package edge is how customers reach the platform: the Route 53 hosted zone and records,
// ACM certificates, AWS WAF web ACLs, the CloudFront distribution, and storefront and
// dashboard hosting (AWS Amplify or an external host such as Vercel).
//
// The stack composes it in two steps around the compute tier:
//
//  1. before compute: NewZone, then NewCertificate once on the us-east-1 provider for
//     CloudFront (ForCloudFront, covering SiteHostnames) and once per API region for its
//     load balancer (APIHostname), whose ARN compute takes;
//  2. after compute: NewWebACL (CloudFrontScope on the us-east-1 provider, RegionalScope on
//     each load balancer), NewHosting, NewDistribution and NewRecords.
//
// A web ACL's rules, in evaluation order (WebACLArgs, wafrules.go): the custom IP block list,
// the IP reputation group, the custom geo block, the per-client rate limit, the custom path
// rate limits, then the common, known-bad-inputs and SQL injection groups. The managed groups
// (the OWASP baseline) and the per-client limit are always there; custom rules (CustomRules,
// from saleor:waf, on the CLOUDFRONT ACL only, which sees the viewers' own addresses) only
// block, so nothing skips the baseline, and the allow list only exempts from the geo block and
// the rate limits. Priorities are 10 apart in that order, so none collide.
//
// Every wafv2 import of the program lives in this package: the wafv2 SDK package alone costs
// about three minutes and 4.5 GB to compile.
package edge
