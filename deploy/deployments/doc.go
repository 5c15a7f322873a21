// Package deployments is the Pulumi Deployments configuration of every stack as code: what
// Pulumi Cloud must hold for a merge to main to deploy the stacks, and in which order.
//
// settings.yaml (embedded) holds the decisions: the repository and branch, the path filters
// of the program, the AWS accounts, and per stack its PR previews, pre-run commands,
// environment variables and, for a stack gated on another, deployAfter. Everything that
// follows from the stack files is derived here, so it cannot disagree with them: a regional
// stack (saleor:role regional) deploys after its saleor:primaryStack, only a stack deployed by
// no other deploys on push, the path filters of a pushed stack include the stack files of every
// stack deployed after it, and the deploy role is the one of the account that holds the
// stack's saleor:environment. The file is data for reviewers; the Go types read it strictly,
// report every problem at once, and render the Pulumi Cloud API's own request types
// (github.com/pulumi/pulumi-cloud-sdk/go/apitype).
//
// Load reads both and Plan returns one Stack per stack file: its Settings (the managed fields of
// /api/stacks/{org}/{project}/{stack}/deployments/settings) and its Triggers (the
// pulumi_deployments webhooks on it that deploy the stacks after it on update_succeeded).
// Check compares them with Pulumi Cloud field by field and Apply writes the stacks that
// differ; cmd/deployments is the command line.
package deployments
