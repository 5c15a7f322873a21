package harness

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The config keys that place a stack in its environment.
const (
	// EnvironmentKey names the stack's environment (production, staging...).
	EnvironmentKey = "saleor:environment"
	// RoleKey is primary (the default) or regional.
	RoleKey = "saleor:role"
	// PrimaryStackKey is the stack a regional stack references: <stack> or
	// <organisation>/<project>/<stack>.
	PrimaryStackKey = "saleor:primaryStack"
)

// Organization is the organisation offline runs report (pulumi.Context.Organization), the one
// a file (DIY) backend puts every stack in.
const Organization = "organization"

// RunEnvironment runs the stacks offline, each after the stack its saleor:primaryStack
// names, serving each stack's references from the recorded outputs (Inventory.Outputs) of
// the stack it references, secretness kept; opts apply to every run. With Preview, every
// stack is previewed but a referenced stack is read as deployed, as a real preview of a
// regional stack reads its already-deployed primary: it is also run in Update mode, and its
// references are served from that run, whose outputs are known. It returns the inventories
// in the order the stacks ran (primaries first, each level by name), in the mode opts ask for.
//
// Before running anything it fails on a stack listed twice, a reference to a stack not
// among stacks or in another project, and a reference cycle. A stack whose run fails is
// returned with its inventory and its error; the stacks that reference it do not run. The
// errors are joined, each prefixed with its stack.
func RunEnvironment(program pulumi.RunFunc, stacks []Stack, opts ...Option) ([]*Inventory, error) {
	ordered, err := runOrder(stacks)
	if err != nil {
		return nil, err
	}
	referenced := map[string]bool{}
	for _, s := range ordered {
		referenced[primaryOf(s)] = true
	}
	preview := previews(opts)
	deployed := map[string]*Inventory{} // what references are served from
	failed := map[string]bool{}
	var invs []*Inventory
	var errs []error
	for _, s := range ordered {
		if primary := primaryOf(s); primary != "" && failed[primary] {
			failed[s.Name] = true
			errs = append(errs, fmt.Errorf("stack %s: not run: its primary stack %s failed", s.Name, primary))
			continue
		}
		refs := StackReferences(servedBy(deployed, s))
		inv, err := Run(program, s, slices.Concat(opts, []Option{refs})...)
		if inv != nil {
			invs = append(invs, inv)
			deployed[s.Name] = inv
		}
		if err == nil && preview && referenced[s.Name] {
			deployed[s.Name], err = Run(program, s, slices.Concat(opts, []Option{refs, update})...)
			if err != nil {
				err = fmt.Errorf("run as deployed, to serve its references: %w", err)
			}
		}
		if err != nil {
			failed[s.Name] = true
			errs = append(errs, fmt.Errorf("stack %s: %w", s.Name, err))
		}
	}
	return invs, errors.Join(errs...)
}

// update undoes Preview: the run is `pulumi up`.
func update(e *engine) { e.preview = false }

// previews reports whether opts ask for a preview.
func previews(opts []Option) bool {
	e := &engine{}
	for _, o := range opts {
		o(e)
	}
	return e.preview
}

// servedBy answers the references of stack reader from the recorded outputs of the stacks
// that ran, found by the reference's last path segment.
func servedBy(ran map[string]*Inventory, reader Stack) StackOutputs {
	return func(ref string) (map[string]Output, error) {
		if err := sameProject(ref, reader.Project); err != nil {
			return nil, err
		}
		inv, ok := ran[ReferencedStack(ref)]
		if !ok {
			return nil, fmt.Errorf("stack %q has not run before stack %s (is it its saleor:primaryStack?)", ReferencedStack(ref), reader.Name)
		}
		return inv.Outputs, nil
	}
}

// runOrder sorts stacks so that each runs after its primary: by the length of its chain of
// primaries, then by name.
func runOrder(stacks []Stack) ([]Stack, error) {
	byName := map[string]Stack{}
	for _, s := range stacks {
		if _, dup := byName[s.Name]; dup {
			return nil, fmt.Errorf("stack %s is listed twice", s.Name)
		}
		byName[s.Name] = s
	}
	depth := map[string]int{}
	problems := map[string]bool{}
	for _, s := range stacks {
		d, err := primaryChain(s, byName)
		if err != nil {
			problems[err.Error()] = true
		}
		depth[s.Name] = d
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(slices.Sorted(maps.Keys(problems)), "\n"))
	}
	ordered := append([]Stack(nil), stacks...)
	sort.Slice(ordered, func(i, j int) bool {
		a, b := ordered[i], ordered[j]
		if depth[a.Name] != depth[b.Name] {
			return depth[a.Name] < depth[b.Name]
		}
		return a.Name < b.Name
	})
	return ordered, nil
}

// primaryChain follows s's saleor:primaryStack through byName and returns how many stacks
// it passes, failing on a stack it does not find, a reference to another project, or a cycle.
func primaryChain(s Stack, byName map[string]Stack) (int, error) {
	path := []string{s.Name}
	for cur := s; ; {
		ref := cur.Config[PrimaryStackKey]
		if ref == "" {
			return len(path) - 1, nil
		}
		if err := sameProject(ref, cur.Project); err != nil {
			return 0, fmt.Errorf("stack %s: %s: %w", cur.Name, PrimaryStackKey, err)
		}
		next, ok := byName[ReferencedStack(ref)]
		if !ok {
			return 0, fmt.Errorf("stack %s references stack %q (%s), which is not among the stacks run: %s",
				cur.Name, ReferencedStack(ref), PrimaryStackKey, stackNames(byName))
		}
		if i := slices.Index(path, next.Name); i >= 0 {
			return 0, fmt.Errorf("stack reference cycle: %s", cycle(path[i:]))
		}
		path = append(path, next.Name)
		cur = next
	}
}

// cycle writes a cycle of references from its least name, so each cycle reads one way:
// "a -> b -> a".
func cycle(stacks []string) string {
	start := slices.Index(stacks, slices.Min(stacks))
	rotated := append(slices.Clone(stacks[start:]), stacks[:start]...)
	return strings.Join(append(rotated, rotated[0]), " -> ")
}

// sameProject fails when a reference <organisation>/<project>/<stack> names a project
// other than project; the offline run serves the stacks of its own project only.
func sameProject(ref, project string) error {
	parts := strings.Split(ref, "/")
	if len(parts) == 3 && parts[1] != project {
		return fmt.Errorf("reference %q names project %q; offline runs serve stacks of project %q only", ref, parts[1], project)
	}
	return nil
}

// primaryOf is the name of the stack s references, "" for a stack that references none.
func primaryOf(s Stack) string {
	if ref := s.Config[PrimaryStackKey]; ref != "" {
		return ReferencedStack(ref)
	}
	return ""
}

func stackNames(byName map[string]Stack) string {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
