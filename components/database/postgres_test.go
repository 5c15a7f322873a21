package database_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/saleor-platform/infra/components/database"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

// setup is what one stack's database must look like.
type setup struct {
	name                  string
	args                  func(*testing.T) database.PostgresArgs
	version, class        string
	replicaClass          string
	storage, maxStorage   int
	multiAZ               bool
	replicas, retention   int
	protected, continuous bool
}

var setups = []setup{
	{name: "prod-eu", args: production, version: "17", class: "db.m7g.2xlarge", replicaClass: "db.m7g.xlarge",
		storage: 500, maxStorage: 1000, multiAZ: true, replicas: 2, retention: 30, protected: true, continuous: true},
	{name: "staging", args: staging, version: "16", class: "db.r7g.xlarge", replicaClass: "db.r7g.large",
		storage: 375, maxStorage: 750, multiAZ: false, replicas: 0, retention: 14},
}

func TestPrimary(t *testing.T) {
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			inv := mustDeploy(t, s.args(t), nil)
			p := harnesstest.Named(t, inv, instanceType, "database-primary")
			for _, c := range []struct {
				what      string
				got, want any
			}{
				{"identifier", p.String("identifier"), "saleor-test-postgres"},
				{"engine", p.String("engine"), "postgres"},
				{"engineVersion", p.String("engineVersion"), s.version},
				{"autoMinorVersionUpgrade", p.Bool("autoMinorVersionUpgrade"), true},
				{"instanceClass", p.String("instanceClass"), s.class},
				{"allocatedStorage", p.Number("allocatedStorage"), s.storage},
				{"maxAllocatedStorage", p.Number("maxAllocatedStorage"), s.maxStorage},
				{"storageType", p.String("storageType"), "gp3"},
				{"multiAz", p.Bool("multiAz"), s.multiAZ},
				{"publiclyAccessible", p.Has("publiclyAccessible") && !p.Bool("publiclyAccessible"), true},
				{"vpcSecurityGroupIds", p.Strings("vpcSecurityGroupIds"), []string{securityGroup}},
				{"storageEncrypted", p.Bool("storageEncrypted"), true},
				{"kmsKeyId", p.String("kmsKeyId"), databaseKey},
				{"performanceInsightsEnabled", p.Bool("performanceInsightsEnabled"), true},
				{"performanceInsightsKmsKeyId", p.String("performanceInsightsKmsKeyId"), databaseKey},
				{"monitoringInterval", p.Number("monitoringInterval"), 60},
				{"enabledCloudwatchLogsExports", p.Strings("enabledCloudwatchLogsExports"), []string{"postgresql", "upgrade"}},
				{"iamDatabaseAuthenticationEnabled", p.Bool("iamDatabaseAuthenticationEnabled"), true},
				{"copyTagsToSnapshot", p.Bool("copyTagsToSnapshot"), true},
				{"backupRetentionPeriod", p.Number("backupRetentionPeriod"), s.retention},
				{"backupWindow", p.String("backupWindow"), "01:00-02:00"},
				{"maintenanceWindow", p.String("maintenanceWindow"), "sun:02:30-sun:03:30"},
				{"username", p.String("username"), "saleor"},
				{"dbName", p.String("dbName"), "saleor"},
				{"manageMasterUserPassword", p.Has("manageMasterUserPassword"), false},
				{"deletionProtection", p.Bool("deletionProtection"), s.protected},
				{"skipFinalSnapshot", p.Bool("skipFinalSnapshot"), !s.protected},
				{"finalSnapshotIdentifier", p.String("finalSnapshotIdentifier"), map[bool]string{true: "saleor-test-postgres-final"}[s.protected]},
				{"deleteAutomatedBackups", p.Has("deleteAutomatedBackups") && !p.Bool("deleteAutomatedBackups"), s.protected},
				{"protect", p.Protect, s.protected},
				{"ignoreChanges backupRetentionPeriod", slices.Contains(p.IgnoreChanges, "backupRetentionPeriod"), s.continuous},
				{"region", p.Region, primaryRegion},
				{"Role tag", p.Tags()["Role"], "primary"},
			} {
				check(t, c.what, c.got, c.want)
			}
		})
	}
}

func TestPrimaryPasswordIsGeneratedAndSecret(t *testing.T) {
	inv := mustDeploy(t, production(t), nil)
	p := harnesstest.Named(t, inv, instanceType, "database-primary")
	pw := harnesstest.Named(t, inv, passwordType, "database-master-password")
	if !p.Inputs["password"].IsSecret() {
		t.Error("the primary's password input is not secret")
	}
	if got := p.String("password"); got == "" || got != pw.Output("result") {
		t.Errorf("password is not the generated one")
	}
	check(t, "password length", pw.Number("length"), 40)
	for _, c := range pw.String("overrideSpecial") {
		if c == '/' || c == '@' || c == '"' || c == '\'' || c == ' ' {
			t.Errorf("password may contain %q, which RDS refuses", c)
		}
	}
	check(t, "password protect", pw.Protect, true)
}

func TestSubnetGroupAndSecurityGroup(t *testing.T) {
	inv := mustDeploy(t, production(t), nil)
	p := harnesstest.Named(t, inv, instanceType, "database-primary")
	g := harnesstest.Named(t, inv, subnetsType, "database-subnets")
	check(t, "subnetIds", g.Strings("subnetIds"), subnets)
	check(t, "dbSubnetGroupName", p.String("dbSubnetGroupName"), g.ID)
	check(t, "subnet group region", g.Region, primaryRegion)
}

func TestParameterGroup(t *testing.T) {
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			inv := mustDeploy(t, s.args(t), nil)
			g := harnesstest.Named(t, inv, paramsType, "database-params")
			check(t, "family", g.String("family"), "postgres"+s.version)
			got := parameters(g)
			for name, want := range map[string]string{
				"rds.force_ssl":              "1/immediate",
				"log_min_duration_statement": "1000/immediate",
				"log_connections":            "1/immediate",
				"log_disconnections":         "1/immediate",
				"log_lock_waits":             "1/immediate",
				"log_temp_files":             "10240/immediate",
				"shared_preload_libraries":   "pg_stat_statements/pending-reboot",
			} {
				check(t, name, got[name], want)
			}
			for _, r := range inv.OfType(instanceType) {
				check(t, r.Name+" parameterGroupName", r.String("parameterGroupName"), g.ID)
			}
		})
	}
}

func TestEnhancedMonitoringRole(t *testing.T) {
	inv := mustDeploy(t, production(t), nil)
	role := harnesstest.Named(t, inv, roleType, "database-monitoring")
	var trust struct {
		Statement []struct {
			Principal struct{ Service []string }
			Action    []string
		}
	}
	if err := role.JSON("assumeRolePolicy", &trust); err != nil {
		t.Fatal(err)
	}
	if len(trust.Statement) != 1 || !slices.Equal(trust.Statement[0].Principal.Service, []string{"monitoring.rds.amazonaws.com"}) {
		t.Errorf("trust policy = %+v", trust)
	}
	att := harnesstest.Named(t, inv, attachmentType, "database-monitoring")
	check(t, "policyArn", att.String("policyArn"), "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole")
	check(t, "attached role", att.String("role"), role.ID)
	for _, r := range inv.OfType(instanceType) {
		check(t, r.Name+" monitoringRoleArn", r.String("monitoringRoleArn"), role.Output("arn"))
		if !slices.Contains(r.Dependencies, att.URN) {
			t.Errorf("%s does not wait for the monitoring policy attachment", r.Name)
		}
	}
}

func TestLogGroupsPrecreatedUnderRDSNames(t *testing.T) {
	inv := mustDeploy(t, production(t), nil)
	for _, r := range inv.OfType(instanceType) {
		for _, log := range []string{"postgresql", "upgrade"} {
			g := harnesstest.Named(t, inv, logGroupType, r.Name+"-"+log)
			check(t, g.Name+" name", g.String("name"), fmt.Sprintf("/aws/rds/instance/%s/%s", r.String("identifier"), log))
			check(t, g.Name+" kmsKeyId", g.String("kmsKeyId"), logsKey)
			check(t, g.Name+" retentionInDays", g.Number("retentionInDays"), logDays)
			check(t, g.Name+" region", g.Region, primaryRegion)
			if !slices.Contains(r.Dependencies, g.URN) {
				t.Errorf("%s is created before its log group %s", r.Name, g.String("name"))
			}
		}
	}
}

func TestReadReplicas(t *testing.T) {
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			inv := mustDeploy(t, s.args(t), nil)
			primary := harnesstest.Named(t, inv, instanceType, "database-primary")
			if n := len(inv.OfType(instanceType)); n != s.replicas+1 {
				t.Fatalf("%d instances, want the primary and %d replicas", n, s.replicas)
			}
			for n := 1; n <= s.replicas; n++ {
				r := harnesstest.Named(t, inv, instanceType, fmt.Sprintf("database-replica-%d", n))
				for _, c := range []struct {
					what      string
					got, want any
				}{
					{"identifier", r.String("identifier"), fmt.Sprintf("saleor-test-postgres-replica-%d", n)},
					{"replicateSourceDb", r.String("replicateSourceDb"), primary.Output("identifier")},
					{"instanceClass", r.String("instanceClass"), s.replicaClass},
					{"has username", r.Has("username"), false},
					{"has password", r.Has("password"), false},
					{"has dbName", r.Has("dbName"), false},
					{"performanceInsightsKmsKeyId", r.String("performanceInsightsKmsKeyId"), databaseKey},
					{"monitoringInterval", r.Number("monitoringInterval"), 60},
					{"maxAllocatedStorage", r.Number("maxAllocatedStorage"), s.maxStorage},
					{"vpcSecurityGroupIds", r.Strings("vpcSecurityGroupIds"), []string{securityGroup}},
					{"publiclyAccessible", r.Has("publiclyAccessible") && !r.Bool("publiclyAccessible"), true},
					{"iamDatabaseAuthenticationEnabled", r.Bool("iamDatabaseAuthenticationEnabled"), true},
					{"skipFinalSnapshot", r.Bool("skipFinalSnapshot"), true},
					{"deletionProtection", r.Bool("deletionProtection"), s.protected},
					{"protect", r.Protect, s.protected},
					{"region", r.Region, primaryRegion},
				} {
					check(t, r.Name+" "+c.what, c.got, c.want)
				}
			}
		})
	}
}

func TestConnectionURLSecrets(t *testing.T) {
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			inv := mustDeploy(t, s.args(t), nil)
			primary := harnesstest.Named(t, inv, instanceType, "database-primary")
			password := harnesstest.Named(t, inv, passwordType, "database-master-password").Output("result")
			readHost := primary.Output("address")
			if s.replicas > 0 {
				readHost = harnesstest.Named(t, inv, instanceType, "database-replica-1").Output("address")
			}
			for name, host := range map[string]string{"database-url": primary.Output("address"), "database-url-replica": readHost} {
				secret := harnesstest.Named(t, inv, secretType, name)
				check(t, name+" kmsKeyId", secret.String("kmsKeyId"), secretsKey)
				check(t, name+" protect", secret.Protect, s.protected)
				check(t, name+" version secretId", harnesstest.Named(t, inv, versionType, name).String("secretId"), secret.ID)
				u := parseURL(t, inv, name)
				pw, _ := u.User.Password()
				check(t, name+" scheme", u.Scheme, "postgres")
				check(t, name+" user", u.User.Username(), "saleor")
				check(t, name+" password", pw == password, true)
				check(t, name+" host", u.Host, host+":5432")
				check(t, name+" path", u.Path, "/saleor")
				check(t, name+" sslmode", u.Query().Get("sslmode"), "require")
			}
		})
	}
}

func TestMasterSecret(t *testing.T) {
	inv := mustDeploy(t, production(t), nil)
	var creds struct {
		Username, Password, Host, Dbname, Engine string
		Port                                     int
	}
	if err := harnesstest.Named(t, inv, versionType, "database-master").JSON("secretString", &creds); err != nil {
		t.Fatal(err)
	}
	primary := harnesstest.Named(t, inv, instanceType, "database-primary")
	check(t, "master secret", fmt.Sprint(creds.Username, creds.Host, creds.Port, creds.Dbname, creds.Engine),
		fmt.Sprint("saleor", primary.Output("address"), 5432, "saleor", "postgres"))
	check(t, "master secret password", creds.Password == harnesstest.Named(t, inv, passwordType, "database-master-password").Output("result"), true)
	check(t, "master secret kmsKeyId", harnesstest.Named(t, inv, secretType, "database-master").String("kmsKeyId"), secretsKey)
}

func TestEverythingInTheProvidersRegion(t *testing.T) {
	inv := mustDeploy(t, production(t), nil)
	for _, r := range inv.AWS() {
		if r.Region != primaryRegion {
			t.Errorf("%s %s runs in %q", r.Type, r.Name, r.Region)
		}
	}
}

func TestPreview(t *testing.T) {
	inv, err := deploy(t, production(t), withDR(t, 100), harness.Preview())
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Preview {
		t.Fatal("not a preview")
	}
	p := harnesstest.Named(t, inv, instanceType, "database-primary")
	check(t, "storageEncrypted in preview", p.Bool("storageEncrypted"), true)
	check(t, "kmsKeyId in preview", p.String("kmsKeyId"), databaseKey)
	check(t, "identifier in preview", p.String("identifier"), "saleor-test-postgres")
	check(t, "instances in preview", len(inv.OfType(instanceType)), 4)
	if v := p.Inputs["password"]; !v.IsSecret() {
		t.Errorf("password in preview is %v, not secret", v)
	}
}
