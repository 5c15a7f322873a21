package edge_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/edge"
)

func TestZoneCreatedAndProtected(t *testing.T) {
	inv := run(t, func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewZone(ctx, "edge-zone", &edge.ZoneArgs{Domain: domain, DeletionProtection: true}, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1")
	zone := only(t, inv, tZone)
	if zone.String("name") != domain || !zone.Protect {
		t.Errorf("zone %q protect=%v, want %q protected", zone.String("name"), zone.Protect, domain)
	}
	if zone.Bool("forceDestroy") {
		t.Error("zone is force-destroyable")
	}
}

func TestZoneAdoptedCreatesNothing(t *testing.T) {
	inv := run(t, func(ctx *pulumi.Context, p []*awsProvider) error {
		zone, err := edge.NewZone(ctx, "edge-zone", &edge.ZoneArgs{Domain: domain, ExistingZoneID: "Z0123456789ABC"}, pulumi.Providers(p[0]))
		if err != nil {
			return err
		}
		// A certificate's validation records show where the zone ID leads.
		_, err = edge.NewCertificate(ctx, "cert", &edge.CertificateArgs{DomainName: domain, ZoneID: zone.ZoneID}, pulumi.Providers(p[0]))
		return err
	}, "us-east-1")
	if n := len(inv.OfType(tZone)); n != 0 {
		t.Errorf("adopting a zone created %d zones", n)
	}
	for _, r := range inv.OfType(tRecord) {
		if r.String("zoneId") != "Z0123456789ABC" {
			t.Errorf("record %s in zone %q, want the adopted zone", r.Name, r.String("zoneId"))
		}
	}
}

func TestZoneValidation(t *testing.T) {
	err := runErr(func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewZone(ctx, "edge-zone", &edge.ZoneArgs{Domain: "Shop.Example.com.", ExistingZoneID: "zone-1"}, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1")
	wantErrors(t, err, "Domain", "ExistingZoneID")
}
