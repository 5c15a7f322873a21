// Package harnesstest holds the assertions component and stack tests share on top of the
// offline harness.
package harnesstest

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/validate"
	"github.com/saleor-platform/infra/internal/harness"
)

// Named returns the resource of a type with a logical name, failing the test when there is
// none.
func Named(t testing.TB, inv *harness.Inventory, typ, name string) *harness.Resource {
	t.Helper()
	r := inv.Named(typ, name)
	if r == nil {
		t.Fatalf("no %s named %s", typ, name)
	}
	return r
}

// Rejected runs program as a component test and checks that it fails with an error naming
// every one of want, before any AWS resource is registered.
func Rejected(t testing.TB, program pulumi.RunFunc, want ...string) {
	t.Helper()
	err := rejected(t, program)
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not name %s", err, w)
		}
	}
}

// NilArgs checks that newX(ctx, "x", nil), on an eu-central-1 provider, reports a problem of
// every one of fields (validate.Fields) instead of panicking, before registering anything.
func NilArgs[A, C any](t testing.TB, newX func(*pulumi.Context, string, *A, ...pulumi.ResourceOption) (C, error), fields ...string) {
	t.Helper()
	err := rejected(t, harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		_, err := newX(ctx, "x", nil, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1"))
	got := validate.Fields(err)
	for _, f := range fields {
		if !slices.Contains(got, f) {
			t.Errorf("nil args: %s not reported in %v", f, err)
		}
	}
}

// rejected runs program as a component test and returns its error, failing the test when
// there is none or when an AWS resource was registered before it.
func rejected(t testing.TB, program pulumi.RunFunc) error {
	t.Helper()
	inv, err := harness.Run(program, harness.ComponentStack())
	if err == nil {
		t.Fatal("no error")
	}
	if n := len(inv.AWS()); n != 0 {
		t.Errorf("%d resources registered before validation failed", n)
	}
	return err
}
