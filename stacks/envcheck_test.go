package stacks_test

import (
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

// environmentConfigs loads the stack files of environment as CheckEnvironment reads them.
func environmentConfigs(t *testing.T, environment string) []stacks.StackConfig {
	t.Helper()
	loaded, err := harness.LoadEnvironment(environment)
	if err != nil {
		t.Fatal(err)
	}
	var out []stacks.StackConfig
	for _, s := range loaded {
		out = append(out, stacks.StackConfig{Name: s.Name, Config: s.Config})
	}
	return out
}

// TestEveryEnvironmentFitsTogether: the stack files of each environment pass the checks no
// single stack can make (CIDRs, regional domains, one primary, replica regions).
func TestEveryEnvironmentFitsTogether(t *testing.T) {
	for _, env := range stacks.Environments() {
		t.Run(string(env), func(t *testing.T) {
			configs := environmentConfigs(t, string(env))
			if len(configs) == 0 {
				t.Fatalf("no stack file for environment %s", env)
			}
			if problems := stacks.CheckEnvironment(configs); len(problems) > 0 {
				t.Error(problems)
			}
		})
	}
}

// TestEnvironmentChecksRefuse: each environment-wide mistake is refused, naming both stacks
// (and both ranges for CIDRs).
func TestEnvironmentChecksRefuse(t *testing.T) {
	for _, c := range []struct {
		name    string
		changes map[string]map[string]string
		want    []string
	}{
		{"overlapping CIDRs", map[string]map[string]string{"prod-na": {"saleor:vpcCidr": "10.30.128.0/17"}},
			[]string{"prod-benelux saleor:vpcCidr", "10.30.0.0/16 overlaps prod-na's saleor:vpcCidr 10.30.128.0/17"}},
		{"a CIDR over the primary's DR VPC", map[string]map[string]string{"prod-benelux": {"saleor:vpcCidr": "10.11.0.0/16"}},
			[]string{"10.11.0.0/16 overlaps prod-eu's saleor:secondaryVpcCidr 10.11.0.0/16"}},
		{"a regional domain served twice", map[string]map[string]string{"prod-eu": {"saleor:regionalDomains": `["de","nl"]`}},
			[]string{`"nl" is also served by`}},
		{"two primaries", map[string]map[string]string{"prod-na": {"saleor:role": "primary", "saleor:primaryStack": "", "saleor:apiOnly": "false",
			"saleor:domain": "na.example.com", "saleor:secondaryRegion": "us-east-2", "saleor:storefront": `{"hosting":"external","origin":"x.vercel.app"}`}},
			[]string{"prod-eu and prod-na are both primaries"}},
		{"a region the primary does not replicate to", map[string]map[string]string{"prod-eu": {"saleor:replicaRegions": `["eu-west-3"]`}},
			[]string{`prod-na aws:region: "us-east-1" is not in prod-eu's saleor:replicaRegions`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			configs := environmentConfigs(t, "production")
			for i, s := range configs {
				if change, ok := c.changes[s.Name]; ok {
					configs[i].Config = harness.Stack{Config: s.Config}.With(change).Config
				}
			}
			msg := stacks.CheckEnvironment(configs).Error()
			for _, want := range c.want {
				if !strings.Contains(msg, want) {
					t.Errorf("%q not in:\n%s", want, msg)
				}
			}
		})
	}
}
