package engine_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/saleor-platform/infra/internal/engine"
	"github.com/saleor-platform/infra/internal/harness"
)

// queues is a small program for the emulated providers: a queue the program names, an
// auto-named one, one that never changes and one with a secret input.
func queues(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	p, err := aws.NewProvider(ctx, "aws", &aws.ProviderArgs{Region: pulumi.String("eu-central-1")})
	if err != nil {
		return err
	}
	for name, args := range map[string]*sqs.QueueArgs{
		"named":     {Name: pulumi.String(cfg.Require("queueName"))},
		"autonamed": {DelaySeconds: pulumi.Int(cfg.RequireInt("delaySeconds"))},
		"unchanged": {},
		"secret":    {Policy: pulumi.ToSecret(pulumi.String(`{"Version":"2012-10-17","Statement":[]}`)).(pulumi.StringOutput)},
	} {
		if _, err := sqs.NewQueue(ctx, name, args, pulumi.Provider(p)); err != nil {
			return err
		}
	}
	return nil
}

// replacingOn is a ReplacesFunc under which a change of any of keys replaces a resource.
func replacingOn(keys ...string) harness.ReplacesFunc {
	return func(_ string, olds, news resource.PropertyMap) []string {
		var out []string
		for _, k := range keys {
			if !olds[resource.PropertyKey(k)].DeepEquals(news[resource.PropertyKey(k)]) {
				out = append(out, k)
			}
		}
		return out
	}
}

// TestEmulatedProvidersUnderTheRealEngine: through the real engine, a change the ReplacesFunc
// names replaces the resource, deleting first when the program chose its name (the new one
// could not take it) and creating first when it is auto-named; other resources stay; a
// secret input stays secret in the checkpoint.
func TestEmulatedProvidersUnderTheRealEngine(t *testing.T) {
	dir := t.TempDir()
	project, stack := filepath.Join(dir, "Pulumi.yaml"), filepath.Join(dir, "Pulumi.test.yaml")
	writeFile(t, project, "name: queues\nruntime: go\n")
	writeFile(t, stack, "config:\n  queues:queueName: orders-1\n  queues:delaySeconds: \"0\"\n")
	s, err := engine.Open(t.Context(), engine.Config{
		Stack: "test", Program: queues, ProjectFile: project, StackFile: stack, Dir: filepath.Join(dir, "session"),
		Providers: []harness.ProviderOption{harness.WithReplaces(replacingOn("name", "delaySeconds"))},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if _, err := s.Up(t.Context()); err != nil {
		t.Fatal(err)
	}
	state, err := s.State(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range state.Resources {
		if r.URN.Name() == "secret" && !isSecret(r.Outputs["policy"]) {
			t.Errorf("the secret queue's policy is stored in plaintext: %v", r.Outputs["policy"])
		}
	}

	for key, value := range map[string]string{"queues:queueName": "orders-2", "queues:delaySeconds": "5"} {
		if err := s.SetConfig(t.Context(), key, value); err != nil {
			t.Fatal(err)
		}
	}
	up, err := s.Up(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string][]apitype.OpType{}
	for _, step := range up.Steps {
		name := resource.URN(step.URN).Name()
		ops[name] = append(ops[name], step.Op)
	}
	deleteFirst := []apitype.OpType{apitype.OpDeleteReplaced, apitype.OpReplace, apitype.OpCreateReplacement}
	createFirst := []apitype.OpType{apitype.OpCreateReplacement, apitype.OpReplace, apitype.OpDeleteReplaced}
	for name, want := range map[string][]apitype.OpType{
		"named": deleteFirst, "autonamed": createFirst,
		"unchanged": {apitype.OpSame}, "secret": {apitype.OpSame},
	} {
		if !slices.Equal(ops[name], want) {
			t.Errorf("%s: steps %v, want %v", name, ops[name], want)
		}
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
