package stacks_test

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

// primaryOutputs runs prod-eu and returns its outputs.
func primaryOutputs(t *testing.T) map[string]harness.Output {
	t.Helper()
	return runStack(t, "prod-eu").Outputs
}

// runRegional runs prod-benelux with change against the given outputs of its primary,
// returning the run's error.
func runRegional(t *testing.T, change map[string]string, outputs map[string]harness.Output) error {
	t.Helper()
	s, err := harness.LoadStack("prod-benelux")
	if err != nil {
		t.Fatal(err)
	}
	_, err = harness.Run(stacks.Program, s.With(change), harness.StackReferences(func(string) (map[string]harness.Output, error) {
		return outputs, nil
	}))
	return err
}

// TestRegionalStacksAreRefused: each way a regional stack does not fit its primary is a
// configuration error naming the key, reported before anything but the read of the primary.
func TestRegionalStacksAreRefused(t *testing.T) {
	outputs := primaryOutputs(t)
	withoutDatabase := maps.Clone(outputs)
	delete(withoutDatabase, "databaseArn")
	for _, c := range []struct {
		name    string
		change  map[string]string
		outputs map[string]harness.Output
		want    []string
	}{
		{"a VPC overlapping the primary's", map[string]string{"saleor:vpcCidr": "10.10.0.0/17"}, outputs,
			[]string{"saleor:vpcCidr: 10.10.0.0/17 overlaps primary prod-eu's VPC 10.10.0.0/16"}},
		{"the primary's own region", map[string]string{"aws:region": "eu-central-1", "saleor:originShieldRegion": "eu-central-1"}, outputs,
			[]string{`aws:region: "eu-central-1" is also primary prod-eu's region`}},
		{"a region the primary does not replicate to", map[string]string{"aws:region": "eu-north-1", "saleor:originShieldRegion": "eu-west-2"}, outputs,
			[]string{`aws:region: "eu-north-1" is not in primary prod-eu's saleor:replicaRegions`}},
		{"another environment", map[string]string{"saleor:environment": "staging", "saleor:sizing": "75"}, outputs,
			[]string{`saleor:environment: "staging", but primary prod-eu is "production"`}},
		{"a primary output missing", nil, withoutDatabase,
			[]string{`saleor:primaryStack: prod-eu exports no "databaseArn"`}},
		{"itself as its primary", map[string]string{"saleor:primaryStack": "prod-benelux"}, outputs,
			[]string{`saleor:primaryStack: "prod-benelux" is this stack`}},
		{"API-only with storefront settings", map[string]string{"saleor:apiOnly": "true"}, outputs,
			[]string{"saleor:storefront: is set: an API-only stack", "saleor:regionalDomains: [nl be]: an API-only", "saleor:languagePrefixes"}},
		{"a primary's keys", map[string]string{"saleor:domain": "shop.example.com", "saleor:manageAccountSecurity": "true", "saleor:postgresVersion": "16"}, outputs,
			[]string{"saleor:domain: is set on a regional stack", "saleor:manageAccountSecurity: is true on a regional stack",
				"saleor:postgresVersion: is set on a regional stack"}},
		{"the primary's region as secondary", map[string]string{"saleor:secondaryRegion": "eu-central-1", "saleor:secondaryVpcCidr": "10.31.0.0/16"}, outputs,
			[]string{`saleor:secondaryRegion: "eu-central-1" is primary prod-eu's region`}},
		{"a secondary the primary does not replicate to", map[string]string{"saleor:secondaryRegion": "eu-north-1", "saleor:secondaryVpcCidr": "10.31.0.0/16"}, outputs,
			[]string{`saleor:secondaryRegion: "eu-north-1" is not in primary prod-eu's saleor:replicaRegions`}},
		{"a secondary VPC overlapping the primary's", map[string]string{"saleor:secondaryRegion": "us-east-2", "saleor:secondaryVpcCidr": "10.10.128.0/17"}, outputs,
			[]string{"saleor:secondaryVpcCidr: 10.10.128.0/17 overlaps primary prod-eu's VPC 10.10.0.0/16"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := runRegional(t, c.change, c.outputs)
			if err == nil {
				t.Fatal("accepted")
			}
			var ce stacks.ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("not a configuration error: %v", err)
			}
			for _, want := range c.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%q not in:\n%v", want, err)
				}
			}
		})
	}
}
