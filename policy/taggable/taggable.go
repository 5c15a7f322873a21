// Package taggable knows which pulumi-aws resource types take tags.
//
// The list is derived from the pulumi-aws Go SDK pinned in the program's go.mod (the
// repository root's; the pack's module does not require pulumi-aws), not typed by hand: gen/
// scans the SDK source for every resource whose XArgs struct has a Tags field and takes its
// type token from the ctx.RegisterResource("aws:...") call in NewX. Regenerate after bumping
// pulumi-aws with `go -C policy generate ./taggable` from the repository root. The package has
// no dependencies so the policy pack and the offline harness can both import it.
package taggable

//go:generate go run ./gen -o zz_taggable.go
