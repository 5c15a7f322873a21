// Package harness is the project's offline engine. It runs a Pulumi program against an
// in-process resource monitor (the SDK's own mock monitor drops unknown values, so it cannot
// emulate a preview in which a secret is not known yet) with a stack's real configuration,
// behaves like the AWS provider's Check where
// the tests and the plan need it (auto-names, default tags merged into tags and tagsAll, IDs
// and ARNs in the right region and partition, answers to the program's invokes), and records
// every registration: type, name, inputs, provider, parent, protect and other options, and
// dependencies.
//
// Two modes: Update (the default) resolves every output, as after `pulumi up`, so tests can
// read wired values; Preview leaves what AWS computes unknown, as `pulumi preview` of a new
// stack does, which is what the policy pack sees in CI.
//
// What it cannot show: anything AWS decides at deploy time (real IDs, quotas, whether a name
// is taken, service-side validation the provider does not do in Check).
package harness
