package cache_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/components/cache"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

// setup is what one stack's caches must look like.
type setup struct {
	name             string
	args             func(*testing.T) cache.CacheArgs
	class            string
	nodes            int
	multiAZ          bool
	sessionSnapshots int
	protected        bool
}

var setups = []setup{
	{name: "prod-eu", args: production, class: "cache.m7g.large", nodes: 2, multiAZ: true, sessionSnapshots: 7, protected: true},
	{name: "staging", args: staging, class: "cache.m7g.large", nodes: 1, multiAZ: false, sessionSnapshots: 3},
}

var evictionPolicy = map[cache.Role]string{cache.API: "allkeys-lru", cache.Sessions: "volatile-lru", cache.Content: "allkeys-lru"}

func TestReplicationGroups(t *testing.T) {
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			inv := mustDeploy(t, s.args(t))
			if n := len(inv.OfType(groupType)); n != 3 {
				t.Fatalf("%d replication groups, want one per role", n)
			}
			subnetGroup := harnesstest.Named(t, inv, subnetsType, "cache-subnets")
			check(t, "subnet group subnets", subnetGroup.Strings("subnetIds"), subnets)
			for _, role := range cache.Roles() {
				g := harnesstest.Named(t, inv, groupType, "cache-"+string(role))
				token := harnesstest.Named(t, inv, passwordType, "cache-"+string(role)+"-auth-token")
				params := harnesstest.Named(t, inv, paramsType, "cache-"+string(role))
				slowLog := harnesstest.Named(t, inv, logGroupType, "cache-"+string(role)+"-slow-log")
				snapshots := 0
				if role == cache.Sessions {
					snapshots = s.sessionSnapshots
				}
				finalSnapshot := ""
				if role == cache.Sessions && s.protected {
					finalSnapshot = "saleor-test-sessions-final"
				}
				for _, c := range []struct {
					what      string
					got, want any
				}{
					{"replicationGroupId", g.String("replicationGroupId"), "saleor-test-" + string(role)},
					{"engine", g.String("engine"), "valkey"},
					{"engineVersion", g.String("engineVersion"), "8.1"},
					{"nodeType", g.String("nodeType"), s.class},
					{"clusterMode", g.String("clusterMode"), "disabled"},
					{"numCacheClusters", g.Number("numCacheClusters"), s.nodes},
					{"automaticFailoverEnabled", g.Bool("automaticFailoverEnabled"), s.multiAZ},
					{"multiAzEnabled", g.Bool("multiAzEnabled"), s.multiAZ},
					{"port", g.Number("port"), 6379},
					{"subnetGroupName", g.String("subnetGroupName"), subnetGroup.ID},
					{"securityGroupIds", g.Strings("securityGroupIds"), []string{securityGroup}},
					{"parameterGroupName", g.String("parameterGroupName"), params.ID},
					{"atRestEncryptionEnabled", g.Bool("atRestEncryptionEnabled"), true},
					{"kmsKeyId", g.String("kmsKeyId"), cacheKey},
					{"transitEncryptionEnabled", g.Bool("transitEncryptionEnabled"), true},
					{"transitEncryptionMode", g.String("transitEncryptionMode"), "required"},
					{"authToken is the generated token", g.String("authToken") == token.Output("result"), true},
					{"authToken secret", g.Inputs["authToken"].IsSecret(), true},
					{"autoMinorVersionUpgrade", g.Bool("autoMinorVersionUpgrade"), true},
					{"maintenanceWindow", g.String("maintenanceWindow"), "sun:05:00-sun:06:00"},
					{"snapshotRetentionLimit", g.Number("snapshotRetentionLimit"), snapshots},
					{"snapshotWindow", g.String("snapshotWindow"), map[bool]string{true: "03:00-04:00"}[snapshots > 0]},
					{"finalSnapshotIdentifier", g.String("finalSnapshotIdentifier"), finalSnapshot},
					{"slow log destination", g.String("logDeliveryConfigurations[0].destination"), slowLog.String("name")},
					{"slow log destinationType", g.String("logDeliveryConfigurations[0].destinationType"), "cloudwatch-logs"},
					{"slow log logType", g.String("logDeliveryConfigurations[0].logType"), "slow-log"},
					{"slow log logFormat", g.String("logDeliveryConfigurations[0].logFormat"), "json"},
					{"parameter group family", params.String("family"), "valkey8"},
					{"maxmemory-policy", params.String("parameters[0].name") + "=" + params.String("parameters[0].value"), "maxmemory-policy=" + evictionPolicy[role]},
					{"slow log group name", slowLog.String("name"), "/saleor/test/cache/" + string(role) + "/slow-log"},
					{"slow log group kmsKeyId", slowLog.String("kmsKeyId"), logsKey},
					{"slow log group retention", slowLog.Number("retentionInDays"), logDays},
					{"protect", g.Protect, s.protected},
					{"token protect", token.Protect, s.protected},
					{"region", g.Region, region},
					{"Role tag", g.Tags()["Role"], string(role)},
				} {
					check(t, g.Name+" "+c.what, c.got, c.want)
				}
			}
		})
	}
}

// TestAuthTokensFollowAWSRules checks the token generator's inputs and the generated tokens
// against ElastiCache's AUTH rules: 16-128 printable characters, specials only !&#$^<>-.
func TestAuthTokensFollowAWSRules(t *testing.T) {
	inv := mustDeploy(t, production(t))
	tokens := inv.OfType(passwordType)
	if len(tokens) != 3 {
		t.Fatalf("%d tokens, want one per role", len(tokens))
	}
	seen := map[string]bool{}
	for _, p := range tokens {
		check(t, p.Name+" overrideSpecial", p.String("overrideSpecial"), "!&#$^<>-")
		if n := p.Number("length"); n < 16 || n > 128 {
			t.Errorf("%s: length %v outside 16-128", p.Name, n)
		}
		token := p.Output("result")
		for _, c := range token {
			alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
			if !alnum && !strings.ContainsRune("!&#$^<>-", c) {
				t.Errorf("%s: token holds %q", p.Name, c)
			}
		}
		if seen[token] {
			t.Errorf("%s: two roles share a token", p.Name)
		}
		seen[token] = true
	}
}

func TestURLAndTokenSecrets(t *testing.T) {
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			inv := mustDeploy(t, s.args(t))
			for _, role := range cache.Roles() {
				rn := "cache-" + string(role)
				token := harnesstest.Named(t, inv, passwordType, rn+"-auth-token").Output("result")
				for _, name := range []string{rn + "-url", rn + "-auth-token"} {
					secret := harnesstest.Named(t, inv, secretType, name)
					check(t, name+" kmsKeyId", secret.String("kmsKeyId"), secretsKey)
					check(t, name+" protect", secret.Protect, s.protected)
					check(t, name+" version secretId", harnesstest.Named(t, inv, versionType, name).String("secretId"), secret.ID)
				}
				check(t, rn+" token secret holds the token", harnesstest.Named(t, inv, versionType, rn+"-auth-token").String("secretString") == token, true)
				raw := harnesstest.Named(t, inv, versionType, rn+"-url").String("secretString")
				u, err := url.Parse(raw)
				if err != nil {
					t.Fatalf("%s url: %v", rn, err)
				}
				pw, _ := u.User.Password()
				check(t, rn+" url scheme", u.Scheme, "rediss")
				check(t, rn+" url user", u.User.Username(), "")
				check(t, rn+" url token", pw == token, true)
				check(t, rn+" url host", u.Host, harnesstest.Named(t, inv, groupType, rn).Output("primaryEndpointAddress")+":6379")
				check(t, rn+" url path", u.Path, "/0")
				check(t, rn+" url shape", strings.HasPrefix(raw, "rediss://:") && strings.HasSuffix(raw, ":6379/0"), true)
			}
		})
	}
}

// TestTTLParameters checks the TTL strategy the application receives: sessions 24 h,
// content and API 1 h by default, overridable per role.
func TestTTLParameters(t *testing.T) {
	inv := mustDeploy(t, production(t))
	for role, seconds := range map[cache.Role]string{cache.API: "3600", cache.Sessions: "86400", cache.Content: "3600"} {
		p := harnesstest.Named(t, inv, parameterType, "cache-"+string(role)+"-ttl")
		check(t, string(role)+" TTL name", p.String("name"), "/saleor/test/cache/"+string(role)+"/ttl-seconds")
		check(t, string(role)+" TTL type", p.String("type"), "String")
		check(t, string(role)+" TTL value", p.String("insecureValue"), seconds)
		check(t, string(role)+" TTL region", p.Region, region)
	}
	args := production(t)
	args.TTLSeconds = map[cache.Role]int{cache.Content: 900}
	args.ParameterPrefix = ""
	custom := mustDeploy(t, args)
	check(t, "overridden content TTL", harnesstest.Named(t, custom, parameterType, "cache-content-ttl").String("insecureValue"), "900")
	check(t, "kept sessions TTL", harnesstest.Named(t, custom, parameterType, "cache-sessions-ttl").String("insecureValue"), "86400")
	check(t, "default parameter prefix", harnesstest.Named(t, custom, parameterType, "cache-api-ttl").String("name"), "/saleor-test/cache/api/ttl-seconds")
}

func TestDefaults(t *testing.T) {
	for _, s := range setups {
		args := s.args(t)
		args.NodesPerRole, args.EngineVersion, args.SessionSnapshotRetentionDays = 0, "", 0
		inv := mustDeploy(t, args)
		g := harnesstest.Named(t, inv, groupType, "cache-sessions")
		check(t, s.name+" default nodes", g.Number("numCacheClusters"), s.nodes)
		check(t, s.name+" default engineVersion", g.String("engineVersion"), "8.1")
		check(t, s.name+" default session snapshots", g.Number("snapshotRetentionLimit"), 7)
	}
	args := production(t)
	args.HA = ""
	check(t, "default HA", harnesstest.Named(t, mustDeploy(t, args), groupType, "cache-api").Bool("multiAzEnabled"), true)
}

func TestPreview(t *testing.T) {
	inv, err := deploy(t, production(t), harness.Preview())
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Preview {
		t.Fatal("not a preview")
	}
	for _, role := range cache.Roles() {
		g := harnesstest.Named(t, inv, groupType, "cache-"+string(role))
		check(t, g.Name+" atRestEncryptionEnabled in preview", g.Bool("atRestEncryptionEnabled"), true)
		check(t, g.Name+" kmsKeyId in preview", g.String("kmsKeyId"), cacheKey)
		if !g.Inputs["authToken"].IsSecret() {
			t.Errorf("%s authToken in preview is not secret", g.Name)
		}
	}
}
