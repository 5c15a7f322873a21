package stacks

import (
	"fmt"
	"maps"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
)

// providers are the stack's explicit AWS providers; no resource uses the default provider.
type providers struct {
	// primary runs the stack's region.
	primary *aws.Provider
	// secondary runs the disaster-recovery region; nil when the stack has none.
	secondary *aws.Provider
	// global runs us-east-1, where CloudFront certificates and CLOUDFRONT-scoped WAF live.
	global *aws.Provider
	// chatbot runs the AWS Chatbot API region nearest the stack; nil without Slack alerts.
	chatbot *aws.Provider
	// replicas run a primary's saleor:replicaRegions, by region ("aws-replica-<region>").
	replicas map[string]*aws.Provider
	// standby runs a primary's DR runtime (saleor:drCompute) in the DR region: its resources
	// carry the Standby tag (pilot-light or warm) until saleor:promoteReplica makes it serve,
	// which the policy pack's multi-AZ rules read; nil without a DR runtime.
	standby *aws.Provider
	// hub runs a regional stack's primary's region ("aws-hub"), where the stack admits itself
	// into the primary's database; nil on a primary.
	hub *aws.Provider
}

// newProviders creates the providers, each tagging everything it creates with the stack's
// tags and its own region (pulumi-aws merges defaultTags into tags and tagsAll at Check, so
// the policy pack sees them in preview).
func newProviders(ctx *pulumi.Context, cfg *Config) (*providers, error) {
	var p providers
	var err error
	if p.primary, err = newProvider(ctx, "primary", cfg, cfg.Region); err != nil {
		return nil, err
	}
	if cfg.HasDisasterRecovery() {
		if p.secondary, err = newProvider(ctx, "secondary", cfg, cfg.SecondaryRegion); err != nil {
			return nil, err
		}
	}
	if cfg.Failover.DRCompute.Runs() {
		if p.standby, err = newProvider(ctx, "dr-runtime", cfg, cfg.SecondaryRegion, cfg.standbyTags()); err != nil {
			return nil, err
		}
	}
	if p.global, err = newProvider(ctx, "global", cfg, catalog.GlobalServicesRegion); err != nil {
		return nil, err
	}
	p.replicas = map[string]*aws.Provider{}
	for _, region := range cfg.ReplicaRegions {
		if p.replicas[region], err = newProvider(ctx, "replica-"+region, cfg, region); err != nil {
			return nil, err
		}
	}
	if cfg.Primary != nil {
		if p.hub, err = newProvider(ctx, "hub", cfg, cfg.Primary.Region); err != nil {
			return nil, err
		}
	}
	if cfg.Observability.Slack != nil {
		if p.chatbot, err = newProvider(ctx, "chatbot", cfg, catalog.ChatbotRegion(cfg.Region)); err != nil {
			return nil, err
		}
	}
	return &p, nil
}

// newProvider creates the provider of a region, tagging with the stack's tags and extra.
func newProvider(ctx *pulumi.Context, role string, cfg *Config, region string, extra ...map[string]string) (*aws.Provider, error) {
	tags := cfg.Tags(region)
	for _, e := range extra {
		maps.Copy(tags, e)
	}
	return aws.NewProvider(ctx, "aws-"+role, &aws.ProviderArgs{
		Region:      pulumi.String(region),
		DefaultTags: aws.ProviderDefaultTagsArgs{Tags: pulumi.ToStringMap(tags)},
	})
}

// availabilityZones returns the first n zone names AWS reports available to the provider's
// account in its region.
func availabilityZones(ctx *pulumi.Context, provider *aws.Provider, key string, n int) ([]string, error) {
	zones, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{
		State: pulumi.StringRef("available"),
	}, pulumi.Provider(provider))
	if err != nil {
		return nil, err
	}
	if len(zones.Names) < n {
		return nil, ConfigError{{Key: key, Message: fmt.Sprintf("%d zones asked for, but the account has only %d available: %v", n, len(zones.Names), zones.Names)}}
	}
	return zones.Names[:n], nil
}
