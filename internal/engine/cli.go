package engine

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
)

// CLIPackage is the Pulumi CLI's package, declared as a tool in go.mod.
const CLIPackage = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"

// cliModule is the module the CLI is built from; its required version is the CLI's version.
const cliModule = "github.com/pulumi/pulumi/pkg/v3"

// cli is the pinned CLI, located at most once per process.
var cli struct {
	once    sync.Once
	path    string
	version semver.Version
	err     error
}

// CLI returns the path of the Pulumi CLI that go.mod pins and its version. `go tool -n
// pulumi` builds it into the Go build cache on first use (6.5 CPU-minutes: 5 to 9 minutes on
// two shared cores) and afterwards only prints the cached executable's path (under a second);
// the version is the one go.mod requires of the CLI's module (a CLI built by `go tool`
// reports none itself).
func CLI() (string, semver.Version, error) {
	cli.once.Do(func() {
		cli.path, cli.err = goCommand("tool", "-n", "pulumi")
		if cli.err != nil {
			return
		}
		var v string
		if v, cli.err = goCommand("list", "-m", "-f", "{{.Version}}", cliModule); cli.err == nil {
			cli.version, cli.err = semver.ParseTolerant(v)
		}
	})
	return cli.path, cli.version, cli.err
}

// goCommand runs the go command in the module root and returns its trimmed standard output.
func goCommand(args ...string) (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		if exit, ok := err.(*exec.ExitError); ok {
			return "", fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, exit.Stderr)
		}
		return "", fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}

// ModuleRoot returns the directory of the module's go.mod.
func ModuleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("go env GOMOD: not inside a module")
	}
	return filepath.Dir(gomod), nil
}

// pinnedCommand is the Automation API's command for the pinned CLI, reporting the pinned
// version so that the Automation API uses the protocol of that version.
type pinnedCommand struct {
	auto.PulumiCommand
	version semver.Version
}

func (c pinnedCommand) Version() semver.Version { return c.version }

// newCommand returns the Automation API's command for the pinned CLI, installed as
// <root>/bin/pulumi (a link to the build cache), where the Automation API looks for it.
func newCommand(root string) (auto.PulumiCommand, error) {
	path, version, err := CLI()
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(root, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return nil, err
	}
	if err := os.Symlink(path, filepath.Join(bin, "pulumi")); err != nil {
		return nil, err
	}
	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: root, SkipVersionCheck: true})
	if err != nil {
		return nil, err
	}
	return pinnedCommand{PulumiCommand: cmd, version: version}, nil
}
