package stacks_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/backup"
	"github.com/saleor-platform/infra/internal/harness"
)

// TestRenamedComponentNeedsAnAlias runs a real component, the DR backup vault, under its
// name, then renamed: the comparison must fail with the alias to add, naming the old and
// the new URN, and pass once the component carries that alias.
func TestRenamedComponentNeedsAnAlias(t *testing.T) {
	vault := func(name string, opts ...pulumi.ResourceOption) *harness.Inventory {
		t.Helper()
		program := harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
			_, err := backup.NewVault(ctx, name, &backup.VaultArgs{
				KMSKeyArn: pulumi.String("arn:aws:kms:eu-west-1:123456789012:key/backup"),
				Lock:      backup.VaultLock{Mode: backup.LockGovernance},
			}, append(opts, pulumi.Provider(p[0]))...)
			return err
		}, "eu-west-1")
		inv, err := harness.Run(program, harness.ComponentStack())
		if err != nil {
			t.Fatal(err)
		}
		return inv
	}
	golden := statefulURNs(vault("backup-dr"))
	if len(golden) != 1 {
		t.Fatalf("stateful URNs %v; want the vault", golden)
	}

	renamed := vault("backup-secondary")
	problems := compareStatefulURNs(golden, renamed)
	newURN := statefulURNs(renamed)[0]
	if len(problems) != 1 {
		t.Fatalf("renaming the component gave %d problems, want 1: %q", len(problems), problems)
	}
	for _, want := range []string{
		golden[0], newURN,
		`pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("backup-dr")}})`,
		`pulumi.Aliases([]pulumi.Alias{{URN: pulumi.URN("` + golden[0] + `")}})`,
		"recovery points", rerun,
	} {
		if !strings.Contains(problems[0], want) {
			t.Errorf("the problem does not say %s:\n%s", want, problems[0])
		}
	}

	aliased := vault("backup-secondary", pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("backup-dr")}}))
	if problems := compareStatefulURNs(golden, aliased); len(problems) != 0 {
		t.Errorf("the component's alias does not keep the vault: %q", problems)
	}
	if problems := compareStatefulURNs(append(golden, "urn:pulumi:test::saleor::aws:backup/vault:Vault::gone"), aliased); len(problems) != 1 || !strings.Contains(problems[0], "If it was renamed or moved") {
		t.Errorf("a URN nothing answers to gave %q", problems)
	}
	if problems := compareStatefulURNs(nil, aliased); len(problems) != 1 || !strings.Contains(problems[0], "not in the golden list") {
		t.Errorf("a stateful URN missing from the golden list gave %q", problems)
	}
}

// TestRenamedResourceKeepsItsURNThroughAnAlias: an alias on the resource itself, by name
// or by whole URN, accounts for the old URN.
func TestRenamedResourceKeepsItsURNThroughAnAlias(t *testing.T) {
	bucket := func(name string, opts ...pulumi.ResourceOption) *harness.Inventory {
		t.Helper()
		program := harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
			_, err := s3.NewBucketV2(ctx, name, &s3.BucketV2Args{}, append(opts, pulumi.Provider(p[0]))...)
			return err
		}, "eu-west-1")
		inv, err := harness.Run(program, harness.ComponentStack())
		if err != nil {
			t.Fatal(err)
		}
		return inv
	}
	golden := statefulURNs(bucket("media"))
	if problems := compareStatefulURNs(golden, bucket("assets")); len(problems) != 1 || !strings.Contains(problems[0], "Keep it with an alias on that resource") {
		t.Errorf("renaming the bucket gave %q", problems)
	}
	for _, alias := range []pulumi.Alias{{Name: pulumi.String("media")}, {URN: pulumi.URN(golden[0])}} {
		if problems := compareStatefulURNs(golden, bucket("assets", pulumi.Aliases([]pulumi.Alias{alias}))); len(problems) != 0 {
			t.Errorf("alias %+v does not keep the bucket: %q", alias, problems)
		}
	}
}
