// Package engine reproduces, in process, the parts of the Pulumi engine's policy handling that
// both our gRPC analyzer (policy/analyzer) and the offline evaluator need: parsing a
// --policy-pack-config document, resolving it against a pack the way the engine does before
// it calls Configure, and running policies with panics contained.
//
// Keeping this in one place means the analyzer a real `pulumi preview` talks to and the
// offline plan (`go run ./cmd/plan`) apply levels and properties identically.
package engine
