package harness_test

import (
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

var contract = harnesstest.PlatformOutputs

func fakeStack(name, primary string) harness.Stack {
	return harnesstest.PlatformStack(name, "test", primary)
}

func byStack(invs []*harness.Inventory) map[string]*harness.Inventory {
	out := map[string]*harness.Inventory{}
	for _, inv := range invs {
		out[inv.Stack.Name] = inv
	}
	return out
}

// TestRunEnvironmentServesThePrimarysOutputs: the regional stack runs after its primary
// (listed first or not, referenced by name or by full path) and reads every output of the
// primary with its value and its secretness, synchronously as well, and the read is recorded.
func TestRunEnvironmentServesThePrimarysOutputs(t *testing.T) {
	for _, ref := range []string{"eu", "acme/saleor/eu"} {
		invs, err := harness.RunEnvironment(harnesstest.Platform, []harness.Stack{fakeStack("benelux", ref), fakeStack("eu", "")})
		if err != nil {
			t.Fatal(err)
		}
		if got := []string{invs[0].Stack.Name, invs[1].Stack.Name}; !slices.Equal(got, []string{"eu", "benelux"}) {
			t.Fatalf("run order %v, want the primary first", got)
		}
		primary, regional := invs[0], invs[1]
		var secrets []string
		for _, name := range contract {
			want, got := primary.Outputs[name], regional.Outputs[name]
			if !want.Known {
				t.Fatalf("primary output %s unknown after update", name)
			}
			if !got.Known || got.Secret != want.Secret || normalized(t, got.Value) != normalized(t, want.Value) {
				t.Errorf("%s read as %+v, the primary exports %+v", name, got, want)
			}
			if want.Secret {
				secrets = append(secrets, name)
			}
		}
		if len(secrets) == 0 {
			t.Fatal("the primary exports no secret; the test proves nothing about secretness")
		}
		if got := regional.Outputs["regionDetail"]; got.Value != primary.Outputs["region"].Value || got.Secret {
			t.Errorf("GetOutputDetails(region) = %+v, want the primary's plain region", got)
		}
		if got := regional.Outputs["passwordDetailIsSecret"]; got.Value != true {
			t.Errorf("GetOutputDetails(dbPassword) did not answer a SecretValue only")
		}
		refs := regional.StackReferences()
		want := harness.StackReference{Name: "primary", Stack: ref, Outputs: sortedKeys(primary.Outputs), Secret: secrets}
		sort.Strings(want.Secret)
		if len(refs) != 1 || !reflect.DeepEqual(refs[0], want) {
			t.Errorf("recorded references %+v, want %+v", refs, want)
		}
		if r := regional.Named(harness.StackReferenceType, "primary"); r == nil || !r.Read || r.ID != ref {
			t.Errorf("the read is not recorded as a read of %s: %+v", ref, r)
		}
		if len(primary.StackReferences()) != 0 {
			t.Errorf("the primary records references it did not read")
		}
	}
}

// TestStackReferenceInPreview: in a preview of the environment every stack is previewed,
// but a regional stack reads its primary as deployed, as a real preview of a regional stack
// does: every output known, with the values and secretness of the primary's update.
func TestStackReferenceInPreview(t *testing.T) {
	runs := map[string]int{}
	counting := func(ctx *pulumi.Context) error {
		runs[ctx.Stack()]++
		return harnesstest.Platform(ctx)
	}
	invs, err := harness.RunEnvironment(counting, []harness.Stack{fakeStack("eu", ""), fakeStack("benelux", "eu")}, harness.Preview())
	if err != nil {
		t.Fatal(err)
	}
	primary, regional := byStack(invs)["eu"], byStack(invs)["benelux"]
	if !primary.Preview || !regional.Preview {
		t.Fatal("not previews")
	}
	if !slices.ContainsFunc(contract, func(name string) bool { return !primary.Outputs[name].Known }) {
		t.Fatal("the primary's preview knows every output; the test proves nothing")
	}
	if runs["eu"] != 2 || runs["benelux"] != 1 {
		t.Errorf("runs %v: want the primary previewed and run as deployed, the regional previewed once", runs)
	}
	deployed, err := harness.Run(harnesstest.Platform, fakeStack("eu", ""))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range contract {
		want, got := deployed.Outputs[name], regional.Outputs[name]
		if !got.Known || got.Secret != want.Secret || normalized(t, got.Value) != normalized(t, want.Value) {
			t.Errorf("%s read as %+v, the deployed primary exports %+v", name, got, want)
		}
	}
}

// TestStackReferenceKeepsUnknownsInPreview: served outputs the referenced stack's own run
// left unknown stay unknown in a preview; the known ones are known, secretness kept.
func TestStackReferenceKeepsUnknownsInPreview(t *testing.T) {
	primary, err := harness.Run(harnesstest.Platform, fakeStack("eu", ""), harness.Preview())
	if err != nil {
		t.Fatal(err)
	}
	regional, err := harness.Run(harnesstest.Platform, fakeStack("benelux", "eu"), harness.Preview(),
		harness.StackReferences(func(string) (map[string]harness.Output, error) { return primary.Outputs, nil }))
	if err != nil {
		t.Fatal(err)
	}
	var known, unknown int
	for _, name := range contract {
		want, got := primary.Outputs[name], regional.Outputs[name]
		if got.Known != want.Known {
			t.Errorf("%s: known %v in the regional stack, %v in the primary", name, got.Known, want.Known)
			continue
		}
		if !want.Known {
			unknown++
			continue
		}
		known++
		if got.Secret != want.Secret || normalized(t, got.Value) != normalized(t, want.Value) {
			t.Errorf("%s read as %+v, the primary exports %+v", name, got, want)
		}
	}
	if known == 0 || unknown == 0 {
		t.Fatalf("%d known and %d unknown outputs; the test needs both", known, unknown)
	}
	for _, name := range regional.StackReferences()[0].Outputs {
		if !primary.Outputs[name].Known {
			t.Errorf("the read served %s, which the primary's preview leaves unknown", name)
		}
	}
}

// TestStackReferenceErrors: a reference the run cannot serve fails, naming the stack.
func TestStackReferenceErrors(t *testing.T) {
	regional := fakeStack("benelux", "eu")
	cases := []struct {
		name string
		opts []harness.Option
		want []string
	}{
		{"no references served", nil, []string{`"eu"`, "serves no stack references"}},
		{"an unknown stack", []harness.Option{harness.StackReferences(func(name string) (map[string]harness.Output, error) {
			return nil, errors.New("no such stack")
		})}, []string{`"eu"`, "no such stack"}},
		{"an unknown output after update", []harness.Option{harness.StackReferences(func(string) (map[string]harness.Output, error) {
			return map[string]harness.Output{"topicArn": {Known: false}}, nil
		})}, []string{`"eu"`, `"topicArn" is unknown`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := harness.Run(harnesstest.Platform, regional, c.opts...)
			for _, w := range c.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("error %v does not say %s", err, w)
				}
			}
		})
	}
}

// TestOtherReadsStayAnError: the harness reads stack references only.
func TestOtherReadsStayAnError(t *testing.T) {
	program := harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		_, err := sns.GetTopic(ctx, "existing", pulumi.ID("arn:aws:sns:eu-central-1:123456789012:existing"), nil, pulumi.Provider(p[0]))
		return err
	}, "eu-central-1")
	_, err := harness.Run(program, harness.ComponentStack(), harness.StackReferences(func(string) (map[string]harness.Output, error) { return nil, nil }))
	if err == nil || !strings.Contains(err.Error(), "only stack references are read offline") {
		t.Errorf("reading a topic: %v", err)
	}
}

// TestRunEnvironmentRefusesBrokenReferences: a missing referenced stack, a reference to
// another project and a cycle fail before any stack runs, naming the stacks.
func TestRunEnvironmentRefusesBrokenReferences(t *testing.T) {
	cases := []struct {
		name   string
		stacks []harness.Stack
		want   []string
	}{
		{"missing primary", []harness.Stack{fakeStack("benelux", "eu")}, []string{"benelux", `"eu"`, "not among the stacks run"}},
		{"another project", []harness.Stack{fakeStack("eu", ""), fakeStack("benelux", "acme/other/eu")}, []string{"benelux", `project "other"`}},
		{"cycle", []harness.Stack{fakeStack("a", "b"), fakeStack("b", "a"), fakeStack("eu", "")}, []string{"stack reference cycle: a -> b -> a"}},
		{"self-reference", []harness.Stack{fakeStack("a", "a")}, []string{"stack reference cycle: a -> a"}},
		{"listed twice", []harness.Stack{fakeStack("eu", ""), fakeStack("eu", "")}, []string{"stack eu is listed twice"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			invs, err := harness.RunEnvironment(harnesstest.Platform, c.stacks)
			for _, w := range c.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("error %v does not say %s", err, w)
				}
			}
			if len(invs) != 0 {
				t.Errorf("%d stacks ran", len(invs))
			}
		})
	}
	_, err := harness.RunEnvironment(harnesstest.Platform, []harness.Stack{fakeStack("a", "b"), fakeStack("b", "a")})
	if err == nil || strings.Count(err.Error(), "cycle") != 1 {
		t.Errorf("one cycle reported more than once: %v", err)
	}
}

// TestRunEnvironmentSkipsStacksOfAFailedPrimary: a failing primary is reported with its
// inventory; its regional stacks do not run; an independent stack still does.
func TestRunEnvironmentSkipsStacksOfAFailedPrimary(t *testing.T) {
	broken := fakeStack("eu", "")
	broken.Config[harnesstest.FailKey] = "yes"
	invs, err := harness.RunEnvironment(harnesstest.Platform, []harness.Stack{broken, fakeStack("benelux", "eu"), fakeStack("na", "")})
	for _, w := range []string{"stack eu: ", "failed on purpose", "stack benelux: not run: its primary stack eu failed"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v does not say %q", err, w)
		}
	}
	ran := byStack(invs)
	if ran["eu"] == nil || ran["na"] == nil || ran["benelux"] != nil {
		t.Errorf("ran %v; want eu (failed) and na, not benelux", slices.Sorted(maps.Keys(ran)))
	}
}

// TestLoadWithPrimaries: a stack comes with the chain of stacks it references, primaries
// first; a loop and a referenced stack that does not load are errors naming the stacks.
func TestLoadWithPrimaries(t *testing.T) {
	stacks := map[string]harness.Stack{
		"eu": fakeStack("eu", ""), "benelux": fakeStack("benelux", "acme/saleor/eu"), "edge": fakeStack("edge", "benelux"),
		"a": fakeStack("a", "b"), "b": fakeStack("b", "a"), "orphan": fakeStack("orphan", "gone"),
	}
	load := func(name string) (harness.Stack, error) {
		s, ok := stacks[name]
		if !ok {
			return harness.Stack{}, errors.New("no stack file")
		}
		return s, nil
	}
	for name, want := range map[string][]string{"eu": {"eu"}, "benelux": {"eu", "benelux"}, "edge": {"eu", "benelux", "edge"}} {
		got, err := harness.LoadWithPrimaries(name, load)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, s := range got {
			names = append(names, s.Name)
		}
		if !slices.Equal(names, want) {
			t.Errorf("%s loads %v, want %v", name, names, want)
		}
	}
	if _, err := harness.LoadWithPrimaries("a", load); err == nil || !strings.Contains(err.Error(), "a -> b -> a") {
		t.Errorf("a loop: %v", err)
	}
	if _, err := harness.LoadWithPrimaries("orphan", load); err == nil || !strings.Contains(err.Error(), "its primary stack gone (saleor:primaryStack of orphan) does not load: no stack file") {
		t.Errorf("a missing primary: %v", err)
	}
}

// normalized makes a recorded export comparable across a stack reference, which carries
// lists and maps as []any and map[string]any.
func normalized(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sortedKeys(m map[string]harness.Output) []string {
	return slices.Sorted(maps.Keys(m))
}

// TestLeaksFindsAnUnmarkedSecretOfAReferencedStack: a secret output read from another stack
// must stay secret; a program that unwraps it into a plain value leaks it, and Leaks says so.
func TestLeaksFindsAnUnmarkedSecretOfAReferencedStack(t *testing.T) {
	invs, err := harness.RunEnvironment(harnesstest.Platform, []harness.Stack{fakeStack("eu", ""), fakeStack("benelux", "eu")})
	if err != nil {
		t.Fatal(err)
	}
	primary, keeping := invs[0], invs[1]
	if leaks := keeping.Leaks(); len(leaks) != 0 || keeping.Secrets() == 0 {
		t.Errorf("a stack that keeps the secret: %d secrets searched, leaks %v", keeping.Secrets(), leaks)
	}
	unwrapping := func(ctx *pulumi.Context) error {
		ref, err := pulumi.NewStackReference(ctx, "primary", &pulumi.StackReferenceArgs{Name: pulumi.String("eu")})
		if err != nil {
			return err
		}
		d, err := ref.GetOutputDetails("dbPassword")
		if err != nil {
			return err
		}
		ctx.Export("password", pulumi.Sprintf("%v", d.SecretValue))
		return nil
	}
	inv, err := harness.Run(unwrapping, fakeStack("benelux", "eu"), harness.StackReferences(func(string) (map[string]harness.Output, error) {
		return primary.Outputs, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	if leaks := inv.Leaks(); !slices.Equal(leaks, []string{"stack output password: exposes primary.outputs.dbPassword"}) {
		t.Errorf("leaks %v", leaks)
	}
}
