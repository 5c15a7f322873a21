package harness

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// TestPropertyValueMarshalsExportsAsTheSDKDoes: exported Go values reach a stack reference
// in the shape the SDK sends them: numbers as float64, named types by kind, structs by their
// `pulumi` tags only (null fields left out), and a value no output can hold is an error.
func TestPropertyValueMarshalsExportsAsTheSDKDoes(t *testing.T) {
	type zone string
	type bucket struct {
		Name    string  `pulumi:"name"`
		Arn     *string `pulumi:"arn,optional"`
		Private string  // no pulumi tag: the SDK does not send it
	}
	got, err := propertyValue(map[string]any{
		"zones":   []zone{"a", "b"},
		"count":   3,
		"enabled": true,
		"bucket":  bucket{Name: "media", Private: "hidden"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := resource.NewProperty(resource.PropertyMap{
		"zones":   resource.NewProperty([]resource.PropertyValue{resource.NewProperty("a"), resource.NewProperty("b")}),
		"count":   resource.NewProperty(3.0),
		"enabled": resource.NewProperty(true),
		"bucket":  resource.NewProperty(resource.PropertyMap{"name": resource.NewProperty("media")}),
	})
	if !got.DeepEquals(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if _, err := propertyValue(map[string]any{"f": func() {}}); err == nil || !strings.Contains(err.Error(), "func()") {
		t.Errorf("a func: %v", err)
	}
}
