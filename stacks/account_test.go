package stacks_test

import (
	"slices"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

// accountTypes are the account-level services one stack per account owns: creating them
// twice fails, and accounts under AWS Organizations or Control Tower already have them.
var accountTypes = []string{
	"aws:guardduty/detector:Detector", "aws:securityhub/account:Account", "aws:cfg/recorder:Recorder",
	"aws:cfg/deliveryChannel:DeliveryChannel", "aws:cloudtrail/trail:Trail",
	"aws:costexplorer/costAllocationTag:CostAllocationTag", "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
}

// TestSecurityHubRegionsRecordConfiguration: a stack that owns the account's services runs
// GuardDuty and Security Hub in every region it uses (its own, the DR region and, on a
// primary, each replica region its regional stacks run in), each with a started AWS Config
// recorder of every supported resource (Security Hub's controls evaluate Config rules, so
// without one most never run), and exactly one region records the global resources.
func TestSecurityHubRegionsRecordConfiguration(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		cfg := stackConfig(t, inv)
		if !cfg.ManageAccountSecurity {
			t.Skip("the stack does not own the account's services (TestAccountServicesOnlyWhereOwned)")
		}
		want := slices.Concat([]string{cfg.Region}, cfg.ReplicaRegions)
		if cfg.HasDisasterRecovery() {
			want = append(want, cfg.SecondaryRegion)
		}
		slices.Sort(want)
		for _, typ := range []string{"aws:guardduty/detector:Detector", "aws:securityhub/account:Account"} {
			if got := resourceRegions(inv.OfType(typ)); !slices.Equal(got, want) {
				t.Errorf("%s in %v, want one in each of the stack's regions %v", typ, got, want)
			}
		}
		recording, started, global := map[string]bool{}, map[string]bool{}, 0
		for _, r := range inv.OfType("aws:cfg/recorder:Recorder") {
			recording[r.Region] = r.Bool("recordingGroup.allSupported")
			if r.Bool("recordingGroup.includeGlobalResourceTypes") {
				global++
			}
		}
		for _, s := range inv.OfType("aws:cfg/recorderStatus:RecorderStatus") {
			started[s.Region] = s.Bool("isEnabled")
		}
		for _, h := range inv.OfType("aws:securityhub/account:Account") {
			if !recording[h.Region] || !started[h.Region] {
				t.Errorf("Security Hub in %s without a started recorder of every supported resource", h.Region)
			}
		}
		if global != 1 {
			t.Errorf("%d regions record the global resources, want 1", global)
		}
	})
}

// resourceRegions lists the regions of resources, sorted, once per resource.
func resourceRegions(rs []*harness.Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Region)
	}
	slices.Sort(out)
	return out
}

// TestAccountServicesOnlyWhereOwned: a stack that does not own the account's services
// (saleor:manageAccountSecurity unset: false by default) creates none of them, so it can share an
// account with the one that does, or run in an account AWS Organizations manages.
func TestAccountServicesOnlyWhereOwned(t *testing.T) {
	names, err := harness.StackNames()
	if err != nil || len(names) == 0 {
		t.Fatalf("stack files: %v %v", names, err)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			// saleor:manageAccountSecurity unset: its default (and with it the owner's keys:
			// activating the cost tags, the delivery identities). A regional stack's primary runs
			// as its file says: what it owns is the primary's, not this stack's.
			inv, err := runChanged(t, name, map[string]string{
				"saleor:manageAccountSecurity": "", "saleor:costAllocationTags": "active", "saleor:delivery": "",
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, typ := range accountTypes {
				if n := len(inv.OfType(typ)); n > 0 {
					t.Errorf("%d %s in a stack that does not own the account's services", n, typ)
				}
			}
		})
	}
}
