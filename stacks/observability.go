package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/cache"
	"github.com/saleor-platform/infra/components/compute"
	o "github.com/saleor-platform/infra/components/observability"
	"github.com/saleor-platform/infra/components/security"
	"github.com/saleor-platform/infra/components/storage"
)

// watchedTiers is everything observability watches. Before the zone is delegated only data
// exists; names, app and edge are nil.
type watchedTiers struct {
	data  *dataTier
	names *dns
	app   *compute.Compute
	// drApp is a primary's DR runtime (saleor:drCompute); nil without one.
	drApp *compute.Compute
	edge  *edgeTier
}

// newObservability creates the alerting, alarms, dashboards, audit trail and cost controls:
// one instance per region that has something to watch (alarms notify topics of their own
// region; Route 53 and CloudFront publish only in us-east-1), and the Slack route.
func newObservability(ctx *pulumi.Context, cfg *Config, p *providers, primary, secondary, global *foundation, w watchedTiers) error {
	alerting := func(f *foundation) o.AlertingArgs {
		return o.AlertingArgs{KMSKeyArn: f.security.KeyArn(security.Messaging), Recipients: cfg.Observability.Recipients}
	}
	args := &o.ObservabilityArgs{
		NamePrefix: cfg.namePrefix(),
		Alerting:   alerting(primary),
		Watch:      regionalWatch(cfg, w),
		Business:   &o.BusinessArgs{},
		Cost:       costArgs(cfg),
		Logs:       primary.logs,
	}
	if cfg.ManageAccountSecurity {
		args.Audit = &o.AuditArgs{
			BucketName:         w.data.storage.Buckets[storage.Audit].Name,
			KMSKeyArn:          primary.security.KeyArn(security.Audit),
			DeletionProtection: cfg.Environment.IsProduction(),
		}
	}
	edgeWatch := globalWatch(w)
	if global == primary && w.edge != nil { // a us-east-1 stack watches the edge from its own region
		args.Watch.HealthChecks, args.Watch.Distributions = edgeWatch.HealthChecks, edgeWatch.Distributions
		args.Watch.Certificates = append(args.Watch.Certificates, edgeWatch.Certificates...)
	}
	main, err := o.NewObservability(ctx, "observability", args, pulumi.Providers(p.primary))
	if err != nil {
		return err
	}

	topics := main.Topics()

	if global != primary && w.edge != nil {
		edgeObs, err := o.NewObservability(ctx, "observability-global", &o.ObservabilityArgs{
			NamePrefix: cfg.namePrefix(), Alerting: alerting(global), Watch: edgeWatch,
		}, pulumi.Providers(p.global))
		if err != nil {
			return err
		}
		topics = append(topics, edgeObs.Topics()...)
	}
	if secondary != nil {
		dr, err := o.NewObservability(ctx, "observability-dr", &o.ObservabilityArgs{
			NamePrefix: cfg.namePrefix(), Alerting: alerting(secondary),
			Watch: o.Watched{Databases: []o.Database{{
				Name: "replica-dr", Identifier: w.data.drReplica.Identifier,
				AllocatedStorageGiB: cfg.Sizes.DatabaseStorageGiB, Replica: true,
			}}},
		}, pulumi.Providers(p.secondary))
		if err != nil {
			return err
		}
		topics = append(topics, dr.Topics()...)
	}

	if slack := cfg.Observability.Slack; slack != nil {
		_, err := o.NewSlackChannel(ctx, "observability-slack", &o.SlackChannelArgs{
			ConfigurationName: cfg.namePrefix() + "-alerts", WorkspaceID: slack.WorkspaceID, ChannelID: slack.ChannelID,
			TopicArns: topics,
		}, pulumi.Providers(p.chatbot))
		return err
	}
	return nil
}

// costTagKeys are the tags a stack activates as cost allocation tags (saleor:costAllocationTags
// activate): what budgets and reports group by.
var costTagKeys = []string{"Stack", "Environment", "CostCenter"}

// costArgs scopes the stack's budget and anomaly monitor to its Stack tag once the tags are
// active (saleor:costAllocationTags), and activates them where this stack is asked to.
func costArgs(cfg *Config) *o.CostArgs {
	c := &o.CostArgs{MonthlyBudgetUSD: cfg.Observability.MonthlyBudgetUSD}
	if cfg.Observability.CostTags.Active() {
		c.Tag = &o.CostTag{Key: "Stack", Value: cfg.Stack}
	}
	if cfg.Observability.CostTags == CostTagsActivate {
		c.ActivateTags = costTagKeys
	}
	return c
}

// newConfigRecorders starts AWS Config in each region where the stack enables Security Hub
// (its own, DR and replica regions, when it owns the account's services), delivering to the
// audit bucket; its own region records the account's global resources.
func newConfigRecorders(ctx *pulumi.Context, cfg *Config, p *providers, primary *foundation, d *dataTier, replicas []*replicaRegion) error {
	if !cfg.ManageAccountSecurity {
		return nil
	}
	audit := d.storage.Buckets[storage.Audit]
	args := func(global bool) *o.ConfigRecorderArgs {
		return &o.ConfigRecorderArgs{NamePrefix: cfg.namePrefix(), BucketName: audit.Name, BucketArn: audit.Arn,
			KMSKeyArn: primary.security.KeyArn(security.Audit), GlobalResources: global}
	}
	if _, err := o.NewConfigRecorder(ctx, "observability-config", args(true), pulumi.Providers(p.primary)); err != nil {
		return err
	}
	if cfg.HasDisasterRecovery() {
		if _, err := o.NewConfigRecorder(ctx, "observability-config-dr", args(false), pulumi.Providers(p.secondary)); err != nil {
			return err
		}
	}
	for _, r := range replicas {
		if _, err := o.NewConfigRecorder(ctx, "observability-config-"+r.region, args(false), pulumi.Providers(p.replicas[r.region])); err != nil {
			return err
		}
	}
	return nil
}

// regionalWatch lists what the primary region's instance watches: the databases and the
// caches, and once the application runs, the load balancer and its API target group(s), the
// API certificate, the queues and the services.
func regionalWatch(cfg *Config, w watchedTiers) o.Watched {
	var watch o.Watched
	if db := w.data.database; db != nil {
		watch.Databases = []o.Database{{Name: "primary", Identifier: db.Identifier, AllocatedStorageGiB: cfg.Sizes.DatabaseStorageGiB}}
		for i := range cfg.Data.ReplicaCount {
			watch.Databases = append(watch.Databases, o.Database{
				Name: "replica-" + string(rune('1'+i)), Identifier: db.ReplicaIdentifiers.Index(pulumi.Int(i)),
				AllocatedStorageGiB: cfg.Sizes.DatabaseStorageGiB, Replica: true,
			})
		}
		if r := db.Restored; r != nil {
			watch.Databases = append(watch.Databases, o.Database{Name: "restored", Identifier: r.Identifier, AllocatedStorageGiB: cfg.Sizes.DatabaseStorageGiB})
		}
	}
	if r := w.data.replica; r != nil { // a regional stack's replica has its writer's storage
		watch.Databases = append(watch.Databases, o.Database{
			Name: "replica", Identifier: r.Identifier, AllocatedStorageGiB: cfg.Primary.DatabaseStorageGiB, Replica: true,
		})
	}
	for _, role := range cache.Roles() {
		watch.Caches = append(watch.Caches, o.Cache{
			Name: string(role), ReplicationGroupID: w.data.caches.Stores[role].ReplicationGroupID, Nodes: w.data.caches.NodesPerRole,
		})
	}
	if w.app != nil {
		addApplication(&watch, cfg, w)
	}
	return watch
}

// addApplication adds the application tier to watch.
func addApplication(watch *o.Watched, cfg *Config, w watchedTiers) {
	app := w.app
	tg := o.TargetGroup{
		Name: "api", ArnSuffix: app.TargetGroupArnSuffixes.Index(pulumi.Int(0)), LoadBalancerArnSuffix: app.LoadBalancerArnSuffix,
	}
	if cfg.Compute.Deployment == compute.BlueGreen {
		tg.StandbyArnSuffix = app.TargetGroupArnSuffixes.Index(pulumi.Int(1))
	}
	watch.LoadBalancers = []o.LoadBalancer{{Name: "public", ArnSuffix: app.LoadBalancerArnSuffix}}
	watch.TargetGroups = []o.TargetGroup{tg}
	watch.Certificates = []o.Certificate{{Name: "api", Arn: w.names.api.Arn}}
	watch.DeadLetterQueues = []o.Queue{
		{Name: "default-dlq", QueueName: pulumi.String(app.DefaultQueue.DLQName)},
		{Name: "webhooks-dlq", QueueName: pulumi.String(app.WebhookQueue.DLQName)},
	}
	watch.WorkQueues = []o.Queue{
		{Name: "default", QueueName: pulumi.String(app.DefaultQueue.Name)},
		{Name: "webhooks", QueueName: pulumi.String(app.WebhookQueue.Name)},
	}
	for _, s := range app.Services {
		if s.MinTasks == 0 {
			continue // meant to run none here (a regional stack's beat): nothing to miss
		}
		watch.Services = append(watch.Services, o.Service{
			Name: s.Workload, ClusterName: app.ClusterName, ServiceName: s.Name, MinTasks: s.MinTasks,
		})
	}
}

// globalWatch lists what only us-east-1 publishes: the API health checks, the distribution
// and the CloudFront certificate (none for an API-only stack); nothing before the edge
// exists.
func globalWatch(w watchedTiers) o.Watched {
	if w.edge == nil {
		return o.Watched{}
	}
	var watch o.Watched
	if w.edge.distribution != nil {
		watch.Distributions = []o.Distribution{{Name: "storefront", ID: w.edge.distribution.DistributionID}}
		watch.Certificates = []o.Certificate{{Name: "cloudfront", Arn: w.names.cdn.Arn}}
	}
	for _, region := range catalog.RegionCodes() {
		if id, ok := w.edge.records.HealthCheckIDs[region]; ok {
			watch.HealthChecks = append(watch.HealthChecks, o.HealthCheck{Name: "api-" + region, ID: id})
		}
	}
	return watch
}
