package cache

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/secretstore"

	"github.com/saleor-platform/infra/components/logging"
)

// Fixed facts of every replication group. The port and the subnet group force replacement
// when changed, so they are constants and one subnet group shared by the roles.
const engine = "valkey"

// Port is the caches' port, which the network tier opens to the application tiers.
const Port = 6379

// Store is one role's replication group and what the application needs to use it.
type Store struct {
	// ReplicationGroupID and Arn identify the replication group.
	ReplicationGroupID pulumi.StringOutput
	Arn                pulumi.StringOutput
	// PrimaryEndpoint is the address to write to; ReaderEndpoint spreads reads over the
	// replicas (the primary when there is none).
	PrimaryEndpoint pulumi.StringOutput
	ReaderEndpoint  pulumi.StringOutput
	// URLSecretArn is the secret holding "rediss://:<token>@<PrimaryEndpoint>:6379/0".
	URLSecretArn pulumi.StringOutput
	// AuthTokenSecretArn is the secret holding the AUTH token alone.
	AuthTokenSecretArn pulumi.StringOutput
	// TTLSeconds is the role's default entry lifetime; TTLParameterName and TTLParameterArn
	// name the SSM String parameter that publishes it.
	TTLSeconds       int
	TTLParameterName string
	TTLParameterArn  pulumi.StringOutput
}

// group is what the roles share.
type group struct {
	subnetGroup pulumi.StringOutput
	parent      pulumi.ResourceOrInvokeOption
	protect     pulumi.ResourceOption
}

// newStore creates one role's cache and publishes what the application needs to use it.
func newStore(ctx *pulumi.Context, name string, role Role, a *CacheArgs, g group) (Store, error) {
	rn := name + "-" + string(role)
	token, err := newAuthToken(ctx, rn, g.parent, g.protect)
	if err != nil {
		return Store{}, err
	}
	params, err := elasticache.NewParameterGroup(ctx, rn, &elasticache.ParameterGroupArgs{
		Family:      pulumi.String(engine + strings.SplitN(a.EngineVersion, ".", 2)[0]),
		Description: pulumi.String(settings[role].description + ": " + settings[role].evictionPolicy),
		Parameters: elasticache.ParameterGroupParameterArray{
			elasticache.ParameterGroupParameterArgs{Name: pulumi.String("maxmemory-policy"), Value: pulumi.String(settings[role].evictionPolicy)},
		},
	}, g.parent)
	if err != nil {
		return Store{}, err
	}
	slowLog, err := a.Logs.NewGroup(ctx, rn+"-slow-log", a.Logs.Name(fmt.Sprintf("%s/%s/slow-log", name, role)), logging.Infrastructure, g.parent)
	if err != nil {
		return Store{}, err
	}
	rg, err := elasticache.NewReplicationGroup(ctx, rn, replicationGroupArgs(role, a, g, token.Result, params.Name, slowLog.Name), g.parent, g.protect)
	if err != nil {
		return Store{}, err
	}
	return publish(ctx, rn, role, a, g, token.Result, rg)
}

// replicationGroupArgs is a role's replication group: Valkey in the isolated subnets,
// encrypted at rest with the cache key and in transit (TLS required), AUTH with the token,
// failover across zones when multi-AZ, the role's parameter group, the slow log delivered
// to CloudWatch Logs, and, for the session store, daily snapshots (and a final one when
// protected).
func replicationGroupArgs(role Role, a *CacheArgs, g group, token, parameterGroup, slowLog pulumi.StringOutput) *elasticache.ReplicationGroupArgs {
	s := settings[role]
	id := a.NamePrefix + "-" + string(role)
	multiAZ := a.HA.IsMultiAZ()
	args := &elasticache.ReplicationGroupArgs{
		ReplicationGroupId:       pulumi.String(id),
		Description:              pulumi.String(s.description),
		Engine:                   pulumi.String(engine),
		EngineVersion:            pulumi.String(a.EngineVersion),
		NodeType:                 pulumi.String(a.NodeClass),
		ClusterMode:              pulumi.String("disabled"),
		NumCacheClusters:         pulumi.Int(a.NodesPerRole),
		AutomaticFailoverEnabled: pulumi.Bool(multiAZ),
		MultiAzEnabled:           pulumi.Bool(multiAZ),
		Port:                     pulumi.Int(Port),
		SubnetGroupName:          g.subnetGroup,
		SecurityGroupIds:         pulumi.StringArray{a.SecurityGroupID},
		ParameterGroupName:       parameterGroup,
		AtRestEncryptionEnabled:  pulumi.Bool(true),
		KmsKeyId:                 a.KMSKeyArn,
		TransitEncryptionEnabled: pulumi.Bool(true),
		TransitEncryptionMode:    pulumi.String("required"),
		AuthToken:                token,
		AutoMinorVersionUpgrade:  pulumi.Bool(true),
		MaintenanceWindow:        pulumi.String(a.MaintenanceWindow),
		SnapshotRetentionLimit:   pulumi.Int(0),
		LogDeliveryConfigurations: elasticache.ReplicationGroupLogDeliveryConfigurationArray{
			elasticache.ReplicationGroupLogDeliveryConfigurationArgs{
				Destination:     slowLog,
				DestinationType: pulumi.String("cloudwatch-logs"),
				LogFormat:       pulumi.String("json"),
				LogType:         pulumi.String("slow-log"),
			},
		},
		Tags: pulumi.StringMap{"Name": pulumi.String(id), "Role": pulumi.String(string(role))},
	}
	if s.snapshots {
		args.SnapshotRetentionLimit = pulumi.Int(a.SessionSnapshotRetentionDays)
		args.SnapshotWindow = pulumi.String(a.SnapshotWindow)
		if a.DeletionProtection {
			args.FinalSnapshotIdentifier = pulumi.String(id + "-final")
		}
	}
	return args
}

// publish stores the role's AUTH token and URL in Secrets Manager (secrets key) and its TTL
// in an SSM String parameter.
func publish(ctx *pulumi.Context, rn string, role Role, a *CacheArgs, g group, token pulumi.StringOutput, rg *elasticache.ReplicationGroup) (Store, error) {
	description := settings[role].description
	secretPrefix := fmt.Sprintf("%s/cache/%s/", a.NamePrefix, role)
	secret := func(suffix, what string, value pulumi.StringOutput) (pulumi.StringOutput, error) {
		return secretstore.New(ctx, rn+"-"+suffix, secretstore.Args{
			NamePrefix:  secretPrefix + suffix + "-",
			Description: pulumi.String(description + ": " + what),
			KMSKeyArn:   a.SecretsKMSKeyArn,
			Value:       value,
		}, g.parent, g.protect)
	}
	tokenArn, err := secret("auth-token", "AUTH token", token)
	if err != nil {
		return Store{}, err
	}
	urlArn, err := secret("url", "rediss:// URL of the primary endpoint", connectionURL(token, rg.PrimaryEndpointAddress))
	if err != nil {
		return Store{}, err
	}
	ttl := a.TTLSeconds[role]
	ttlName := fmt.Sprintf("%s/cache/%s/ttl-seconds", a.ParameterPrefix, role)
	ttlParam, err := ssm.NewParameter(ctx, rn+"-ttl", &ssm.ParameterArgs{
		Name:          pulumi.String(ttlName),
		Type:          pulumi.String("String"),
		DataType:      pulumi.String("text"),
		InsecureValue: pulumi.String(strconv.Itoa(ttl)),
		Description:   pulumi.String(description + ": default entry lifetime in seconds"),
	}, g.parent)
	if err != nil {
		return Store{}, err
	}
	return Store{
		ReplicationGroupID: rg.ID().ToStringOutput(),
		Arn:                rg.Arn,
		PrimaryEndpoint:    rg.PrimaryEndpointAddress,
		ReaderEndpoint:     rg.ReaderEndpointAddress,
		URLSecretArn:       urlArn,
		AuthTokenSecretArn: tokenArn,
		TTLSeconds:         ttl,
		TTLParameterName:   ttlName,
		TTLParameterArn:    ttlParam.Arn,
	}, nil
}
