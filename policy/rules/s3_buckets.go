package rules

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// S3 in pulumi-aws v6: a bucket (aws:s3/bucketV2) is configured by companion resources whose
// "bucket" input points at it, usually through an output that is unknown in preview, so the
// S3 rules are stack policies joining companions to buckets (refersTo: property dependencies
// first, a known bucket name otherwise).
const (
	s3BucketV2          = "aws:s3/bucketV2:BucketV2"
	s3BucketLegacy      = "aws:s3/bucket:Bucket" // configuration inline, translated below
	s3Encryption        = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	s3Versioning        = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	s3Logging           = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	s3Lifecycle         = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	s3PublicAccessBlock = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	s3Ownership         = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	s3Policy            = "aws:s3/bucketPolicy:BucketPolicy"
	s3Replication       = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
)

var s3CompanionTypes = []string{
	s3Encryption, s3Versioning, s3Logging, s3Lifecycle, s3PublicAccessBlock, s3Ownership, s3Policy, s3Replication,
}

// logSources are the properties through which a service writes logs into a bucket; a bucket
// one of them points at is a log bucket.
var logSources = []struct{ typ, key string }{
	{s3Logging, "targetBucket"},
	{s3BucketLegacy, "loggings"},
	{cloudfrontDistribution, "loggingConfig"},
	{loadBalancer, "accessLogs"},
	{loadBalancerALB, "accessLogs"},
	{cloudtrailTrail, "s3BucketName"},
	{"aws:ec2/flowLog:FlowLog", "logDestination"},
}

// bucket is one S3 bucket with the configuration that applies to it: the properties of every
// companion resource pointing at it, by companion type (legacy inline blocks are translated
// to the companion shape).
type bucket struct {
	policyx.AnalyzerResource
	companions map[string][]property.Map
	logTarget  bool // receives logs (logSources); exempt from logging, replication, ownership
	replica    bool // a replication destination; exempt from replication
}

// buckets joins every bucket of the stack with its companions.
func buckets(s *stack) []bucket {
	var out []bucket
	for _, res := range s.ofType(s3BucketV2, s3BucketLegacy) {
		b := bucket{AnalyzerResource: res, companions: legacyCompanions(res)}
		// A log source may name the bucket through a companion's output, e.g. a trail takes
		// its bucket name from the bucket policy so that it waits for the policy.
		pointsHere := []policyx.AnalyzerResource{res}
		for _, typ := range s3CompanionTypes {
			for _, c := range referrers(s.ofType(typ), "bucket", res, "bucket") {
				b.companions[typ] = append(b.companions[typ], c.Properties)
				pointsHere = append(pointsHere, c)
			}
		}
		for _, src := range logSources {
			for _, target := range pointsHere {
				b.logTarget = b.logTarget || len(referrers(s.ofType(src.typ), src.key, target, "bucket")) > 0
			}
		}
		for _, rc := range s.ofType(s3Replication) {
			b.replica = b.replica || slices.Contains(rc.PropertyDependencies["rules"], res.URN)
		}
		out = append(out, b)
	}
	return out
}

// legacyCompanions translates the inline configuration of a legacy aws:s3/bucket:Bucket into
// companion-shaped properties, so one set of checks covers both forms.
func legacyCompanions(res policyx.AnalyzerResource) map[string][]property.Map {
	out := map[string][]property.Map{}
	if res.Type != s3BucketLegacy {
		return out
	}
	p := res.Properties
	add := func(typ string, fields map[string]property.Value) {
		out[typ] = append(out[typ], property.NewMap(fields))
	}
	if sse := get(p, "serverSideEncryptionConfiguration"); !sse.absent() {
		rule := get(p, "serverSideEncryptionConfiguration", "rule").v
		add(s3Encryption, map[string]property.Value{"rules": property.New([]property.Value{rule})})
	}
	if enabled := get(p, "versioning", "enabled"); !enabled.absent() {
		status := property.New("Suspended")
		switch {
		case enabled.unknown():
			status = property.New(property.Computed)
		case enabled.isTrue():
			status = property.New("Enabled")
		}
		add(s3Versioning, map[string]property.Value{
			"versioningConfiguration": property.New(map[string]property.Value{"status": status}),
		})
	}
	for key, typ := range map[string]string{"loggings": s3Logging, "lifecycleRules": s3Lifecycle} {
		if v := get(p, key); !v.empty() {
			add(typ, map[string]property.Value{"rules": v.v})
		}
	}
	if v := get(p, "replicationConfiguration"); !v.empty() {
		add(s3Replication, v.obj().AsMap())
	}
	if v := get(p, "policy"); !v.empty() {
		add(s3Policy, map[string]property.Value{"policy": v.v})
	}
	return out
}

// bucketRule builds an S3 stack policy from a check of one bucket; violations are reported on
// the bucket.
func bucketRule(name, description string, level policyx.EnforcementLevel, check func(b bucket, r *report)) stackRule {
	return stackRule{
		name:        name,
		description: description,
		level:       level,
		check: func(s *stack, _ ruleConfig) []finding {
			var out []finding
			for _, b := range buckets(s) {
				var r report
				check(b, &r)
				for _, msg := range r {
					out = append(out, finding{urn: b.URN, message: msg})
				}
			}
			return out
		},
	}
}

// requireCompanion reports a bucket with no companion of typ, or with several (S3 keeps one
// configuration of each kind per bucket and the last one applied wins, so which holds is a
// race), and returns the companions.
func (b bucket) requireCompanion(typ string, r *report) []property.Map {
	cs := b.companions[typ]
	switch {
	case len(cs) == 0:
		r.addf("no %s points at this bucket", typ)
	case len(cs) > 1:
		r.addf("%d %s resources point at this bucket: S3 keeps one, the last applied", len(cs), typ)
	}
	return cs
}

// anySatisfies reports whether some companion passes check; when none does, the first
// companion's violations are reported.
func anySatisfies(companions []property.Map, check func(p property.Map, r *report), r *report) {
	var first report
	for i, c := range companions {
		var cr report
		check(c, &cr)
		if len(cr) == 0 {
			return
		}
		if i == 0 {
			first = cr
		}
	}
	*r = append(*r, first...)
}
