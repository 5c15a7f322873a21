package harness

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// TestLeakScannerFindsUnmarkedSecrets: the scanner reaches nested objects, arrays and JSON
// documents inside strings, and every encoding it promises (plain, query-escaped, in a URL's
// password, JSON-escaped), in inputs, outputs, stack outputs and logs, and it leaves values
// marked secret alone.
func TestLeakScannerFindsUnmarkedSecrets(t *testing.T) {
	const password = "Ab1&cD2<eF3>gH4%iJ5/kL6?mN7#"
	dbURL := (&url.URL{Scheme: "postgres", User: url.UserPassword("saleor", password), Host: "db:5432", Path: "/saleor"}).String()
	containers, _ := json.Marshal([]any{map[string]any{
		"name":        "api",
		"environment": []any{map[string]any{"name": "DATABASE_URL", "value": dbURL}},
	}})
	policy := fmt.Sprintf(`{"Statement":[{"Condition":{"StringEquals":{"aws:Referer":%q}}}]}`, "x-"+url.QueryEscape(password))
	quoted, _ := json.Marshal(password)
	script := "cat > /etc/app.json <<EOF\n{\"token\": " + string(quoted) + "\nEOF" // not JSON as a whole
	inv := &Inventory{
		Resources: []*Resource{{
			Type: "test:fabricated:Resource", Name: "leaky",
			Inputs: resource.PropertyMap{
				"containerDefinitions": resource.NewProperty(string(containers)),
				"policy":               resource.NewProperty(policy),
				"userData":             resource.NewProperty(script),
				"marked":               resource.MakeSecret(resource.NewProperty(dbURL)),
				"markedNested": resource.MakeSecret(resource.NewProperty(resource.PropertyMap{
					"list": resource.NewProperty([]resource.PropertyValue{resource.NewProperty(password)}),
				})),
			},
			Outputs: resource.PropertyMap{
				"headers": resource.NewProperty([]resource.PropertyValue{resource.NewProperty(resource.PropertyMap{
					"value": resource.NewProperty("token " + password),
				})}),
			},
		}},
		Outputs: map[string]Output{
			"settings": {Value: map[string]any{"urls": []string{"ok", dbURL}}, Known: true},
			"marked":   {Value: dbURL, Known: true, Secret: true},
		},
		Logs: []string{"INFO: planned", "DEBUG: connecting to " + dbURL},
	}
	s := newLeakScanner(map[string]string{password: "fabricated.password"})
	s.scanInventory(inv)
	sort.Strings(s.leaks)
	want := []string{
		"log line 2: exposes fabricated.password",
		"stack output settings.urls[1]: exposes fabricated.password",
		"test:fabricated:Resource leaky inputs.containerDefinitions[0].environment[0].value: exposes fabricated.password",
		"test:fabricated:Resource leaky inputs.policy.Statement[0].Condition.StringEquals.aws:Referer: exposes fabricated.password",
		"test:fabricated:Resource leaky inputs.userData: exposes fabricated.password",
		"test:fabricated:Resource leaky outputs.headers[0].value: exposes fabricated.password",
	}
	if strings.Join(s.leaks, "\n") != strings.Join(want, "\n") {
		t.Errorf("leaks found:\n%s\nwant:\n%s", strings.Join(s.leaks, "\n"), strings.Join(want, "\n"))
	}
}
