package harness

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/saleor-platform/infra/policy/taggable"
)

// autoNamed lists, for the resource types the program creates without an explicit name, the
// property the AWS provider fills with "<logical name>-<7 random hex>" at Check.
var autoNamed = map[string]string{
	"aws:backup/plan:Plan":                              "name",
	"aws:backup/vault:Vault":                            "name",
	"aws:ec2/securityGroup:SecurityGroup":               "name",
	"aws:ecr/repository:Repository":                     "name",
	"aws:ecs/cluster:Cluster":                           "name",
	"aws:ecs/service:Service":                           "name",
	"aws:elasticache/parameterGroup:ParameterGroup":     "name",
	"aws:elasticache/replicationGroup:ReplicationGroup": "replicationGroupId",
	"aws:elasticache/subnetGroup:SubnetGroup":           "name",
	"aws:iam/policy:Policy":                             "name",
	"aws:iam/role:Role":                                 "name",
	"aws:iam/rolePolicy:RolePolicy":                     "name",
	"aws:lb/loadBalancer:LoadBalancer":                  "name",
	"aws:lb/targetGroup:TargetGroup":                    "name",
	"aws:rds/instance:Instance":                         "identifier",
	"aws:rds/parameterGroup:ParameterGroup":             "name",
	"aws:rds/subnetGroup:SubnetGroup":                   "name",
	"aws:s3/bucketV2:BucketV2":                          "bucket",
	"aws:secretsmanager/secret:Secret":                  "name",
	"aws:sns/topic:Topic":                               "name",
	"aws:sqs/queue:Queue":                               "name",
	"aws:ssm/parameter:Parameter":                       "name",
	"aws:wafv2/webAcl:WebAcl":                           "name",
}

// check returns the inputs as the AWS provider's Check would: the auto-named property filled
// in, and the provider's default tags merged under the resource's own tags into both tags
// and tagsAll (pulumi-aws v6 behaviour) for taggable types.
func check(typ, urn string, inputs resource.PropertyMap, p providerInfo) resource.PropertyMap {
	out := inputs.Copy()
	if prop, ok := autoNamed[typ]; ok && !out.HasValue(resource.PropertyKey(prop)) {
		name := resource.URN(urn).Name()
		out[resource.PropertyKey(prop)] = resource.NewProperty(fmt.Sprintf("%s-%s", name, shortHash(urn)))
	}
	if taggable.IsTaggable(typ) && len(p.defaultTags) > 0 {
		tags := resource.PropertyMap{}
		for k, v := range p.defaultTags {
			tags[resource.PropertyKey(k)] = resource.NewProperty(v)
		}
		if own, ok := out["tags"]; ok && own.IsObject() {
			for k, v := range own.ObjectValue() {
				tags[k] = v
			}
		}
		out["tags"] = resource.NewProperty(tags)
		out["tagsAll"] = resource.NewProperty(tags.Copy())
	}
	return out
}

// shortHash is a stable stand-in for the provider's random suffixes: the same URN always
// gets the same suffix, so two runs of a stack can be compared.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:7]
}

// parseProvider reads an aws provider's region and default tags from its inputs. The SDK
// sends provider inputs that are objects as JSON strings.
func parseProvider(inputs resource.PropertyMap) (providerInfo, error) {
	var info providerInfo
	if v, ok := inputs["region"]; ok && v.IsString() {
		info.region = v.StringValue()
	}
	dt, ok := inputs["defaultTags"]
	if !ok {
		return info, nil
	}
	var parsed struct {
		Tags map[string]string `json:"tags"`
	}
	switch {
	case dt.IsString():
		if err := json.Unmarshal([]byte(dt.StringValue()), &parsed); err != nil {
			return info, fmt.Errorf("defaultTags: %w", err)
		}
	case dt.IsObject():
		if tags, ok := dt.ObjectValue()["tags"]; ok && tags.IsObject() {
			parsed.Tags = map[string]string{}
			for k, v := range tags.ObjectValue() {
				parsed.Tags[string(k)] = v.StringValue()
			}
		}
	}
	info.defaultTags = parsed.Tags
	return info, nil
}
