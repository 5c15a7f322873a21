// Package rules holds the saleor-guardrails policies: one file per rule family, each rule a
// pure check over one resource's type token and property.Map (plus its options where a rule
// needs them, e.g. protect), or, for stack policies, over all resources of the stack.
//
// Unknown values. In preview many inputs are outputs of other resources and arrive computed.
// A rule never calls As* on a computed value (the readers in values.go check first), and a
// computed value is never a violation in preview: the engine analyzes each resource again at
// update with its inputs resolved, and the rule decides then. A computed value where a rule
// only needs "something is set" (kmsKeyId: key.Arn) counts as set.
//
// Secrets. Secret-ness is a flag on property.Value, so rules read secret values as plain ones;
// messages never print the value of a secret.
//
// Control IDs. Every description ends with the AWS Security Hub FSBP controls and/or Checkov
// checks it implements, or, where neither has one, the AWS Well-Architected best practice.
package rules
