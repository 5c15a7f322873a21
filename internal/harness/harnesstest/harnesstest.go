// Package harnesstest holds the assertions component and stack tests share on top of the
// offline harness.
package harnesstest

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

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
	inv, err := harness.Run(program, harness.ComponentStack())
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not name %s", err, w)
		}
	}
	if n := len(inv.AWS()); n != 0 {
		t.Errorf("%d resources registered before validation failed", n)
	}
}
