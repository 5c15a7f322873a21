package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/saleor-platform/infra/internal/harness"
)

// resourceFacters give the reviewer-relevant facts of one resource type.
var resourceFacters = map[string]func(r *harness.Resource) []string{
	"aws:ec2/vpc:Vpc": func(r *harness.Resource) []string {
		return []string{"CIDR " + r.String("cidrBlock")}
	},
	"aws:ec2/subnet:Subnet": func(r *harness.Resource) []string {
		return []string{fmt.Sprintf("%s %s in %s", r.String("tags.Tier"), r.String("cidrBlock"), r.String("availabilityZone"))}
	},
	"aws:cloudwatch/logGroup:LogGroup": func(r *harness.Resource) []string {
		return []string{fmt.Sprintf("%s kept %v days", r.String("name"), r.Number("retentionInDays"))}
	},
}

func resourceFacts(r *harness.Resource) []string {
	if f, ok := resourceFacters[r.Type]; ok {
		return f(r)
	}
	return nil
}

// tierFacters summarise a tier's resources; each returns "" when it has nothing to say.
var tierFacters = []func(rs []*harness.Resource) string{
	func(rs []*harness.Resource) string {
		zones := distinct(rs, "aws:ec2/subnet:Subnet", "availabilityZone")
		if len(zones) == 0 {
			return ""
		}
		return fmt.Sprintf("%s: %s", countf(len(zones), "availability zone", "availability zones"), strings.Join(zones, ", "))
	},
	func(rs []*harness.Resource) string {
		if n := len(ofType(rs, "aws:ec2/natGateway:NatGateway")); n > 0 || len(ofType(rs, "aws:ec2/vpc:Vpc")) > 0 {
			return countf(n, "NAT gateway", "NAT gateways")
		}
		return ""
	},
	func(rs []*harness.Resource) string {
		var services []string
		for _, e := range ofType(rs, "aws:ec2/vpcEndpoint:VpcEndpoint") {
			name := e.String("serviceName") // com.amazonaws.<region>.<service>
			services = append(services, strings.TrimPrefix(name, "com.amazonaws."+e.Region+"."))
		}
		if len(services) == 0 {
			return ""
		}
		sort.Strings(services)
		return "VPC endpoints: " + strings.Join(services, ", ")
	},
	func(rs []*harness.Resource) string {
		keys := ofType(rs, "aws:kms/key:Key")
		if len(keys) == 0 {
			return ""
		}
		rotated := 0
		for _, k := range keys {
			if k.Bool("enableKeyRotation") {
				rotated++
			}
		}
		return fmt.Sprintf("%s, %d rotated", countf(len(keys), "KMS key", "KMS keys"), rotated)
	},
	func(rs []*harness.Resource) string {
		if len(ofType(rs, "aws:guardduty/detector:Detector")) == 0 {
			return ""
		}
		return fmt.Sprintf("GuardDuty on (%d features), Security Hub FSBP subscribed: %v",
			len(ofType(rs, "aws:guardduty/detectorFeature:DetectorFeature")),
			len(ofType(rs, "aws:securityhub/standardsSubscription:StandardsSubscription")) > 0)
	},
}

func tierFacts(rs []*harness.Resource) []string {
	var facts []string
	for _, f := range tierFacters {
		if fact := f(rs); fact != "" {
			facts = append(facts, fact)
		}
	}
	return facts
}

func ofType(rs []*harness.Resource, typ string) []*harness.Resource {
	var out []*harness.Resource
	for _, r := range rs {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// distinct returns the sorted distinct values of a string input across resources of a type.
func distinct(rs []*harness.Resource, typ, path string) []string {
	seen := map[string]bool{}
	for _, r := range ofType(rs, typ) {
		if v := r.String(path); v != "" {
			seen[v] = true
		}
	}
	out := make([]string, 0, len(seen))
	for v := range seen {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
