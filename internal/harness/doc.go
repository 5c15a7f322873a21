// Package harness is the project's offline engine. It runs a Pulumi program against an
// in-process resource monitor (the SDK's own mock monitor drops unknown values, so it cannot
// emulate a preview in which a secret is not known yet) with a stack's real configuration,
// behaves like the AWS provider's Check where the tests and the plan need it, emulates what
// AWS computes at create, and records every registration: type, name, inputs, provider,
// parent, protect and other options, and dependencies.
//
// Two modes: Update (the default) resolves every output, as after `pulumi up`, so tests can
// read wired values; Preview leaves what AWS computes unknown, as `pulumi preview` of a new
// stack does, which is what the policy pack sees in CI.
//
// Stack references are the only reads it serves (every other read fails the run):
// StackReferences answers pulumi.NewStackReference from a resolver, returning what the
// engine's builtin provider returns (name, outputs, secretOutputNames) with secret outputs
// secret; in Preview known outputs are known, as against a deployed stack, and an output the
// referenced run left unknown stays unknown. The read is recorded (Resource.Read,
// Inventory.StackReferences). RunEnvironment runs an environment's stacks, each after the
// stack its saleor:primaryStack names (by the reference's last path segment), serving its
// references from that run's Inventory.Outputs (in Preview, from an extra Update run of the
// referenced stack: a regional stack's preview reads a deployed primary); EnvironmentStacks,
// LoadEnvironment and LoadWithPrimaries find the stacks to run from the stack files.
//
// A component its provider constructs (a remote component: awsx's ecr.Image) is answered as
// that provider's Construct would answer it: after an update with its emulated outputs (the
// pushed image's URI), in a preview with none known. Its children (the build) are not
// emulated, so the policy pack does not see them offline.
//
// It is at least as strict as Pulumi and AWS on what it emulates, and a run that breaks a
// rule fails with a *StrictError listing every problem:
//
//   - Check, in both modes, as pulumi-aws v6.83.4 does it (pinned by a test): auto-names
//     ("<URN name>-<7 hex>", lower-cased or without a separator where the provider says so,
//     failing when longer than the provider's maximum), no auto-name when a name prefix is
//     set, default tags merged into tags and tagsAll; and every name-like property (the
//     program's, the auto-name, the prefix) held to the type's naming rules, as the provider's
//     validate functions or AWS enforce them (namerules.go: type, property, limits, source).
//   - Update mode answers every output a type's SDK declares (zz_declared.go, generated from
//     the pinned SDKs) that neither the inputs nor the emulation (outputs_<tier>.go) set as
//     unknown, instead of letting the SDK resolve it as "" or 0; a resource input or a stack
//     export that is unknown after update fails the run, naming the resource, the input, the
//     resources it is built from with their unemulated outputs, and the file to emulate them
//     in. A name prefix gives "<prefix><26-character suffix>", stable per URN.
//
// What it cannot show: anything AWS decides at deploy time (real IDs, quotas, whether a name
// is taken), validation other than names that the provider does in Check or AWS at create
// (value ranges, enums, ARN formats, cross-field rules), and reads whose result never reaches
// an input or an export (an Apply with side effects only).
package harness
