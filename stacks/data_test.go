package stacks_test

import (
	"fmt"
	"net/url"
	"path"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/cache"
	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/components/security"
	"github.com/saleor-platform/infra/components/storage"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/stacks"
)

// Type tokens of the data tier and what it points at.
const (
	tokRDSInstance       = "aws:rds/instance:Instance"
	tokRDSSubnetGroup    = "aws:rds/subnetGroup:SubnetGroup"
	tokRDSParameterGroup = "aws:rds/parameterGroup:ParameterGroup"
	tokReplicationGroup  = "aws:elasticache/replicationGroup:ReplicationGroup"
	tokCacheParamGroup   = "aws:elasticache/parameterGroup:ParameterGroup"
	tokSubnet            = "aws:ec2/subnet:Subnet"
	tokKMSKey            = "aws:kms/key:Key"
	tokKMSAlias          = "aws:kms/alias:Alias"
	tokIAMRole           = "aws:iam/role:Role"
	tokIAMRolePolicy     = "aws:iam/rolePolicy:RolePolicy"
	tokIAMAttachment     = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	tokLogGroup          = "aws:cloudwatch/logGroup:LogGroup"
	tokSecret            = "aws:secretsmanager/secret:Secret"
	tokSecretVersion     = "aws:secretsmanager/secretVersion:SecretVersion"
	tokSSMParameter      = "aws:ssm/parameter:Parameter"
	tokTaskDefinition    = "aws:ecs/taskDefinition:TaskDefinition"
	tokRandomPassword    = "random:index/randomPassword:RandomPassword"
	tokBucket            = "aws:s3/bucketV2:BucketV2"
	tokBucketEncryption  = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	tokBucketVersioning  = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	tokBucketPublicBlock = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	tokBucketOwnership   = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	tokBucketPolicy      = "aws:s3/bucketPolicy:BucketPolicy"
	tokBucketLifecycle   = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	tokBucketLogging     = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	tokBucketReplication = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
	tokBackupVault       = "aws:backup/vault:Vault"
	tokBackupVaultLock   = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
	tokBackupPlan        = "aws:backup/plan:Plan"
	tokBackupSelection   = "aws:backup/selection:Selection"
)

// dataRequirements are the per-environment requirements (Pulumi.yaml documents the
// same defaults) for what a stack file may leave to its environment.
var dataRequirements = map[string]struct {
	sizing        int
	ha            string
	replicas      int
	retentionDays int
	vaultLock     bool
}{
	"production": {sizing: 100, ha: "multi-az", replicas: 1, retentionDays: 30, vaultLock: true},
	"staging":    {sizing: 75, ha: "single-az", replicas: 0, retentionDays: 14, vaultLock: false},
	// qa, development and demo as the program defaults them (stacks/environment.go,
	// stacks/config_data.go).
	"qa":          {sizing: 50, ha: "single-az", replicas: 0, retentionDays: 7, vaultLock: false},
	"development": {sizing: 50, ha: "single-az", replicas: 0, retentionDays: 7, vaultLock: false},
	"demo":        {sizing: 25, ha: "single-az", replicas: 0, retentionDays: 7, vaultLock: false},
}

// dataStack is a stack's inventory with the facts its data tier must follow, read from the
// stack file, the catalog and dataRequirements, and, for a regional stack, its primary's
// contract.
type dataStack struct {
	*harness.Inventory
	t *testing.T

	// regional is true for a regional stack: its data is its primary's (contract), and it
	// owns a cross-region read replica of the writer, caches and a logs bucket.
	regional bool
	contract stacks.Contract
	// replicaRegions are a primary's saleor:replicaRegions, where it keeps bucket replicas.
	replicaRegions []string

	sizes           catalog.Sizes
	production      bool
	multiAZ         bool
	postgresVersion string
	replicas        int
	retentionDays   int
	vaultLock       bool
	// region is the primary region; drRegion the disaster-recovery region ("" without one).
	region, drRegion string
	// runtimes are the application runtimes, each with its caches: the home one in region,
	// and a primary's DR runtime in drRegion (saleor:drCompute).
	runtimes []appRuntime
}

func newDataStack(t *testing.T, inv *harness.Inventory) *dataStack {
	t.Helper()
	cfg := inv.Stack.Config
	env := cfg["saleor:environment"]
	req, ok := dataRequirements[env]
	if !ok {
		t.Fatalf("no data-tier requirements for environment %q; add them to dataRequirements", env)
	}
	d := &dataStack{
		Inventory: inv, t: t,
		production:      env == "production",
		postgresVersion: configOr(cfg["saleor:postgresVersion"], "17"), // the README's default
		region:          cfg["aws:region"],
		drRegion:        cfg["saleor:secondaryRegion"],
		vaultLock:       req.vaultLock,
		runtimes:        runtimesOf(t, inv),
	}
	d.sizes = snap(t, d.intConfig("saleor:sizing", req.sizing))
	d.multiAZ = configOr(cfg["saleor:ha"], req.ha) == "multi-az"
	d.replicas = d.intConfig("saleor:dbReplicaCount", req.replicas)
	d.retentionDays = d.intConfig("saleor:backupRetentionDays", req.retentionDays)
	if lock, set := cfg["saleor:backupVaultLock"]; set {
		d.vaultLock = lock != "none"
	}
	if cfg := stackConfig(t, inv); cfg.IsRegional() {
		// The replica runs its source's PostgreSQL: the primary's version.
		d.regional, d.contract, d.postgresVersion = true, cfg.Primary.Contract, cfg.Primary.PostgresVersion
	} else {
		d.replicaRegions = cfg.ReplicaRegions
	}
	return d
}

// configOr returns a config value, or def when it is unset.
func configOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// intConfig returns a numeric config value, or def when it is unset.
func (d *dataStack) intConfig(key string, def int) int {
	v, set := d.Stack.Config[key]
	if !set {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		d.t.Fatalf("%s: %q is not a number", key, v)
	}
	return n
}

// forEachDataStack runs f for every stack file.
func forEachDataStack(t *testing.T, f func(t *testing.T, d *dataStack)) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) { f(t, newDataStack(t, inv)) })
}

// forEachPrimaryDataStack runs f for every primary stack: those that own the environment's
// data (the writer, its in-region replicas and URLs, the backups). What a regional stack has
// instead is checked by TestRegionalDatabaseIsACrossRegionReplicaOfItsPrimary and
// TestRegionalStacksKeepNoBackups.
func forEachPrimaryDataStack(t *testing.T, f func(t *testing.T, d *dataStack)) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		if d.regional {
			t.Skip("a regional stack owns no copy of the environment's data but its read replica")
		}
		f(t, d)
	})
}

// ref follows a wired ID or ARN to the resource of type typ it names, failing the test when
// it names none.
func (d *dataStack) ref(typ, id, what string) *harness.Resource {
	d.t.Helper()
	r := d.ByID(id)
	if r == nil || r.Type != typ {
		d.t.Fatalf("%s: %q names no %s", what, id, typ)
	}
	return r
}

// inRegion returns the resources of a type in a region, ordered by URN.
func (d *dataStack) inRegion(typ, region string) []*harness.Resource {
	var out []*harness.Resource
	for _, r := range d.OfType(typ) {
		if r.Region == region {
			out = append(out, r)
		}
	}
	return out
}

// keyClass returns the data class of the KMS key an ARN names (the last segment of the alias
// that targets it) and the key's region.
func (d *dataStack) keyClass(arn string) (class security.DataClass, region string) {
	key := d.ByID(arn)
	if key == nil || key.Type != tokKMSKey {
		return "", ""
	}
	for _, a := range d.OfType(tokKMSAlias) {
		if a.String("targetKeyId") == key.ID {
			return security.DataClass(path.Base(a.String("name"))), key.Region
		}
	}
	return "", key.Region
}

// expectKey reports an error unless arn is the key of a data class in region.
func (d *dataStack) expectKey(what, arn string, class security.DataClass, region string) {
	d.t.Helper()
	if gotClass, gotRegion := d.keyClass(arn); gotClass != class || gotRegion != region {
		d.t.Errorf("%s is encrypted with %q (the %q key of %q), want the %q key of %q", what, arn, gotClass, gotRegion, class, region)
	}
}

// keyArn returns the ARN of a data class's key in a region.
func (d *dataStack) keyArn(class security.DataClass, region string) string {
	d.t.Helper()
	for _, k := range d.inRegion(tokKMSKey, region) {
		if c, _ := d.keyClass(k.Outputs["arn"].StringValue()); c == class {
			return k.Outputs["arn"].StringValue()
		}
	}
	d.t.Fatalf("no %s key in %s", class, region)
	return ""
}

// inputListLen returns the length of the list input at path, 0 when absent.
func inputListLen(r *harness.Resource, path string) int {
	if v := r.Get(path); v.IsArray() {
		return len(v.ArrayValue())
	}
	return 0
}

// secretValue returns the current value of a Secrets Manager secret and its version.
func (d *dataStack) secretValue(secret *harness.Resource) (string, *harness.Resource) {
	d.t.Helper()
	for _, v := range d.OfType(tokSecretVersion) {
		if v.String("secretId") == secret.ID {
			return v.String("secretString"), v
		}
	}
	d.t.Fatalf("secret %s has no version", secret.Name)
	return "", nil
}

// appSecret returns the secret the home runtime's containers read an environment variable
// from; every container that reads it must read the same secret.
func (d *dataStack) appSecret(variable string) *harness.Resource {
	d.t.Helper()
	return d.appSecretIn(variable, d.region)
}

// appSecretIn returns the secret the containers of the runtime in region read an environment
// variable from; every container that reads it must read the same secret.
func (d *dataStack) appSecretIn(variable, region string) *harness.Resource {
	d.t.Helper()
	arns := map[string]bool{}
	for _, td := range d.inRegion(tokTaskDefinition, region) {
		var containers []struct {
			Secrets []struct{ Name, ValueFrom string }
		}
		if err := td.JSON("containerDefinitions", &containers); err != nil {
			d.t.Fatal(err)
		}
		for _, c := range containers {
			for _, s := range c.Secrets {
				if s.Name == variable {
					arns[s.ValueFrom] = true
				}
			}
		}
	}
	if len(arns) != 1 {
		d.t.Fatalf("the containers in %s read %s from %d secrets, want one: %v", region, variable, len(arns), arns)
	}
	for arn := range arns {
		return d.ref(tokSecret, arn, variable)
	}
	return nil
}

// passwordResult returns the generated password whose result is value, or nil.
func (d *dataStack) passwordResult(value string) *harness.Resource {
	for _, p := range d.OfType(tokRandomPassword) {
		if v := p.Outputs["result"]; v.IsSecret() && v.SecretValue().Element.IsString() && v.SecretValue().Element.StringValue() == value {
			return p
		}
	}
	return nil
}

// --- database ---

// dbPrimary is the RDS instance of the primary region that replicates from nothing.
func (d *dataStack) dbPrimary() *harness.Resource {
	d.t.Helper()
	var out []*harness.Resource
	for _, r := range d.inRegion(tokRDSInstance, d.region) {
		if !r.Has("replicateSourceDb") {
			out = append(out, r)
		}
	}
	if len(out) != 1 {
		d.t.Fatalf("%d RDS primaries in %s, want 1", len(out), d.region)
	}
	return out[0]
}

// dbOwn is the stack's database in its region: the writer on a primary, the cross-region
// replica of its primary's writer on a regional stack.
func (d *dataStack) dbOwn() *harness.Resource {
	d.t.Helper()
	if d.regional {
		return regionalReplica(d.t, d.Inventory)
	}
	return d.dbPrimary()
}

// dbReplicas are the instances of the primary region that replicate from the primary.
func (d *dataStack) dbReplicas() []*harness.Resource {
	primary := d.dbPrimary()
	var out []*harness.Resource
	for _, r := range d.inRegion(tokRDSInstance, d.region) {
		if r != primary {
			out = append(out, r)
		}
	}
	return out
}

// dbRemote are the RDS instances outside the primary region.
func (d *dataStack) dbRemote() []*harness.Resource {
	var out []*harness.Resource
	for _, r := range d.OfType(tokRDSInstance) {
		if r.Region != d.region {
			out = append(out, r)
		}
	}
	return out
}

func TestDatabasePrimaryEngineAndSizeFollowConfigAndCatalog(t *testing.T) {
	forEachPrimaryDataStack(t, func(t *testing.T, d *dataStack) {
		p := d.dbPrimary()
		checks := []struct {
			input string
			got   any
			want  any
		}{
			{"engine", p.String("engine"), "postgres"},
			{"engineVersion", p.String("engineVersion"), d.postgresVersion},
			{"instanceClass", p.String("instanceClass"), d.sizes.DatabasePrimary.Name},
			{"allocatedStorage", p.Number("allocatedStorage"), float64(d.sizes.DatabaseStorageGiB)},
			{"maxAllocatedStorage", p.Number("maxAllocatedStorage"), float64(d.sizes.DatabaseMaxStorageGiB)},
			{"storageType", p.String("storageType"), "gp3"},
			{"multiAz", p.Bool("multiAz"), d.multiAZ},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("primary %s = %v, want %v", c.input, c.got, c.want)
			}
		}
	})
}

// TestDatabaseInstancesArePrivateInIsolatedSubnets: every RDS instance (the writer and its
// replicas, the DR replica, a regional stack's cross-region replica) is explicitly not
// publicly accessible, in a subnet group of isolated subnets of its own region spanning at
// least two zones.
func TestDatabaseInstancesArePrivateInIsolatedSubnets(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		d.dbOwn()
		for _, r := range d.OfType(tokRDSInstance) {
			if !r.Has("publiclyAccessible") || r.Bool("publiclyAccessible") {
				t.Errorf("%s publiclyAccessible = %v, want an explicit false", r.Name, r.Get("publiclyAccessible"))
			}
			if !r.Has("dbSubnetGroupName") && !d.regional && slices.Contains(d.dbReplicas(), r) {
				continue // an in-region replica is placed in its writer's subnet group
			}
			group := d.ref(tokRDSSubnetGroup, r.String("dbSubnetGroupName"), r.Name+" dbSubnetGroupName")
			zones := map[string]bool{}
			for _, id := range group.Strings("subnetIds") {
				s := d.ref(tokSubnet, id, "subnet group "+group.Name)
				if s.Tags()["Tier"] != "isolated" || s.Region != r.Region {
					t.Errorf("subnet group %s holds %s (tier %q in %s), want isolated subnets of %s", group.Name, s.Name, s.Tags()["Tier"], s.Region, r.Region)
				}
				zones[s.String("availabilityZone")] = true
			}
			if len(zones) < 2 {
				t.Errorf("subnet group %s spans %d zones, want at least 2", group.Name, len(zones))
			}
		}
	})
}

func TestDatabaseInstancesEncryptedWithTheirRegionsDatabaseKey(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		// In-region replicas inherit their writer's encryption; the others are set explicitly.
		for _, r := range append([]*harness.Resource{d.dbOwn()}, d.dbRemote()...) {
			if !r.Bool("storageEncrypted") {
				t.Errorf("%s: storageEncrypted is not true", r.Name)
			}
			d.expectKey(r.Name+" storage", r.String("kmsKeyId"), security.Database, r.Region)
		}
		for _, r := range d.OfType(tokRDSInstance) {
			if !r.Bool("performanceInsightsEnabled") {
				t.Errorf("%s: Performance Insights is off", r.Name)
			}
			d.expectKey(r.Name+" Performance Insights", r.String("performanceInsightsKmsKeyId"), security.Database, r.Region)
		}
	})
}

func TestDatabaseInstancesMonitoredLoggedAndIAMAuthenticated(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		d.dbOwn()
		for _, r := range d.OfType(tokRDSInstance) {
			if r.Number("monitoringInterval") <= 0 {
				t.Errorf("%s: enhanced monitoring is off", r.Name)
			}
			role := d.ref(tokIAMRole, r.String("monitoringRoleArn"), r.Name+" monitoringRoleArn")
			if !strings.Contains(role.String("assumeRolePolicy"), "monitoring.rds.amazonaws.com") {
				t.Errorf("%s: monitoring role %s is not assumable by monitoring.rds.amazonaws.com", r.Name, role.Name)
			}
			if !slices.ContainsFunc(d.OfType(tokIAMAttachment), func(a *harness.Resource) bool {
				return a.String("role") == role.ID && strings.HasSuffix(a.String("policyArn"), "/AmazonRDSEnhancedMonitoringRole")
			}) {
				t.Errorf("%s: monitoring role %s lacks AmazonRDSEnhancedMonitoringRole", r.Name, role.Name)
			}
			if !slices.Contains(r.Strings("enabledCloudwatchLogsExports"), "postgresql") {
				t.Errorf("%s: log exports %v lack postgresql", r.Name, r.Strings("enabledCloudwatchLogsExports"))
			}
			if !r.Bool("iamDatabaseAuthenticationEnabled") {
				t.Errorf("%s: IAM database authentication is off", r.Name)
			}
			if !r.Bool("copyTagsToSnapshot") {
				t.Errorf("%s: copyTagsToSnapshot is off", r.Name)
			}
		}
	})
}

func TestDatabaseParameterGroupsForceTLS(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		d.dbOwn()
		for _, r := range d.OfType(tokRDSInstance) {
			g := d.ref(tokRDSParameterGroup, r.String("parameterGroupName"), r.Name+" parameterGroupName")
			if want := "postgres" + d.postgresVersion; g.String("family") != want {
				t.Errorf("%s: parameter group family %q, want %q", r.Name, g.String("family"), want)
			}
			forced := false
			for i := range inputListLen(g, "parameters") {
				p := fmt.Sprintf("parameters[%d].", i)
				forced = forced || (g.String(p+"name") == "rds.force_ssl" && g.String(p+"value") == "1")
			}
			if !forced {
				t.Errorf("%s: parameter group %s does not set rds.force_ssl=1", r.Name, g.Name)
			}
		}
	})
}

func TestDatabasePrimaryBackupsAndDeletionProtection(t *testing.T) {
	forEachPrimaryDataStack(t, func(t *testing.T, d *dataStack) {
		p := d.dbPrimary()
		if got := p.Number("backupRetentionPeriod"); got != float64(d.retentionDays) {
			t.Errorf("primary backupRetentionPeriod = %v, want %d", got, d.retentionDays)
		}
		// AWS Backup's continuous backup takes the retention over (AWS Backup Developer
		// Guide, "Changing your retention period": for Amazon RDS it updates the recovery
		// point with the plan's retention).
		if !slices.Contains(p.IgnoreChanges, "backupRetentionPeriod") {
			t.Errorf("primary ignoreChanges %v lacks backupRetentionPeriod", p.IgnoreChanges)
		}
		if p.Bool("deletionProtection") != d.production || p.Protect != d.production {
			t.Errorf("primary deletionProtection %v, protect %v; want both %v", p.Bool("deletionProtection"), p.Protect, d.production)
		}
		if p.Bool("skipFinalSnapshot") == d.production || p.Has("finalSnapshotIdentifier") != d.production {
			t.Errorf("primary skipFinalSnapshot %v, finalSnapshotIdentifier %q; want a final snapshot exactly in production (%v)",
				p.Bool("skipFinalSnapshot"), p.String("finalSnapshotIdentifier"), d.production)
		}
	})
}

func TestDatabasePrimaryPasswordIsGeneratedNotManagedByRDS(t *testing.T) {
	forEachPrimaryDataStack(t, func(t *testing.T, d *dataStack) {
		p := d.dbPrimary()
		if p.Bool("manageMasterUserPassword") {
			t.Error("primary sets manageMasterUserPassword, which forbids read replicas")
		}
		if p.String("username") == "" {
			t.Error("primary has no username")
		}
		if !p.Inputs["password"].IsSecret() {
			t.Error("primary password is not marked secret")
		}
		if d.passwordResult(p.String("password")) == nil {
			t.Error("primary password is not the result of a random password")
		}
	})
}

func TestDatabaseInRegionReplicasFollowCountAndReplicaClass(t *testing.T) {
	forEachPrimaryDataStack(t, func(t *testing.T, d *dataStack) {
		primary := d.dbPrimary()
		replicas := d.dbReplicas()
		if len(replicas) != d.replicas {
			t.Fatalf("%d in-region replicas, want %d", len(replicas), d.replicas)
		}
		for _, r := range replicas {
			if r.String("replicateSourceDb") != primary.String("identifier") {
				t.Errorf("%s replicates %q, want the primary %q", r.Name, r.String("replicateSourceDb"), primary.String("identifier"))
			}
			if r.String("instanceClass") != d.sizes.DatabaseReplica.Name {
				t.Errorf("%s class %q, want %q", r.Name, r.String("instanceClass"), d.sizes.DatabaseReplica.Name)
			}
			if r.Has("username") || r.Has("password") {
				t.Errorf("%s carries credentials; a replica takes them from its source", r.Name)
			}
		}
	})
}

func TestDatabaseCrossRegionReplicaInDRRegion(t *testing.T) {
	forEachPrimaryDataStack(t, func(t *testing.T, d *dataStack) {
		remote := d.dbRemote()
		if d.drRegion == "" {
			if len(remote) != 0 {
				t.Errorf("no DR region, yet %d RDS instances outside %s", len(remote), d.region)
			}
			return
		}
		if len(remote) != 1 {
			t.Fatalf("%d RDS instances outside %s, want the one cross-region replica", len(remote), d.region)
		}
		d.checkCrossRegionReplica("the DR replica", remote[0], d.drRegion, d.dbPrimary())
	})
}

// TestRegionalDatabaseIsACrossRegionReplicaOfItsPrimary: a regional stack's one RDS instance
// is a read replica, in its region, of its primary's writer (the contract's databaseArn),
// classed as the stack's replicas, Multi-AZ by the stack's HA level and protected in
// production; it keeps no backups of its own (the primary's are the environment's), and its
// DATABASE_URL_REPLICA is its own secret, under its own secrets key: the primary's
// DATABASE_URL with the replica as the host.
func TestRegionalDatabaseIsACrossRegionReplicaOfItsPrimary(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		if !d.regional {
			t.Skip("a primary's databases: the TestDatabasePrimary tests and TestDatabaseCrossRegionReplicaInDRRegion")
		}
		checkRegionalDatabase(t, d)
	})
}

// TestRegionalReplicaFollowsItsWriterAtAnotherSizing: a regional stack sized apart from its
// primary (staging-benelux at 50% and 100%, staging at 75%) sizes its replica's class by its
// own sizing, but its storage is its writer's: the replica's autoscaling ceiling is the
// writer's, so it can grow as far as the writer does (a replica out of storage stops
// replicating), and its free-storage alarm takes 10% of the writer's storage.
func TestRegionalReplicaFollowsItsWriterAtAnotherSizing(t *testing.T) {
	for _, sizing := range []string{"50", "100"} {
		t.Run("sizing "+sizing, func(t *testing.T) {
			inv, err := runChanged(t, "staging-benelux", map[string]string{"saleor:sizing": sizing})
			if err != nil {
				t.Fatal(err)
			}
			checkRegionalDatabase(t, newDataStack(t, inv))
			checkAlertTable(t, inv, "db-free-storage")
		})
	}
}

// checkRegionalDatabase checks a regional stack's database (TestRegionalDatabaseIsACrossRegionReplicaOfItsPrimary).
func checkRegionalDatabase(t *testing.T, d *dataStack) {
	t.Helper()
	r := d.dbOwn()
	replicas := 1
	if d.drRegion != "" {
		replicas = 2
	}
	if n := len(d.OfType(tokRDSInstance)); n != replicas {
		t.Errorf("%d RDS instances, want only the cross-region replicas of its regions (%d)", n, replicas)
	}
	writer := primaryDatabase(t, primaryRun(t, d.Inventory), d.contract.Region)
	if writer.Output("arn") != d.contract.DatabaseArn {
		t.Errorf("the contract's databaseArn %s is not the primary's writer %s", d.contract.DatabaseArn, writer.Output("arn"))
	}
	d.checkCrossRegionReplica("the regional replica", r, d.region, writer)
	if d.drRegion != "" {
		secondary := regionalReplicaIn(t, d.Inventory, d.drRegion)
		d.checkCrossRegionReplica("the secondary region's replica", secondary, d.drRegion, writer)
		if secondary.Bool("deletionProtection") != d.production || secondary.Protect != d.production {
			t.Errorf("the secondary region's replica deletionProtection %v, protect %v; want both %v",
				secondary.Bool("deletionProtection"), secondary.Protect, d.production)
		}
	}
	if id := r.String("identifier"); !strings.HasSuffix(id, "-postgres-replica") || !strings.Contains(id, d.Stack.Name) {
		t.Errorf("the regional replica is named %q, want <prefix with %s>-postgres-replica: it serves reads, it is no DR copy", id, d.Stack.Name)
	}
	if r.Bool("multiAz") != d.multiAZ {
		t.Errorf("the regional replica multiAz = %v, want %v", r.Bool("multiAz"), d.multiAZ)
	}
	if r.Bool("deletionProtection") != d.production || r.Protect != d.production {
		t.Errorf("the regional replica deletionProtection %v, protect %v; want both %v", r.Bool("deletionProtection"), r.Protect, d.production)
	}
	if r.Number("backupRetentionPeriod") != 0 {
		t.Errorf("the regional replica keeps backups %v days; the primary's backups are the environment's", r.Number("backupRetentionPeriod"))
	}
	secret := d.appSecret("DATABASE_URL_REPLICA")
	d.expectKey("DATABASE_URL_REPLICA secret", secret.String("kmsKeyId"), security.Secrets, d.region)
	value, version := d.secretValue(secret)
	if !version.Inputs["secretString"].IsSecret() {
		t.Error("DATABASE_URL_REPLICA secretString is not marked secret")
	}
	writerURL := d.primaryDatabaseURL()
	got, err1 := url.Parse(value)
	want, err2 := url.Parse(writerURL)
	if err1 != nil || err2 != nil {
		t.Fatalf("DATABASE_URL_REPLICA %v, the primary's DATABASE_URL %v", err1, err2)
	}
	if want.Host = r.Output("address") + ":" + want.Port(); got.String() != want.String() {
		t.Errorf("DATABASE_URL_REPLICA is %s, want the primary's DATABASE_URL with host %s", got.Redacted(), want.Redacted())
	}
}

// checkCrossRegionReplica checks an RDS instance that replicates a writer of another region
// (the DR replica, a regional stack's): in region, replicating writer by ARN, without
// credentials of its own, encrypted with region's database key, of the catalog's replica
// class at the stack's sizing, in a subnet group of region, and able to grow its storage as
// far as the writer's.
func (d *dataStack) checkCrossRegionReplica(what string, r *harness.Resource, region string, writer *harness.Resource) {
	d.t.Helper()
	if r.Region != region {
		d.t.Errorf("%s runs in %q, want %q", what, r.Region, region)
	}
	if src := r.String("replicateSourceDb"); src != writer.Output("arn") {
		d.t.Errorf("%s source %q, want the writer's ARN %q", what, src, writer.Output("arn"))
	}
	if got, want := r.Number("maxAllocatedStorage"), writer.Number("maxAllocatedStorage"); got != want {
		d.t.Errorf("%s grows its storage to %v GiB, want the writer's ceiling %v GiB: it must be able to follow the writer", what, got, want)
	}
	if r.Has("username") || r.Has("password") || r.Has("manageMasterUserPassword") {
		d.t.Errorf("%s carries credentials", what)
	}
	if !r.Bool("storageEncrypted") {
		d.t.Errorf("%s is not encrypted", what)
	}
	d.expectKey(what+" storage", r.String("kmsKeyId"), security.Database, region)
	if r.String("instanceClass") != d.sizes.DatabaseReplica.Name {
		d.t.Errorf("%s class %q, want %q", what, r.String("instanceClass"), d.sizes.DatabaseReplica.Name)
	}
	if g := d.ref(tokRDSSubnetGroup, r.String("dbSubnetGroupName"), what); g.Region != region {
		d.t.Errorf("%s subnet group in %q, want %q", what, g.Region, region)
	}
}

// primaryDatabaseURL is the writer's DATABASE_URL a regional stack read from its primary's
// secret contract output.
func (d *dataStack) primaryDatabaseURL() string {
	d.t.Helper()
	for _, ref := range d.OfType(harness.StackReferenceType) {
		if outputs, ok := plain(ref.Outputs["outputs"]).(map[string]any); ok && ref.Name == "primary" {
			if v, ok := outputs["databaseUrl"].(string); ok {
				return v
			}
		}
	}
	d.t.Fatal("the stack read no databaseUrl from its primary")
	return ""
}

// TestDatabaseURLSecretsUnderSecretsKey: the home runtime's DATABASE_URL names the writer and
// its DATABASE_URL_REPLICA a read replica (the writer without one); a DR runtime reads both
// from the DR replica's own URL secret, which names the DR replica. Each secret is under the
// secrets key of its runtime's region and holds the writer's credentials over TLS.
func TestDatabaseURLSecretsUnderSecretsKey(t *testing.T) {
	forEachPrimaryDataStack(t, func(t *testing.T, d *dataStack) {
		primary := d.dbPrimary()
		readHost := primary.Outputs["address"].StringValue()
		if replicas := d.dbReplicas(); len(replicas) > 0 {
			readHost = replicas[0].Outputs["address"].StringValue()
		}
		for variable, host := range map[string]string{"DATABASE_URL": primary.Outputs["address"].StringValue(), "DATABASE_URL_REPLICA": readHost} {
			d.checkDatabaseURL(variable, d.appSecret(variable), d.region, host)
		}
		for _, rt := range d.runtimes {
			if !rt.dr {
				continue
			}
			replica := crossRegionReplica(t, d.Inventory, "database-dr")
			own := urlSecretOf(t, d.Inventory, replica)
			for _, variable := range []string{"DATABASE_URL", "DATABASE_URL_REPLICA"} {
				secret := d.appSecretIn(variable, rt.region)
				if secret.Output("arn") != own {
					t.Errorf("the DR runtime reads %s from %s, want the DR replica's URL secret %s", variable, secret.Output("arn"), own)
				}
				d.checkDatabaseURL("the DR runtime's "+variable, secret, rt.region, replica.Outputs["address"].StringValue())
			}
		}
	})
}

// checkDatabaseURL checks a database URL secret: under the secrets key of region, its value
// marked secret, postgres://<the writer's master user and password>@host?sslmode=require.
func (d *dataStack) checkDatabaseURL(what string, secret *harness.Resource, region, host string) {
	d.t.Helper()
	d.expectKey(what+" secret", secret.String("kmsKeyId"), security.Secrets, region)
	value, version := d.secretValue(secret)
	if !version.Inputs["secretString"].IsSecret() {
		d.t.Errorf("%s secretString is not marked secret", what)
	}
	u, err := url.Parse(value)
	if err != nil {
		d.t.Errorf("%s: %v", what, err)
		return
	}
	primary := d.dbPrimary()
	password, _ := u.User.Password()
	if u.Scheme != "postgres" || u.Hostname() != host || u.User.Username() != primary.String("username") ||
		password != primary.String("password") || u.Query().Get("sslmode") != "require" {
		d.t.Errorf("%s is %s://%s@%s?%s, want postgres://<master user and password>@%s?sslmode=require",
			what, u.Scheme, u.User.Username(), u.Host, u.RawQuery, host)
	}
}

// --- caches ---

// cacheGroups returns the replication groups of the runtime in region by their Role tag.
func (d *dataStack) cacheGroups(region string) map[cache.Role]*harness.Resource {
	d.t.Helper()
	out := map[cache.Role]*harness.Resource{}
	for _, g := range d.inRegion(tokReplicationGroup, region) {
		out[cache.Role(g.Tags()["Role"])] = g
	}
	var roles []cache.Role
	for role := range out {
		roles = append(roles, role)
	}
	sort.Slice(roles, func(i, j int) bool { return roles[i] < roles[j] })
	if want := []cache.Role{cache.API, cache.Content, cache.Sessions}; !reflect.DeepEqual(roles, want) {
		d.t.Fatalf("replication groups in %s for roles %v, want %v", region, roles, want)
	}
	return out
}

// TestCacheGroupsEncryptedValkeyOfCatalogClass: each runtime's caches (the home one's, and a
// primary's DR runtime's in the DR region) are Valkey of the catalog's node class, encrypted
// at rest with the cache key of their region and in transit.
func TestCacheGroupsEncryptedValkeyOfCatalogClass(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		for _, rt := range d.runtimes {
			for role, g := range d.cacheGroups(rt.region) {
				what := rt.name + " " + string(role)
				if g.String("engine") != "valkey" || g.String("nodeType") != d.sizes.CacheNode.Name {
					t.Errorf("%s: engine %q node %q, want valkey on %q", what, g.String("engine"), g.String("nodeType"), d.sizes.CacheNode.Name)
				}
				if !g.Bool("atRestEncryptionEnabled") || !g.Bool("transitEncryptionEnabled") {
					t.Errorf("%s: at-rest encryption %v, transit encryption %v; want both", what, g.Bool("atRestEncryptionEnabled"), g.Bool("transitEncryptionEnabled"))
				}
				d.expectKey(what+" cache", g.String("kmsKeyId"), security.Cache, rt.region)
				if g.Region != rt.region || providerRegion(d.Inventory, g) != rt.region {
					t.Errorf("%s: in %s with a provider of %s, want %s", what, g.Region, providerRegion(d.Inventory, g), rt.region)
				}
			}
		}
		if n, want := len(d.OfType(tokReplicationGroup)), 3*len(d.runtimes); n != want {
			t.Errorf("%d replication groups, want 3 for each of %d runtimes", n, len(d.runtimes))
		}
	})
}

// TestCacheAvailabilityFollowsHA: caches have two nodes with automatic failover across zones
// when multi-AZ, one node otherwise; a pilot-light DR runtime's have one node until it is
// scaled up or promoted (they hold nothing anyone needs yet), a warm or promoted one's follow
// the stack's HA.
func TestCacheAvailabilityFollowsHA(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		for _, rt := range d.runtimes {
			multiAZ := d.multiAZ && rt.standby != compute.PilotLight
			nodes := 1
			if multiAZ {
				nodes = 2
			}
			for role, g := range d.cacheGroups(rt.region) {
				if g.Number("numCacheClusters") != float64(nodes) || g.Bool("automaticFailoverEnabled") != multiAZ || g.Bool("multiAzEnabled") != multiAZ {
					t.Errorf("%s %s (%s): %v nodes, failover %v, multi-AZ %v; want %d, %v, %v", rt.name, role, rt.standby,
						g.Number("numCacheClusters"), g.Bool("automaticFailoverEnabled"), g.Bool("multiAzEnabled"), nodes, multiAZ, multiAZ)
				}
			}
		}
	})
}

func TestCacheParameterGroupPerRoleWithEvictionPolicy(t *testing.T) {
	eviction := map[cache.Role]string{cache.API: "allkeys-lru", cache.Sessions: "volatile-lru", cache.Content: "allkeys-lru"}
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		for _, rt := range d.runtimes {
			checkCacheParameterGroups(t, d, rt, eviction)
		}
	})
}

// checkCacheParameterGroups checks that each cache of a runtime has a Valkey parameter group
// of its own with the role's eviction policy.
func checkCacheParameterGroups(t *testing.T, d *dataStack, rt appRuntime, eviction map[cache.Role]string) {
	t.Helper()
	seen := map[string]cache.Role{}
	for role, g := range d.cacheGroups(rt.region) {
		what := rt.name + " " + string(role)
		pg := d.ref(tokCacheParamGroup, g.String("parameterGroupName"), what+" parameterGroupName")
		if other, dup := seen[pg.Name]; dup {
			t.Errorf("%s and %s share parameter group %s", what, other, pg.Name)
		}
		seen[pg.Name] = role
		if pg.Region != g.Region || !strings.HasPrefix(pg.String("family"), "valkey") {
			t.Errorf("%s: parameter group in %s of family %q, want valkey in %s", what, pg.Region, pg.String("family"), g.Region)
		}
		var policy string
		for i := range inputListLen(pg, "parameters") {
			if p := fmt.Sprintf("parameters[%d].", i); pg.String(p+"name") == "maxmemory-policy" {
				policy = pg.String(p + "value")
			}
		}
		if policy != eviction[role] {
			t.Errorf("%s: maxmemory-policy %q, want %q", what, policy, eviction[role])
		}
	}
}

func TestCacheSnapshotsOnlyForSessions(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		for _, rt := range d.runtimes {
			for role, g := range d.cacheGroups(rt.region) {
				keeps := g.Number("snapshotRetentionLimit") > 0
				if keeps != (role == cache.Sessions) || (keeps && g.String("snapshotWindow") == "") {
					t.Errorf("%s %s: snapshotRetentionLimit %v, window %q; want daily snapshots for sessions only",
						rt.name, role, g.Number("snapshotRetentionLimit"), g.String("snapshotWindow"))
				}
			}
		}
	})
}

func TestCacheSlowLogDeliveredToLogGroup(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		for _, rt := range d.runtimes {
			for role, g := range d.cacheGroups(rt.region) {
				delivered := false
				for i := range inputListLen(g, "logDeliveryConfigurations") {
					p := fmt.Sprintf("logDeliveryConfigurations[%d].", i)
					if g.String(p+"logType") != "slow-log" || g.String(p+"destinationType") != "cloudwatch-logs" {
						continue
					}
					lg := d.ref(tokLogGroup, g.String(p+"destination"), string(role)+" slow log")
					delivered = lg.Region == g.Region
				}
				if !delivered {
					t.Errorf("%s %s: slow log is not delivered to a log group of its region", rt.name, role)
				}
			}
		}
	})
}

// validAuthToken reports whether ElastiCache accepts a token as AUTH token: 16 to 128
// printable characters, specials only from !&#$^<>- (ElastiCache User Guide,
// "Authenticating with the Valkey and Redis OSS AUTH command").
func validAuthToken(token string) bool {
	if len(token) < 16 || len(token) > 128 {
		return false
	}
	for _, c := range token {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.ContainsRune("!&#$^<>-", c)) {
			return false
		}
	}
	return true
}

// TestCacheAuthTokenAndURLSecrets: each runtime's caches take a generated AUTH token, kept
// with the rediss:// URL in secrets under the secrets key of their region, and the runtime's
// tasks read CACHE_URL from its own API cache's URL secret.
func TestCacheAuthTokenAndURLSecrets(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		for _, rt := range d.runtimes {
			checkCacheSecrets(t, d, rt)
		}
	})
}

// checkCacheSecrets checks the AUTH tokens and URL secrets of a runtime's caches.
func checkCacheSecrets(t *testing.T, d *dataStack, rt appRuntime) {
	t.Helper()
	groups := d.cacheGroups(rt.region)
	// The secrets of each role's token and URL, found by what they hold.
	tokenSecrets, urlSecrets := map[cache.Role]*harness.Resource{}, map[cache.Role]*harness.Resource{}
	for _, s := range d.OfType(tokSecret) {
		value, _ := d.secretValue(s)
		u, _ := url.Parse(value)
		for role, g := range groups {
			token := g.String("authToken")
			switch {
			case value == token:
				tokenSecrets[role] = s
			case u != nil && u.Scheme == "rediss" && u.User != nil:
				password, _ := u.User.Password()
				if password == token && u.Hostname() == g.Outputs["primaryEndpointAddress"].StringValue() && u.Port() == fmt.Sprint(g.Number("port")) {
					urlSecrets[role] = s
				}
			}
		}
	}
	for role, g := range groups {
		what := rt.name + " " + string(role)
		if !g.Inputs["authToken"].IsSecret() || !validAuthToken(g.String("authToken")) || d.passwordResult(g.String("authToken")) == nil {
			t.Errorf("%s: AUTH token is not a secret random password of 16-128 chars with specials only from !&#$^<>-", what)
		}
		for kind, s := range map[string]*harness.Resource{"AUTH token": tokenSecrets[role], "rediss:// URL": urlSecrets[role]} {
			if s == nil {
				t.Errorf("%s: no secret holds its %s", what, kind)
				continue
			}
			d.expectKey(fmt.Sprintf("%s %s secret", what, kind), s.String("kmsKeyId"), security.Secrets, rt.region)
		}
	}
	if got := d.appSecretIn("CACHE_URL", rt.region); got != urlSecrets[cache.API] {
		t.Errorf("the %s runtime reads CACHE_URL from %s, want its api cache's URL secret", rt.name, got.Name)
	}
}

// TestCacheTTLsPublishedAsSSMParameters: each runtime's region has one TTL parameter per
// cache role, where its tasks read it.
func TestCacheTTLsPublishedAsSSMParameters(t *testing.T) {
	want := map[cache.Role]int{cache.Sessions: 86400, cache.Content: 3600}
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		for _, rt := range d.runtimes {
			for _, role := range cache.Roles() {
				var params []*harness.Resource
				for _, p := range d.inRegion(tokSSMParameter, rt.region) {
					if strings.HasSuffix(p.String("name"), "/cache/"+string(role)+"/ttl-seconds") {
						params = append(params, p)
					}
				}
				if len(params) != 1 {
					t.Errorf("%s %s: %d TTL parameters in %s, want 1", rt.name, role, len(params), rt.region)
					continue
				}
				p := params[0]
				ttl, err := strconv.Atoi(configOr(p.String("insecureValue"), p.String("value")))
				if err != nil || ttl <= 0 || p.String("type") != "String" {
					t.Errorf("%s %s: TTL parameter %s is %s %q, want a String of seconds", rt.name, role, p.String("name"), p.String("type"), p.String("insecureValue"))
				}
				if w, stated := want[role]; stated && ttl != w {
					t.Errorf("%s %s: TTL %d s, want %d s", rt.name, role, ttl, w)
				}
			}
		}
		var params int
		for _, p := range d.OfType(tokSSMParameter) {
			if strings.Contains(p.String("name"), "/cache/") && strings.HasSuffix(p.String("name"), "/ttl-seconds") {
				params++
			}
		}
		if want := len(cache.Roles()) * len(d.runtimes); params != want {
			t.Errorf("%d cache TTL parameters, want %d: one per role in each runtime's region", params, want)
		}
	})
}

// --- storage ---

// buckets returns a region's buckets by their Role tag; none for region "" (no DR region).
func (d *dataStack) buckets(region string) map[storage.Role]*harness.Resource {
	d.t.Helper()
	out := map[storage.Role]*harness.Resource{}
	for _, b := range d.inRegion(tokBucket, region) {
		out[storage.Role(b.Tags()["Role"])] = b
	}
	if region != "" && len(out) == 0 {
		d.t.Fatalf("no buckets in %s", region)
	}
	return out
}

// bucket returns a region's bucket of a role.
func (d *dataStack) bucket(region string, role storage.Role) *harness.Resource {
	d.t.Helper()
	b := d.buckets(region)[role]
	if b == nil {
		d.t.Fatalf("no %s bucket in %s", role, region)
	}
	return b
}

// companions returns the resources of a type that configure a bucket.
func (d *dataStack) companions(typ string, bucket *harness.Resource) []*harness.Resource {
	var out []*harness.Resource
	for _, r := range d.OfType(typ) {
		if r.String("bucket") == bucket.ID {
			out = append(out, r)
		}
	}
	return out
}

func sortedRoleKeys[R ~string](m map[R]*harness.Resource) []R {
	var out []R
	for r := range m {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// bucketRegions are the regions the stack keeps buckets in: its own, a primary's DR region
// and replica regions.
func (d *dataStack) bucketRegions() []string {
	out := []string{d.region}
	if d.drRegion != "" {
		out = append(out, d.drRegion)
	}
	return append(out, d.replicaRegions...)
}

// replicationTarget is one place a primary replicates its media and assets to, and the ID
// of the rule that does it.
type replicationTarget struct{ rule, region string }

// replicationTargets are a primary's: its DR region ("disaster-recovery") and each replica
// region (named by the region); none on a regional stack.
func (d *dataStack) replicationTargets() []replicationTarget {
	if d.regional {
		return nil
	}
	var out []replicationTarget
	if d.drRegion != "" {
		out = append(out, replicationTarget{"disaster-recovery", d.drRegion})
	}
	for _, r := range d.replicaRegions {
		out = append(out, replicationTarget{r, r})
	}
	return out
}

// TestStorageBucketsPerRegion: a primary keeps its media, assets, backups and logs buckets in
// its region and, in its DR region and each replica region, the replicas and their logs
// bucket; a regional stack keeps only its logs bucket in its region and in its secondary
// region (it writes to its primary's media and assets). No stack keeps buckets anywhere else.
func TestStorageBucketsPerRegion(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		own := []storage.Role{storage.Media, storage.Assets, storage.Backups, storage.Logs}
		if d.regional {
			own = []storage.Role{storage.Logs}
		}
		primary := d.buckets(d.region)
		for _, role := range own {
			if primary[role] == nil {
				t.Errorf("no %s bucket in %s; buckets: %v", role, d.region, sortedRoleKeys(primary))
			}
		}
		if d.regional && len(primary) != len(own) {
			t.Errorf("buckets in %s: %v, want only %v", d.region, sortedRoleKeys(primary), own)
		}
		if d.regional && d.drRegion != "" {
			if got := sortedRoleKeys(d.buckets(d.drRegion)); !reflect.DeepEqual(got, []storage.Role{storage.Logs}) {
				t.Errorf("buckets in the secondary region %s: %v, want only its logs bucket", d.drRegion, got)
			}
		}
		var others []string
		for _, b := range d.OfType(tokBucket) {
			if !slices.Contains(d.bucketRegions(), b.Region) {
				others = append(others, b.Name+" in "+b.Region)
			}
		}
		if len(others) > 0 {
			t.Errorf("buckets outside the stack's regions: %v", others)
		}
		want := append(storage.ReplicatedRoles(), storage.Logs)
		sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
		for _, target := range d.replicationTargets() {
			if got := sortedRoleKeys(d.buckets(target.region)); !reflect.DeepEqual(got, want) {
				t.Errorf("buckets in %s: %v, want the replicas and their logs bucket %v", target.region, got, want)
			}
		}
	})
}

// bucketCompanionChecks check the one companion of each type every bucket has.
var bucketCompanionChecks = []struct {
	typ   string
	check func(d *dataStack, role storage.Role, bucket, c *harness.Resource) error
}{
	{tokBucketEncryption, func(d *dataStack, role storage.Role, bucket, c *harness.Resource) error {
		const rule = "rules[0].applyServerSideEncryptionByDefault."
		if role == storage.Logs { // S3 access logs and load balancer logs need SSE-S3
			if c.String(rule+"sseAlgorithm") != "AES256" {
				return fmt.Errorf("sseAlgorithm %q, want AES256", c.String(rule+"sseAlgorithm"))
			}
			return nil
		}
		if c.String(rule+"sseAlgorithm") != "aws:kms" || !c.Bool("rules[0].bucketKeyEnabled") {
			return fmt.Errorf("sseAlgorithm %q, bucket key %v; want aws:kms with a bucket key", c.String(rule+"sseAlgorithm"), c.Bool("rules[0].bucketKeyEnabled"))
		}
		if class, region := d.keyClass(c.String(rule + "kmsMasterKeyId")); class != security.Storage || region != bucket.Region {
			return fmt.Errorf("encrypted with the %q key of %q, want the storage key of %q", class, region, bucket.Region)
		}
		return nil
	}},
	{tokBucketVersioning, func(_ *dataStack, _ storage.Role, _, c *harness.Resource) error {
		if s := c.String("versioningConfiguration.status"); s != "Enabled" {
			return fmt.Errorf("versioning %q", s)
		}
		return nil
	}},
	{tokBucketPublicBlock, func(_ *dataStack, _ storage.Role, _, c *harness.Resource) error {
		for _, flag := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
			if !c.Bool(flag) {
				return fmt.Errorf("public access block leaves %s off", flag)
			}
		}
		return nil
	}},
	{tokBucketOwnership, func(_ *dataStack, role storage.Role, _, c *harness.Resource) error {
		want := "BucketOwnerEnforced"
		if role == storage.Logs { // CloudFront standard logging delivers through an ACL grant
			want = "BucketOwnerPreferred"
		}
		if got := c.String("rule.objectOwnership"); got != want {
			return fmt.Errorf("object ownership %q, want %q", got, want)
		}
		return nil
	}},
	{tokBucketPolicy, func(_ *dataStack, _ storage.Role, bucket, c *harness.Resource) error {
		var doc struct {
			Statement []struct {
				Effect    string
				Resource  any
				Condition map[string]map[string]any
			}
		}
		if err := c.JSON("policy", &doc); err != nil {
			return err
		}
		arn := bucket.Output("arn")
		for _, s := range doc.Statement {
			res := policyValues(s.Resource)
			if s.Effect == "Deny" && fmt.Sprint(s.Condition["Bool"]["aws:SecureTransport"]) == "false" &&
				slices.Contains(res, arn) && slices.Contains(res, arn+"/*") {
				return nil
			}
		}
		return fmt.Errorf("policy does not deny requests without TLS on %s and its objects", arn)
	}},
	{tokBucketLifecycle, func(d *dataStack, role storage.Role, _, c *harness.Resource) error {
		var noncurrent, abort, glacier bool
		var expireDays float64
		for i := range inputListLen(c, "rules") {
			p := fmt.Sprintf("rules[%d].", i)
			if c.String(p+"status") != "Enabled" {
				continue
			}
			noncurrent = noncurrent || c.Number(p+"noncurrentVersionExpiration.noncurrentDays") > 0
			abort = abort || c.Number(p+"abortIncompleteMultipartUpload.daysAfterInitiation") > 0
			for j := range inputListLen(c, p+"transitions") {
				glacier = glacier || c.String(fmt.Sprintf("%stransitions[%d].storageClass", p, j)) == storage.BackupsStorageClass
			}
			if days := c.Number(p + "expiration.days"); days > 0 {
				expireDays = days
			}
		}
		switch {
		case !noncurrent || !abort:
			return fmt.Errorf("lifecycle: noncurrent-version expiry %v, abort incomplete uploads %v; want both", noncurrent, abort)
		case role == storage.Backups && !glacier:
			return fmt.Errorf("lifecycle: backups never move to %s", storage.BackupsStorageClass)
		case role == storage.Logs && expireDays != 90:
			return fmt.Errorf("lifecycle: logs expire after %v days, want 90", expireDays)
		}
		return nil
	}},
}

func TestStorageBucketCompanions(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		for _, region := range d.bucketRegions() {
			for role, b := range d.buckets(region) {
				for _, c := range bucketCompanionChecks {
					found := d.companions(c.typ, b)
					if len(found) != 1 {
						t.Errorf("%s bucket in %s: %d %s, want 1", role, region, len(found), c.typ)
						continue
					}
					if err := c.check(d, role, b, found[0]); err != nil {
						t.Errorf("%s bucket in %s: %v", role, region, err)
					}
				}
			}
		}
	})
}

func TestStorageAccessLogsGoToTheRegionsLogsBucket(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		for _, region := range d.bucketRegions() {
			buckets := d.buckets(region)
			for role, b := range buckets {
				logging := d.companions(tokBucketLogging, b)
				if role == storage.Logs {
					if len(logging) != 0 {
						t.Errorf("the logs bucket of %s logs its own access", region)
					}
					continue
				}
				if len(logging) != 1 || logging[0].String("targetBucket") != d.bucket(region, storage.Logs).ID {
					t.Errorf("%s bucket in %s does not log its access into the logs bucket of its region", role, region)
				}
			}
		}
	})
}

func TestStorageBucketsProtectedInProduction(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		d.buckets(d.region)
		for _, b := range d.OfType(tokBucket) {
			if b.Protect != d.production || b.Bool("forceDestroy") == d.production {
				t.Errorf("bucket %s: protect %v, forceDestroy %v; want protected exactly in production (%v)", b.Name, b.Protect, b.Bool("forceDestroy"), d.production)
			}
		}
	})
}

// TestStorageReplicatesToEachReplicaWithItsKey: each replicated bucket of a primary has one
// replication configuration with a rule per target (replicationTargets: the DR region's rule
// "disaster-recovery", each replica region's named by the region), in priority order, each
// enabled, replicating SSE-KMS objects into the target region's bucket of the same role,
// re-encrypted with that region's storage key. A stack with no target (a primary without DR
// or regional stacks, any regional stack) replicates nothing.
func TestStorageReplicatesToEachReplicaWithItsKey(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		configs := d.OfType(tokBucketReplication)
		targets := d.replicationTargets()
		if len(targets) == 0 {
			if len(configs) != 0 {
				t.Errorf("no DR or replica region, yet %d replication configurations", len(configs))
			}
			return
		}
		for _, role := range storage.ReplicatedRoles() {
			found := d.companions(tokBucketReplication, d.bucket(d.region, role))
			if len(found) != 1 {
				t.Errorf("%s: %d replication configurations, want 1", role, len(found))
				continue
			}
			c := found[0]
			d.ref(tokIAMRole, c.String("role"), string(role)+" replication role")
			if n := inputListLen(c, "rules"); n != len(targets) {
				t.Errorf("%s replication has %d rules, want one per target %v", role, n, targets)
			}
			for i, target := range targets {
				rule := fmt.Sprintf("rules[%d].", i)
				checks := map[string][2]string{
					"rule":                       {c.String(rule + "id"), target.rule},
					"priority":                   {fmt.Sprint(c.Number(rule + "priority")), fmt.Sprint(len(targets) - i)},
					"destination bucket":         {c.String(rule + "destination.bucket"), d.bucket(target.region, role).Output("arn")},
					"replica key":                {c.String(rule + "destination.encryptionConfiguration.replicaKmsKeyId"), d.keyArn(security.Storage, target.region)},
					"status":                     {c.String(rule + "status"), "Enabled"},
					"SSE-KMS objects replicated": {c.String(rule + "sourceSelectionCriteria.sseKmsEncryptedObjects.status"), "Enabled"},
				}
				for what, gw := range checks {
					if gw[0] != gw[1] {
						t.Errorf("%s replication to %s, %s: %q, want %q", role, target.region, what, gw[0], gw[1])
					}
				}
			}
		}
		if got := len(configs); got != len(storage.ReplicatedRoles()) {
			t.Errorf("%d replication configurations, want one per replicated role %v", got, storage.ReplicatedRoles())
		}
	})
}

// policyValues reads an IAM policy's Action or Resource: a string or a list of strings.
func policyValues(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			out = append(out, fmt.Sprint(e))
		}
		return out
	}
	return nil
}

// TestStorageReplicationRoleNamesExactArns: the one replication role reads exactly the source
// buckets, decrypts with exactly the source key, and writes and encrypts exactly into the
// replicas of every target (DR and replica regions).
func TestStorageReplicationRoleNamesExactArns(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		configs := d.OfType(tokBucketReplication)
		targets := d.replicationTargets()
		if len(targets) == 0 || len(configs) == 0 {
			if len(targets) != 0 {
				t.Fatal("no replication configurations")
			}
			return
		}
		role := d.ref(tokIAMRole, configs[0].String("role"), "replication role")
		var sources, replicas, replicaKeys []string
		for _, r := range storage.ReplicatedRoles() {
			sources = append(sources, d.bucket(d.region, r).Output("arn"))
		}
		for _, target := range targets {
			for _, r := range storage.ReplicatedRoles() {
				replicas = append(replicas, d.bucket(target.region, r).Output("arn"))
			}
			replicaKeys = append(replicaKeys, d.keyArn(security.Storage, target.region))
		}
		objects := func(arns []string) []string {
			out := make([]string, len(arns))
			for i, a := range arns {
				out[i] = a + "/*"
			}
			return out
		}
		want := map[string][]string{
			"s3:GetReplicationConfiguration":    sources,
			"s3:ListBucket":                     sources,
			"s3:GetObjectVersionForReplication": objects(sources),
			"s3:GetObjectVersionAcl":            objects(sources),
			"s3:GetObjectVersionTagging":        objects(sources),
			"s3:ReplicateObject":                objects(replicas),
			"s3:ReplicateDelete":                objects(replicas),
			"s3:ReplicateTags":                  objects(replicas),
			"kms:Decrypt":                       {d.keyArn(security.Storage, d.region)},
			"kms:Encrypt":                       replicaKeys,
		}
		got := map[string][]string{}
		for _, p := range d.OfType(tokIAMRolePolicy) {
			if p.String("role") != role.ID {
				continue
			}
			var doc struct {
				Statement []struct {
					Effect           string
					Action, Resource any
				}
			}
			if err := p.JSON("policy", &doc); err != nil {
				t.Fatal(err)
			}
			for _, s := range doc.Statement {
				for _, a := range policyValues(s.Action) {
					if s.Effect == "Allow" {
						got[a] = append(got[a], policyValues(s.Resource)...)
					}
				}
			}
		}
		for _, m := range []map[string][]string{want, got} {
			for _, arns := range m {
				sort.Strings(arns)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("replication role %s allows\n%v\nwant exactly\n%v", role.Name, got, want)
		}
		for _, a := range d.OfType(tokIAMAttachment) {
			if a.String("role") == role.ID {
				t.Errorf("replication role %s has managed policy %s attached", role.Name, a.String("policyArn"))
			}
		}
	})
}

// --- backup ---

// backupVault returns the one vault of a region.
func (d *dataStack) backupVault(region string) *harness.Resource {
	d.t.Helper()
	vaults := d.inRegion(tokBackupVault, region)
	if len(vaults) != 1 {
		d.t.Fatalf("%d backup vaults in %s, want 1", len(vaults), region)
	}
	return vaults[0]
}

// backupRule returns the plan's rule of a name, as the path prefix of its inputs.
func backupRule(t *testing.T, plan *harness.Resource, name string) string {
	t.Helper()
	for i := range inputListLen(plan, "rules") {
		if p := fmt.Sprintf("rules[%d].", i); plan.String(p+"ruleName") == name {
			return p
		}
	}
	t.Fatalf("backup plan %s has no %q rule", plan.Name, name)
	return ""
}

// backupPlan returns the one backup plan.
func (d *dataStack) backupPlan() *harness.Resource {
	d.t.Helper()
	plans := d.OfType(tokBackupPlan)
	if len(plans) != 1 {
		d.t.Fatalf("%d backup plans, want 1", len(plans))
	}
	return plans[0]
}

func TestBackupVaultEncryptedWithBackupKey(t *testing.T) {
	forEachPrimaryDataStack(t, func(t *testing.T, d *dataStack) {
		for _, v := range d.OfType(tokBackupVault) {
			d.expectKey("vault "+v.Name, v.String("kmsKeyArn"), security.Backup, v.Region)
			if v.Protect != d.production || v.Bool("forceDestroy") == d.production {
				t.Errorf("vault %s: protect %v, forceDestroy %v; want protected exactly in production", v.Name, v.Protect, v.Bool("forceDestroy"))
			}
		}
		d.backupVault(d.region)
	})
}

func TestBackupPlanDailyAndContinuous(t *testing.T) {
	forEachPrimaryDataStack(t, func(t *testing.T, d *dataStack) {
		plan, vault := d.backupPlan(), d.backupVault(d.region)
		if plan.Region != d.region {
			t.Errorf("backup plan in %s, want %s", plan.Region, d.region)
		}
		daily, continuous := backupRule(t, plan, "daily"), backupRule(t, plan, "continuous")
		if got := plan.Number(daily + "lifecycle.deleteAfter"); got != float64(d.retentionDays) {
			t.Errorf("daily backups kept %v days, want %d", got, d.retentionDays)
		}
		if !plan.Bool(continuous + "enableContinuousBackup") {
			t.Error("the continuous rule does not enable continuous backup")
		}
		if got := plan.Number(continuous + "lifecycle.deleteAfter"); got != float64(min(d.retentionDays, 35)) {
			t.Errorf("continuous backups kept %v days, want %d (point-in-time restore reaches at most 35)", got, min(d.retentionDays, 35))
		}
		for _, rule := range []string{daily, continuous} {
			if plan.String(rule+"targetVaultName") != vault.String("name") {
				t.Errorf("%s targets vault %q, want %q", rule, plan.String(rule+"targetVaultName"), vault.String("name"))
			}
		}
	})
}

func TestBackupCopiesToDRVaultOnlyWithDRRegion(t *testing.T) {
	forEachPrimaryDataStack(t, func(t *testing.T, d *dataStack) {
		plan := d.backupPlan()
		daily := backupRule(t, plan, "daily")
		copies := inputListLen(plan, daily+"copyActions")
		if d.drRegion == "" {
			if copies > 0 {
				t.Errorf("no DR region, yet the daily rule copies %d times", copies)
			}
			if n := len(d.OfType(tokBackupVault)); n != 1 {
				t.Errorf("%d backup vaults, want only the primary region's", n)
			}
			return
		}
		if copies != 1 {
			t.Fatalf("daily rule has %d copy actions, want one to the DR vault", copies)
		}
		dest := d.ref(tokBackupVault, plan.String(daily+"copyActions[0].destinationVaultArn"), "copy action")
		if dest != d.backupVault(d.drRegion) {
			t.Errorf("copies go to vault %s in %s, want the vault of %s", dest.Name, dest.Region, d.drRegion)
		}
	})
}

func TestBackupVaultLockedOnlyWhereRequired(t *testing.T) {
	forEachPrimaryDataStack(t, func(t *testing.T, d *dataStack) {
		locked := map[string]bool{}
		for _, l := range d.OfType(tokBackupVaultLock) {
			locked[l.String("backupVaultName")] = true
		}
		primary := d.backupVault(d.region)
		if locked[primary.String("name")] != d.vaultLock {
			t.Errorf("vault %s locked %v, want %v", primary.Name, locked[primary.String("name")], d.vaultLock)
		}
		if !d.vaultLock && len(locked) > 0 {
			t.Errorf("%d vault locks, want none", len(locked))
		}
	})
}

func TestBackupSelectionIncludesDatabasePrimary(t *testing.T) {
	forEachPrimaryDataStack(t, func(t *testing.T, d *dataStack) {
		plan, primary := d.backupPlan(), d.dbPrimary()
		for _, s := range d.OfType(tokBackupSelection) {
			if s.String("planId") == plan.ID && slices.Contains(s.Strings("resources"), primary.Output("arn")) {
				return
			}
		}
		t.Errorf("no selection of plan %s includes the primary %s", plan.Name, primary.Output("arn"))
	})
}

// TestRegionalStacksKeepNoBackups: a regional stack backs nothing up and keeps no vault: the
// environment's data is its primary's, whose plan backs it up and copies it to the DR region.
func TestRegionalStacksKeepNoBackups(t *testing.T) {
	forEachDataStack(t, func(t *testing.T, d *dataStack) {
		if !d.regional {
			t.Skip("a primary's backups: the TestBackup tests")
		}
		for _, typ := range []string{tokBackupVault, tokBackupVaultLock, tokBackupPlan, tokBackupSelection} {
			if n := len(d.OfType(typ)); n > 0 {
				t.Errorf("%d %s in a regional stack; its primary backs up the environment's data", n, typ)
			}
		}
	})
}
