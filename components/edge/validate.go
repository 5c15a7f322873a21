package edge

import (
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/validate"
)

// checkLabels reports subdomain labels that are not DNS labels, repeat or are the edge's own.
func checkLabels(p *validate.Problems, field string, labels []string) {
	for i, label := range labels {
		switch {
		case !validate.Label.MatchString(label):
			p.Add(field, "%q is not a lower-case DNS label such as \"nl\"", label)
		case slices.Contains(reservedLabels, label):
			p.Add(field, "%q is taken by the edge itself (reserved: %v)", label, reservedLabels)
		case slices.Contains(labels[:i], label):
			p.Add(field, "%q is listed twice", label)
		}
	}
}

// providerRegion asks the component's AWS provider for its region.
func providerRegion(ctx *pulumi.Context, parent pulumi.ResourceOrInvokeOption) (string, error) {
	r, err := aws.GetRegion(ctx, nil, parent)
	if err != nil {
		return "", err
	}
	return r.Name, nil
}

// requireGlobalProvider reports, naming field of the component typ called name, a component
// that CloudFront needs in us-east-1 but whose provider runs elsewhere. It runs after the
// component is registered, since only the provider knows its region, and before any child is.
func requireGlobalProvider(typ, name, field, region string) error {
	p := validate.New(typ, name)
	if region != catalog.GlobalServicesRegion {
		p.Add(field, "CloudFront only uses certificates and CLOUDFRONT-scoped web ACLs in %s, but the "+
			"component's provider is in %s: pass the stack's %s provider", catalog.GlobalServicesRegion, region,
			catalog.GlobalServicesRegion)
	}
	return p.Err()
}
