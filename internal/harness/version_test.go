package harness

import (
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"
)

// awsSDK is the pulumi-aws Go SDK module.
const awsSDK = "github.com/pulumi/pulumi-aws/sdk/v6"

// sdkVersion returns the version of module in this build: from the binary's build info, else
// from `go list -m` in the enclosing module.
func sdkVersion(t *testing.T, module string) string {
	t.Helper()
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == module {
				if dep.Replace != nil {
					return dep.Replace.Version
				}
				return dep.Version
			}
		}
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", module).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", module, err)
	}
	return strings.TrimSpace(string(out))
}

// TestAWSProviderVersionIsTheVerifiedOne pins the provider behaviour check.go and naming.go
// copy to the pulumi-aws version it was verified against: a bump must re-verify it.
func TestAWSProviderVersionIsTheVerifiedOne(t *testing.T) {
	if got := sdkVersion(t, awsSDK); got != verifiedAWSVersion {
		t.Fatalf("the build uses %s %s, but the harness's Check emulation was verified against %s. Re-verify, in "+
			"pulumi/pulumi-aws at %s, then set verifiedAWSVersion: (1) provider/tags.go applyTags, installed as the "+
			"PreCheckCallback of every resource with non-computed tags and tags_all in provider/resources.go: v6 merges "+
			"the provider's defaultTags under the resource's own tags into both tags and tagsAll (pulumi-aws#2655); v7 "+
			"leaves tags alone and merges into tagsAll only (pulumi-aws#5740), which check.go would then have to copy; "+
			"(2) provider/resources.go setAutonaming and the per-resource tfbridge.AutoName/AutoNameTransform maxima, "+
			"lower-casing and FIFO suffixes that naming.go's autoNamed copies; (3) the upstream terraform-provider-aws "+
			"validate functions namerules.go cites; and regenerate zz_declared.go (go generate ./internal/harness)",
			awsSDK, got, verifiedAWSVersion, got)
	}
	if declaredSDKs[awsSDK] != verifiedAWSVersion {
		t.Errorf("zz_declared.go was generated from %s %s, not the verified %s: run go generate ./internal/harness",
			awsSDK, declaredSDKs[awsSDK], verifiedAWSVersion)
	}
}
