package workflows

import (
	"fmt"

	"github.com/saleor-platform/infra/deploy/deployments"
)

// The roles GitHub Actions assumes through OIDC in each account: PreviewRole is read-only,
// for `pulumi preview` on pull requests; ReleaseRole pushes images and runs cmd/release.
const (
	PreviewRole = "saleor-github-preview"
	ReleaseRole = "saleor-github-release"
)

// AccountOf returns the account of an environment (a saleor:environment value), as
// deploy/deployments/settings.yaml places it: the account IDs are written there only, and
// are placeholders (README, "Pull requests"); .github/workflows must name the same.
func AccountOf(environment string) string {
	ids, err := deployments.AccountIDs()
	if err != nil {
		panic(fmt.Sprintf("deploy/deployments/settings.yaml: %v", err))
	}
	return ids[environment]
}

// RoleARN returns the ARN of a role of an account.
func RoleARN(account, role string) string {
	return "arn:aws:iam::" + account + ":role/" + role
}
