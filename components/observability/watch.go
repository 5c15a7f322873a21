package observability

import (
	"maps"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/validate"
)

// Watched lists what one Observability instance alarms on and graphs, all in its region.
// Every entry has a Name: a short lower-case label ("api", "primary") that names its alarms
// and dashboard lines and is unique within its list.
type Watched struct {
	// HealthChecks are Route 53 health checks. Route 53 publishes their metrics only in
	// us-east-1: give them to the instance created with the us-east-1 provider.
	HealthChecks []HealthCheck
	// Distributions are CloudFront distributions. CloudFront publishes their metrics only in
	// us-east-1: give them to the instance created with the us-east-1 provider.
	Distributions []Distribution
	// LoadBalancers are application load balancers.
	LoadBalancers []LoadBalancer
	// TargetGroups are the load balancers' target groups, one per service behind them.
	TargetGroups []TargetGroup
	// Certificates are ACM certificates in this region (the CloudFront certificate belongs
	// to the us-east-1 instance).
	Certificates []Certificate
	// Databases are RDS instances: the primary and its replicas.
	Databases []Database
	// Caches are ElastiCache replication groups (cluster mode disabled).
	Caches []Cache
	// DeadLetterQueues are SQS queues that collect failed messages.
	DeadLetterQueues []Queue
	// WorkQueues are SQS queues whose depth the dashboard graphs (no alarm: the workers scale
	// on it).
	WorkQueues []Queue
	// Services are ECS services; Container Insights must be enabled on their cluster.
	Services []Service
	// Buckets are S3 buckets whose size and object count are watched against what they are
	// expected to hold.
	Buckets []Bucket
}

// HealthCheck is a Route 53 health check.
type HealthCheck struct {
	Name string
	// ID is the health check's ID.
	ID pulumi.StringInput
}

// Distribution is a CloudFront distribution. Its OriginLatency metric exists only when the
// distribution has additional metrics enabled (a cloudfront.MonitoringSubscription with
// realtimeMetricsSubscriptionStatus Enabled, billed per distribution).
type Distribution struct {
	Name string
	// ID is the distribution's ID.
	ID pulumi.StringInput
}

// LoadBalancer is an application load balancer.
type LoadBalancer struct {
	Name string
	// ArnSuffix is the load balancer's ARN suffix, app/<name>/<id> (lb.LoadBalancer.ArnSuffix).
	ArnSuffix pulumi.StringInput
}

// TargetGroup is a target group behind an application load balancer.
type TargetGroup struct {
	// Name names the service behind the group, e.g. "api".
	Name string
	// ArnSuffix is the group's ARN suffix, targetgroup/<name>/<id> (lb.TargetGroup.ArnSuffix).
	ArnSuffix pulumi.StringInput
	// LoadBalancerArnSuffix is the ARN suffix of the load balancer the group is attached to.
	LoadBalancerArnSuffix pulumi.StringInput
	// StandbyArnSuffix is, for a blue/green service, the ARN suffix of the other group of the
	// pair; the service's traffic moves between the two at each deployment, so the alarms
	// take the better of the two groups (MAX over both) and an idle group does not alarm.
	// Defaults to nil: a single group.
	StandbyArnSuffix pulumi.StringInput
}

// Certificate is an ACM certificate.
type Certificate struct {
	Name string
	// Arn is the certificate's ARN.
	Arn pulumi.StringInput
}

// Database is an RDS instance.
type Database struct {
	Name string
	// Identifier is the instance identifier.
	Identifier pulumi.StringInput
	// AllocatedStorageGiB is the instance's allocated storage, in GiB; the free-storage
	// alarm fires below 10% of it.
	AllocatedStorageGiB int
	// ProvisionedIOPS is the IOPS the instance's volume sustains (gp3: its baseline for the
	// allocated storage, or the IOPS provisioned above it); the read-IOPS alarm fires above
	// 80% of it. Required.
	ProvisionedIOPS int
	// Replica marks a read replica; replicas also get the replica-lag alarm.
	Replica bool
}

// Cache is an ElastiCache replication group with cluster mode disabled. ElastiCache
// publishes per node, and names its nodes <ReplicationGroupID>-001, -002 and so on.
type Cache struct {
	Name string
	// ReplicationGroupID is the replication group's ID.
	ReplicationGroupID pulumi.StringInput
	// Nodes is the group's number of nodes (numCacheClusters), 1 to 6.
	Nodes int
}

// Queue is an SQS queue.
type Queue struct {
	Name string
	// QueueName is the queue's name (not its URL).
	QueueName pulumi.StringInput
}

// Service is an ECS service.
type Service struct {
	Name string
	// ClusterName and ServiceName name the service.
	ClusterName, ServiceName pulumi.StringInput
	// MinTasks is the service's minimum task count (its auto-scaling minimum); the alarm
	// fires when fewer run.
	MinTasks int
}

// Bucket is an S3 bucket. S3 publishes its size per storage class and its object count once
// a day.
type Bucket struct {
	Name string
	// BucketName is the bucket's name.
	BucketName pulumi.StringInput
	// StorageClasses are the S3 storage classes the bucket keeps objects in (STANDARD, where
	// S3 writes them, and those its lifecycle moves them to); their sizes add up to the
	// bucket's. Defaults to STANDARD only.
	StorageClasses []string
	// ExpectedSizeBytes is the most the bucket is expected to hold, in bytes, every version
	// counted; the size alarm fires above it. Required.
	ExpectedSizeBytes float64
	// ExpectedObjects is the most objects the bucket is expected to hold (S3 counts every
	// version, delete marker and part of an unfinished upload); the object-count alarm fires
	// above it. Required.
	ExpectedObjects float64
}

// storageTypes are the StorageType dimension values of BucketSizeBytes for the S3 storage
// classes a Bucket may keep objects in (S3 User Guide, "Metrics and dimensions").
var storageTypes = map[string]string{
	"STANDARD":           "StandardStorage",
	"STANDARD_IA":        "StandardIAStorage",
	"ONEZONE_IA":         "OneZoneIAStorage",
	"REDUCED_REDUNDANCY": "ReducedRedundancyStorage",
	"GLACIER_IR":         "GlacierInstantRetrievalStorage",
	"GLACIER":            "GlacierStorage",
	"DEEP_ARCHIVE":       "DeepArchiveStorage",
}

// target is one watched thing as alarms see it.
type target struct {
	kind Kind
	name string
	// members are the dimension sets of the thing's metrics: one, or one per cache node.
	members []pulumi.StringMap
	// baselines are what relative thresholds are percentages of (bytes of allocated storage,
	// provisioned IOPS, minimum tasks).
	baselines map[Baseline]float64
}

func single(kind Kind, name string, dims pulumi.StringMap, baselines map[Baseline]float64) target {
	return target{kind: kind, name: name, members: []pulumi.StringMap{dims}, baselines: baselines}
}

// targets returns every watched thing of every kind.
func (w Watched) targets() []target {
	var out []target
	for _, h := range w.HealthChecks {
		out = append(out, single(HealthChecks, h.Name, pulumi.StringMap{"HealthCheckId": h.ID}, nil))
	}
	for _, d := range w.Distributions {
		out = append(out, single(Distributions, d.Name, pulumi.StringMap{"DistributionId": d.ID, "Region": pulumi.String("Global")}, nil))
	}
	for _, lb := range w.LoadBalancers {
		out = append(out, single(LoadBalancers, lb.Name, pulumi.StringMap{"LoadBalancer": lb.ArnSuffix}, nil))
	}
	for _, tg := range w.TargetGroups {
		t := single(TargetGroups, tg.Name, pulumi.StringMap{"TargetGroup": tg.ArnSuffix, "LoadBalancer": tg.LoadBalancerArnSuffix}, nil)
		if tg.StandbyArnSuffix != nil {
			t.members = append(t.members, pulumi.StringMap{"TargetGroup": tg.StandbyArnSuffix, "LoadBalancer": tg.LoadBalancerArnSuffix})
		}
		out = append(out, t)
	}
	for _, c := range w.Certificates {
		out = append(out, single(Certificates, c.Name, pulumi.StringMap{"CertificateArn": c.Arn}, nil))
	}
	for _, db := range w.Databases {
		dims := pulumi.StringMap{"DBInstanceIdentifier": db.Identifier}
		out = append(out, single(Databases, db.Name, dims, map[Baseline]float64{
			AllocatedStorage: float64(db.AllocatedStorageGiB) * (1 << 30), ProvisionedIOPS: float64(db.ProvisionedIOPS),
		}))
		if db.Replica {
			out = append(out, single(DatabaseReplicas, db.Name, dims, nil))
		}
	}
	for _, c := range w.Caches {
		t := target{kind: Caches, name: c.Name}
		for _, node := range c.nodeIDs() {
			t.members = append(t.members, pulumi.StringMap{"CacheClusterId": node})
		}
		out = append(out, t)
	}
	for _, q := range w.DeadLetterQueues {
		out = append(out, single(DeadLetterQueues, q.Name, pulumi.StringMap{"QueueName": q.QueueName}, nil))
	}
	for _, q := range w.WorkQueues {
		out = append(out, single(WorkQueues, q.Name, pulumi.StringMap{"QueueName": q.QueueName}, nil))
	}
	for _, s := range w.Services {
		out = append(out, single(Services, s.Name, pulumi.StringMap{"ClusterName": s.ClusterName, "ServiceName": s.ServiceName}, map[Baseline]float64{MinimumTasks: float64(s.MinTasks)}))
	}
	for _, b := range w.Buckets {
		size := target{kind: BucketSizes, name: b.Name, baselines: map[Baseline]float64{ExpectedSize: b.ExpectedSizeBytes}}
		for _, class := range b.StorageClasses {
			size.members = append(size.members, pulumi.StringMap{"BucketName": b.BucketName, "StorageType": pulumi.String(storageTypes[class])})
		}
		out = append(out, size, single(BucketObjects, b.Name, pulumi.StringMap{"BucketName": b.BucketName, "StorageType": pulumi.String("AllStorageTypes")},
			map[Baseline]float64{ExpectedObjects: b.ExpectedObjects}))
	}
	return out
}

// nodeIDs returns the cache's node IDs, <ReplicationGroupID>-001 and so on.
func (c Cache) nodeIDs() []pulumi.StringInput {
	ids := make([]pulumi.StringInput, c.Nodes)
	for i := range ids {
		ids[i] = pulumi.Sprintf("%s-%03d", c.ReplicationGroupID, i+1)
	}
	return ids
}

// checkRegion reports, as Watch.<list> of the instance name, what publishes metrics only in
// us-east-1 but is watched by an instance in region.
func (w Watched) checkRegion(name, region string) error {
	if region == catalog.GlobalServicesRegion {
		return nil
	}
	p := validate.New(observabilityType, name)
	for _, global := range []struct {
		list    string
		n       int
		service string
	}{{"HealthChecks", len(w.HealthChecks), "Route 53"}, {"Distributions", len(w.Distributions), "CloudFront"}} {
		if global.n > 0 {
			p.Add("Watch."+global.list, "%s publishes their metrics only in %s; give them to the instance created with the %s provider, not this %s one",
				global.service, catalog.GlobalServicesRegion, catalog.GlobalServicesRegion, region)
		}
	}
	return p.Err()
}

var label = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$`)

// check is a check of one field of a watched thing.
type check func(*validate.Problems)

// need reports an identifying input left unset.
func need(field string, in pulumi.StringInput) check {
	return func(p *validate.Problems) { p.Required(field, in != nil, "") }
}

// within reports a number outside [lo, hi].
func within(field string, v, lo, hi int) check {
	return func(p *validate.Problems) { p.Range(field, v, lo, hi, "") }
}

// positive reports a number that is not above zero.
func positive(field string, v float64) check {
	return func(p *validate.Problems) {
		if !(v > 0) {
			p.Add(field, "%g must be above 0", v)
		}
	}
}

// storageClasses reports storage classes S3 publishes no size of (or given twice).
func storageClasses(classes []string) check {
	return func(p *validate.Problems) {
		for i, c := range classes {
			if _, ok := storageTypes[c]; !ok || slices.Index(classes, c) != i {
				p.Add(validate.Index("StorageClasses", i), "%q is not one of %s, or is given twice", c, validate.List(slices.Sorted(maps.Keys(storageTypes))))
			}
		}
	}
}

// entry is one watched thing as validate sees it: its name and the checks of its fields.
type entry struct {
	name   string
	checks []check
}

// entries returns every watched thing by list name.
func (w Watched) entries() map[string][]entry {
	e := map[string][]entry{}
	add := func(list, name string, checks ...check) { e[list] = append(e[list], entry{name, checks}) }
	for _, x := range w.HealthChecks {
		add("HealthChecks", x.Name, need("ID", x.ID))
	}
	for _, x := range w.Distributions {
		add("Distributions", x.Name, need("ID", x.ID))
	}
	for _, x := range w.LoadBalancers {
		add("LoadBalancers", x.Name, need("ArnSuffix", x.ArnSuffix))
	}
	for _, x := range w.TargetGroups {
		add("TargetGroups", x.Name, need("ArnSuffix", x.ArnSuffix), need("LoadBalancerArnSuffix", x.LoadBalancerArnSuffix))
	}
	for _, x := range w.Certificates {
		add("Certificates", x.Name, need("Arn", x.Arn))
	}
	for _, x := range w.Databases {
		add("Databases", x.Name, need("Identifier", x.Identifier), within("AllocatedStorageGiB", x.AllocatedStorageGiB, 20, 65536),
			within("ProvisionedIOPS", x.ProvisionedIOPS, 1000, 256000))
	}
	for _, x := range w.Caches {
		add("Caches", x.Name, need("ReplicationGroupID", x.ReplicationGroupID), within("Nodes", x.Nodes, 1, 6))
	}
	for _, x := range w.DeadLetterQueues {
		add("DeadLetterQueues", x.Name, need("QueueName", x.QueueName))
	}
	for _, x := range w.WorkQueues {
		add("WorkQueues", x.Name, need("QueueName", x.QueueName))
	}
	for _, x := range w.Services {
		add("Services", x.Name, need("ClusterName", x.ClusterName), need("ServiceName", x.ServiceName), within("MinTasks", x.MinTasks, 1, 1000))
	}
	for _, x := range w.Buckets {
		add("Buckets", x.Name, need("BucketName", x.BucketName), storageClasses(x.StorageClasses),
			positive("ExpectedSizeBytes", x.ExpectedSizeBytes), positive("ExpectedObjects", x.ExpectedObjects))
	}
	return e
}

// validate reports every bad entry: names that are not labels or repeat within a list,
// identifiers left unset and out-of-range numbers.
func (w Watched) validate(p *validate.Problems) {
	entries := w.entries()
	for _, list := range slices.Sorted(maps.Keys(entries)) {
		seen := map[string]bool{}
		for i, x := range entries[list] {
			at := p.At(validate.Index(list, i))
			switch {
			case !label.MatchString(x.name):
				at.Add("Name", "%q is not a lower-case label of 1 to 32 letters, digits and dashes", x.name)
			case seen[x.name]:
				at.Add("Name", "%q is used twice in Watch.%s", x.name, list)
			}
			seen[x.name] = true
			for _, check := range x.checks {
				check(at)
			}
		}
	}
}
