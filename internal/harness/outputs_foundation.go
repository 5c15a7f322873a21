package harness

import (
	"fmt"
	"strings"
)

// Computed outputs of the foundation's types (KMS, logs, IAM, S3).
func init() {
	register("aws:kms/key:Key", func(r *Resource, _ string, set func(string, any)) (string, string) {
		id := fmt.Sprintf("%s-%s-4%s", shortHash(r.URN), shortHash(r.URN + "1")[:4], shortHash(r.URN+"2"))
		set("keyId", id)
		return id, fmt.Sprintf("arn:%s:kms:%s:%s:key/%s", Partition, r.Region, AccountID, id)
	})
	register("aws:cloudwatch/logGroup:LogGroup", func(r *Resource, id string, _ func(string, any)) (string, string) {
		name := r.String("name")
		return name, fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s", Partition, r.Region, AccountID, name)
	})
	iamARN := func(r *Resource, id string, _ func(string, any)) (string, string) {
		return id, fmt.Sprintf("arn:%s:iam::%s:%s/%s", Partition, AccountID, kindOf(r.Type), id)
	}
	register("aws:iam/role:Role", iamARN)
	// A managed policy's and an OIDC provider's ID is their ARN (terraform-provider-aws
	// d.SetId(arn)); a provider's ARN ends with its URL without the scheme.
	register("aws:iam/policy:Policy", func(r *Resource, id string, set func(string, any)) (string, string) {
		_, arn := iamARN(r, id, set)
		return arn, arn
	})
	register("aws:iam/openIdConnectProvider:OpenIdConnectProvider", func(r *Resource, _ string, _ func(string, any)) (string, string) {
		arn := fmt.Sprintf("arn:%s:iam::%s:oidc-provider/%s", Partition, AccountID, strings.TrimPrefix(r.String("url"), "https://"))
		return arn, arn
	})
	register("aws:s3/bucketV2:BucketV2", func(r *Resource, id string, set func(string, any)) (string, string) {
		set("bucketRegionalDomainName", fmt.Sprintf("%s.s3.%s.amazonaws.com", id, r.Region))
		set("bucketDomainName", id+".s3.amazonaws.com")
		return id, fmt.Sprintf("arn:%s:s3:::%s", Partition, id)
	})
}
