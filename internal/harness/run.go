package harness

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Option changes how Run runs a program.
type Option func(*engine)

// Preview runs the program as `pulumi preview` of a new stack: IDs and every value AWS
// computes are unknown, so resource inputs built from them are unknown too.
func Preview() Option { return func(e *engine) { e.preview = true } }

// Run runs program as the given stack and returns what it registered. A stack loaded from
// its file is first checked as the Pulumi CLI checks config (LoadStack), and refused as the
// CLI would refuse it. The program's own error (a ConfigError, say) is returned as is, with
// the inventory of what was registered before it. Problems the real provider, engine or AWS
// would reject (check failures such as a name too long for AWS; in Update mode, a resource
// input or stack export left unknown by an output the harness does not emulate) are
// returned as a *StrictError, joined to the program's error if any.
func Run(program pulumi.RunFunc, stack Stack, opts ...Option) (*Inventory, error) {
	stack, err := stack.resolved()
	if err != nil {
		return nil, err
	}
	e := &engine{
		stack:      stack,
		providers:  map[string]providerInfo{},
		unemulated: map[string][]string{},
		registered: map[string]bool{},
		inventory:  &Inventory{Stack: stack, Outputs: map[string]Output{}},
	}
	for _, o := range opts {
		o(e)
	}
	addr, stop, err := serve(e)
	if err != nil {
		return nil, err
	}
	defer stop()
	root, _ := ProjectRoot() // "" outside a project: the program then resolves paths from its directory
	withConfig := func(info *pulumi.RunInfo) {
		info.Organization, info.Project, info.Stack = Organization, stack.Project, stack.Name
		info.RootDirectory = root // where Pulumi.yaml is, as the CLI tells the program
		info.MonitorAddr, info.EngineAddr = addr, addr
		info.Config = stack.Config
		info.ConfigSecretKeys = stack.SecretKeys
		info.DryRun = e.preview
	}
	err = pulumi.RunErr(func(ctx *pulumi.Context) error {
		if err := program(ctx); err != nil {
			return err
		}
		return e.recordExports(ctx)
	}, withConfig)
	e.inventory.Preview = e.preview
	if strict := e.strictError(); strict != nil {
		err = errors.Join(err, strict)
	}
	return e.inventory, err
}

// engine is the mock resource monitor: the offline stand-in for the engine and the AWS
// provider.
type engine struct {
	stack   Stack
	preview bool
	// references serve the program's stack references (StackReferences); nil refuses them.
	references StackOutputs

	mu        sync.Mutex
	providers map[string]providerInfo // by provider URN
	inventory *Inventory
	// unemulated are, by URN, the outputs answered as unknown in Update mode.
	unemulated map[string][]string
	// registered are the URNs registered so far, to reject a duplicate as the engine does.
	registered map[string]bool
	// problems are what the real provider, engine or AWS would reject; see StrictError.
	problems []string
}

// providerInfo is what a provider instance contributes to its resources.
type providerInfo struct {
	region      string
	defaultTags map[string]string
}

// NewResource records a registration and answers it as the provider's Check and Create
// (Update mode) or Check alone (Preview mode) would, recording as problems what the engine,
// the provider or AWS would reject (see StrictError).
func (e *engine) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rpc := args.RegisterRPC
	if rpc == nil {
		return "", nil, fmt.Errorf("harness: %s %s is read, not registered; reads are not emulated", args.TypeToken, args.Name)
	}
	urn := e.urn(rpc.GetParent(), args.TypeToken, args.Name)
	r := &Resource{
		URN:                     urn,
		Type:                    args.TypeToken,
		Name:                    args.Name,
		Custom:                  args.Custom,
		Provider:                providerURN(args.Provider),
		Parent:                  rpc.GetParent(),
		Protect:                 rpc.GetProtect(),
		IgnoreChanges:           rpc.GetIgnoreChanges(),
		AdditionalSecretOutputs: rpc.GetAdditionalSecretOutputs(),
		Dependencies:            rpc.GetDependencies(),
		PropertyDependencies:    map[string][]string{},
		Aliases:                 aliases(rpc),
	}
	for k, deps := range rpc.GetPropertyDependencies() {
		r.PropertyDependencies[k] = deps.GetUrns()
	}

	inputs := args.Inputs
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.registered[urn] {
		// The engine's step generator (diag.GetDuplicateResourceURNError) fails the deployment.
		e.problems = append(e.problems, fmt.Sprintf("Duplicate resource URN '%s'; try giving it a unique name", urn))
	}
	e.registered[urn] = true
	var id string
	switch {
	case strings.HasPrefix(args.TypeToken, "pulumi:providers:"):
		info, err := parseProvider(inputs)
		if err != nil {
			return "", nil, fmt.Errorf("harness: provider %s: %w", args.Name, err)
		}
		e.providers[urn] = info
		r.Inputs, r.Outputs, id = inputs, inputs, "provider-"+shortHash(urn)
		if !e.preview {
			e.requireKnownInputs(r)
		}
	case rpc.GetRemote():
		// A component its provider constructs (awsx's ecr.Image), answered as the provider's
		// Construct would: its emulated outputs after an update, unknown in a preview.
		r.Remote = true
		r.Region = e.providers[providerURN(rpc.GetProviders()["aws"])].region
		r.Inputs, r.Outputs = inputs, inputs.Copy()
		if !e.preview {
			e.requireKnownInputs(r)
			computeOutputs(r, r.Outputs)
			e.answerUnemulated(r)
		}
	case !args.Custom:
		r.Inputs, r.Outputs = inputs, inputs
	default:
		p := e.providers[r.Provider]
		r.Region = p.region
		var failures []plugin.CheckFailure
		r.Inputs, failures = check(args.TypeToken, urn, inputs, p)
		e.checkFailed(r, failures)
		r.Outputs, id = r.Inputs.Copy(), ""
		if !e.preview {
			e.requireKnownInputs(r)
			id = computeOutputs(r, r.Outputs)
			e.checkFailed(r, checkNames(r.Type, generatedNames(r)))
			e.answerUnemulated(r)
		}
		markSecret(r.Outputs, r.AdditionalSecretOutputs)
	}
	r.ID = id
	e.inventory.Resources = append(e.inventory.Resources, r)
	return id, r.Outputs, nil
}

// Call answers an invoke from the provider the program named; an invoke on the default
// provider is an error, since no resource of the program may use it.
func (e *engine) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	e.mu.Lock()
	p, ok := e.providers[providerURN(args.Provider)]
	e.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("harness: invoke %s uses the default provider; pass an explicit provider or parent", args.Token)
	}
	answer, ok := invokes[args.Token]
	if !ok {
		return nil, fmt.Errorf("harness: no offline answer for invoke %s; add one in internal/harness/invokes.go", args.Token)
	}
	return answer(p, args.Args)
}

// urn builds a resource's URN the way the mock monitor does.
func (e *engine) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(e.stack.Name), tokens.PackageName(e.stack.Project), parentType, tokens.Type(typ), name))
}

// recordExports resolves the stack's exports, keeping their secretness; in Update mode an
// unknown export is a problem, as `pulumi up` never leaves one.
func (e *engine) recordExports(ctx *pulumi.Context) error {
	for name, value := range ctx.GetCurrentExportMap() {
		res, err := internals.UnsafeAwaitOutput(ctx.Context(), pulumi.ToOutput(value))
		if err != nil {
			return fmt.Errorf("export %s: %w", name, err)
		}
		var deps []string
		if !res.Known && !e.preview {
			for _, d := range res.Dependencies {
				urn, err := internals.UnsafeAwaitOutput(ctx.Context(), d.URN())
				if u, ok := urn.Value.(pulumi.URN); err == nil && ok {
					deps = append(deps, string(u))
				}
			}
		}
		e.mu.Lock()
		e.inventory.Outputs[name] = Output{Value: res.Value, Known: res.Known, Secret: res.Secret}
		if !res.Known && !e.preview {
			e.problems = append(e.problems, fmt.Sprintf("stack export %q is unknown after update; it is built from %s",
				name, e.describeSources(deps)))
		}
		e.mu.Unlock()
	}
	return nil
}

// aliases reads a registration's aliases: specs when the SDK sends them (this monitor
// supports aliasSpecs), URNs from an SDK that collapses them itself.
func aliases(rpc *pulumirpc.RegisterResourceRequest) []Alias {
	var out []Alias
	for _, u := range rpc.GetAliasURNs() {
		out = append(out, Alias{URN: u})
	}
	for _, a := range rpc.GetAliases() {
		s := a.GetSpec()
		out = append(out, Alias{URN: a.GetUrn(), Name: s.GetName(), Type: s.GetType(), Stack: s.GetStack(),
			Project: s.GetProject(), ParentURN: s.GetParentUrn(), NoParent: s.GetNoParent()})
	}
	return out
}

// providerURN takes the URN out of a provider reference "urn::id".
func providerURN(ref string) string {
	if i := strings.LastIndex(ref, "::"); i >= 0 {
		return ref[:i]
	}
	return ref
}

// markSecret marks the outputs a resource declares secret (additionalSecretOutputs), as the
// engine does; the SDKs of random, RDS and others rely on it.
func markSecret(outputs resource.PropertyMap, keys []string) {
	for _, k := range keys {
		if v, ok := outputs[resource.PropertyKey(k)]; ok && !v.IsSecret() {
			outputs[resource.PropertyKey(k)] = resource.MakeSecret(v)
		}
	}
}
