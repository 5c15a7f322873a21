package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/cache"
	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/components/edge"
	"github.com/saleor-platform/infra/components/security"
	"github.com/saleor-platform/infra/components/storage"
)

// newCompute creates the application runtime in the primary region, serving the API as
// api.<domain> (the name CloudFront's API origin and the ALB certificate carry).
func newCompute(ctx *pulumi.Context, cfg *Config, p *providers, primary *foundation, d *dataTier, certificateArn pulumi.StringInput) (*compute.Compute, error) {
	net, keys, buckets := primary.network, primary.security, d.storage.Buckets
	return compute.NewCompute(ctx, "compute", &compute.ComputeArgs{
		NamePrefix:         cfg.namePrefix(),
		ParameterPath:      cfg.pathPrefix(),
		HA:                 cfg.HA,
		DeletionProtection: cfg.Environment.IsProduction(),
		APITask:            cfg.Sizes.APITask,
		APITasks:           cfg.Sizes.APITasks,
		WorkerTask:         cfg.Sizes.WorkerTask,
		WorkerTasks:        cfg.Sizes.WorkerTasks,
		WorkersOnSpot:      cfg.Compute.WorkersOnSpot,
		APIDeployment:      cfg.Compute.Deployment,
		Image:              cfg.Compute.Image,
		CertificateArn:     certificateArn,
		Network: compute.Network{
			VpcID:                         net.VpcID,
			PublicSubnetIDs:               net.PublicSubnetIDs,
			PrivateSubnetIDs:              net.PrivateSubnetIDs,
			ALBSecurityGroupID:            net.SecurityGroups.ALB,
			ALBHealthCheckSecurityGroupID: net.SecurityGroups.ALBHealthChecks,
			APISecurityGroupID:            net.SecurityGroups.API,
			WorkerSecurityGroupID:         net.SecurityGroups.Worker,
		},
		Keys: compute.Keys{
			Storage:   keys.KeyArn(security.Storage),
			Secrets:   keys.KeyArn(security.Secrets),
			Messaging: keys.KeyArn(security.Messaging),
		},
		Buckets: compute.Buckets{
			MediaName: buckets[storage.Media].Name, MediaArn: buckets[storage.Media].Arn,
			AssetsName: buckets[storage.Assets].Name, AssetsArn: buckets[storage.Assets].Arn,
			LogsName: buckets[storage.Logs].Name,
		},
		Secrets: compute.Secrets{
			DatabaseURL:        d.database.DatabaseURLSecretArn,
			DatabaseReplicaURL: d.database.DatabaseURLReplicaSecretArn,
			CacheURL:           d.caches.URLSecretArn(cache.API),
			Extra:              pulumi.ToStringMap(cfg.Compute.AppSecrets),
		},
		Settings: compute.Settings{
			AllowedHosts:       []string{edge.APIHostname(cfg.Domain)},
			AllowedClientHosts: cfg.Compute.AllowedClientHosts,
			PublicURL:          "https://" + cfg.Domain + "/",
			// CloudFront serves the media bucket under /media/ on the storefront's domain.
			MediaDomain: cfg.Domain + "/media",
			Extra:       cfg.Compute.AppSettings,
		},
		Logs: primary.logs,
	}, pulumi.Providers(p.primary))
}
