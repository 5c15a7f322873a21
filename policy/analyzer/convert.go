package analyzer

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

// unmarshalProperties keeps unknowns, secrets and output values, as policyx does, so policies
// see what the engine sends.
func unmarshalProperties(label string, props *structpb.Struct) (property.Map, error) {
	pm, err := plugin.UnmarshalProperties(props, plugin.MarshalOptions{
		Label: label, KeepUnknowns: true, KeepSecrets: true, KeepResources: true, KeepOutputValues: true,
	})
	if err != nil {
		return property.Map{}, fmt.Errorf("%s: %w", label, err)
	}
	return resource.FromResourcePropertyMap(pm), nil
}

// resourceFromAnalyze converts an Analyze request (no dependency information in the protocol).
func resourceFromAnalyze(req *pulumirpc.AnalyzeRequest) (policyx.AnalyzerResource, error) {
	return convertResource(req.GetUrn(), req.GetType(), req.GetName(), req.GetProperties(),
		req.GetOptions(), req.GetProvider())
}

// resourceFromStack converts one resource of an AnalyzeStack request, with its parent and
// dependencies, which the S3 and other join policies rely on.
func resourceFromStack(r *pulumirpc.AnalyzerResource) (policyx.AnalyzerResource, error) {
	res, err := convertResource(r.GetUrn(), r.GetType(), r.GetName(), r.GetProperties(), r.GetOptions(), r.GetProvider())
	if err != nil {
		return res, err
	}
	res.Parent = r.GetParent()
	res.Dependencies = r.GetDependencies()
	res.PropertyDependencies = map[string][]string{}
	for key, deps := range r.GetPropertyDependencies() {
		if len(deps.GetUrns()) > 0 {
			res.PropertyDependencies[key] = deps.GetUrns()
		}
	}
	return res, nil
}

func convertResource(urn, typ, name string, props *structpb.Struct, opts *pulumirpc.AnalyzerResourceOptions,
	provider *pulumirpc.AnalyzerProviderResource,
) (policyx.AnalyzerResource, error) {
	pm, err := unmarshalProperties(urn, props)
	if err != nil {
		return policyx.AnalyzerResource{}, err
	}
	res := policyx.AnalyzerResource{
		Type: typ, Properties: pm, URN: urn, Name: name,
		Options: convertOptions(opts), Parent: opts.GetParent(),
	}
	if provider != nil {
		ppm, err := unmarshalProperties(provider.GetUrn(), provider.GetProperties())
		if err != nil {
			return res, err
		}
		res.Provider = policyx.AnalyzerProviderResource{
			Type: provider.GetType(), Properties: ppm, URN: provider.GetUrn(), Name: provider.GetName(),
		}
	}
	return res, nil
}

func convertOptions(opts *pulumirpc.AnalyzerResourceOptions) pulumi.ResourceOptions {
	aliases := make([]pulumi.Alias, 0, len(opts.GetAliases()))
	for _, urn := range opts.GetAliases() {
		aliases = append(aliases, pulumi.Alias{URN: pulumi.URN(urn)})
	}
	var timeouts *pulumi.CustomTimeouts
	if t := opts.GetCustomTimeouts(); t != nil {
		timeouts = &pulumi.CustomTimeouts{
			Create: seconds(t.GetCreate()), Update: seconds(t.GetUpdate()),
			Delete: seconds(t.GetDelete()), Read: seconds(t.GetRead()),
		}
	}
	return pulumi.ResourceOptions{
		Protect:                 opts.GetProtect(),
		IgnoreChanges:           opts.GetIgnoreChanges(),
		DeleteBeforeReplace:     opts.GetDeleteBeforeReplace(),
		AdditionalSecretOutputs: opts.GetAdditionalSecretOutputs(),
		Aliases:                 aliases,
		CustomTimeouts:          timeouts,
	}
}

func seconds(s float64) string {
	if s == 0 {
		return ""
	}
	return (time.Duration(s * float64(time.Second))).String()
}
