package search_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/search"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

const (
	domainType   = "aws:opensearch/domain:Domain"
	logGroupType = "aws:cloudwatch/logGroup:LogGroup"
	ingressType  = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	egressType   = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	databaseKey  = "arn:aws:kms:eu-central-1:123456789012:key/database"
	logsKey      = "arn:aws:kms:eu-central-1:123456789012:key/logs"
	domainArn    = "arn:aws:es:eu-central-1:123456789012:domain/prod-eu-search"
)

var clients = []string{"sg-api", "sg-worker"}

func inputs(values ...string) []pulumi.StringInput {
	out := make([]pulumi.StringInput, len(values))
	for i, v := range values {
		out[i] = pulumi.String(v)
	}
	return out
}

// production is a production domain: multi-AZ, 2 data nodes asked (rounded up to 3), protected.
func production() search.SearchArgs {
	return search.SearchArgs{
		DomainName: "prod-eu-search", NodeClass: "m7g.large.search", DataNodes: 2, StorageGiB: 100, HA: ha.MultiAZ,
		VpcID: pulumi.String("vpc-1"), SubnetIDs: inputs("subnet-a", "subnet-b", "subnet-c", "subnet-d"),
		ClientSecurityGroupIDs: inputs(clients...), KMSKeyArn: pulumi.String(databaseKey),
		Logs: logging.Settings{KMSKeyArn: pulumi.String(logsKey), Prefix: "/saleor/prod-eu",
			RetentionDays: map[logging.Class]int{logging.Infrastructure: 90, logging.Audit: 365}},
		DeletionProtection: true,
	}
}

func program(a search.SearchArgs) pulumi.RunFunc {
	return harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		_, err := search.NewSearch(ctx, "search", &a, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1")
}

func run(t *testing.T, a search.SearchArgs) *harness.Inventory {
	t.Helper()
	inv, err := harness.Run(program(a), harness.ComponentStack())
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// TestProductionDomainIsPrivateEncryptedAndHA: the domain is in the VPC (the first three
// subnets, its own group), encrypted at rest with the given key and node to node, HTTPS-only
// with the forward-secrecy TLS 1.2 policy, under fine-grained access control whose master is
// the admin role, across 3 zones with a standby and 3 dedicated masters, its data nodes
// rounded up to a multiple of 3 on gp3 volumes, and protected.
func TestProductionDomainIsPrivateEncryptedAndHA(t *testing.T) {
	inv := run(t, production())
	d := harnesstest.Named(t, inv, domainType, "search")
	group := harnesstest.Named(t, inv, "aws:ec2/securityGroup:SecurityGroup", "search")
	admin := harnesstest.Named(t, inv, "aws:iam/role:Role", "search-admin")
	for path, want := range map[string]any{
		"domainName": "prod-eu-search", "engineVersion": search.DefaultEngineVersion,
		"vpcOptions.subnetIds": []string{"subnet-a", "subnet-b", "subnet-c"}, "vpcOptions.securityGroupIds": []string{group.ID},
		"encryptAtRest.enabled": true, "encryptAtRest.kmsKeyId": databaseKey, "nodeToNodeEncryption.enabled": true,
		"domainEndpointOptions.enforceHttps": true, "domainEndpointOptions.tlsSecurityPolicy": "Policy-Min-TLS-1-2-PFS-2023-10",
		"advancedSecurityOptions.enabled": true, "advancedSecurityOptions.internalUserDatabaseEnabled": false,
		"advancedSecurityOptions.anonymousAuthEnabled": false, "advancedSecurityOptions.masterUserOptions.masterUserArn": admin.Output("arn"),
		"clusterConfig.instanceType": "m7g.large.search", "clusterConfig.instanceCount": float64(3),
		"clusterConfig.zoneAwarenessEnabled": true, "clusterConfig.zoneAwarenessConfig.availabilityZoneCount": float64(3),
		"clusterConfig.multiAzWithStandbyEnabled": true, "clusterConfig.dedicatedMasterEnabled": true,
		"clusterConfig.dedicatedMasterCount": float64(3), "clusterConfig.dedicatedMasterType": "m7g.large.search",
		"ebsOptions.ebsEnabled": true, "ebsOptions.volumeType": "gp3", "ebsOptions.volumeSize": float64(100),
		"softwareUpdateOptions.autoSoftwareUpdateEnabled": true,
	} {
		var got any
		switch want.(type) {
		case []string:
			got = d.Strings(path)
		case bool:
			got = d.Bool(path)
		case float64:
			got = d.Number(path)
		default:
			got = d.String(path)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	if !d.Protect {
		t.Error("the production domain is not protected")
	}
}

// TestSingleAZDomainStaysInOneZone: single-AZ, the domain keeps its data nodes in the first
// subnet's zone, with no zone awareness, standby or dedicated masters.
func TestSingleAZDomainStaysInOneZone(t *testing.T) {
	a := production()
	a.HA, a.DataNodes, a.DeletionProtection = ha.SingleAZ, 2, false
	d := harnesstest.Named(t, run(t, a), domainType, "search")
	if got := d.Strings("vpcOptions.subnetIds"); !slices.Equal(got, []string{"subnet-a"}) {
		t.Errorf("single-AZ domain in subnets %v, want the first", got)
	}
	if d.Number("clusterConfig.instanceCount") != 2 || d.Bool("clusterConfig.zoneAwarenessEnabled") ||
		d.Bool("clusterConfig.multiAzWithStandbyEnabled") || d.Bool("clusterConfig.dedicatedMasterEnabled") || d.Protect {
		t.Errorf("single-AZ cluster %v (protected %v)", d.Get("clusterConfig"), d.Protect)
	}
}

// TestLogsAreEncryptedAndOnlyThisDomainWritesThem: the slow, error and audit logs go to their
// own groups, encrypted with the logs key and kept for their class; the log resource policy
// lets OpenSearch Service write only to them, only for this domain of this account, and the
// domain waits for it.
func TestLogsAreEncryptedAndOnlyThisDomainWritesThem(t *testing.T) {
	inv := run(t, production())
	d := harnesstest.Named(t, inv, domainType, "search")
	policy := harnesstest.Named(t, inv, "aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "search-logs")
	var groups []string
	published := map[string]string{}
	for i := range len(d.Get("logPublishingOptions").ArrayValue()) {
		at := func(p string) string { return fmt.Sprintf("logPublishingOptions[%d].%s", i, p) }
		if !d.Bool(at("enabled")) {
			t.Errorf("%s is not enabled", d.String(at("logType")))
		}
		published[d.String(at("logType"))] = d.String(at("cloudwatchLogGroupArn"))
	}
	for logType, days := range map[string]float64{"INDEX_SLOW_LOGS": 90, "SEARCH_SLOW_LOGS": 90, "ES_APPLICATION_LOGS": 90, "AUDIT_LOGS": 365} {
		group := inv.ByID(strings.TrimPrefix(published[logType], "arn:aws:logs:eu-central-1:123456789012:log-group:"))
		if group == nil || group.Type != logGroupType {
			t.Errorf("%s is not published to a log group of the domain: %q", logType, published[logType])
			continue
		}
		if group.String("kmsKeyId") != logsKey || group.Number("retentionInDays") != days || !strings.HasPrefix(group.String("name"), "/saleor/prod-eu/search/") {
			t.Errorf("%s group %s: key %s, %v days", logType, group.String("name"), group.String("kmsKeyId"), group.Number("retentionInDays"))
		}
		groups = append(groups, group.Output("arn")+":*")
	}
	var doc iampolicy.Document
	if err := policy.JSON("policyDocument", &doc); err != nil {
		t.Fatal(err)
	}
	s := doc.Statement
	slices.Sort(groups)
	if len(s) == 1 {
		if resources, ok := s[0].Resource.([]any); ok {
			slices.SortFunc(resources, func(a, b any) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		}
	}
	if len(s) != 1 || fmt.Sprint(s[0].Principal) != "map[Service:[es.amazonaws.com]]" ||
		!slices.Equal(s[0].Action, []string{"logs:PutLogEvents", "logs:CreateLogStream"}) ||
		fmt.Sprint(s[0].Resource) != fmt.Sprint(groups) ||
		fmt.Sprint(s[0].Condition) != "map[ArnLike:map[aws:SourceArn:"+domainArn+"] StringEquals:map[aws:SourceAccount:123456789012]]" {
		t.Errorf("log resource policy %+v, want es.amazonaws.com writing %v for %s", s, groups, domainArn)
	}
	if !slices.Contains(d.Dependencies, policy.URN) {
		t.Error("the domain does not wait for the log resource policy OpenSearch checks at create")
	}
}

// TestOnlyTheAppTierReachesTheDomain: the domain's group admits HTTPS from each client group
// and nothing else; each client group may reach it on HTTPS; the access policy admits the
// account's IAM principals only, and the admin role only the account's.
func TestOnlyTheAppTierReachesTheDomain(t *testing.T) {
	inv := run(t, production())
	group := harnesstest.Named(t, inv, "aws:ec2/securityGroup:SecurityGroup", "search")
	var admitted, reaching []string
	for _, r := range inv.OfType(ingressType) {
		if r.String("securityGroupId") != group.ID || r.Number("fromPort") != 443 || r.Number("toPort") != 443 || r.Has("cidrIpv4") {
			t.Errorf("ingress rule %s: %v", r.Name, r.Inputs)
		}
		admitted = append(admitted, r.String("referencedSecurityGroupId"))
	}
	for _, r := range inv.OfType(egressType) {
		if r.String("referencedSecurityGroupId") != group.ID || r.Number("fromPort") != 443 {
			t.Errorf("egress rule %s: %v", r.Name, r.Inputs)
		}
		reaching = append(reaching, r.String("securityGroupId"))
	}
	if !slices.Equal(admitted, clients) || !slices.Equal(reaching, clients) {
		t.Errorf("the domain admits %v and is reached from %v, want %v", admitted, reaching, clients)
	}
	var access, trust iampolicy.Document
	if err := harnesstest.Named(t, inv, domainType, "search").JSON("accessPolicies", &access); err != nil {
		t.Fatal(err)
	}
	if err := harnesstest.Named(t, inv, "aws:iam/role:Role", "search-admin").JSON("assumeRolePolicy", &trust); err != nil {
		t.Fatal(err)
	}
	root := "map[AWS:[arn:aws:iam::123456789012:root]]"
	if len(access.Statement) != 1 || fmt.Sprint(access.Statement[0].Principal) != root || fmt.Sprint(access.Statement[0].Resource) != domainArn+"/*" {
		t.Errorf("access policy %+v, want the account's principals on %s/*", access, domainArn)
	}
	if len(trust.Statement) != 1 || fmt.Sprint(trust.Statement[0].Principal) != root {
		t.Errorf("the admin role trusts %+v, want the account only", trust)
	}
}

// TestServiceLinkedRoleOnlyWhenAsked: the account's OpenSearch service-linked role is made
// only when asked (making it where it exists fails), and then the domain waits for it.
func TestServiceLinkedRoleOnlyWhenAsked(t *testing.T) {
	if n := len(run(t, production()).OfType("aws:iam/serviceLinkedRole:ServiceLinkedRole")); n != 0 {
		t.Errorf("%d service-linked roles made unasked", n)
	}
	a := production()
	a.CreateServiceLinkedRole = true
	inv := run(t, a)
	role := harnesstest.Named(t, inv, "aws:iam/serviceLinkedRole:ServiceLinkedRole", "search-service-role")
	if role.String("awsServiceName") != "opensearchservice.amazonaws.com" || !slices.Contains(harnesstest.Named(t, inv, domainType, "search").Dependencies, role.URN) {
		t.Errorf("service-linked role for %s; the domain waits for it: %v", role.String("awsServiceName"), slices.Contains(harnesstest.Named(t, inv, domainType, "search").Dependencies, role.URN))
	}
}

func TestValidation(t *testing.T) {
	bad := production()
	bad.DomainName = "Prod_EU-search-domain-of-the-platform"
	bad.NodeClass = "t3.small.search"
	bad.DataNodes = 0
	bad.StorageGiB = 5
	bad.SubnetIDs = bad.SubnetIDs[:2]
	bad.ClientSecurityGroupIDs = nil
	bad.EngineVersion = "Elasticsearch_7.10"
	harnesstest.Rejected(t, program(bad), "DomainName", "NodeClass", "DataNodes", "StorageGiB", "SubnetIDs", "ClientSecurityGroupIDs", "EngineVersion")
}

func TestNilArgs(t *testing.T) {
	harnesstest.NilArgs(t, search.NewSearch, "DomainName", "NodeClass", "VpcID", "SubnetIDs", "ClientSecurityGroupIDs", "KMSKeyArn", "Logs.KMSKeyArn")
}
