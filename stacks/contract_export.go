package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/components/edge"
	"github.com/saleor-platform/infra/components/security"
	"github.com/saleor-platform/infra/components/storage"
)

// primaryContractOutputs are the values of a primary's Contract, by output name. Before the
// zone is delegated there is no application yet, so SECRET_KEY and RSA_PRIVATE_KEY are ""
// (a regional stack waits for the zone too, and reads them only then).
func primaryContractOutputs(cfg *Config, f *foundation, d *dataTier, zone *edge.Zone, app *compute.Compute, replicas []*replicaRegion) map[string]pulumi.Input {
	secretKey, rsaKey := pulumi.String("").ToStringOutput(), pulumi.String("").ToStringOutput()
	if app != nil {
		secretKey, rsaKey = app.SecretKeyArn, app.RSAPrivateKeyArn
	}
	regions := pulumi.Map{}
	for _, r := range replicas {
		regions[r.region] = pulumi.Map{
			"secretsKeyArn": r.security.KeyArn(security.Secrets),
			"mediaBucket":   contractBucket(r.storage.Buckets[storage.Media]),
			"assetsBucket":  contractBucket(r.storage.Buckets[storage.Assets]),
		}
	}
	buckets := d.storage.Buckets
	return map[string]pulumi.Input{
		"environment":             pulumi.String(cfg.Environment),
		"region":                  pulumi.String(cfg.Region),
		"replicaRegions":          pulumi.ToStringArray(cfg.ReplicaRegions),
		"domain":                  pulumi.String(cfg.Domain),
		"zoneId":                  zone.ZoneID,
		"zoneDelegated":           pulumi.Bool(cfg.Edge.CertificatesValidate()),
		"vpcId":                   f.network.VpcID,
		"vpcCidr":                 pulumi.String(cfg.VpcCIDR.String()),
		"dataRouteTableIds":       f.network.IsolatedRouteTableIDs,
		"dataNetworkAclId":        f.network.DataNetworkACLID,
		"databaseSecurityGroupId": f.network.SecurityGroups.Database,
		"databaseArn":             d.database.Arn,
		"postgresVersion":         pulumi.String(cfg.Data.PostgresVersion),
		"databaseStorageGiB":      pulumi.Int(cfg.Sizes.DatabaseStorageGiB),
		"databaseMaxStorageGiB":   pulumi.Int(cfg.Sizes.DatabaseMaxStorageGiB),
		"databaseUrlSecretArn":    d.app.urlSecretArn,
		"secretKeyArn":            secretKey,
		"rsaPrivateKeyArn":        rsaKey,
		"mediaBucket":             contractBucket(buckets[storage.Media]),
		"assetsBucket":            contractBucket(buckets[storage.Assets]),
		"storageKeyArn":           f.security.KeyArn(security.Storage),
		"replicas":                regions,
		"appSettings":             pulumi.ToStringMap(cfg.Compute.AppSettings),
	}
}

// contractBucket is a bucket as the contract names it (ContractBucket).
func contractBucket(b storage.Bucket) pulumi.Map {
	return pulumi.Map{"name": b.Name, "arn": b.Arn, "regionalDomainName": b.RegionalDomainName}
}
