// Command policy serves the saleor-guardrails CrossGuard policy pack over Pulumi's analyzer
// protocol; see README.md. The engine builds and starts it for
// `pulumi preview --policy-pack policy`.
package main

import (
	"fmt"
	"os"

	"github.com/saleor-platform/infra/policy/analyzer"
	"github.com/saleor-platform/infra/policy/rules"
)

func main() {
	if err := analyzer.Main(rules.NewPack); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
