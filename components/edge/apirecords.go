package edge

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newHealthChecks creates one HTTPS health check per API region, against the load balancer's
// own DNS name: a health check must follow one region, and api.<domain> follows them all.
// Route 53 does not validate the certificate and sends no custom header, so each load
// balancer must admit the Route 53 health checkers on 443 (the
// com.amazonaws.<region>.route53-healthchecks prefix list) and forward the health path
// without the X-Origin-Verify header.
func newHealthChecks(ctx *pulumi.Context, name string, a *RecordsArgs, parent pulumi.ResourceOrInvokeOption) (map[string]*route53.HealthCheck, error) {
	checks := map[string]*route53.HealthCheck{}
	for _, e := range a.APIEndpoints {
		check, err := route53.NewHealthCheck(ctx, fmt.Sprintf("%s-api-%s", name, e.Region), &route53.HealthCheckArgs{
			Type:             pulumi.String("HTTPS"),
			Fqdn:             e.LoadBalancerDNSName,
			Port:             pulumi.Int(443),
			ResourcePath:     pulumi.String(a.HealthCheckPath),
			RequestInterval:  pulumi.Int(a.HealthCheckIntervalSeconds),
			FailureThreshold: pulumi.Int(a.HealthCheckFailureThreshold),
			MeasureLatency:   pulumi.Bool(true),
			EnableSni:        pulumi.Bool(true),
			Tags:             pulumi.StringMap{"Name": pulumi.Sprintf("%s API %s", a.Domain, e.Region)},
		}, parent)
		if err != nil {
			return nil, err
		}
		checks[e.Region] = check
	}
	return checks, nil
}

// failoverPartner returns the endpoint that takes over from the active endpoint i: the
// standby region if there is one, else the primary for the other regions and the second
// region for the primary; nil for a single region. A drained endpoint is nobody's partner.
func failoverPartner(endpoints []APIEndpoint, i int) *APIEndpoint {
	var serving []int
	for j := range endpoints {
		switch {
		case endpoints[j].Drained:
		case endpoints[j].Standby:
			return &endpoints[j]
		default:
			serving = append(serving, j)
		}
	}
	for _, j := range serving {
		if j != i {
			return &endpoints[j]
		}
	}
	return nil
}

// newAPIRecords creates api.<domain> as latency records, one per serving region, with that
// region's health check. With more than one region, each latency record aliases the region's
// failover pair <region>.api.<domain>: PRIMARY is the region's load balancer, SECONDARY its
// failoverPartner's, each with its health check; when every latency record is unhealthy,
// Route 53 answers them all and the pairs send traffic to whichever load balancer lives.
// With one region the latency record aliases its load balancer directly.
func newAPIRecords(ctx *pulumi.Context, name string, a *RecordsArgs, checks map[string]*route53.HealthCheck, parent pulumi.ResourceOrInvokeOption) error {
	for i, e := range a.APIEndpoints {
		if e.Standby || e.Drained {
			continue
		}
		target := loadBalancerAlias(e)
		var after []pulumi.Resource
		if partner := failoverPartner(a.APIEndpoints, i); partner != nil {
			pair := regionalAPIHostname(e.Region, a.Domain)
			for _, member := range []struct {
				role     string
				endpoint APIEndpoint
			}{{"PRIMARY", e}, {"SECONDARY", *partner}} {
				record, err := route53.NewRecord(ctx, fmt.Sprintf("%s-%s-%s", name, pair, member.role), &route53.RecordArgs{
					ZoneId:                  a.ZoneID,
					Name:                    pulumi.String(pair),
					Type:                    pulumi.String("A"),
					SetIdentifier:           pulumi.Sprintf("%s-%s", e.Region, member.role),
					FailoverRoutingPolicies: route53.RecordFailoverRoutingPolicyArray{route53.RecordFailoverRoutingPolicyArgs{Type: pulumi.String(member.role)}},
					HealthCheckId:           checks[member.endpoint.Region].ID(),
					Aliases:                 route53.RecordAliasArray{loadBalancerAlias(member.endpoint)},
				}, parent)
				if err != nil {
					return err
				}
				after = append(after, record)
			}
			// An alias to a record of the same zone needs the record to exist first.
			target = route53.RecordAliasArgs{Name: pulumi.String(pair), ZoneId: a.ZoneID, EvaluateTargetHealth: pulumi.Bool(true)}
		}
		if _, err := route53.NewRecord(ctx, fmt.Sprintf("%s-%s-%s", name, APIHostname(a.Domain), e.Region), &route53.RecordArgs{
			ZoneId:                 a.ZoneID,
			Name:                   pulumi.String(APIHostname(a.Domain)),
			Type:                   pulumi.String("A"),
			SetIdentifier:          pulumi.String(e.Region),
			LatencyRoutingPolicies: route53.RecordLatencyRoutingPolicyArray{route53.RecordLatencyRoutingPolicyArgs{Region: pulumi.String(e.Region)}},
			HealthCheckId:          checks[e.Region].ID(),
			Aliases:                route53.RecordAliasArray{target},
		}, parent, pulumi.DependsOn(after)); err != nil {
			return err
		}
	}
	return nil
}

// loadBalancerAlias targets a load balancer, healthy only while it has healthy targets.
func loadBalancerAlias(e APIEndpoint) route53.RecordAliasArgs {
	return route53.RecordAliasArgs{Name: e.LoadBalancerDNSName, ZoneId: e.LoadBalancerZoneID, EvaluateTargetHealth: pulumi.Bool(true)}
}
