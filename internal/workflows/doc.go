// Package workflows holds what the GitHub Actions workflows in .github/workflows rely on —
// the AWS account of each environment and the GitHub roles assumed there — and its tests
// check the workflows: actionlint passes on every one, none runs a destroy, third-party
// actions are pinned, every workflow starts from no permissions, the preview matrix is the
// stack files with the preview role of each stack's account, and the release runs each
// environment's stacks primaries first with the release role of its account.
//
// Go skips directories whose names start with a dot, so the workflows' tests live here.
//
// actionlint is used as a Go module (github.com/rhysd/actionlint, its Linter), pinned at
// v1.7.7: later versions parse YAML with go.yaml.in/yaml/v4 v4.0.0-rc.3, whose API the
// rc.4 that the pinned Pulumi CLI requires has changed, so they do not build in this module.
// It runs shellcheck on run: scripts when the machine has it, and skips that check otherwise.
package workflows
