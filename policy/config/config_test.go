package config_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/saleor-platform/infra/policy/config"
	"github.com/saleor-platform/infra/policy/engine"
	"github.com/saleor-platform/infra/policy/rules"
)

var environments = []string{"demo", "development", "production", "qa", "staging"}

// TestEveryFileResolves: each file parses, names only policies of the pack, and its
// properties validate against the policies' ConfigSchemas (engine.Resolve checks all three).
func TestEveryFileResolves(t *testing.T) {
	if got := config.Environments(); len(got) != len(environments) {
		t.Fatalf("environments = %v, want %v", got, environments)
	}
	for _, env := range environments {
		if _, err := resolve(t, env); err != nil {
			t.Errorf("%s: %v", env, err)
		}
	}
}

func resolve(t *testing.T, env string) (map[string]policyx.PolicyConfig, error) {
	t.Helper()
	c, err := config.ForEnvironment(env)
	if err != nil {
		t.Fatal(err)
	}
	return engine.Resolve(rules.Policies(), c)
}

func TestProductionIsStrict(t *testing.T) {
	resolved, err := resolve(t, "production")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		// multi-AZ
		"rds-multi-az", "elasticache-multi-az", "opensearch-multi-az", "ecs-service-multi-az", "lb-multi-az", "nat-gateway-per-az",
		// encryption at rest and in transit
		"rds-storage-encrypted-cmk", "elasticache-encrypted-at-rest-cmk", "elasticache-encrypted-in-transit",
		"s3-bucket-encryption-cmk", "s3-bucket-tls-only", "sqs-queue-cmk", "sns-topic-cmk", "log-group-cmk",
		"lb-listener-tls13-policy", "cloudfront-viewer-tls",
		// data protection
		"stateful-resources-protected", "rds-deletion-protection",
	} {
		if got := resolved[name].EnforcementLevel; got != policyx.EnforcementLevelMandatory {
			t.Errorf("production: %s is %s, want mandatory", name, engine.LevelName(got))
		}
	}
	if days := resolved["log-group-retention"].Properties["minRetentionDays"]; days != float64(90) {
		t.Errorf("production log retention = %v, want 90", days)
	}
	if days := resolved["rds-backup-retention"].Properties["minBackupRetentionDays"]; days != float64(30) {
		t.Errorf("production backup retention = %v, want 30", days)
	}
}

func TestOtherEnvironmentsRelaxHAAndProtection(t *testing.T) {
	for _, env := range []string{"staging", "qa", "development", "demo"} {
		resolved, err := resolve(t, env)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"rds-multi-az", "elasticache-multi-az", "opensearch-multi-az", "nat-gateway-per-az", "stateful-resources-protected"} {
			if resolved[name].EnforcementLevel == policyx.EnforcementLevelMandatory {
				t.Errorf("%s: %s is mandatory, want advisory or disabled", env, name)
			}
		}
		if resolved["rds-storage-encrypted-cmk"].EnforcementLevel != policyx.EnforcementLevelMandatory {
			t.Errorf("%s: encryption must stay mandatory", env)
		}
	}
}

func TestUnknownEnvironment(t *testing.T) {
	if _, err := config.ForEnvironment("prod"); err == nil {
		t.Error("want an error for an environment without a file")
	}
}
