// Package engine runs a Pulumi program through the real Pulumi engine, offline: the Pulumi
// CLI go.mod pins (built by `go tool`, see CLI), the program as an Automation API inline
// program (the language runtime is served in process), a local file backend with passphrase
// secrets, a policy pack given as the path of its built binary (the CLI starts it without a
// language host), and the offline harness's provider emulation (harness.NewProviderServer:
// its Check, computed outputs and invokes) served over gRPC in place of the aws, random and
// tls plugins (PULUMI_DEBUG_PROVIDERS).
//
// A Session works in its own directory on copies of Pulumi.yaml and the stack file, since the
// CLI writes into stack files; the repository's files are only read:
//
//	s, err := engine.Open(ctx, engine.Config{
//		Stack: "staging", Program: stacks.Program,
//		ProjectFile: "Pulumi.yaml", StackFile: "Pulumi.staging.yaml",
//		PolicyPack: packBinary, PolicyConfig: "policy/config/staging.json",
//		Dir: t.TempDir(),
//	})
//	defer s.Close()
//	preview, err := s.Preview(ctx) // preview.Changes, .Steps, .Policy, .Messages
//	up, err := s.Up(ctx)           // and up.Outputs; s.State(ctx) is the checkpoint
//
// The package's tests run every Pulumi.<stack>.yaml this way (go test ./internal/engine).
// The first use of the CLI builds it: 6.5 CPU-minutes with a cold build cache (5 to 9
// minutes on two shared cores), under a second warm. What the runs cannot show is what the harness cannot show (see
// internal/harness): the providers are its emulation, not AWS.
package engine
