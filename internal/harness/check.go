package harness

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"

	"github.com/saleor-platform/infra/policy/taggable"
)

// verifiedAWSVersion is the pulumi-aws version whose Check behaviour check.go and naming.go
// copy (default tags, auto-names, name prefixes); TestAWSProviderVersionIsTheVerifiedOne fails
// on any other, saying what to re-verify.
const verifiedAWSVersion = "v6.83.4"

// check returns the inputs as the AWS provider's Check would, and its check failures: the
// auto-named property filled in (naming.go), the provider's default tags merged under the
// resource's own tags into both tags and tagsAll (pulumi-aws v6 behaviour, pinned by
// TestAWSProviderVersionIsTheVerifiedOne) for taggable types, and every name-like property
// checked against the type's naming rules (namerules.go).
func check(typ, urn string, inputs resource.PropertyMap, p providerInfo) (resource.PropertyMap, []plugin.CheckFailure) {
	out := inputs.Copy()
	failures := applyAutoName(typ, urn, out)
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
	return out, append(failures, checkNames(typ, out)...)
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
