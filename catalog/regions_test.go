package catalog

import (
	"regexp"
	"testing"
)

// TestEveryRegionHasItsGuardDutyAgentAccount: a stack may run in any catalog region, and its
// tasks' execution role must be allowed to pull GuardDuty's agent there.
func TestEveryRegionHasItsGuardDutyAgentAccount(t *testing.T) {
	account := regexp.MustCompile(`^\d{12}$`)
	for _, code := range RegionCodes() {
		a, ok := GuardDutyAgentAccount(code)
		if !ok || !account.MatchString(a) {
			t.Errorf("%s: GuardDuty agent account %q", code, a)
		}
	}
	if len(guardDutyAgentAccounts) != len(RegionCodes()) {
		t.Errorf("%d GuardDuty agent accounts for %d regions: one is not in the region catalog", len(guardDutyAgentAccounts), len(RegionCodes()))
	}
}
