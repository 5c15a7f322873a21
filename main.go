package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/stacks"
)

func main() { pulumi.Run(stacks.Program) }
