package cost

import (
	"fmt"
	"strings"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/internal/harness"
)

func kmsKey(e *estimator, r *harness.Resource) {
	e.add(r, catalog.KMSKeyMonth, 1, "one key")
}

// secret prices the secret and each replica of it.
func secret(e *estimator, r *harness.Resource) {
	n := 1 + float64(arrayLen(r, "replicas"))
	e.add(r, catalog.SecretMonth, n, fmt.Sprintf("%g copies (replicas included)", n))
}

// alarm prices each metric an alarm reads; an anomaly-detection alarm three per metric.
func alarm(e *estimator, r *harness.Resource) {
	n := 0.0
	for i := range arrayLen(r, "metricQueries") {
		if r.Has(fmt.Sprintf("metricQueries[%d].metric", i)) {
			n++
		}
	}
	if n == 0 {
		n = 1
	}
	basis := fmt.Sprintf("%g metrics", n)
	if r.Has("thresholdMetricId") {
		n *= 3
		basis += ", anomaly detection (x3)"
	}
	e.add(r, catalog.AlarmMetricMonth, n, basis)
}

func dashboard(e *estimator, r *harness.Resource) {
	e.add(r, catalog.DashboardMonth, 1, "one dashboard")
}

// logGroup prices ingestion by what the group holds (application, flow, WAF or other
// logs) and storage of the compressed logs kept for the retention, up to the horizon.
func logGroup(e *estimator, r *harness.Resource) {
	name := r.String("name")
	var gb float64
	var what string
	switch {
	case strings.Contains(name, "/ecs/"):
		role := name[strings.LastIndex(name, "/")+1:]
		if all := e.vcpus[r.Region]; all > 0 && e.roleVCPUs[r.Region+"/"+role] > 0 {
			gb = e.a.AppLogsGB * e.roleVCPUs[r.Region+"/"+role] / all
			what = fmt.Sprintf("%s's share (by running vCPUs) of %g GB application logs", role, e.a.AppLogsGB)
		} else {
			gb, what = e.a.OtherLogsGB, "no running tasks: occasional logs"
		}
	case strings.Contains(name, "flow-logs"):
		gb, what = e.traffic(r.Region, e.a.FlowLogsGB), "VPC flow logs"
	case strings.HasPrefix(name, "aws-waf-logs"):
		gb, what = e.a.WAFLogsGB, "WAF logs"
		if r.Region != catalog.GlobalServicesRegion || !strings.HasSuffix(name, "-global") {
			gb = e.traffic(r.Region, gb*e.a.OriginShare)
		}
	default:
		gb, what = e.a.OtherLogsGB, "database, cache or audit logs"
	}
	e.add(r, catalog.LogsIngestGB, gb, what)
	months := float64(e.a.HorizonMonths)
	if days := r.Number("retentionInDays"); days > 0 {
		months = min(months, days/30)
	}
	e.add(r, catalog.LogsStoreGBMonth, gb*months*e.a.LogCompression,
		fmt.Sprintf("%g months kept, compressed to %g%%", months, 100*e.a.LogCompression))
}

// bucketSize is a bucket's size at the horizon month, GB, and its monthly growth.
func (e *estimator) bucketSize(r *harness.Resource) (size, growth float64, err error) {
	h := float64(e.a.HorizonMonths)
	kept := func(perMonth float64) (float64, float64) {
		months := h
		if days := e.expirationDays(r); days > 0 {
			months = min(h, days/30)
		}
		return perMonth * months, perMonth
	}
	switch role := r.String("tags.Role"); role {
	case "media":
		return e.a.MediaGB + e.a.MediaGrowthGB*h, e.a.MediaGrowthGB, nil
	case "assets":
		return e.a.AssetsGB + e.a.AssetsGrowthGB*h, e.a.AssetsGrowthGB, nil
	case "backups":
		return e.a.BackupsGB + e.a.BackupsGrowthGB*h, e.a.BackupsGrowthGB, nil
	case "logs":
		size, growth = kept(e.traffic(r.Region, e.a.LogsBucketGB))
		return size, growth, nil
	case "audit":
		size, growth = kept(e.a.AuditGB)
		return size, growth, nil
	default:
		return 0, 0, fmt.Errorf("%s %s: no size assumption for bucket role %q", r.Type, r.Name, role)
	}
}

// expirationDays is the days after which the bucket's lifecycle expires current objects;
// 0 when it does not.
func (e *estimator) expirationDays(b *harness.Resource) float64 {
	for _, l := range e.inv.OfType("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2") {
		if l.String("bucket") != b.ID && l.String("bucket") != b.String("bucket") {
			continue
		}
		for i := range arrayLen(l, "rules") {
			if d := l.Number(fmt.Sprintf("rules[%d].expiration.days", i)); d > 0 {
				return d
			}
		}
	}
	return 0
}

// bucket prices a bucket's storage at the horizon: S3 Standard, or Glacier Instant
// Retrieval for the backups bucket, which moves every object there on day 0.
func bucket(e *estimator, r *harness.Resource) {
	size, _, err := e.bucketSize(r)
	if err != nil {
		e.errs = append(e.errs, err)
		return
	}
	item := catalog.S3StandardGBMonth
	if r.String("tags.Role") == "backups" {
		item = catalog.S3GlacierIRGBMonth
	}
	e.add(r, item, size, fmt.Sprintf("%s bucket at month %d", r.String("tags.Role"), e.a.HorizonMonths))
}

// bucketReplication prices the monthly growth of the source bucket crossing regions.
func bucketReplication(e *estimator, r *harness.Resource) {
	src := e.inv.ByID(r.String("bucket"))
	if src == nil {
		for _, b := range e.inv.OfType("aws:s3/bucketV2:BucketV2") {
			if b.String("bucket") == r.String("bucket") {
				src = b
			}
		}
	}
	if src == nil {
		e.errs = append(e.errs, fmt.Errorf("%s %s: source bucket %q not in the inventory", r.Type, r.Name, r.String("bucket")))
		return
	}
	_, growth, err := e.bucketSize(src)
	if err != nil {
		e.errs = append(e.errs, err)
		return
	}
	rules := float64(arrayLen(r, "rules"))
	e.add(r, catalog.InterRegionGB, growth*rules, fmt.Sprintf("the %s bucket's monthly growth to %g destinations", src.String("tags.Role"), rules))
}

// backupSelection prices what AWS Backup stores of each selected resource: incremental
// RDS snapshots over the plan's longest retention, in the vault's region and in every copy
// destination (plus the transfer), and S3 backups at warm storage.
func backupSelection(e *estimator, r *harness.Resource) {
	plan := e.inv.ByID(r.String("planId"))
	if plan == nil {
		e.errs = append(e.errs, fmt.Errorf("%s %s: backup plan %q not in the inventory", r.Type, r.Name, r.String("planId")))
		return
	}
	days, copyRegions := 0.0, map[string]bool{}
	for i := range arrayLen(plan, "rules") {
		days = max(days, plan.Number(fmt.Sprintf("rules[%d].lifecycle.deleteAfter", i)))
		for j := range arrayLen(plan, fmt.Sprintf("rules[%d].copyActions", i)) {
			arn := plan.String(fmt.Sprintf("rules[%d].copyActions[%d].destinationVaultArn", i, j))
			if parts := strings.Split(arn, ":"); len(parts) > 3 {
				copyRegions[parts[3]] = true
			}
		}
	}
	for _, arn := range r.Strings("resources") {
		switch {
		case strings.HasPrefix(arn, "arn:aws:rds:"):
			db := e.dbByIdentifier(arn[strings.LastIndex(arn, ":")+1:])
			if db == nil {
				e.errs = append(e.errs, fmt.Errorf("%s %s: selected database %s not in the inventory", r.Type, r.Name, arn))
				continue
			}
			used := db.Number("allocatedStorage") * e.a.DatabaseUsedShare
			stored := used * (1 + e.a.DatabaseDailyChange*days)
			basis := fmt.Sprintf("%s: %g GiB used, incremental over %g days", db.Name, used, days)
			e.add(r, catalog.RDSBackupGBMonth, stored, basis)
			for region := range copyRegions {
				p, err := catalog.PriceOf(catalog.RDSBackupGBMonth, region)
				if err != nil {
					e.errs = append(e.errs, fmt.Errorf("%s %s: %w", r.Type, r.Name, err))
					continue
				}
				e.addPrice(r, string(catalog.RDSBackupGBMonth)+", copy in "+region, p, stored, basis)
				e.add(r, catalog.InterRegionGB, used*e.a.DatabaseDailyChange*30, "a month of changes copied to "+region)
			}
		case strings.HasPrefix(arn, "arn:aws:s3:::"):
			b := e.bucketByName(strings.TrimPrefix(arn, "arn:aws:s3:::"))
			if b == nil {
				e.errs = append(e.errs, fmt.Errorf("%s %s: selected bucket %s not in the inventory", r.Type, r.Name, arn))
				continue
			}
			size, _, err := e.bucketSize(b)
			if err != nil {
				e.errs = append(e.errs, err)
				continue
			}
			e.add(r, catalog.BackupS3GBMonth, size, b.String("tags.Role")+" bucket, one warm copy")
		default:
			e.errs = append(e.errs, fmt.Errorf("%s %s: no backup cost rule for %s", r.Type, r.Name, arn))
		}
	}
}

func (e *estimator) dbByIdentifier(id string) *harness.Resource {
	for _, db := range e.inv.OfType("aws:rds/instance:Instance") {
		if db.String("identifier") == id {
			return db
		}
	}
	return nil
}

func (e *estimator) bucketByName(name string) *harness.Resource {
	for _, b := range e.inv.OfType("aws:s3/bucketV2:BucketV2") {
		if b.String("bucket") == name || b.ID == name {
			return b
		}
	}
	return nil
}

// guardDuty prices the region's foundational sources (rough) and, with Runtime Monitoring
// on, the running Fargate vCPUs.
func guardDuty(e *estimator, r *harness.Resource) {
	e.add(r, catalog.GuardDutyBaseMonth, 1, "rough, per region")
	for _, f := range e.inv.OfType("aws:guardduty/detectorFeature:DetectorFeature") {
		if f.String("detectorId") == r.ID && f.String("name") == "RUNTIME_MONITORING" && f.String("status") == "ENABLED" {
			e.add(r, catalog.GuardDutyFargateVCPU, e.vcpus[r.Region], "Runtime Monitoring of the running Fargate vCPUs")
		}
	}
}

func securityHub(e *estimator, r *harness.Resource) {
	e.add(r, catalog.SecurityHubCheck, e.a.SecurityChecks, "assumed checks in the region")
}

func configRecorder(e *estimator, r *harness.Resource) {
	e.add(r, catalog.ConfigItem, e.a.ConfigItems, "assumed configuration items recorded")
}

func budget(e *estimator, r *harness.Resource) {
	e.add(r, catalog.BudgetMonth, 1, "one budget")
}
