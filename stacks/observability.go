package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/cache"
	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/components/database"
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
	// dr is a primary's DR runtime (saleor:drCompute); nil without one.
	dr   *drRuntime
	edge *edgeTier
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

		BusinessHours: cfg.Observability.BusinessHours,
	}
	if cfg.ManageAccountSecurity {
		args.Audit = &o.AuditArgs{
			BucketName:         w.data.storage.Buckets[storage.Audit].Name,
			KMSKeyArn:          primary.security.KeyArn(security.Audit),
			DeletionProtection: cfg.Environment.IsProduction(),
		}
	}
	edgeWatch := globalWatch(cfg, w)
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
			NamePrefix: cfg.namePrefix(), Alerting: alerting(global), Watch: edgeWatch, BusinessHours: cfg.Observability.BusinessHours,
		}, pulumi.Providers(p.global))
		if err != nil {
			return err
		}
		topics = append(topics, edgeObs.Topics()...)
	}
	if secondary != nil {
		dr, err := o.NewObservability(ctx, "observability-dr", &o.ObservabilityArgs{
			NamePrefix: cfg.namePrefix(), Alerting: alerting(secondary), Watch: drWatch(cfg, w), BusinessHours: cfg.Observability.BusinessHours,
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
		storage := cfg.Sizes.DatabaseStorageGiB
		watch.Databases = []o.Database{watchedDatabase("primary", db.Identifier, storage, false)}
		for i := range cfg.Data.ReplicaCount {
			watch.Databases = append(watch.Databases, watchedDatabase("replica-"+string(rune('1'+i)), db.ReplicaIdentifiers.Index(pulumi.Int(i)), storage, true))
		}
		if r := db.Restored; r != nil {
			watch.Databases = append(watch.Databases, watchedDatabase("restored", r.Identifier, storage, false))
		}
	}
	if r := w.data.replica; r != nil { // a regional stack's replica has its writer's storage
		watch.Databases = append(watch.Databases, watchedDatabase("replica", r.Identifier, writerStorageGiB(cfg), !cfg.Failover.PromoteReplica))
	}
	addCaches(&watch, w.data.caches, "")
	if cfg.Environment.MonitorsStorageSize() && w.data.storage != nil {
		addBuckets(&watch, w.data.storage)
	}
	if w.app != nil {
		addApplication(&watch, w.app, cfg.Compute.Deployment, "")
		addCertificate(&watch, w.names.api.Arn, "")
	}
	return watch
}

// drWatch lists what the DR region's instance watches: the DR replica (a writer once
// promoted, with no replica lag to alarm on) and a primary's DR runtime. While the runtime
// stands by, only its API certificate is watched: a pilot-light runtime has no task and an
// unhealthy load balancer by design, and a warm one gets traffic only once the primary
// region's load balancer fails (whose own alarms page then), so their service-down,
// error-rate and task-count alarms would fire forever or page for no customer; the
// certificate must be valid the day the runtime takes over, and its expiry alarm never fires
// by itself. Once promoted it is watched as the primary region's runtime is.
func drWatch(cfg *Config, w watchedTiers) o.Watched {
	watch := o.Watched{Databases: []o.Database{
		watchedDatabase("replica-dr", w.data.drReplica.Identifier, writerStorageGiB(cfg), cfg.IsRegional() || !cfg.Failover.PromoteReplica),
	}}
	if dr := w.dr; dr != nil {
		addCertificate(&watch, dr.certificateArn, "-dr")
		if dr.serving {
			addCaches(&watch, dr.caches, "-dr")
			addApplication(&watch, dr.app, compute.Rolling, "-dr")
		}
	}
	return watch
}

// watchedDatabase is a database instance to watch with storageGiB of gp3 storage, which
// gives its free-storage and read-IOPS thresholds; a replica is also watched for lag.
func watchedDatabase(name string, identifier pulumi.StringInput, storageGiB int, replica bool) o.Database {
	return o.Database{
		Name: name, Identifier: identifier, AllocatedStorageGiB: storageGiB,
		ProvisionedIOPS: database.BaselineIOPS(storageGiB), Replica: replica,
	}
}

// writerStorageGiB is the allocated storage of the environment's writer, which its replicas
// start with: the stack's own, or a regional stack's primary's.
func writerStorageGiB(cfg *Config) int {
	if cfg.IsRegional() {
		return cfg.Primary.DatabaseStorageGiB
	}
	return cfg.Sizes.DatabaseStorageGiB
}

// addCaches adds a runtime's caches to watch, their names ending in suffix.
func addCaches(watch *o.Watched, caches *cache.Cache, suffix string) {
	for _, role := range cache.Roles() {
		watch.Caches = append(watch.Caches, o.Cache{
			Name: string(role) + suffix, ReplicationGroupID: caches.Stores[role].ReplicationGroupID, Nodes: caches.NodesPerRole,
		})
	}
}

// addBuckets adds the buckets the platform fills (media, assets, backups; a regional stack
// has none), each expected to hold its catalog.BucketGrowth projection in the storage classes
// its lifecycle keeps.
func addBuckets(watch *o.Watched, s *storage.Storage) {
	for _, role := range []storage.Role{storage.Media, storage.Assets, storage.Backups} {
		bucket, ok := s.Buckets[role]
		if !ok {
			continue
		}
		growth := catalog.BucketGrowth[string(role)]
		watch.Buckets = append(watch.Buckets, o.Bucket{
			Name: string(role), BucketName: bucket.Name, StorageClasses: storage.StorageClasses(role),
			ExpectedSizeBytes: growth.ExpectedBytes(), ExpectedObjects: growth.ExpectedObjects(),
		})
	}
}

// addCertificate adds a runtime's API certificate to watch.
func addCertificate(watch *o.Watched, arn pulumi.StringInput, suffix string) {
	watch.Certificates = append(watch.Certificates, o.Certificate{Name: "api" + suffix, Arn: arn})
}

// addApplication adds a runtime's application tier to watch, deployed as deployment, the
// names ending in suffix.
func addApplication(watch *o.Watched, app *compute.Compute, deployment compute.Deployment, suffix string) {
	tg := o.TargetGroup{
		Name: "api" + suffix, ArnSuffix: app.TargetGroupArnSuffixes.Index(pulumi.Int(0)), LoadBalancerArnSuffix: app.LoadBalancerArnSuffix,
	}
	if deployment == compute.BlueGreen {
		tg.StandbyArnSuffix = app.TargetGroupArnSuffixes.Index(pulumi.Int(1))
	}
	watch.LoadBalancers = append(watch.LoadBalancers, o.LoadBalancer{Name: "public" + suffix, ArnSuffix: app.LoadBalancerArnSuffix})
	watch.TargetGroups = append(watch.TargetGroups, tg)
	watch.DeadLetterQueues = append(watch.DeadLetterQueues,
		o.Queue{Name: "default-dlq" + suffix, QueueName: pulumi.String(app.DefaultQueue.DLQName)},
		o.Queue{Name: "webhooks-dlq" + suffix, QueueName: pulumi.String(app.WebhookQueue.DLQName)},
	)
	watch.WorkQueues = append(watch.WorkQueues,
		o.Queue{Name: "default" + suffix, QueueName: pulumi.String(app.DefaultQueue.Name)},
		o.Queue{Name: "webhooks" + suffix, QueueName: pulumi.String(app.WebhookQueue.Name)},
	)
	for _, s := range app.Services {
		if s.MinTasks == 0 {
			continue // meant to run none here (a regional stack's beat): nothing to miss
		}
		watch.Services = append(watch.Services, o.Service{
			Name: s.Workload + suffix, ClusterName: app.ClusterName, ServiceName: s.Name, MinTasks: s.MinTasks,
		})
	}
}

// globalWatch lists what only us-east-1 publishes: the API health checks (but a standing-by
// DR runtime's, unhealthy by design while it is pilot-light: see drWatch), the distribution
// and the CloudFront certificate (none for an API-only stack); nothing before the edge
// exists.
func globalWatch(cfg *Config, w watchedTiers) o.Watched {
	if w.edge == nil {
		return o.Watched{}
	}
	var watch o.Watched
	if w.edge.distribution != nil {
		watch.Distributions = []o.Distribution{{Name: "storefront", ID: w.edge.distribution.DistributionID}}
		watch.Certificates = []o.Certificate{{Name: "cloudfront", Arn: w.names.cdn.Arn}}
	}
	for _, region := range catalog.RegionCodes() {
		if w.dr != nil && !w.dr.serving && region == cfg.SecondaryRegion {
			continue
		}
		if id, ok := w.edge.records.HealthCheckIDs[region]; ok {
			watch.HealthChecks = append(watch.HealthChecks, o.HealthCheck{Name: "api-" + region, ID: id})
		}
	}
	return watch
}
