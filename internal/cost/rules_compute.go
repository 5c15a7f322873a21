package cost

import (
	"fmt"
	"strconv"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/internal/harness"
)

// rule prices one resource by adding lines to the estimator.
type rule func(e *estimator, r *harness.Resource)

// rules price every AWS type that bills by itself. The others are in freeTypes.
var rules = map[string]rule{
	"aws:ecs/service:Service":                                      fargateService,
	"aws:rds/instance:Instance":                                    rdsInstance,
	"aws:elasticache/replicationGroup:ReplicationGroup":            cacheGroup,
	"aws:ecr/repository:Repository":                                ecrRepository,
	"aws:sqs/queue:Queue":                                          sqsQueue,
	"aws:ec2/natGateway:NatGateway":                                natGateway,
	"aws:ec2/eip:Eip":                                              publicIPv4,
	"aws:lb/loadBalancer:LoadBalancer":                             loadBalancer,
	"aws:ec2/vpcEndpoint:VpcEndpoint":                              vpcEndpoint,
	"aws:cloudfront/distribution:Distribution":                     distribution,
	"aws:cloudfront/monitoringSubscription:MonitoringSubscription": monitoringSubscription,
	"aws:wafv2/webAcl:WebAcl":                                      webACL,
	"aws:route53/zone:Zone":                                        hostedZone,
	"aws:route53/healthCheck:HealthCheck":                          healthCheck,
	"aws:kms/key:Key":                                              kmsKey,
	"aws:secretsmanager/secret:Secret":                             secret,
	"aws:cloudwatch/metricAlarm:MetricAlarm":                       alarm,
	"aws:cloudwatch/dashboard:Dashboard":                           dashboard,
	"aws:cloudwatch/logGroup:LogGroup":                             logGroup,
	"aws:s3/bucketV2:BucketV2":                                     bucket,
	"aws:s3/bucketReplicationConfig:BucketReplicationConfig":       bucketReplication,
	"aws:backup/selection:Selection":                               backupSelection,
	"aws:guardduty/detector:Detector":                              guardDuty,
	"aws:securityhub/account:Account":                              securityHub,
	"aws:cfg/recorder:Recorder":                                    configRecorder,
	"aws:budgets/budget:Budget":                                    budget,
}

// task is what one ECS service runs.
type task struct {
	vcpu, gb         float64
	onDemand, onSpot float64
	role             string
}

// serviceTasks reads a service's task size and how many of its desired tasks run on
// FARGATE and on FARGATE_SPOT: the strategy's base on its provider, the rest by weight.
func (e *estimator) serviceTasks(r *harness.Resource) (task, error) {
	def := e.inv.ByID(r.String("taskDefinition"))
	if def == nil {
		return task{}, fmt.Errorf("%s %s: task definition %q not in the inventory", r.Type, r.Name, r.String("taskDefinition"))
	}
	cpu, err1 := strconv.Atoi(def.String("cpu"))
	mem, err2 := strconv.Atoi(def.String("memory"))
	if err1 != nil || err2 != nil {
		return task{}, fmt.Errorf("%s %s: task size %q/%q is not numeric", def.Type, def.Name, def.String("cpu"), def.String("memory"))
	}
	t := task{vcpu: float64(cpu) / 1024, gb: float64(mem) / 1024, role: r.String("tags.Role")}
	desired := r.Number("desiredCount")
	weights := map[string]float64{}
	total := 0.0
	rest := desired
	for i := range arrayLen(r, "capacityProviderStrategies") {
		at := func(p string) string { return fmt.Sprintf("capacityProviderStrategies[%d].%s", i, p) }
		provider := r.String(at("capacityProvider"))
		base := min(r.Number(at("base")), rest)
		rest -= base
		if provider == "FARGATE_SPOT" {
			t.onSpot += base
		} else {
			t.onDemand += base
		}
		weights[provider] += r.Number(at("weight"))
		total += r.Number(at("weight"))
	}
	switch {
	case total == 0:
		t.onDemand += rest
	default:
		t.onSpot += rest * weights["FARGATE_SPOT"] / total
		t.onDemand += rest * (total - weights["FARGATE_SPOT"]) / total
	}
	return t, nil
}

// scanTasks finds the regions that run tasks and their running vCPUs.
func (e *estimator) scanTasks() {
	for _, r := range e.inv.OfType("aws:ecs/service:Service") {
		t, err := e.serviceTasks(r)
		if err != nil {
			continue // reported when the service is priced
		}
		if n := t.onDemand + t.onSpot; n > 0 {
			e.active[r.Region] = true
			e.vcpus[r.Region] += n * t.vcpu
			e.roleVCPUs[r.Region+"/"+t.role] += n * t.vcpu
		}
	}
}

// isWorker reports whether a service runs background work the Spot lever moves to Spot.
func isWorker(role string) bool { return role == "worker" || role == "webhooks" }

// fargateService prices a service's tasks at their desired count, on-demand and on Spot.
func fargateService(e *estimator, r *harness.Resource) {
	t, err := e.serviceTasks(r)
	if err != nil {
		e.errs = append(e.errs, err)
		return
	}
	hours := HoursPerMonth * 1.0
	for _, dim := range []struct {
		item catalog.PriceItem
		per  float64
	}{{catalog.FargateVCPUHour, t.vcpu}, {catalog.FargateGBHour, t.gb}} {
		p, err := catalog.PriceOf(dim.item, r.Region)
		if err != nil {
			e.errs = append(e.errs, fmt.Errorf("%s %s: %w", r.Type, r.Name, err))
			return
		}
		basis := fmt.Sprintf("%g tasks of %g vCPU / %g GB at desired count", t.onDemand+t.onSpot, t.vcpu, t.gb)
		if t.onDemand > 0 || t.onSpot == 0 {
			l := e.addPrice(r, string(dim.item)+", on-demand", p, t.onDemand*dim.per*hours, basis)
			if isWorker(t.role) {
				withLever(l, Spot, catalog.FargateSpot)
			}
		}
		if t.onSpot > 0 {
			spot := p
			spot.USD = p.USD * (1 - catalog.FargateSpot.Fraction)
			spot.Estimate = catalog.FargateSpot.Estimate
			e.addPrice(r, string(dim.item)+", Spot", spot, t.onSpot*dim.per*hours, basis)
		}
	}
}

// rdsInstance prices instance hours (twice for Multi-AZ), gp3 storage (twice for Multi-AZ)
// and, for a writer, backup storage beyond the free allowance (the allocated storage).
func rdsInstance(e *estimator, r *harness.Resource) {
	class := r.String("instanceClass")
	p, err := catalog.RDSInstanceHour(class, r.Region)
	if err != nil {
		e.errs = append(e.errs, fmt.Errorf("%s %s: %w", r.Type, r.Name, err))
		return
	}
	copies, az := 1.0, "single-AZ"
	if r.Bool("multiAz") {
		copies, az = 2, "Multi-AZ"
	}
	withLever(e.addPrice(r, "RDS for PostgreSQL "+class+" "+az, p, copies*HoursPerMonth, "always on"), Reserved, catalog.RDSReserved1Year)
	storage := r.Number("allocatedStorage")
	basis := fmt.Sprintf("%g GiB allocated", storage)
	if storage == 0 { // a replica: the source's allocation, half the autoscaling ceiling
		storage = r.Number("maxAllocatedStorage") / 2
		basis = fmt.Sprintf("%g GiB, the source's allocation (half the %g GiB ceiling)", storage, r.Number("maxAllocatedStorage"))
	}
	e.add(r, catalog.RDSGP3GBMonth, copies*storage, basis+", "+az)
	if days := r.Number("backupRetentionPeriod"); days > 0 && r.String("replicateSourceDb") == "" {
		used := storage * e.a.DatabaseUsedShare
		backup := used * (1 + e.a.DatabaseDailyChange*days)
		e.add(r, catalog.RDSBackupGBMonth, max(0, backup-storage),
			fmt.Sprintf("%g GiB used, %g days of %g%% daily change, less the %g GiB free", used, days, 100*e.a.DatabaseDailyChange, storage))
	}
}

// cacheGroup prices node hours of every node.
func cacheGroup(e *estimator, r *harness.Resource) {
	class := r.String("nodeType")
	p, err := catalog.CacheNodeHour(class, r.Region)
	if err != nil {
		e.errs = append(e.errs, fmt.Errorf("%s %s: %w", r.Type, r.Name, err))
		return
	}
	nodes := max(1, r.Number("numCacheClusters"))
	withLever(e.addPrice(r, "ElastiCache for Valkey "+class, p, nodes*HoursPerMonth, fmt.Sprintf("%g nodes, always on", nodes)),
		Reserved, catalog.CacheReserved1Year)
}

func ecrRepository(e *estimator, r *harness.Resource) {
	e.add(r, catalog.ECRGBMonth, e.a.ImageGB*e.a.ImagesKept, fmt.Sprintf("%g images of %g GB", e.a.ImagesKept, e.a.ImageGB))
}

func sqsQueue(e *estimator, r *harness.Resource) {
	e.add(r, catalog.SQSRequestsMillion, e.traffic(r.Region, e.a.QueueRequestsMillion), "assumed requests, polling included")
}
