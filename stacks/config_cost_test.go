package stacks

import (
	"strings"
	"testing"
)

// TestCostAssumptionsAreChecked: a bad saleor:costAssumptions is a configuration problem
// naming the key and the field; a good one passes.
func TestCostAssumptionsAreChecked(t *testing.T) {
	if _, err := parseStack(t, "prod-eu", map[string]string{"saleor:costAssumptions": `{"requestsMillionPerMonth": 400}`}); err != nil {
		t.Errorf("a valid override: %v", err)
	}
	_, err := parseStack(t, "prod-eu", map[string]string{"saleor:costAssumptions": `{"requestsMillionPerMonth": -4}`})
	if err == nil || !strings.Contains(err.Error(), "saleor:costAssumptions") || !strings.Contains(err.Error(), "requestsMillionPerMonth") {
		t.Errorf("a negative request count: %v", err)
	}
}
