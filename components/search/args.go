package search

import (
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/validate"
)

// Port is the domain's HTTPS port, the only one its security group admits.
const Port = 443

// EngineVersions are the OpenSearch versions the component runs; DefaultEngineVersion is the
// default.
var EngineVersions = []string{"OpenSearch_2.17", "OpenSearch_2.19"}

// DefaultEngineVersion is the engine a domain runs unless told otherwise.
const DefaultEngineVersion = "OpenSearch_2.19"

// TLSPolicy is the endpoint's TLS security policy: TLS 1.2 or later with perfect forward
// secrecy ciphers only, the newest OpenSearch Service offers and the one Security Hub's
// Opensearch.8 asks for ("the latest TLS security policy"); Policy-Min-TLS-1-2-2019-07 also
// admits TLS 1.2 without forward secrecy.
const TLSPolicy = "Policy-Min-TLS-1-2-PFS-2023-10"

// Multi-AZ layout: zone awareness over three zones with a standby zone, three dedicated
// master nodes (OpenSearch Service's requirements for Multi-AZ with standby).
const (
	multiAZZones   = 3
	dedicatedNodes = 3
	// MaxDataNodes is the most data nodes the component sizes (OpenSearch allows more).
	MaxDataNodes = 30
	// minStorageGiB is the smallest gp3 volume OpenSearch Service attaches to a data node.
	minStorageGiB = 10
)

// domainName is what OpenSearch Service accepts as a domain name: 3 to 28 lower-case letters,
// digits and hyphens, starting with a letter.
var domainName = regexp.MustCompile(`^[a-z][a-z0-9-]{2,27}$`)

// SearchArgs configures a Search domain.
type SearchArgs struct {
	// DomainName names the domain, unique in the account's region: 3 to 28 lower-case
	// letters, digits and hyphens, starting with a letter. Required.
	DomainName string
	// EngineVersion is one of EngineVersions. Defaults to DefaultEngineVersion.
	EngineVersion string
	// NodeClass is the data nodes' instance type (and the dedicated masters', multi-AZ), one
	// of catalog.SearchClasses. Required.
	NodeClass string
	// DataNodes is the data node count, 1 to MaxDataNodes; multi-AZ rounds it up to a
	// multiple of 3 (one per zone). Required.
	DataNodes int
	// StorageGiB is each data node's gp3 volume, at least 10 GiB. Required.
	StorageGiB int
	// HA multi-az spreads the domain over 3 zones with a standby zone and 3 dedicated master
	// nodes; single-az keeps it in the first subnet's zone. Defaults to ha.MultiAZ.
	HA ha.Level
	// VpcID is the VPC the domain's security group belongs to. Required.
	VpcID pulumi.StringInput
	// SubnetIDs are the isolated (data) subnets in zone order: multi-AZ uses the first 3,
	// single-AZ the first. Required.
	SubnetIDs []pulumi.StringInput
	// ClientSecurityGroupIDs are the groups admitted to the domain on Port (the API's and the
	// workers'), each given the matching egress rule. Required: at least one.
	ClientSecurityGroupIDs []pulumi.StringInput
	// KMSKeyArn encrypts the indices, snapshots and logs of the domain at rest. Required.
	KMSKeyArn pulumi.StringInput
	// Logs keeps the slow and error logs (infrastructure class) and the audit log (audit
	// class). Required.
	Logs logging.Settings
	// CreateServiceLinkedRole creates AWSServiceRoleForAmazonOpenSearchService, which
	// OpenSearch Service needs, once per account, before it can place a domain in a VPC.
	// Creating it where it exists fails. Defaults to false: the account has it.
	CreateServiceLinkedRole bool
	// DeletionProtection marks the domain `protect`. Set it in production. Defaults to false.
	DeletionProtection bool
}

func (a SearchArgs) withDefaults() SearchArgs {
	if a.EngineVersion == "" {
		a.EngineVersion = DefaultEngineVersion
	}
	if a.HA == "" {
		a.HA = ha.MultiAZ
	}
	if a.HA.IsMultiAZ() {
		a.DataNodes = (a.DataNodes + multiAZZones - 1) / multiAZZones * multiAZZones
	}
	return a
}

func (a SearchArgs) validate(p *validate.Problems) {
	p.Match("DomainName", a.DomainName, domainName, "3 to 28 lower-case letters, digits and hyphens, starting with a letter")
	validate.OneOf(p, "EngineVersion", a.EngineVersion, EngineVersions)
	validate.OneOf(p, "NodeClass", a.NodeClass, catalog.InstanceNames(catalog.SearchClasses))
	validate.OneOf(p, "HA", a.HA, ha.Levels())
	p.Range("DataNodes", a.DataNodes, 1, MaxDataNodes, "data nodes")
	p.AtLeast("StorageGiB", a.StorageGiB, minStorageGiB, "GiB (OpenSearch Service's smallest gp3 volume)")
	p.Required("VpcID", a.VpcID != nil, "the VPC of the domain's security group")
	zones := 1
	if a.HA.IsMultiAZ() {
		zones = multiAZZones
	}
	if len(a.SubnetIDs) < zones {
		p.Add("SubnetIDs", "%d subnets; %s needs %d (one per zone)", len(a.SubnetIDs), a.HA, zones)
	}
	for i, id := range a.SubnetIDs {
		p.Required(validate.Index("SubnetIDs", i), id != nil, "an isolated subnet's ID")
	}
	if len(a.ClientSecurityGroupIDs) == 0 {
		p.Add("ClientSecurityGroupIDs", "none; the domain admits only the app tier's groups, at least one")
	}
	for i, id := range a.ClientSecurityGroupIDs {
		p.Required(validate.Index("ClientSecurityGroupIDs", i), id != nil, "a security group ID")
	}
	p.Required("KMSKeyArn", a.KMSKeyArn != nil, "the key the indices are encrypted with")
	p.Required("Logs.KMSKeyArn", a.Logs.KMSKeyArn != nil, "the logs key")
	a.Logs.CheckRetention(p.At("Logs"), logging.Infrastructure, logging.Audit)
}
