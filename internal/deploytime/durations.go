// Package deploytime estimates how long a cold `pulumi up` of a stack takes: the critical
// path through the dependency graph the offline run recorded (each resource waits for its
// dependencies, explicit and through its inputs, and for a custom parent), weighted by a
// table of typical create durations per resource type. It also names the explicit waits
// (dependsOn on something whose outputs a resource does not read) that lengthen the path.
//
// Durations are typical figures, not guarantees: AWS decides them. Each slow type carries its
// source: the create timeout of the Terraform AWS provider that pulumi-aws v6 bridges (an
// upper bound) and the typical time with its reasoning.
package deploytime

import (
	"strings"
	"time"
)

// Duration is a resource type's typical create time.
type Duration struct {
	// Typical is the usual create time.
	Typical time.Duration
	// Timeout is the provider's default create timeout (0: none documented), the upper bound.
	Timeout time.Duration
	// Source says where Typical and Timeout come from.
	Source string
}

const (
	tfDocs = "terraform-provider-aws website/docs/r/%s Timeouts"
	// seenTimeout: the timeout was read in the provider's docs; recalled: remembered, not re-read.
	seen     = " (read)"
	recalled = " (recalled, not re-read)"
)

// DefaultCreate is the create time of a type the table does not list: one or two API calls.
var DefaultCreate = Duration{Typical: 5 * time.Second, Source: "default: a type that creates with one or two API calls"}

// createDurations are the typical create durations of the types that take longer than an
// API call. Typical figures are estimates from AWS's documented behaviour (noted) and
// experience; timeouts from the provider docs.
var createDurations = map[string]Duration{
	"aws:rds/instance:Instance": {Typical: 15 * time.Minute, Timeout: 40 * time.Minute,
		Source: "timeout: " + doc("db_instance") + seen + "; typical: a gp3 PostgreSQL instance becomes available in 10-20 minutes (estimate); Multi-AZ and replicas take longer, see RDSDuration"},
	"aws:elasticache/replicationGroup:ReplicationGroup": {Typical: 12 * time.Minute, Timeout: 60 * time.Minute,
		Source: "timeout: " + doc("elasticache_replication_group") + seen + "; typical 10-15 minutes for a group with encryption (estimate)"},
	"aws:cloudfront/distribution:Distribution": {Typical: 5 * time.Minute,
		Source: "the provider waits for the Deployed status (wait_for_deployment, default true); AWS propagates a new distribution in about 5 minutes (estimate)"},
	"aws:acm/certificateValidation:CertificateValidation": {Typical: 3 * time.Minute, Timeout: 75 * time.Minute,
		Source: "timeout: " + doc("acm_certificate_validation") + recalled + "; typical: DNS validation completes minutes after the record resolves (estimate)"},
	"aws:ec2/natGateway:NatGateway": {Typical: 2 * time.Minute, Timeout: 10 * time.Minute,
		Source: "timeout: " + doc("nat_gateway") + recalled + "; typical 1-3 minutes to available (estimate)"},
	"aws:lb/loadBalancer:LoadBalancer": {Typical: 3 * time.Minute, Timeout: 10 * time.Minute,
		Source: "timeout: " + doc("lb") + recalled + "; typical 2-4 minutes to active (estimate)"},
	"aws:ec2/vpcEndpoint:VpcEndpoint": {Typical: 2 * time.Minute, Timeout: 10 * time.Minute,
		Source: "timeout: " + doc("vpc_endpoint") + recalled + "; typical: an interface endpoint is available in 1-3 minutes (estimate)"},
	"aws:route53/record:Record": {Typical: time.Minute, Timeout: 30 * time.Minute,
		Source: "timeout: " + doc("route53_record") + recalled + "; the provider waits for INSYNC, typically under a minute (Route 53: changes propagate within 60 seconds)"},
	"aws:route53/zone:Zone": {Typical: time.Minute, Timeout: 30 * time.Minute,
		Source: "timeout: " + doc("route53_zone") + recalled + "; the provider waits for INSYNC (estimate)"},
	"aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": {Typical: 30 * time.Second, Timeout: time.Minute,
		Source: "timeout: " + doc("vpc_peering_connection_accepter") + recalled + "; estimate"},
	"aws:ec2/vpcPeeringConnection:VpcPeeringConnection": {Typical: 30 * time.Second, Timeout: time.Minute,
		Source: "timeout: " + doc("vpc_peering_connection") + recalled + "; estimate"},
	"aws:ecs/service:Service": {Typical: time.Minute, Timeout: 20 * time.Minute,
		Source: "timeout: " + doc("ecs_service") + recalled + "; the program does not wait for steady state, so create returns once the service is ACTIVE (estimate)"},
	"aws:securityhub/standardsSubscription:StandardsSubscription": {Typical: 2 * time.Minute, Timeout: 3 * time.Minute,
		Source: "timeout: " + doc("securityhub_standards_subscription") + recalled + "; the provider waits for READY (estimate)"},
	"aws:wafv2/webAclAssociation:WebAclAssociation": {Typical: time.Minute, Timeout: 5 * time.Minute,
		Source: "timeout: " + doc("wafv2_web_acl_association") + recalled + "; retries while the ACL propagates (estimate)"},
	"aws:wafv2/webAcl:WebAcl": {Typical: 30 * time.Second,
		Source: "estimate: a web ACL with managed rule groups creates in seconds to a minute"},
	"aws:kms/key:Key": {Typical: 15 * time.Second, Timeout: 2 * time.Minute,
		Source: "the provider waits for the key policy and tags to propagate (" + doc("kms_key") + recalled + ")"},
	"aws:iam/role:Role": {Typical: 10 * time.Second,
		Source: "estimate: the provider retries until the role propagates"},
	"aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": {Typical: 15 * time.Second,
		Source: "estimate: waits for the cluster update"},
	"aws:ecs/cluster:Cluster": {Typical: 10 * time.Second,
		Source: "estimate: waits for ACTIVE"},
	"aws:cloudfront/function:Function": {Typical: 10 * time.Second,
		Source: "estimate: create and publish"},
	"aws:backup/selection:Selection": {Typical: 15 * time.Second,
		Source: "estimate: retries while the backup role propagates"},
	"aws:ec2/vpc:Vpc": {Typical: 10 * time.Second, Source: "estimate: waits for available"},
	"aws:ec2/eip:Eip": {Typical: 5 * time.Second, Source: DefaultCreate.Source},
}

// rdsCreate refines an RDS instance's create time by what it is: a Multi-AZ writer also
// builds its standby, a replica restores the source's snapshot, a cross-region one copies it
// between regions first (estimates).
func rdsCreate(multiAZ, replica, crossRegion bool) time.Duration {
	switch {
	case crossRegion:
		return 30 * time.Minute
	case replica:
		return 20 * time.Minute
	case multiAZ:
		return 20 * time.Minute
	}
	return 15 * time.Minute
}

func doc(resource string) string {
	return strings.Replace(tfDocs, "%s", resource+".html.markdown", 1)
}
