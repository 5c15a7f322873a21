// Command upstream serves the saleor-guardrails pack through policyx.Main itself, to show the
// upstream defect that package analyzer works around (see protocol_test.go).
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/saleor-platform/infra/policy/rules"
)

func main() {
	if err := policyx.Main(func(*pulumi.Context) (policyx.PolicyPack, error) { return rules.NewPack() }); err != nil {
		panic(err)
	}
}
