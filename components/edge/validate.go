package edge

import (
	"errors"
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
)

// problems collects every validation problem of an Args value, each naming its field.
type problems []error

func (p *problems) add(field, format string, args ...any) {
	*p = append(*p, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
}

func (p problems) err() error { return errors.Join(p...) }

// hostname checks a required DNS name such as "shop.example.com".
func (p *problems) hostname(field, name string) {
	switch {
	case name == "":
		p.add(field, "is required: a DNS name such as \"shop.example.com\"")
	case !hostnamePattern.MatchString(name):
		p.add(field, "%q is not a lower-case DNS name such as \"shop.example.com\" (no wildcards, no trailing dot)", name)
	}
}

// labels checks subdomain labels: DNS labels, unique, none of the edge's own.
func (p *problems) labels(field string, labels []string) {
	for i, label := range labels {
		switch {
		case !labelPattern.MatchString(label):
			p.add(field, "%q is not a lower-case DNS label such as \"nl\"", label)
		case slices.Contains(reservedLabels, label):
			p.add(field, "%q is taken by the edge itself (reserved: %v)", label, reservedLabels)
		case slices.Contains(labels[:i], label):
			p.add(field, "%q is listed twice", label)
		}
	}
}

// input checks that a wired input is set.
func (p *problems) input(field string, set bool, what string) {
	if !set {
		p.add(field, "is required: %s", what)
	}
}

// region checks a region code against the catalog.
func (p *problems) region(field, code string) {
	if _, ok := catalog.LookupRegion(code); !ok {
		p.add(field, "%q is not an AWS region; one of %v", code, catalog.RegionCodes())
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

// requireGlobalProvider reports, naming field, a component that CloudFront needs in us-east-1
// but whose provider runs elsewhere. It runs after the component is registered, since only
// the provider knows its region, and before any child is.
func requireGlobalProvider(field, region string) error {
	if region == catalog.GlobalServicesRegion {
		return nil
	}
	return fmt.Errorf("%s: CloudFront only uses certificates and CLOUDFRONT-scoped web ACLs in %s, but the "+
		"component's provider is in %s: pass the stack's %s provider", field, catalog.GlobalServicesRegion, region,
		catalog.GlobalServicesRegion)
}
