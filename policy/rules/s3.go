package rules

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// kmsAlgorithms are the SSE algorithms that use a KMS key.
var kmsAlgorithms = []string{"aws:kms", "aws:kms:dsse"}

// checkSSERules requires a rule with SSE-KMS or DSSE-KMS and a named customer-managed key,
// and with SSE-KMS an S3 bucket key (S3 supports none with DSSE-KMS).
func checkSSERules(p property.Map, r *report) {
	rules := get(p, "rules")
	if rules.unknown() {
		return
	}
	anySatisfies(rules.maps(), func(rule property.Map, rr *report) {
		rr.requireOneOf(rule, kmsAlgorithms, "applyServerSideEncryptionByDefault", "sseAlgorithm")
		rr.requireCustomerManagedKey(rule, "applyServerSideEncryptionByDefault", "kmsMasterKeyId")
		if get(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm").str() != "aws:kms:dsse" {
			rr.requireTrue(rule, "bucketKeyEnabled")
		}
	}, r)
	if len(rules.maps()) == 0 {
		r.addf("rules must hold an SSE-KMS rule")
	}
}

// checkLogBucketSSE requires a default encryption rule of any server-side kind.
func checkLogBucketSSE(p property.Map, r *report) {
	rules := get(p, "rules")
	if rules.unknown() {
		return
	}
	anySatisfies(rules.maps(), func(rule property.Map, rr *report) {
		rr.requireOneOf(rule, append([]string{"AES256"}, kmsAlgorithms...), "applyServerSideEncryptionByDefault", "sseAlgorithm")
	}, r)
	if len(rules.maps()) == 0 {
		r.addf("rules must hold a default encryption rule")
	}
}

// denysInsecureTransport reports whether a bucket policy document denies every principal
// every S3 action on the bucket and its objects when aws:SecureTransport is false; unknown
// documents count (decided at update).
func denysInsecureTransport(p property.Map, r *report) {
	doc, ok := jsonDoc(p, "policy")
	switch {
	case !ok:
		r.addf("policy is not valid JSON")
		return
	case doc.unknown() || doc.hasUnknown():
		return
	}
	for _, stmt := range get(doc.obj(), "Statement").maps() {
		insecure := get(stmt, "Condition", "Bool", "aws:SecureTransport")
		if get(stmt, "Effect").str() == "Deny" && (insecure.isFalse() || slices.Contains(insecure.strs(), "false")) &&
			anyPrincipal(get(stmt, "Principal")) && slices.ContainsFunc(get(stmt, "Action").strs(), func(a string) bool { return a == "s3:*" || a == "*" }) &&
			coversBucketAndObjects(get(stmt, "Resource").strs()) {
			return
		}
	}
	r.addf("policy must deny every principal (\"*\") every S3 action (\"s3:*\") on the bucket and its objects " +
		"(arn and arn/*) where aws:SecureTransport is false")
}

// anyPrincipal reports whether a statement's Principal is everyone: "*" or {"AWS": "*"}.
func anyPrincipal(v value) bool {
	return v.str() == "*" || slices.Contains(get(v.obj(), "AWS").strs(), "*")
}

// coversBucketAndObjects reports whether resources name a bucket and all its objects (arn
// and arn/*), or everything.
func coversBucketAndObjects(resources []string) bool {
	return slices.Contains(resources, "*") || slices.ContainsFunc(resources, func(arn string) bool {
		return !strings.HasSuffix(arn, "/*") && slices.Contains(resources, arn+"/*")
	})
}

// s3ReplicationRules cover what a replica holds: S3 replicates SSE-KMS objects only when a
// rule asks for them and encrypts each replica with the rule's key, not the replica bucket's
// default encryption.
var s3ReplicationRules = []resourceRule{
	{
		name: "s3-replication-replicas-cmk",
		description: "S3 replication rules replicate SSE-KMS objects and encrypt the replicas with a customer-managed " +
			"key, so a replica (the disaster-recovery copy) holds every object, encrypted as its source [WA REL09-BP02, " +
			"WA SEC08-BP01]",
		level: mandatory,
		types: []string{s3Replication},
		check: onProps(func(p property.Map, r *report) {
			r.each("rules", get(p, "rules").maps(), func(rule property.Map, rr *report) {
				if get(rule, "status").str() == "Disabled" {
					return
				}
				rr.requireOneOf(rule, []string{"Enabled"}, "sourceSelectionCriteria", "sseKmsEncryptedObjects", "status")
				rr.requireCustomerManagedKey(rule, "destination", "encryptionConfiguration", "replicaKmsKeyId")
			})
		}),
	},
}

var s3Rules = []stackRule{
	bucketRule("s3-bucket-encryption-cmk",
		"S3 buckets default to SSE-KMS with a customer-managed key and an S3 bucket key; log buckets, which "+
			"S3 server access logs and load balancer logs can only reach with SSE-S3, default to SSE-S3 or "+
			"SSE-KMS [FSBP S3.17, CKV_AWS_145]",
		mandatory, func(b bucket, r *report) {
			check := checkSSERules
			if b.logTarget {
				check = checkLogBucketSSE
			}
			anySatisfies(b.requireCompanion(s3Encryption, r), check, r)
		}),
	bucketRule("s3-bucket-versioning", "S3 buckets have versioning enabled [FSBP S3.14, CKV_AWS_21]",
		mandatory, func(b bucket, r *report) {
			anySatisfies(b.requireCompanion(s3Versioning, r), func(p property.Map, rr *report) {
				rr.requireOneOf(p, []string{"Enabled"}, "versioningConfiguration", "status")
			}, r)
		}),
	bucketRule("s3-bucket-public-access-block",
		"S3 buckets block all public access (all four flags) [FSBP S3.8, CKV2_AWS_6, CKV_AWS_53, CKV_AWS_54, "+
			"CKV_AWS_55, CKV_AWS_56]",
		mandatory, func(b bucket, r *report) {
			anySatisfies(b.requireCompanion(s3PublicAccessBlock, r), func(p property.Map, rr *report) {
				for _, flag := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
					rr.requireTrue(p, flag)
				}
			}, r)
		}),
	bucketRule("s3-bucket-tls-only",
		"S3 bucket policies deny requests without TLS (aws:SecureTransport false) [FSBP S3.5]",
		mandatory, func(b bucket, r *report) {
			anySatisfies(b.requireCompanion(s3Policy, r), denysInsecureTransport, r)
		}),
	bucketRule("s3-bucket-lifecycle", "S3 buckets have a lifecycle configuration [FSBP S3.13, CKV2_AWS_61]",
		advisory, func(b bucket, r *report) { b.requireCompanion(s3Lifecycle, r) }),
	bucketRule("s3-bucket-access-logging",
		"S3 buckets log server access to a log bucket (log buckets themselves excepted) [FSBP S3.9, CKV_AWS_18]",
		mandatory, func(b bucket, r *report) {
			if !b.logTarget {
				b.requireCompanion(s3Logging, r)
			}
		}),
	bucketRule("s3-bucket-owner-enforced",
		"S3 buckets disable ACLs (BucketOwnerEnforced); log buckets excepted, CloudFront standard logs need ACLs "+
			"[FSBP S3.12, CKV2_AWS_65]",
		advisory, func(b bucket, r *report) {
			if b.logTarget {
				return
			}
			anySatisfies(b.requireCompanion(s3Ownership, r), func(p property.Map, rr *report) {
				rr.requireOneOf(p, []string{"BucketOwnerEnforced"}, "rule", "objectOwnership")
			}, r)
		}),
	bucketRule("s3-bucket-replication",
		"S3 data buckets replicate to the disaster-recovery region (log buckets and replicas excepted) "+
			"[FSBP S3.7, CKV_AWS_144]",
		advisory, func(b bucket, r *report) {
			if !b.logTarget && !b.replica {
				b.requireCompanion(s3Replication, r)
			}
		}),
}
