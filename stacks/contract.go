package stacks

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Contract is what a primary stack publishes for the regional stacks of its environment, and
// all they read from it through a stack reference: one type, one place. Each field's
// `contract` tag names its stack output. ContractOutputs lists the names; a test keeps them
// equal to testdata/contract-outputs.txt, so renaming an output (which would break every
// deployed regional stack) cannot go unnoticed, and every field is exported by the primary
// and read by the regionals through this type only.
type Contract struct {
	// Environment is the primary's saleor:environment; its regionals must share it.
	Environment string `contract:"environment"`
	// Region is the primary's region, where the writer database and the zone's records live.
	Region string `contract:"region"`
	// ReplicaRegions are saleor:replicaRegions: a regional stack's region must be one.
	ReplicaRegions []string `contract:"replicaRegions"`
	// Domain is the environment's apex domain; ZoneID its hosted zone; ZoneDelegated whether
	// certificates validated in it can be waited for.
	Domain        string `contract:"domain"`
	ZoneID        string `contract:"zoneId"`
	ZoneDelegated bool   `contract:"zoneDelegated"`
	// VpcID and VpcCIDR are the primary's VPC, which a regional stack peers with.
	VpcID   string `contract:"vpcId"`
	VpcCIDR string `contract:"vpcCidr"`
	// DataRouteTableIDs and DataNetworkACLID are the primary's data subnets' route tables and
	// NACL, where a regional stack adds its return routes and admits its app subnets.
	DataRouteTableIDs []string `contract:"dataRouteTableIds"`
	DataNetworkACLID  string   `contract:"dataNetworkAclId"`
	// DatabaseSecurityGroupID is the writer's security group, which a regional stack's app
	// subnets are admitted to on the database port.
	DatabaseSecurityGroupID string `contract:"databaseSecurityGroupId"`
	// DatabaseArn is the writer, the source of a regional stack's cross-region replica;
	// PostgresVersion its major version.
	DatabaseArn     string `contract:"databaseArn"`
	PostgresVersion string `contract:"postgresVersion"`
	// DatabaseStorageGiB and DatabaseMaxStorageGiB are the writer's allocated storage and its
	// autoscaling ceiling. A regional stack's replica starts with the writer's storage and
	// must be able to grow as far (a replica out of storage stops replicating), whatever the
	// regional stack's own saleor:sizing; its free-storage alarm takes a share of it.
	DatabaseStorageGiB    int `contract:"databaseStorageGiB"`
	DatabaseMaxStorageGiB int `contract:"databaseMaxStorageGiB"`
	// DatabaseURLSecretArn, SecretKeyArn and RSAPrivateKeyArn are the shared secrets
	// (DATABASE_URL of the instance the primary's application writes to, the writer or the
	// restored instance by saleor:databaseActive; SECRET_KEY, RSA_PRIVATE_KEY) in the
	// primary's region; each has a replica of the same name in every ReplicaRegion
	// (secretstore.ReplicaArn).
	DatabaseURLSecretArn string `contract:"databaseUrlSecretArn"`
	SecretKeyArn         string `contract:"secretKeyArn"`
	RSAPrivateKeyArn     string `contract:"rsaPrivateKeyArn"`
	// MediaBucket and AssetsBucket are the source buckets the applications of every region
	// write to; StorageKeyArn encrypts them.
	MediaBucket   ContractBucket `contract:"mediaBucket"`
	AssetsBucket  ContractBucket `contract:"assetsBucket"`
	StorageKeyArn string         `contract:"storageKeyArn"`
	// Replicas are, by ReplicaRegion, what the primary keeps there for the regional stack.
	Replicas map[string]ContractReplica `contract:"replicas"`
	// AppSettings are the primary's saleor:appSettings, the environment's non-secret Saleor
	// settings; a regional stack writes them to Parameter Store in its own region, under its
	// own saleor:appSettings, which override them.
	AppSettings map[string]string `contract:"appSettings"`
}

// ContractBucket is a bucket as the contract names it.
type ContractBucket struct {
	Name               string `json:"name"`
	Arn                string `json:"arn"`
	RegionalDomainName string `json:"regionalDomainName"`
}

// ContractReplica is what a primary keeps in one replica region.
type ContractReplica struct {
	// SecretsKeyArn encrypts the shared secrets' replicas there.
	SecretsKeyArn string `json:"secretsKeyArn"`
	// MediaBucket and AssetsBucket are the replicas of the source buckets there, which the
	// regional distribution reads.
	MediaBucket  ContractBucket `json:"mediaBucket"`
	AssetsBucket ContractBucket `json:"assetsBucket"`
}

// Secret contract outputs, which a regional stack reads as secret Outputs, never as Go values.
const (
	// databaseURLOutput is the DATABASE_URL of the instance the environment writes to (the
	// writer, or the restored instance by saleor:databaseActive), which a regional stack's
	// replica URL is made from.
	databaseURLOutput = "databaseUrl"
	// originVerifyOutput is the X-Origin-Verify value every region's load balancer requires:
	// CloudFront reaches them all through one API name.
	originVerifyOutput = "originVerifySecret"
)

// contractSecrets lists the secret contract outputs.
var contractSecrets = []string{databaseURLOutput, originVerifyOutput}

// ContractOutputs lists the contract's output names, sorted, the secret ones included.
func ContractOutputs() []string {
	names := slices.Clone(contractSecrets)
	t := reflect.TypeFor[Contract]()
	for i := range t.NumField() {
		names = append(names, t.Field(i).Tag.Get("contract"))
	}
	sort.Strings(names)
	return names
}

// exportContract exports a primary's contract: the values of Contract's fields and the
// secret outputs (contractSecrets), each by output name.
func exportContract(ctx *pulumi.Context, values map[string]pulumi.Input, secrets map[string]pulumi.StringOutput) error {
	want := ContractOutputs()
	if len(values)+len(secrets) != len(want) {
		return fmt.Errorf("the primary exports %d contract outputs, the contract has %d", len(values)+len(secrets), len(want))
	}
	for _, name := range want {
		if v, ok := secrets[name]; ok {
			ctx.Export(name, pulumi.ToSecret(v))
			continue
		}
		v, ok := values[name]
		if !ok {
			return fmt.Errorf("the primary does not export contract output %q", name)
		}
		ctx.Export(name, v)
	}
	return nil
}

// qualifiedStack names the stack ref as <organisation>/<project>/<stack>, taking what ref
// leaves out from this stack: the Pulumi CLI would resolve a bare "prod-eu" in the user's
// default organisation, which for someone whose default is their personal organisation is
// not the organisation the environment lives in.
func qualifiedStack(ctx *pulumi.Context, ref string) string {
	if strings.Contains(ref, "/") || ctx.Organization() == "" {
		return ref
	}
	return ctx.Organization() + "/" + ctx.Project() + "/" + ref
}

// primaryContract is what a regional stack read from its primary: the contract's values and
// its secret outputs.
type primaryContract struct {
	Contract
	// DatabaseURL is the DATABASE_URL the environment writes through; OriginVerifySecret the
	// X-Origin-Verify value.
	DatabaseURL, OriginVerifySecret pulumi.StringOutput
}

// readContract reads the contract of the primary stack ref through a stack reference,
// reporting every output the primary does not export, or exports in another shape, as a
// problem of saleor:primaryStack.
func readContract(ctx *pulumi.Context, ref string, p *problems) (*primaryContract, error) {
	stack, err := pulumi.NewStackReference(ctx, "primary", &pulumi.StackReferenceArgs{Name: pulumi.String(qualifiedStack(ctx, ref))})
	if err != nil {
		return nil, err
	}
	out := &primaryContract{}
	v := reflect.ValueOf(&out.Contract).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Tag.Get("contract")
		details, err := stack.GetOutputDetails(name)
		if err != nil {
			return nil, err
		}
		value := details.Value
		if value == nil {
			value = details.SecretValue
		}
		if value == nil {
			p.add("saleor:primaryStack", "%s exports no %q: deploy the primary first (the contract it publishes is stacks.Contract)", ref, name)
			continue
		}
		raw, _ := json.Marshal(value)
		if err := json.Unmarshal(raw, v.Field(i).Addr().Interface()); err != nil {
			p.add("saleor:primaryStack", "%s exports %q in another shape than the contract's %s", ref, name, v.Field(i).Type())
		}
	}
	secrets := map[string]pulumi.StringOutput{}
	for _, name := range contractSecrets {
		details, err := stack.GetOutputDetails(name)
		if err != nil {
			return nil, err
		}
		if details.Value == nil && details.SecretValue == nil {
			p.add("saleor:primaryStack", "%s exports no %q: deploy the primary first (the contract it publishes is stacks.Contract)", ref, name)
			continue
		}
		secrets[name] = pulumi.ToSecret(stack.GetStringOutput(pulumi.String(name))).(pulumi.StringOutput)
	}
	out.DatabaseURL, out.OriginVerifySecret = secrets[databaseURLOutput], secrets[originVerifyOutput]
	return out, nil
}
