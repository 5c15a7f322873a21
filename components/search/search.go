// Package search is the optional search tier: an Amazon OpenSearch Service domain for
// catalogue indices (one per language), reachable only from the app tier, inside the VPC.
//
// It is off unless a stack asks for it: Saleor 3.x searches products with PostgreSQL
// (full-text search vectors on the product tables), so a stock Saleor never calls it. A
// stack turns it on for a search plugin or a storefront that indexes the catalogue itself.
//
// What the domain is, and why:
//   - VPC-only, in the isolated (data) subnets, with its own security group admitting HTTPS
//     from the API's and workers' groups only (the data tier's NACL admits Port from the app
//     subnets: network.NetworkArgs.SearchPort).
//   - Encrypted at rest with the stack's database key: the index is a derived copy of the
//     catalogue the database holds, the same class of data under the same key policy (a key
//     of its own would add a key to every region for no separation of access). Node-to-node
//     TLS, HTTPS enforced with TLSPolicy.
//   - Fine-grained access control without the internal user database: the master user is a
//     dedicated IAM role (<name>-admin), assumable by the account's administrators; the access
//     policy admits the account's IAM principals, so IAM decides who may call the domain and
//     fine-grained access control what they may do. The application's task role is mapped to
//     an OpenSearch role by an administrator once a plugin needs it.
//   - Multi-AZ (production): zone awareness over 3 zones with a standby zone (Multi-AZ with
//     standby) and 3 dedicated master nodes of the data nodes' class; data nodes a multiple
//     of 3. Single-AZ: the data nodes in one zone, no dedicated masters.
//   - Index and search slow logs, error (application) logs and audit logs in KMS-encrypted
//     CloudWatch log groups, which a log resource policy lets OpenSearch Service write (one of
//     the 10 such policies CloudWatch Logs allows per account and region).
//   - Sized by the catalog's rule (catalog.Sizes: SearchNode, SearchNodes, SearchStorageGiB).
package search

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/opensearch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/validate"
)

// Search is an OpenSearch domain.
type Search struct {
	pulumi.ResourceState

	// Endpoint is the domain's HTTPS host name inside the VPC.
	Endpoint pulumi.StringOutput `pulumi:"endpoint"`
	// Arn is the domain's ARN.
	Arn pulumi.StringOutput `pulumi:"arn"`
	// SecurityGroupID is the domain's security group.
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`
	// AdminRoleArn is the fine-grained access control master user.
	AdminRoleArn pulumi.StringOutput `pulumi:"adminRoleArn"`
}

// searchType is the component's Pulumi type token.
const searchType = "saleor:search:Search"

// NewSearch creates the domain in the region of the component's AWS provider.
func NewSearch(ctx *pulumi.Context, name string, args *SearchArgs, opts ...pulumi.ResourceOption) (*Search, error) {
	a, err := validate.Args(searchType, name, args, SearchArgs.withDefaults, SearchArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &Search{}
	if err := ctx.RegisterComponentResource(searchType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	env, err := awsenv.Lookup(ctx, parent)
	if err != nil {
		return nil, err
	}
	domainArn := fmt.Sprintf("arn:%s:es:%s:%s:domain/%s", env.Partition, env.Region, env.Account, a.DomainName)

	group, err := newSecurityGroup(ctx, name, &a, parent)
	if err != nil {
		return nil, err
	}
	admin, err := newAdminRole(ctx, name, env, domainArn, parent)
	if err != nil {
		return nil, err
	}
	logs, waitFor, err := newLogs(ctx, name, &a, env, domainArn, parent)
	if err != nil {
		return nil, err
	}
	if a.CreateServiceLinkedRole {
		role, err := iam.NewServiceLinkedRole(ctx, name+"-service-role", &iam.ServiceLinkedRoleArgs{
			AwsServiceName: pulumi.String("opensearchservice.amazonaws.com"),
			Description:    pulumi.String("Lets Amazon OpenSearch Service place domains in this account's VPCs"),
		}, parent)
		if err != nil {
			return nil, err
		}
		waitFor = append(waitFor, role)
	}
	domain, err := opensearch.NewDomain(ctx, name, &opensearch.DomainArgs{
		DomainName:    pulumi.String(a.DomainName),
		EngineVersion: pulumi.String(a.EngineVersion),
		ClusterConfig: clusterConfig(&a),
		EbsOptions: &opensearch.DomainEbsOptionsArgs{
			EbsEnabled: pulumi.Bool(true),
			VolumeType: pulumi.String("gp3"),
			VolumeSize: pulumi.Int(a.StorageGiB),
		},
		EncryptAtRest:        &opensearch.DomainEncryptAtRestArgs{Enabled: pulumi.Bool(true), KmsKeyId: a.KMSKeyArn},
		NodeToNodeEncryption: &opensearch.DomainNodeToNodeEncryptionArgs{Enabled: pulumi.Bool(true)},
		DomainEndpointOptions: &opensearch.DomainDomainEndpointOptionsArgs{
			EnforceHttps:      pulumi.Bool(true),
			TlsSecurityPolicy: pulumi.String(TLSPolicy),
		},
		AdvancedSecurityOptions: &opensearch.DomainAdvancedSecurityOptionsArgs{
			Enabled:                     pulumi.Bool(true),
			AnonymousAuthEnabled:        pulumi.Bool(false),
			InternalUserDatabaseEnabled: pulumi.Bool(false),
			MasterUserOptions:           &opensearch.DomainAdvancedSecurityOptionsMasterUserOptionsArgs{MasterUserArn: admin.Arn},
		},
		VpcOptions: &opensearch.DomainVpcOptionsArgs{
			SubnetIds:        pulumi.StringArray(a.SubnetIDs[:zonesOf(&a)]),
			SecurityGroupIds: pulumi.StringArray{group.ID()},
		},
		AccessPolicies:        pulumi.String(accessPolicy(env, domainArn).String()),
		LogPublishingOptions:  logs,
		SoftwareUpdateOptions: &opensearch.DomainSoftwareUpdateOptionsArgs{AutoSoftwareUpdateEnabled: pulumi.Bool(true)},
		Tags:                  pulumi.StringMap{"Name": pulumi.String(a.DomainName)},
	}, parent, pulumi.DependsOn(waitFor), pulumi.Protect(a.DeletionProtection))
	if err != nil {
		return nil, err
	}
	c.Endpoint, c.Arn = domain.Endpoint, domain.Arn
	c.SecurityGroupID, c.AdminRoleArn = group.ID().ToStringOutput(), admin.Arn
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"endpoint": c.Endpoint, "arn": c.Arn, "securityGroupId": c.SecurityGroupID, "adminRoleArn": c.AdminRoleArn,
	})
}

// zonesOf is how many subnets (zones) the domain spans.
func zonesOf(a *SearchArgs) int {
	if a.HA.IsMultiAZ() {
		return multiAZZones
	}
	return 1
}

// clusterConfig lays the nodes out by HA level (see the package doc).
func clusterConfig(a *SearchArgs) *opensearch.DomainClusterConfigArgs {
	c := &opensearch.DomainClusterConfigArgs{
		InstanceType:  pulumi.String(a.NodeClass),
		InstanceCount: pulumi.Int(a.DataNodes),
	}
	if a.HA.IsMultiAZ() {
		c.ZoneAwarenessEnabled = pulumi.Bool(true)
		c.ZoneAwarenessConfig = &opensearch.DomainClusterConfigZoneAwarenessConfigArgs{AvailabilityZoneCount: pulumi.Int(multiAZZones)}
		c.MultiAzWithStandbyEnabled = pulumi.Bool(true)
		c.DedicatedMasterEnabled = pulumi.Bool(true)
		c.DedicatedMasterCount = pulumi.Int(dedicatedNodes)
		c.DedicatedMasterType = pulumi.String(a.NodeClass)
	} else {
		c.ZoneAwarenessEnabled = pulumi.Bool(false)
		c.MultiAzWithStandbyEnabled = pulumi.Bool(false)
		c.DedicatedMasterEnabled = pulumi.Bool(false)
	}
	return c
}

// accessPolicy admits the account's IAM principals to the domain's HTTP API: IAM policies
// decide who may call it, fine-grained access control what each may do.
func accessPolicy(env awsenv.Environment, domainArn string) iampolicy.Document {
	return iampolicy.New(iampolicy.Statement{
		Sid:       "AccountPrincipalsThroughIAM",
		Effect:    "Allow",
		Principal: iampolicy.AWS(env.RootARN()),
		Action:    []string{"es:ESHttp*"},
		Resource:  domainArn + "/*",
	})
}

// newSecurityGroup creates the domain's group: HTTPS from each client group, which gets the
// matching egress rule; nothing else in, nothing out.
func newSecurityGroup(ctx *pulumi.Context, name string, a *SearchArgs, parent pulumi.ResourceOrInvokeOption) (*ec2.SecurityGroup, error) {
	group, err := ec2.NewSecurityGroup(ctx, name, &ec2.SecurityGroupArgs{
		VpcId:               a.VpcID,
		Description:         pulumi.String("OpenSearch domain: HTTPS from the app tier only"),
		RevokeRulesOnDelete: pulumi.Bool(true),
		Tags:                pulumi.StringMap{"Name": pulumi.String(name), "Role": pulumi.String("search")},
	}, parent)
	if err != nil {
		return nil, err
	}
	for i, client := range a.ClientSecurityGroupIDs {
		if _, err := vpc.NewSecurityGroupIngressRule(ctx, fmt.Sprintf("%s-ingress-%d", name, i), &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: group.ID(), ReferencedSecurityGroupId: client, Description: pulumi.String("HTTPS from the app tier"),
			IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(Port), ToPort: pulumi.Int(Port),
		}, parent); err != nil {
			return nil, err
		}
		if _, err := vpc.NewSecurityGroupEgressRule(ctx, fmt.Sprintf("%s-client-egress-%d", name, i), &vpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId: client, ReferencedSecurityGroupId: group.ID(), Description: pulumi.String("HTTPS to the search domain"),
			IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(Port), ToPort: pulumi.Int(Port),
		}, parent); err != nil {
			return nil, err
		}
	}
	return group, nil
}

// newAdminRole creates the fine-grained access control master user: a role the account's
// administrators assume (IAM decides who), allowed the domain's HTTP API.
func newAdminRole(ctx *pulumi.Context, name string, env awsenv.Environment, domainArn string, parent pulumi.ResourceOrInvokeOption) (*iam.Role, error) {
	role, err := iam.NewRole(ctx, name+"-admin", &iam.RoleArgs{
		Description: pulumi.String("OpenSearch fine-grained access control master user of " + name),
		AssumeRolePolicy: pulumi.String(iampolicy.New(iampolicy.Statement{
			Effect: "Allow", Principal: iampolicy.AWS(env.RootARN()), Action: []string{"sts:AssumeRole"},
		}).String()),
	}, parent)
	if err != nil {
		return nil, err
	}
	_, err = iam.NewRolePolicy(ctx, name+"-admin", &iam.RolePolicyArgs{
		Role:   role.ID(),
		Policy: pulumi.String(iampolicy.New(iampolicy.Allow("CallTheDomain", []string{"es:ESHttp*"}, domainArn+"/*")).String()),
	}, parent)
	return role, err
}
