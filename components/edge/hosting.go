package edge

import (
	"maps"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/amplify"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/validate"
)

// HostingKind says who hosts a site.
type HostingKind string

const (
	// AmplifyHosting builds and serves the site with AWS Amplify Hosting from a Git branch.
	AmplifyHosting HostingKind = "amplify"
	// ExternalHosting is a site served elsewhere (e.g. Vercel) at OriginHostname.
	ExternalHosting HostingKind = "external"
)

// Site is where one site (the storefront or the dashboard) is hosted.
type Site struct {
	// Kind is AmplifyHosting or ExternalHosting. Required.
	Kind HostingKind
	// OriginHostname is the external host CloudFront forwards to, e.g.
	// "storefront-acme.vercel.app". ExternalHosting only, and required there.
	OriginHostname string
	// Repository is the Git repository Amplify builds, e.g.
	// "https://github.com/acme/storefront". AmplifyHosting only, and required there.
	Repository string
	// Branch is the branch Amplify deploys. Amplify serves it at <branch>.<app domain>, so it
	// must be a DNS label. AmplifyHosting only. Defaults to "main".
	Branch string
	// AccessToken is a Git access token Amplify uses once to install its webhook and deploy
	// key. AmplifyHosting only, and required there; it stays secret.
	AccessToken pulumi.StringInput
	// EnvironmentVariables are added to (and override) the site's defaults: for the
	// storefront NEXT_PUBLIC_SALEOR_API_URL and NEXT_PUBLIC_STOREFRONT_URL, for the dashboard
	// API_URL, APP_MOUNT_URI and STATIC_URL. AmplifyHosting only. Defaults to none.
	EnvironmentVariables map[string]string
	// CustomDomain is a host name under HostingArgs.Domain that Amplify serves directly as
	// well, e.g. "dashboard.shop.example.com", through an Amplify domain association. It must
	// not be one of the distribution's aliases (apex, www, regional domains): a host name
	// belongs to one CloudFront distribution only, and Amplify runs its own. AmplifyHosting
	// only. Defaults to "": reached through the distribution only.
	CustomDomain string
}

func (s Site) withDefaults() Site {
	if s.Kind == AmplifyHosting && s.Branch == "" {
		s.Branch = "main"
	}
	return s
}

func (s Site) validate(p *validate.Problems, domain string) {
	switch s.Kind {
	case ExternalHosting:
		p.Hostname("OriginHostname", s.OriginHostname)
		if s.Repository != "" || s.Branch != "" || s.AccessToken != nil || s.CustomDomain != "" || len(s.EnvironmentVariables) > 0 {
			p.Add("", "Repository, Branch, AccessToken, EnvironmentVariables and CustomDomain are for %q hosting only", AmplifyHosting)
		}
	case AmplifyHosting:
		if !strings.HasPrefix(s.Repository, "https://") {
			p.Add("Repository", "%q is not an HTTPS Git repository URL such as \"https://github.com/acme/storefront\"", s.Repository)
		}
		p.Match("Branch", s.Branch, validate.Label, "a lower-case DNS label: Amplify serves the branch at <branch>.<app domain>")
		p.Required("AccessToken", s.AccessToken != nil, "a Git access token for Amplify (secret)")
		if s.OriginHostname != "" {
			p.Add("OriginHostname", "is for %q hosting only; Amplify's branch domain is the origin", ExternalHosting)
		}
		if s.CustomDomain != "" && (!strings.HasSuffix(s.CustomDomain, "."+domain) || s.CustomDomain == "www."+domain) {
			p.Add("CustomDomain", "%q must be a host name under %q other than the distribution's aliases", s.CustomDomain, domain)
		}
	default:
		validate.OneOf(p, "Kind", s.Kind, []HostingKind{AmplifyHosting, ExternalHosting})
	}
}

// HostingArgs configures Hosting.
type HostingArgs struct {
	// Domain is the storefront's apex domain; the sites' API URLs and custom domains are
	// under it. Required.
	Domain string
	// Storefront hosts the Next.js storefront; on Amplify as a WEB_COMPUTE (server-side
	// rendering) app. Required.
	Storefront Site
	// Dashboard hosts the Saleor Dashboard, a static single-page app served under
	// /dashboard/; on Amplify as a WEB app. Defaults to nil: no dashboard.
	Dashboard *Site
}

func (a HostingArgs) withDefaults() HostingArgs {
	a.Storefront = a.Storefront.withDefaults()
	if a.Dashboard != nil {
		d := a.Dashboard.withDefaults()
		a.Dashboard = &d
	}
	return a
}

func (a HostingArgs) validate(p *validate.Problems) {
	p.Hostname("Domain", a.Domain)
	a.Storefront.validate(p.At("Storefront"), a.Domain)
	if a.Dashboard != nil {
		a.Dashboard.validate(p.At("Dashboard"), a.Domain)
	}
}

// Hosting is where the storefront and the dashboard run; the distribution routes to them.
type Hosting struct {
	pulumi.ResourceState

	// StorefrontOrigin is the storefront's origin host name (DistributionArgs.StorefrontOrigin).
	StorefrontOrigin pulumi.StringOutput `pulumi:"storefrontOrigin"`
	// DashboardOrigin is the dashboard's origin host name (DistributionArgs.DashboardOrigin);
	// nil without a dashboard.
	DashboardOrigin pulumi.StringInput `pulumi:"dashboardOrigin"`
}

// hostingType is the component's Pulumi type token.
const hostingType = "saleor:edge:Hosting"

// NewHosting creates the Amplify apps of the sites Amplify hosts, in the region of the
// component's provider (the stack's primary region), and reports every site's origin.
func NewHosting(ctx *pulumi.Context, name string, args *HostingArgs, opts ...pulumi.ResourceOption) (*Hosting, error) {
	a, err := validate.Args(hostingType, name, args, HostingArgs.withDefaults, HostingArgs.validate)
	if err != nil {
		return nil, err
	}
	c := &Hosting{}
	if err := ctx.RegisterComponentResource(hostingType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	apiURL := GraphQLURL(a.Domain)
	storefront, err := newSite(ctx, name+"-storefront", a.Domain, a.Storefront, siteKind{
		platform: "WEB_COMPUTE",
		env:      map[string]string{"NEXT_PUBLIC_SALEOR_API_URL": apiURL, "NEXT_PUBLIC_STOREFRONT_URL": "https://" + a.Domain},
	}, parent)
	if err != nil {
		return nil, err
	}
	c.StorefrontOrigin = storefront
	outputs := pulumi.Map{"storefrontOrigin": storefront}
	if a.Dashboard != nil {
		dashboard, err := newSite(ctx, name+"-dashboard", a.Domain, *a.Dashboard, siteKind{
			platform: "WEB",
			env:      map[string]string{"API_URL": apiURL, "APP_MOUNT_URI": "/dashboard/", "STATIC_URL": "/dashboard/"},
			// The single-page app answers every path under /dashboard/ with its index.
			rules: amplify.AppCustomRuleArray{amplify.AppCustomRuleArgs{
				Source: pulumi.String("/dashboard/<*>"), Target: pulumi.String("/dashboard/index.html"), Status: pulumi.String("404-200"),
			}},
		}, parent)
		if err != nil {
			return nil, err
		}
		c.DashboardOrigin = dashboard
		outputs["dashboardOrigin"] = dashboard
	}
	return c, ctx.RegisterResourceOutputs(c, outputs)
}

// siteKind is what differs between the storefront's and the dashboard's Amplify apps.
type siteKind struct {
	platform string
	env      map[string]string
	rules    amplify.AppCustomRuleArray
}

// newSite returns the site's origin host name: the external host, or the branch domain of a
// new Amplify app (with its custom domain, if any).
func newSite(ctx *pulumi.Context, name, domain string, s Site, kind siteKind, parent pulumi.ResourceOrInvokeOption) (pulumi.StringOutput, error) {
	if s.Kind == ExternalHosting {
		return pulumi.String(s.OriginHostname).ToStringOutput(), nil
	}
	env := maps.Clone(kind.env)
	maps.Copy(env, s.EnvironmentVariables)
	app, err := amplify.NewApp(ctx, name, &amplify.AppArgs{
		Description:          pulumi.Sprintf("Saleor %s", name),
		Repository:           pulumi.String(s.Repository),
		AccessToken:          pulumi.ToSecret(s.AccessToken).(pulumi.StringOutput),
		Platform:             pulumi.String(kind.platform),
		EnvironmentVariables: pulumi.ToStringMap(env),
		CustomRules:          kind.rules,
		Tags:                 pulumi.StringMap{"Name": pulumi.String(name)},
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	branch, err := amplify.NewBranch(ctx, name+"-"+s.Branch, &amplify.BranchArgs{
		AppId:           app.ID(),
		BranchName:      pulumi.String(s.Branch),
		Stage:           pulumi.String("PRODUCTION"),
		EnableAutoBuild: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	if s.CustomDomain != "" {
		if _, err := amplify.NewDomainAssociation(ctx, name+"-domain", &amplify.DomainAssociationArgs{
			AppId:      app.ID(),
			DomainName: pulumi.String(domain),
			SubDomains: amplify.DomainAssociationSubDomainArray{amplify.DomainAssociationSubDomainArgs{
				BranchName: branch.BranchName,
				Prefix:     pulumi.String(strings.TrimSuffix(s.CustomDomain, "."+domain)),
			}},
			WaitForVerification: pulumi.Bool(false),
		}, parent); err != nil {
			return pulumi.StringOutput{}, err
		}
	}
	return pulumi.Sprintf("%s.%s", branch.BranchName, app.DefaultDomain), nil
}
