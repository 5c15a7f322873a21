package harness

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Computed outputs of the data tiers' types (RDS, ElastiCache, Secrets Manager, SSM), in the
// shapes AWS returns them, carrying the resource's region.
func init() {
	register("aws:rds/instance:Instance", func(r *Resource, id string, set func(string, any)) (string, string) {
		identifier := r.String("identifier")
		if identifier == "" {
			identifier = id
		}
		port := 5432
		if p := r.Number("port"); p > 0 {
			port = int(p)
		}
		address := fmt.Sprintf("%s.c%s.%s.rds.amazonaws.com", identifier, hexHash(r.URN+"host", 11), r.Region)
		resourceID := "db-" + strings.ToUpper(hexHash(r.URN+"dbi", 26))
		set("identifier", identifier)
		set("address", address)
		set("port", port)
		set("endpoint", fmt.Sprintf("%s:%d", address, port))
		set("resourceId", resourceID)
		set("hostedZoneId", "Z1RLNUO7B9Q6NB")
		set("engineVersionActual", r.String("engineVersion")+".4")
		// pulumi-aws v6 uses the DBI resource ID as the instance's ID.
		return resourceID, fmt.Sprintf("arn:%s:rds:%s:%s:db:%s", Partition, r.Region, AccountID, identifier)
	})
	rdsNamed := func(kind string) func(r *Resource, id string, _ func(string, any)) (string, string) {
		return func(r *Resource, id string, _ func(string, any)) (string, string) {
			return id, fmt.Sprintf("arn:%s:rds:%s:%s:%s:%s", Partition, r.Region, AccountID, kind, id)
		}
	}
	register("aws:rds/parameterGroup:ParameterGroup", rdsNamed("pg"))
	register("aws:rds/subnetGroup:SubnetGroup", rdsNamed("subgrp"))

	register("aws:elasticache/replicationGroup:ReplicationGroup", func(r *Resource, id string, set func(string, any)) (string, string) {
		host := fmt.Sprintf("%s.%s.%s.cache.amazonaws.com", id, shortHash(r.URN)[:6], regionShortCode(r.Region))
		set("primaryEndpointAddress", "master."+host)
		set("readerEndpointAddress", "replica."+host)
		set("port", 6379)
		n := max(1, int(r.Number("numCacheClusters")))
		members := make([]any, n)
		for i := range members {
			members[i] = fmt.Sprintf("%s-%03d", id, i+1)
		}
		set("memberClusters", members)
		set("engineVersionActual", r.String("engineVersion")+".1")
		return id, fmt.Sprintf("arn:%s:elasticache:%s:%s:replicationgroup:%s", Partition, r.Region, AccountID, id)
	})
	cacheNamed := func(kind string) func(r *Resource, id string, _ func(string, any)) (string, string) {
		return func(r *Resource, id string, _ func(string, any)) (string, string) {
			return id, fmt.Sprintf("arn:%s:elasticache:%s:%s:%s:%s", Partition, r.Region, AccountID, kind, id)
		}
	}
	register("aws:elasticache/parameterGroup:ParameterGroup", cacheNamed("parametergroup"))
	register("aws:elasticache/subnetGroup:SubnetGroup", cacheNamed("subnetgroup"))

	// A secret's ID is its ARN, which ends in the name and six random characters.
	register("aws:secretsmanager/secret:Secret", func(r *Resource, id string, _ func(string, any)) (string, string) {
		arn := fmt.Sprintf("arn:%s:secretsmanager:%s:%s:secret:%s-%s", Partition, r.Region, AccountID, id, shortHash(r.URN)[:6])
		return arn, arn
	})
	// A secret version's ID is "<secret ARN>|<version ID>"; its arn output is the secret's.
	register("aws:secretsmanager/secretVersion:SecretVersion", func(r *Resource, _ string, set func(string, any)) (string, string) {
		version := hexHash(r.URN+"version", 32)
		set("versionId", version)
		set("versionStages", []any{"AWSCURRENT"})
		return r.String("secretId") + "|" + version, r.String("secretId")
	})
	register("aws:ssm/parameter:Parameter", func(r *Resource, id string, set func(string, any)) (string, string) {
		set("version", 1)
		// The provider reads the parameter back: value is what was written, insecureValue
		// included (marked secret through additionalSecretOutputs).
		if r.Has("insecureValue") {
			set("value", r.String("insecureValue"))
		}
		return id, fmt.Sprintf("arn:%s:ssm:%s:%s:parameter/%s", Partition, r.Region, AccountID, strings.TrimPrefix(id, "/"))
	})
}

// hexHash is a stable stand-in for a random identifier of n hex digits (n <= 64).
func hexHash(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:n]
}

// regionShortCode is the short region code ElastiCache puts in endpoint names: the first
// letters of the area and direction and the number, e.g. euc1 for Frankfurt.
func regionShortCode(region string) string {
	parts := strings.Split(region, "-")
	if len(parts) != 3 || parts[1] == "" {
		return region
	}
	return parts[0] + parts[1][:1] + parts[2]
}
