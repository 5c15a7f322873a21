package workflows

// The two AWS accounts the stack files are written for (README, "Accounts"): production
// holds the stacks whose saleor:environment is production, non-production every other
// stack. The IDs are placeholders: replace them here and in .github/workflows together (the
// tests compare the two).
const (
	ProductionAccount    = "111111111111"
	NonProductionAccount = "222222222222"
)

// The roles GitHub Actions assumes through OIDC in each account: PreviewRole is read-only,
// for `pulumi preview` on pull requests; ReleaseRole pushes images and runs cmd/release.
const (
	PreviewRole = "saleor-github-preview"
	ReleaseRole = "saleor-github-release"
)

// AccountOf returns the account of an environment (a saleor:environment value).
func AccountOf(environment string) string {
	if environment == "production" {
		return ProductionAccount
	}
	return NonProductionAccount
}

// RoleARN returns the ARN of a role of an account.
func RoleARN(account, role string) string {
	return "arn:aws:iam::" + account + ":role/" + role
}
