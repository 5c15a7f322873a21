package policytest

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/saleor-platform/infra/policy/taggable"
)

// Region is the provider region of every resource of the compliant stack.
const Region = "eu-central-1"

// RequiredTags are the default tags every taggable resource carries (the providers' defaultTags,
// stacks.Config.Tags).
var RequiredTags = map[string]any{
	"Project": "saleor", "Environment": "production", "Stack": "prod-eu", "Region": Region,
	"CostCenter": "ecommerce", "Owner": "platform", "ManagedBy": "pulumi",
}

// WithDefaultTags merges RequiredTags into tags and tagsAll of a taggable resource, as the
// provider's defaultTags do during Check.
func WithDefaultTags(r policyx.AnalyzerResource) policyx.AnalyzerResource {
	if taggable.IsTaggable(r.Type) {
		r.Properties = Set(Set(r.Properties, RequiredTags, "tagsAll"), RequiredTags, "tags")
	}
	return r
}

// stackBuilder accumulates resources and their dependencies.
type stackBuilder struct {
	suffix    string
	resources []policyx.AnalyzerResource
}

// add registers a resource and returns its index for dependsOn.
func (b *stackBuilder) add(typ, name string, protect bool, props map[string]any) int {
	r := Resource(typ, name+b.suffix, props)
	r.Options.Protect = protect
	r.Provider = policyx.AnalyzerProviderResource{
		Type: "pulumi:providers:aws", Name: "primary", URN: URN("pulumi:providers:aws", "primary"),
		Properties: Props(map[string]any{"region": Region}),
	}
	b.resources = append(b.resources, WithDefaultTags(r))
	return len(b.resources) - 1
}

// dependsOn records, as the engine does, that resource i's property key depends on others.
func (b *stackBuilder) dependsOn(i int, key string, on ...int) {
	r := &b.resources[i]
	for _, j := range on {
		r.PropertyDependencies[key] = append(r.PropertyDependencies[key], b.resources[j].URN)
		if !slices.Contains(r.Dependencies, b.resources[j].URN) {
			r.Dependencies = append(r.Dependencies, b.resources[j].URN)
		}
	}
}

// CompliantStack returns a stack that passes every policy of the pack at its default config
// and at production.json: one of each resource type the Saleor platform declares, wired as
// the engine reports it in preview (outputs computed, joined by property dependencies).
// Resources are named after their role ("db", "media", "media-sse", ...).
func CompliantStack() []policyx.AnalyzerResource { return compliantStack("") }

// LargeStack returns copies of the compliant stack, distinct by name, with at least n
// resources: the size of a full multi-region production stack for benchmarks.
func LargeStack(n int) []policyx.AnalyzerResource {
	var out []policyx.AnalyzerResource
	for i := 0; len(out) < n; i++ {
		out = append(out, compliantStack(fmt.Sprintf("-%d", i))...)
	}
	return out
}

// Find returns the resource of the stack with the given name.
func Find(stack []policyx.AnalyzerResource, name string) (int, policyx.AnalyzerResource) {
	for i, r := range stack {
		if r.Name == name {
			return i, r
		}
	}
	panic("policytest.Find: no resource " + name)
}

// Without returns the stack without the named resource.
func Without(stack []policyx.AnalyzerResource, name string) []policyx.AnalyzerResource {
	i, _ := Find(stack, name)
	return slices.Delete(slices.Clone(stack), i, i+1)
}

// WithProperty returns the stack with one property of the named resource set to v.
func WithProperty(stack []policyx.AnalyzerResource, name string, v any, path ...any) []policyx.AnalyzerResource {
	i, r := Find(stack, name)
	out := slices.Clone(stack)
	r.Properties = Set(r.Properties, v, path...)
	out[i] = r
	return out
}

// WithProtect returns the stack with the protect option of the named resource set.
func WithProtect(stack []policyx.AnalyzerResource, name string, protect bool) []policyx.AnalyzerResource {
	i, r := Find(stack, name)
	out := slices.Clone(stack)
	r.Options.Protect = protect
	out[i] = r
	return out
}

// MapProperties returns the stack with f applied to every resource's properties.
func MapProperties(stack []policyx.AnalyzerResource, f func(property.Map) property.Map) []policyx.AnalyzerResource {
	out := slices.Clone(stack)
	for i := range out {
		out[i].Properties = f(out[i].Properties)
	}
	return out
}
