package rules

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

const openSearchDomain = "aws:opensearch/domain:Domain"

// latestOpenSearchTLS is the TLS security policy Security Hub's Opensearch.8 counts as the
// latest: TLS 1.2 or later with forward-secrecy ciphers only.
const latestOpenSearchTLS = "Policy-Min-TLS-1-2-PFS-2023-10"

// requireDomainLog: logPublishingOptions must publish logType, enabled, to a log group. A list
// or an entry whose log type is unknown may be the one, so it is decided at update.
func requireDomainLog(p property.Map, logType string, r *report) {
	options := get(p, "logPublishingOptions")
	if options.unknown() {
		return
	}
	undecided := false
	for _, o := range options.maps() {
		switch t := get(o, "logType"); {
		case t.unknown():
			undecided = true
		case t.str() == logType:
			r.forbidFalse(o, "enabled")
			r.requireSet(o, "cloudwatchLogGroupArn")
			return
		}
	}
	if !undecided && len(options.items()) == len(options.maps()) {
		r.addf("logPublishingOptions must publish %s to CloudWatch Logs", logType)
	}
}

// Opensearch.10 (the latest service software installed) is the domain's state, not its
// configuration: a preview cannot judge it. Opensearch.9 (tags) is required-tags'.
var openSearchRules = []resourceRule{
	{
		name: "opensearch-encrypted-at-rest-cmk",
		description: "OpenSearch domains encrypt data at rest with a customer-managed KMS key " +
			"[FSBP Opensearch.1]",
		level: mandatory,
		types: []string{openSearchDomain},
		check: onProps(func(p property.Map, r *report) {
			r.requireTrue(p, "encryptAtRest", "enabled")
			r.requireCustomerManagedKey(p, "encryptAtRest", "kmsKeyId")
		}),
	},
	{
		name:        "opensearch-in-vpc",
		description: "OpenSearch domains are in a VPC, not on a public endpoint [FSBP Opensearch.2]",
		level:       mandatory,
		types:       []string{openSearchDomain},
		check:       onProps(func(p property.Map, r *report) { r.requireSet(p, "vpcOptions", "subnetIds") }),
	},
	{
		name:        "opensearch-node-to-node-encryption",
		description: "OpenSearch domains encrypt traffic between nodes [FSBP Opensearch.3]",
		level:       mandatory,
		types:       []string{openSearchDomain},
		check:       onProps(func(p property.Map, r *report) { r.requireTrue(p, "nodeToNodeEncryption", "enabled") }),
	},
	{
		name:        "opensearch-error-logs",
		description: "OpenSearch domains publish their error (application) logs to CloudWatch Logs [FSBP Opensearch.4]",
		level:       mandatory,
		types:       []string{openSearchDomain},
		check:       onProps(func(p property.Map, r *report) { requireDomainLog(p, "ES_APPLICATION_LOGS", r) }),
	},
	{
		name:        "opensearch-audit-logs",
		description: "OpenSearch domains publish their audit logs to CloudWatch Logs [FSBP Opensearch.5]",
		level:       mandatory,
		types:       []string{openSearchDomain},
		check:       onProps(func(p property.Map, r *report) { requireDomainLog(p, "AUDIT_LOGS", r) }),
	},
	{
		name: "opensearch-multi-az",
		description: "OpenSearch domains have at least 3 data nodes with zone awareness and 3 dedicated master " +
			"nodes [FSBP Opensearch.6, FSBP Opensearch.11]",
		level: mandatory,
		types: []string{openSearchDomain},
		check: onProps(func(p property.Map, r *report) {
			r.requireAtLeast(p, 3, "clusterConfig", "instanceCount")
			r.requireTrue(p, "clusterConfig", "zoneAwarenessEnabled")
			r.requireTrue(p, "clusterConfig", "dedicatedMasterEnabled")
			r.requireAtLeast(p, 3, "clusterConfig", "dedicatedMasterCount")
		}),
	},
	{
		name: "opensearch-fine-grained-access",
		description: "OpenSearch domains have fine-grained access control enabled " +
			"[FSBP Opensearch.7]",
		level: mandatory,
		types: []string{openSearchDomain},
		check: onProps(func(p property.Map, r *report) { r.requireTrue(p, "advancedSecurityOptions", "enabled") }),
	},
	{
		name: "opensearch-tls-policy",
		description: "OpenSearch domains enforce HTTPS with the latest TLS security policy (" + latestOpenSearchTLS + ") " +
			"[FSBP Opensearch.8]",
		level: mandatory,
		types: []string{openSearchDomain},
		check: onProps(func(p property.Map, r *report) {
			r.forbidFalse(p, "domainEndpointOptions", "enforceHttps")
			r.requireOneOf(p, []string{latestOpenSearchTLS}, "domainEndpointOptions", "tlsSecurityPolicy")
		}),
	},
}
