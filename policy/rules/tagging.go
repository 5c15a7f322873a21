package rules

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/saleor-platform/infra/policy/taggable"
)

// tagSet is a resource's tags as the provider sees them: tagsAll (default tags merged in
// during Check), then tags.
type tagSet struct {
	known   []property.Map
	unknown bool // tagsAll or tags is wholly computed
}

func tagsOf(in input) tagSet {
	var t tagSet
	for _, key := range []string{"tagsAll", "tags"} {
		switch v := get(in.props, key); {
		case v.unknown():
			t.unknown = true
		case v.v.IsMap():
			t.known = append(t.known, v.obj())
		}
	}
	return t
}

// get returns the tag's value from the first map that sets it; when none does but a map is
// unknown, the tag is unknown (decided at update).
func (t tagSet) get(key string) value {
	for _, m := range t.known {
		if v := get(m, key); !v.empty() {
			return v
		}
	}
	if t.unknown {
		return value{property.New(property.Computed)}
	}
	return value{}
}

var taggingRules = []resourceRule{
	{
		name: "required-tags",
		description: "Taggable resources carry the required tag keys, read from tagsAll then tags " +
			"[WA COST03-BP02]",
		level: mandatory,
		schema: schema(map[string]map[string]any{
			"requiredKeys": stringsOption("Tag keys every taggable resource must carry with a non-empty value. "+
				"Defaults to the tags every stack's providers set as defaultTags (stacks.Config.Tags).",
				"Project", "Environment", "Stack", "Region", "CostCenter", "Owner", "ManagedBy"),
		}),
		check: func(in input, r *report) {
			if !taggable.IsTaggable(in.typ) {
				return
			}
			tags := tagsOf(in)
			var missing []string
			for _, key := range in.config.strings("requiredKeys") {
				if tags.get(key).empty() {
					missing = append(missing, key)
				}
			}
			if len(missing) > 0 {
				r.addf("missing tags: %s", strings.Join(missing, ", "))
			}
		},
	},
	{
		name:        "tag-managed-by-pulumi",
		description: "Taggable resources are tagged ManagedBy=pulumi, so drift and ownership are traceable [WA COST03-BP02]",
		level:       advisory,
		check: func(in input, r *report) {
			if !taggable.IsTaggable(in.typ) {
				return
			}
			if v := tagsOf(in).get("ManagedBy"); !v.empty() && !v.unknown() && v.str() != "pulumi" {
				r.addf("tag ManagedBy must be \"pulumi\" (is %s)", v)
			}
		},
	},
}
