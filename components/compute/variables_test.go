package compute_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/saleor-platform/infra/components/compute"
)

// TestContainersSetExactlyTheVariablesTable: every container is configured with exactly the
// variables compute.Variables lists (and the Extra ones the stack adds), so the table that
// the image's settings module is checked against (image/) is the one the tasks get.
func TestContainersSetExactlyTheVariablesTable(t *testing.T) {
	a := production(t)
	a.Settings.AllowedGraphQLOrigins = []string{"https://shop.example.com"} // the one optional variable
	inv := run(t, a)
	extra := map[string]bool{"DEFAULT_COUNTRY": true, "EMAIL_URL": true}
	want := slices.Sorted(maps.Keys(compute.Variables))
	for _, w := range workloads {
		c := containers(t, inv, w)[0]
		var got []string
		for _, e := range c.Environment {
			got = append(got, e.Name)
		}
		for _, s := range c.Secrets {
			if !extra[s.Name] {
				got = append(got, s.Name)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s sets %v, want compute.Variables %v", w, got, want)
		}
	}
}

// TestSettingsModuleVariables: the variables the settings module reads are Celery's queue
// name and transport options (which stock Saleor reads only from its Django settings) and
// the replica's URL.
func TestSettingsModuleVariables(t *testing.T) {
	want := []string{"CELERY_BROKER_TRANSPORT_OPTIONS", "CELERY_TASK_DEFAULT_QUEUE", "DATABASE_URL_REPLICA"}
	if got := compute.SettingsModuleVariables(); !slices.Equal(got, want) {
		t.Errorf("SettingsModuleVariables() = %v, want %v", got, want)
	}
	for name, r := range compute.Variables {
		if r != compute.StockSaleor && r != compute.SettingsModule && r != compute.Runtime {
			t.Errorf("%s is read by %q, not a known Reader", name, r)
		}
	}
}
