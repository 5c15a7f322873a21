package edge_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/edge"
	"github.com/saleor-platform/infra/internal/harness"
)

func amplifySite(repo string) edge.Site {
	return edge.Site{Kind: edge.AmplifyHosting, Repository: repo, AccessToken: pulumi.String(amplifyToken)}
}

// hosted runs Hosting with args on the primary provider and a distribution routed to it on
// the us-east-1 one.
func hosted(t *testing.T, args edge.HostingArgs) (*harness.Inventory, *harness.Resource) {
	t.Helper()
	inv := run(t, func(ctx *pulumi.Context, p []*awsProvider) error {
		h, err := edge.NewHosting(ctx, "edge-hosting", &args, pulumi.Providers(p[1]))
		if err != nil {
			return err
		}
		a := distArgs()
		a.StorefrontOrigin, a.DashboardOrigin = h.StorefrontOrigin, h.DashboardOrigin
		_, err = edge.NewDistribution(ctx, "edge-cdn", &a, pulumi.Providers(p[0]))
		return err
	}, "us-east-1", "eu-central-1")
	return inv, only(t, inv, tDist)
}

func TestAmplifyHostsStorefrontAndDashboard(t *testing.T) {
	dashboard := amplifySite("https://github.com/acme/saleor-dashboard")
	inv, d := hosted(t, edge.HostingArgs{
		Domain: domain, Storefront: amplifySite("https://github.com/acme/storefront"), Dashboard: &dashboard,
	})
	apps := map[string]*harness.Resource{}
	for _, app := range inv.OfType(tAPP) {
		apps[app.Name] = app
		if !app.Get("accessToken").IsNull() && !app.Inputs["accessToken"].IsSecret() {
			t.Errorf("%s: the Git access token is not secret", app.Name)
		}
		if app.String("accessToken") != amplifyToken {
			t.Errorf("%s: access token %q not passed", app.Name, app.String("accessToken"))
		}
		if app.Region != "eu-central-1" {
			t.Errorf("%s in %q, want the primary region", app.Name, app.Region)
		}
	}
	storefront, dash := apps["edge-hosting-storefront"], apps["edge-hosting-dashboard"]
	if storefront == nil || dash == nil {
		t.Fatalf("apps %v, want the storefront's and the dashboard's", apps)
	}
	if storefront.String("platform") != "WEB_COMPUTE" || dash.String("platform") != "WEB" {
		t.Errorf("platforms %q and %q, want WEB_COMPUTE (Next.js SSR) and WEB (static SPA)", storefront.String("platform"), dash.String("platform"))
	}
	if storefront.String("environmentVariables.NEXT_PUBLIC_SALEOR_API_URL") != "https://"+domain+"/graphql/" ||
		dash.String("environmentVariables.API_URL") != "https://"+domain+"/graphql/" || dash.String("environmentVariables.APP_MOUNT_URI") != "/dashboard/" {
		t.Errorf("API URLs: storefront %v, dashboard %v", storefront.Get("environmentVariables"), dash.Get("environmentVariables"))
	}
	for _, b := range inv.OfType(tBranch) {
		if b.String("branchName") != "main" || b.String("stage") != "PRODUCTION" || !b.Bool("enableAutoBuild") {
			t.Errorf("branch %s: %q stage %q auto-build %v", b.Name, b.String("branchName"), b.String("stage"), b.Get("enableAutoBuild"))
		}
	}
	o := origins(d)
	if want := "main." + storefront.Outputs["defaultDomain"].StringValue(); text(o["storefront"], "domainName") != want {
		t.Errorf("storefront origin %q, want the Amplify branch domain %q", text(o["storefront"], "domainName"), want)
	}
	if want := "main." + dash.Outputs["defaultDomain"].StringValue(); text(o["dashboard"], "domainName") != want {
		t.Errorf("dashboard origin %q, want %q", text(o["dashboard"], "domainName"), want)
	}
	if n := len(inv.OfType(tDomainAssoc)); n != 0 {
		t.Errorf("%d domain associations without a CustomDomain", n)
	}
}

func TestExternalStorefrontNeedsNoAmplify(t *testing.T) {
	inv, d := hosted(t, edge.HostingArgs{
		Domain: domain, Storefront: edge.Site{Kind: edge.ExternalHosting, OriginHostname: "storefront-acme.vercel.app"},
	})
	if n := len(inv.OfType(tAPP)); n != 0 {
		t.Errorf("external hosting created %d Amplify apps", n)
	}
	if text(origins(d)["storefront"], "domainName") != "storefront-acme.vercel.app" {
		t.Errorf("storefront origin %q, want the external host", text(origins(d)["storefront"], "domainName"))
	}
	if _, ok := behaviors(d)["/dashboard/*"]; ok {
		t.Error("a dashboard path without a dashboard")
	}
}

func TestAmplifyCustomDomain(t *testing.T) {
	dashboard := amplifySite("https://github.com/acme/saleor-dashboard")
	dashboard.CustomDomain = "dashboard." + domain
	inv, _ := hosted(t, edge.HostingArgs{Domain: domain, Storefront: amplifySite("https://github.com/acme/storefront"), Dashboard: &dashboard})
	assoc := only(t, inv, tDomainAssoc)
	subs := objects(assoc.Get("subDomains"))
	if assoc.String("domainName") != domain || len(subs) != 1 || text(subs[0], "prefix") != "dashboard" || text(subs[0], "branchName") != "main" {
		t.Errorf("domain association %s with %v, want dashboard.%s on main", assoc.String("domainName"), subs, domain)
	}
}

func TestHostingValidation(t *testing.T) {
	err := runErr(func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewHosting(ctx, "edge-hosting", &edge.HostingArgs{
			Domain:     domain,
			Storefront: edge.Site{Kind: edge.AmplifyHosting, Repository: "git@github.com:acme/storefront.git", Branch: "feature/x", CustomDomain: "www." + domain},
			Dashboard:  &edge.Site{Kind: edge.ExternalHosting, AccessToken: pulumi.String("x")},
		}, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1")
	wantErrors(t, err, "Storefront.Repository", "Storefront.Branch", "Storefront.AccessToken", "Storefront.CustomDomain",
		"Dashboard.OriginHostname", "Dashboard: Repository, Branch, AccessToken")

	err = runErr(func(ctx *pulumi.Context, p []*awsProvider) error {
		_, err := edge.NewHosting(ctx, "edge-hosting", &edge.HostingArgs{Storefront: edge.Site{Kind: "vercel"}}, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1")
	wantErrors(t, err, "Domain", "Storefront.Kind")
}
