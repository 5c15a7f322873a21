package catalog_test

import (
	"slices"
	"testing"

	"github.com/saleor-platform/infra/catalog"
)

// TestWAFCountryCodes: the table is sorted (IsWAFCountryCode searches it), holds each code
// once, and answers for the codes of the platform's markets and against lower case, alpha-3
// and groupings such as EU.
func TestWAFCountryCodes(t *testing.T) {
	if !slices.IsSorted(catalog.WAFCountryCodes) || len(slices.Compact(slices.Clone(catalog.WAFCountryCodes))) != len(catalog.WAFCountryCodes) {
		t.Fatal("WAFCountryCodes is not sorted or holds a code twice")
	}
	if n := len(catalog.WAFCountryCodes); n != 250 {
		t.Errorf("%d codes; the AWS WAFV2 CountryCode enumeration has 250 (249 ISO 3166-1 alpha-2 and XK)", n)
	}
	for _, code := range []string{"NL", "BE", "DE", "US", "GB", "XK", "AF", "ZW"} {
		if !catalog.IsWAFCountryCode(code) {
			t.Errorf("%s is a country AWS WAF matches", code)
		}
	}
	for _, code := range []string{"nl", "NLD", "EU", "UK", "", "ZZ"} {
		if catalog.IsWAFCountryCode(code) {
			t.Errorf("%q is not a code AWS WAF matches", code)
		}
	}
}
