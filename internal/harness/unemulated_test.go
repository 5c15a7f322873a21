package harness

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// keyIntoParameter returns a program that stores an output of a KMS key, chosen by read, in
// an SSM parameter and exports it.
func keyIntoParameter(read func(*kms.Key) pulumi.StringOutput) pulumi.RunFunc {
	return InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		key, err := kms.NewKey(ctx, "key", &kms.KeyArgs{}, pulumi.Provider(p[0]))
		if err != nil {
			return err
		}
		_, err = ssm.NewParameter(ctx, "param", &ssm.ParameterArgs{
			Name: pulumi.String("/saleor/key"), Type: pulumi.String("String"), Value: read(key),
		}, pulumi.Provider(p[0]))
		ctx.Export("keyValue", read(key))
		return err
	}, "eu-central-1")
}

// TestUnemulatedReadFailsUpdate: an output the harness does not emulate (a KMS key's
// policy, which AWS fills with the default key policy) reaches an input and an export as unknown after update, and
// the run fails naming the resource, the input, the resource it is built from, its
// unemulated outputs and where to emulate them. Preview, where unknowns are normal, passes.
func TestUnemulatedReadFailsUpdate(t *testing.T) {
	program := keyIntoParameter(func(k *kms.Key) pulumi.StringOutput { return k.Policy })
	problems := strictProblems(t, func() error { _, err := Run(program, ComponentStack()); return err }())
	if len(problems) != 2 {
		t.Fatalf("problems %q, want the input and the export", problems)
	}
	for _, want := range []string{
		`aws:ssm/parameter:Parameter param: input "value" is unknown after update`,
		"built from aws:kms/key:Key key, whose outputs", "policy", "internal/harness/outputs_foundation.go",
	} {
		if !strings.Contains(problems[0], want) {
			t.Errorf("problem %q does not say %q", problems[0], want)
		}
	}
	if !strings.Contains(problems[1], `stack export "keyValue" is unknown after update; it is built from aws:kms/key:Key key`) {
		t.Errorf("problem %q does not name the export and its source", problems[1])
	}
	if _, err := Run(program, ComponentStack(), Preview()); err != nil {
		t.Errorf("preview: %v", err)
	}
}

// TestEmulatedReadPassesUpdate: the same program reading an emulated output (the key's ARN)
// passes, and the parameter holds the key's ARN.
func TestEmulatedReadPassesUpdate(t *testing.T) {
	inv, err := Run(keyIntoParameter(func(k *kms.Key) pulumi.StringOutput { return k.Arn }), ComponentStack())
	if err != nil {
		t.Fatal(err)
	}
	key := inv.Named("aws:kms/key:Key", "key")
	if got := inv.Named("aws:ssm/parameter:Parameter", "param").String("value"); got == "" || got != key.Output("arn") {
		t.Errorf("parameter value %q, want the key's ARN %q", got, key.Output("arn"))
	}
	if o := inv.Outputs["keyValue"]; !o.Known || o.Value != key.Output("arn") {
		t.Errorf("export %+v, want the key's ARN", o)
	}
}

// TestUpdateAnswersEveryDeclaredOutput: after update, every property a type declares is in
// its outputs: the program's inputs and the emulated values as they are, everything else
// unknown, never absent (which the SDK would resolve as an empty value).
func TestUpdateAnswersEveryDeclaredOutput(t *testing.T) {
	inv, err := Run(keyIntoParameter(func(k *kms.Key) pulumi.StringOutput { return k.Arn }), ComponentStack())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range inv.AWS() {
		props, ok := declaredOutputs(r.Type)
		if !ok {
			t.Fatalf("%s is not in the generated table", r.Type)
		}
		for _, p := range props {
			v, set := r.Outputs[resource.PropertyKey(p)]
			switch {
			case !set:
				t.Errorf("%s %s: output %s absent", r.Type, r.Name, p)
			case r.Inputs.HasValue(resource.PropertyKey(p)) && v.IsComputed():
				t.Errorf("%s %s: input %s answered unknown", r.Type, r.Name, p)
			}
		}
	}
	key := inv.Named("aws:kms/key:Key", "key")
	if !key.Outputs["policy"].IsComputed() || key.Outputs["arn"].IsComputed() || key.Outputs["keyId"].IsComputed() {
		t.Errorf("key outputs: policy %v, arn %v, keyId %v; want only policy unknown",
			key.Outputs["policy"], key.Outputs["arn"], key.Outputs["keyId"])
	}
}

// TestUnknownTypeFailsUpdate: a type the generated table does not know cannot be made strict,
// so an update that registers one fails with the regeneration command.
func TestUnknownTypeFailsUpdate(t *testing.T) {
	_, err := Run(registering("aws:sfn/activity:Activity", "activity", pulumi.Map{"name": pulumi.String("a")}), ComponentStack())
	problems := strictProblems(t, err)
	if len(problems) != 1 || !strings.Contains(problems[0], "go generate ./internal/harness") {
		t.Errorf("problems %q, want one asking to regenerate", problems)
	}
}

// TestOutputHelperRefusesUnemulatedOutputs: a test reading an unemulated output through
// Resource.Output is stopped with where to emulate it, while an emulated output reads as it
// is and an input left unknown by preview reads as "".
func TestOutputHelperRefusesUnemulatedOutputs(t *testing.T) {
	program := keyIntoParameter(func(k *kms.Key) pulumi.StringOutput { return k.Arn })
	inv, err := Run(program, ComponentStack())
	if err != nil {
		t.Fatal(err)
	}
	key := inv.Named("aws:kms/key:Key", "key")
	if key.Output("arn") == "" {
		t.Error("emulated ARN reads empty")
	}
	func() {
		defer func() {
			if p := recover(); p == nil || !strings.Contains(fmt.Sprint(p), `output "policy" of aws:kms/key:Key key is not emulated`) {
				t.Errorf("reading the unemulated policy: panic %v", p)
			}
		}()
		_ = key.Output("policy")
	}()
	preview, err := Run(program, ComponentStack(), Preview())
	if err != nil {
		t.Fatal(err)
	}
	if got := preview.Named("aws:ssm/parameter:Parameter", "param").Output("value"); got != "" {
		t.Errorf("preview: unknown value reads %q", got)
	}
}
