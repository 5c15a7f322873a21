package stacks

import (
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

// valid is a minimal valid production configuration; each case changes it.
var valid = map[string]string{
	"saleor:environment":      "production",
	"aws:region":              "eu-central-1",
	"saleor:secondaryRegion":  "eu-west-1",
	"saleor:domain":           "example.com",
	"saleor:costCenter":       "cc-1",
	"saleor:owner":            "team@example.com",
	"saleor:imageTag":         "3.21.4",
	"saleor:storefront":       `{"hosting": "external", "origin": "shop.vercel.app"}`,
	"saleor:alertRecipients":  `{"critical": {"emails": ["oncall@example.com"]}}`,
	"saleor:monthlyBudgetUsd": "1000",
}

// parse reads valid with change applied (an empty value unsets a key), after Pulumi.yaml's
// declared defaults, as the Pulumi CLI passes them, as stack "test".
func parse(t *testing.T, change map[string]string) (*Config, error) {
	t.Helper()
	return parseStack(t, "test", change)
}

// parseStack is parse as stack name (a demo stack must be named demo-<client>).
func parseStack(t *testing.T, name string, change map[string]string) (*Config, error) {
	t.Helper()
	cfg := declaredDefaults(t)
	for k, v := range valid {
		cfg[k] = v
	}
	for k, v := range change {
		if v == "" {
			delete(cfg, k)
		} else {
			cfg[k] = v
		}
	}
	c, _, err := parseConfig(configInput{project: "saleor", stack: name, lookup: func(k string) string { return cfg[k] }, isSecret: isSecret})
	return c, err
}

// isSecret treats the keys documented as secret as set with --secret.
func isSecret(key string) bool {
	for _, k := range OptionalKeys {
		if k.Key == key {
			return k.Secret
		}
	}
	return false
}

// declaredDefaults returns Pulumi.yaml's declared defaults by full key.
func declaredDefaults(t *testing.T) map[string]string {
	t.Helper()
	decls, err := harness.DeclaredConfig()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range decls {
		if d.Default != "" {
			out[d.Key] = d.Default
		}
	}
	return out
}

func TestValidConfigDefaults(t *testing.T) {
	c, err := parse(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Sizes.Percent != 100 || c.HA != "multi-az" || c.AZCount != 3 || c.VpcCIDR.String() != "10.0.0.0/16" {
		t.Errorf("production defaults: sizing %d, ha %s, zones %d, cidr %s", c.Sizes.Percent, c.HA, c.AZCount, c.VpcCIDR)
	}
	for env, want := range map[string]int{"staging": 75, "qa": 50, "development": 50, "demo": 25} {
		c, err := parseStack(t, env+"-test", map[string]string{"saleor:environment": env})
		if err != nil {
			t.Fatal(err)
		}
		if c.Sizes.Percent != want || c.HA != "single-az" || c.AZCount != 2 {
			t.Errorf("%s defaults: sizing %d, ha %s, zones %d", env, c.Sizes.Percent, c.HA, c.AZCount)
		}
	}
}

// TestEachBadInputNamesItsKey: every rejected input produces an error naming its key and
// what is allowed.
func TestEachBadInputNamesItsKey(t *testing.T) {
	tests := []struct {
		name   string
		change map[string]string
		key    string
		says   string
	}{
		{"unknown environment", map[string]string{"saleor:environment": "prod"}, "saleor:environment", `"production", "staging", "qa", "development" or "demo"`},
		{"missing environment", map[string]string{"saleor:environment": ""}, "saleor:environment", "is required"},
		{"sizing not offered", map[string]string{"saleor:sizing": "60"}, "saleor:sizing", `"25", "50", "75" or "100"`},
		{"sizing not a number", map[string]string{"saleor:sizing": "full"}, "saleor:sizing", "not a whole number"},
		{"production single-az", map[string]string{"saleor:ha": "single-az"}, "saleor:ha", `production must be "multi-az"`},
		{"unknown ha", map[string]string{"saleor:ha": "triple"}, "saleor:ha", `"single-az" or "multi-az"`},
		{"not a region", map[string]string{"aws:region": "eu-amsterdam-1"}, "aws:region", "not an AWS region"},
		{"missing region", map[string]string{"aws:region": ""}, "aws:region", "is required"},
		{"secondary not a region", map[string]string{"saleor:secondaryRegion": "mars-1"}, "saleor:secondaryRegion", "not an AWS region"},
		{"secondary equals primary", map[string]string{"saleor:secondaryRegion": "eu-central-1"}, "saleor:secondaryRegion", "must be another region"},
		{"production without DR", map[string]string{"saleor:secondaryRegion": ""}, "saleor:secondaryRegion", "required in production"},
		{"too few zones", map[string]string{"saleor:availabilityZones": "1"}, "saleor:availabilityZones", "at least 2"},
		{"more zones than the region has", map[string]string{"saleor:availabilityZones": "4"}, "saleor:availabilityZones", "at most 3"},
		{"production on two zones", map[string]string{"saleor:availabilityZones": "2"}, "saleor:availabilityZones", "production uses 3"},
		{"malformed CIDR", map[string]string{"saleor:vpcCidr": "10.0.0.0/33"}, "saleor:vpcCidr", "not a CIDR block"},
		{"public CIDR", map[string]string{"saleor:vpcCidr": "8.8.0.0/16"}, "saleor:vpcCidr", "RFC 1918"},
		{"CIDR too small", map[string]string{"saleor:vpcCidr": "10.0.0.0/24"}, "saleor:vpcCidr", "/16, /17 or /18"},
		{"overlapping CIDRs", map[string]string{"saleor:vpcCidr": "10.1.0.0/16"}, "saleor:secondaryVpcCidr", "overlaps"},
		{"bad domain", map[string]string{"saleor:domain": "not a domain"}, "saleor:domain", "not a DNS name"},
		{"bad regional label", map[string]string{"saleor:regionalDomains": `["nl", "B E"]`}, "saleor:regionalDomains", `"B E" is not a DNS label`},
		{"missing cost center", map[string]string{"saleor:costCenter": ""}, "saleor:costCenter", "CostCenter tag"},
		{"missing owner", map[string]string{"saleor:owner": ""}, "saleor:owner", "Owner tag"},
		{"bad boolean", map[string]string{"saleor:manageAccountSecurity": "maybe"}, "saleor:manageAccountSecurity", "not true or false"},
		{"unknown postgres version", map[string]string{"saleor:postgresVersion": "15"}, "saleor:postgresVersion", `"16" or "17"`},
		{"more replicas than allowed", map[string]string{"saleor:dbReplicaCount": "6"}, "saleor:dbReplicaCount", "allowed 0 to 5"},
		{"retention below the environment's minimum", map[string]string{"saleor:backupRetentionDays": "7"}, "saleor:backupRetentionDays", "production keeps backups 30 to 35 days"},
		{"retention above point-in-time recovery", map[string]string{"saleor:backupRetentionDays": "60"}, "saleor:backupRetentionDays", "30 to 35"},
		{"unlocked production vault", map[string]string{"saleor:backupVaultLock": "none"}, "saleor:backupVaultLock", "production locks"},
		{"compliance lock outside production", map[string]string{"saleor:environment": "staging", "saleor:backupVaultLock": "compliance"}, "saleor:backupVaultLock", "kept for production"},
		{"latest image", map[string]string{"saleor:imageTag": "latest"}, "saleor:imageTag", "not a release"},
		{"no image", map[string]string{"saleor:imageTag": ""}, "saleor:imageTag", "set Tag or Digest"},
		{"unknown deployment", map[string]string{"saleor:apiDeployment": "canary"}, "saleor:apiDeployment", `"blue-green" or "rolling"`},
		{"task size out of range", map[string]string{"saleor:taskSizes": `{"webhooks": {"cpu": 100, "memory": 512}}`}, "saleor:taskSizes", "webhooks: cpu 100, memory 512; want cpu 256-16384"},
		{"task size of an unknown service", map[string]string{"saleor:taskSizes": `{"scheduler": {"cpu": 256, "memory": 512}}`}, "saleor:taskSizes", `unknown field "scheduler"`},
		{"app secret not an ARN", map[string]string{"saleor:appSecrets": `{"EMAIL_URL": "smtp://user:pw@mail"}`}, "saleor:appSecrets", "not a Secrets Manager secret"},
		{"bad zone ID", map[string]string{"saleor:hostedZoneId": "zone-1"}, "saleor:hostedZoneId", "not a Route 53 hosted zone ID"},
		{"unknown price class", map[string]string{"saleor:cdnPriceClass": "PriceClass_50"}, "saleor:cdnPriceClass", "PriceClass_100"},
		{"rate limit too low", map[string]string{"saleor:wafRateLimit": "5"}, "saleor:wafRateLimit", "10 to 2000000000"},
		{"bad language", map[string]string{"saleor:languagePrefixes": `["nl", "dutch"]`}, "saleor:languagePrefixes", `"dutch"`},
		{"regional domain taken", map[string]string{"saleor:regionalDomains": `["api"]`}, "saleor:regionalDomains", "is taken"},
		{"region without origin shield", map[string]string{"aws:region": "eu-west-3"}, "saleor:originShieldRegion", "hosts no CloudFront Origin Shield"},
		{"origin shield elsewhere", map[string]string{"saleor:originShieldRegion": "eu-north-1"}, "saleor:originShieldRegion", `"eu-west-2"`},
		{"no storefront", map[string]string{"saleor:storefront": ""}, "saleor:storefront", "is required"},
		{"storefront typo", map[string]string{"saleor:storefront": `{"hosting": "external", "orign": "x.vercel.app"}`}, "saleor:storefront", "unknown field"},
		{"unknown hosting", map[string]string{"saleor:storefront": `{"hosting": "netlify"}`}, "saleor:storefront", `"amplify" or "external"`},
		{"amplify without token", map[string]string{"saleor:storefront": `{"hosting": "amplify", "repository": "https://github.com/acme/storefront"}`}, "saleor:amplifyAccessToken", "is required"},
		{"bad e-mail", map[string]string{"saleor:alertRecipients": `{"critical": {"emails": ["oncall"]}}`}, "saleor:alertRecipients", "not an e-mail address"},
		{"bad phone", map[string]string{"saleor:alertRecipients": `{"critical": {"sms": ["0612345678"]}}`}, "saleor:alertRecipients", "E.164"},
		{"unknown priority", map[string]string{"saleor:alertRecipients": `{"urgent": {}}`}, "saleor:alertRecipients", `"urgent" is not a priority`},
		{"production without critical recipient", map[string]string{"saleor:alertRecipients": `{"high": {"emails": ["a@example.com"]}}`}, "saleor:alertRecipients", "needs a critical recipient"},
		{"half a slack route", map[string]string{"saleor:slack": `{"workspaceId": "T0123"}`}, "saleor:slack", "must both be set"},
		{"no budget", map[string]string{"saleor:monthlyBudgetUsd": ""}, "saleor:monthlyBudgetUsd", "is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { expectProblem(t, tt.change, tt.key, tt.says) })
	}
}

// expectProblem checks that the stack file changed by change is refused with a problem of
// key whose message says says.
func expectProblem(t *testing.T, change map[string]string, key, says string) {
	t.Helper()
	_, err := parse(t, change)
	problems, ok := err.(ConfigError)
	if !ok {
		t.Fatalf("got %v, want a ConfigError", err)
	}
	for _, p := range problems {
		if p.Key == key && strings.Contains(p.Message, says) {
			return
		}
	}
	t.Errorf("no problem for %s saying %q in:\n%v", key, says, err)
}

// TestAllProblemsAtOnce: several bad inputs are all reported together.
func TestAllProblemsAtOnce(t *testing.T) {
	_, err := parse(t, map[string]string{
		"saleor:sizing":          "60",
		"saleor:ha":              "single-az",
		"saleor:secondaryRegion": "eu-central-1",
		"saleor:vpcCidr":         "banana",
		"saleor:owner":           "",
	})
	problems, _ := err.(ConfigError)
	var keys []string
	for _, p := range problems {
		keys = append(keys, p.Key)
	}
	sort.Strings(keys)
	want := []string{"saleor:ha", "saleor:owner", "saleor:secondaryRegion", "saleor:sizing", "saleor:vpcCidr"}
	if !slices.Equal(keys, want) {
		t.Errorf("problems for %v, want %v:\n%v", keys, want, err)
	}
	if !strings.Contains(err.Error(), "5 problems") {
		t.Errorf("message does not count the problems: %v", err)
	}
}

// TestEveryKeyIsDocumentedOnce: every key the program reads is either declared in
// Pulumi.yaml (required, or with one static default) or documented in OptionalKeys, never
// both; and every stack file sets only keys the program reads.
func TestEveryKeyIsDocumentedOnce(t *testing.T) {
	cfg := declaredDefaults(t)
	maps.Copy(cfg, valid)
	_, asked, err := parseConfig(configInput{project: "saleor", stack: "test", lookup: func(k string) string { return cfg[k] }, isSecret: isSecret})
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{}
	for _, k := range asked {
		read[k] = true
	}
	declared, err := harness.DeclaredConfig()
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]string{}
	for _, d := range declared {
		documented[d.Key] = "Pulumi.yaml"
		if d.Secret && d.Default == "" {
			t.Errorf("Pulumi.yaml declares secret %s: the CLI would require it in every stack", d.Key)
		}
	}
	for _, k := range OptionalKeys {
		if where, twice := documented[k.Key]; twice {
			t.Errorf("%s is documented in OptionalKeys and in %s", k.Key, where)
		}
		documented[k.Key] = "OptionalKeys"
	}
	for k, where := range documented {
		if !read[k] {
			t.Errorf("%s documents %s, which the program never reads", where, k)
		}
		delete(read, k)
	}
	delete(read, "aws:region") // the provider's key, documented by pulumi-aws
	for k := range read {
		t.Errorf("the program reads %s, which neither Pulumi.yaml nor OptionalKeys documents", k)
	}

	stacks, err := harness.StackNames()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range stacks {
		s, err := harness.LoadStack(name)
		if err != nil {
			t.Fatal(err)
		}
		for k := range s.Config {
			if !slices.Contains(asked, k) {
				t.Errorf("Pulumi.%s.yaml sets %s, which the program never reads (a typo?)", name, k)
			}
		}
	}
}

// TestDeclaredDefaultsLiveOnlyInPulumiYaml: Pulumi.yaml is the one place a declared default
// lives. Unsetting a declared key either reads as that default (its zero value is the
// default, e.g. [] or false) or is reported as not set: the program never substitutes a
// default of its own that could drift from the declared one.
func TestDeclaredDefaultsLiveOnlyInPulumiYaml(t *testing.T) {
	decls, err := harness.DeclaredConfig()
	if err != nil {
		t.Fatal(err)
	}
	base, err := parse(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range decls {
		if _, set := valid[d.Key]; d.Default == "" || set {
			continue
		}
		cfg := declaredDefaults(t)
		maps.Copy(cfg, valid)
		delete(cfg, d.Key)
		got, _, err := parseConfig(configInput{project: "saleor", stack: "test", lookup: func(k string) string { return cfg[k] }, isSecret: isSecret})
		switch {
		case err != nil:
			if !strings.Contains(err.Error(), d.Key+": is not set") {
				t.Errorf("%s unset: %v", d.Key, err)
			}
		case !reflect.DeepEqual(got, base):
			t.Errorf("%s unset reads differently from its declared default %s: the program has a default of its own", d.Key, d.Default)
		}
	}
}
