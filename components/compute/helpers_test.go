package compute_test

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/internal/harness"
)

// Literal wiring from the other tiers.
const (
	region          = "eu-central-1"
	storageKey      = "arn:aws:kms:eu-central-1:123456789012:key/storage"
	secretsKey      = "arn:aws:kms:eu-central-1:123456789012:key/secrets"
	messagingKey    = "arn:aws:kms:eu-central-1:123456789012:key/messaging"
	logsKey         = "arn:aws:kms:eu-central-1:123456789012:key/logs"
	databaseSecret  = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:database-url-AbCdEf"
	replicaSecret   = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:database-replica-url-AbCdEf"
	cacheSecret     = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:cache-url-AbCdEf"
	emailSecret     = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:email-url-AbCdEf"
	mediaBucketArn  = "arn:aws:s3:::saleor-test-media"
	assetsBucketArn = "arn:aws:s3:::saleor-test-assets"
	certificateArn  = "arn:aws:acm:eu-central-1:123456789012:certificate/test"
	apiGroup        = "sg-api"
	workerGroup     = "sg-worker"
)

var privateSubnets = []string{"subnet-private-a", "subnet-private-b", "subnet-private-c"}

// args returns a complete ComputeArgs at a sizing percentage and HA level.
func args(t *testing.T, percent int, level ha.Level) compute.ComputeArgs {
	t.Helper()
	sizes, err := catalog.Snap(percent)
	if err != nil {
		t.Fatal(err)
	}
	return compute.ComputeArgs{
		NamePrefix:    "saleor-test",
		ParameterPath: "/saleor/test",
		HA:            level,
		APITask:       sizes.APITask, APITasks: sizes.APITasks,
		WorkerTask: sizes.WorkerTask, WorkerTasks: sizes.WorkerTasks,
		Image:          compute.Image{Tag: "3.20.4"},
		CertificateArn: pulumi.String(certificateArn),
		Network: compute.Network{
			VpcID:                 pulumi.String("vpc-test"),
			PublicSubnetIDs:       pulumi.ToStringArray([]string{"subnet-public-a", "subnet-public-b"}),
			PrivateSubnetIDs:      pulumi.ToStringArray(privateSubnets),
			ALBSecurityGroupID:    pulumi.String("sg-alb"),
			APISecurityGroupID:    pulumi.String(apiGroup),
			WorkerSecurityGroupID: pulumi.String(workerGroup),
		},
		Keys: compute.Keys{Storage: pulumi.String(storageKey), Secrets: pulumi.String(secretsKey), Messaging: pulumi.String(messagingKey)},
		Buckets: compute.Buckets{
			MediaName: pulumi.String("saleor-test-media"), MediaArn: pulumi.String(mediaBucketArn),
			AssetsName: pulumi.String("saleor-test-assets"), AssetsArn: pulumi.String(assetsBucketArn),
			LogsName: pulumi.String("saleor-test-logs"),
		},
		Secrets: compute.Secrets{
			DatabaseURL: pulumi.String(databaseSecret), DatabaseReplicaURL: pulumi.String(replicaSecret),
			CacheURL: pulumi.String(cacheSecret),
			Extra:    map[string]pulumi.StringInput{"EMAIL_URL": pulumi.String(emailSecret)},
		},
		Settings: compute.Settings{
			AllowedHosts:       []string{"api.example.com"},
			AllowedClientHosts: []string{"shop.example.com", "dashboard.example.com"},
			PublicURL:          "https://api.example.com/",
			MediaDomain:        "example.com",
			Extra:              map[string]string{"DEFAULT_COUNTRY": "DE"},
		},
		Logs: logging.Settings{
			KMSKeyArn: pulumi.String(logsKey),
			RetentionDays: map[logging.Class]int{
				logging.Application: 90, logging.Infrastructure: 90, logging.CDN: 90, logging.Audit: 365,
			},
			Prefix: "/saleor/test",
		},
	}
}

// production is prod-eu's shape: 100%, multi-AZ, protected, blue/green, workers on Spot.
func production(t *testing.T) compute.ComputeArgs {
	a := args(t, 100, ha.MultiAZ)
	a.DeletionProtection = true
	a.APIDeployment = compute.BlueGreen
	a.WorkersOnSpot = true
	return a
}

// staging is staging's shape: 75%, single-AZ, rolling.
func staging(t *testing.T) compute.ComputeArgs { return args(t, 75, ha.SingleAZ) }

// deploy runs the component alone and returns what it registered and the component.
func deploy(a compute.ComputeArgs, opts ...harness.Option) (*harness.Inventory, *compute.Compute, error) {
	var c *compute.Compute
	inv, err := harness.Run(harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		var err error
		c, err = compute.NewCompute(ctx, "compute", &a, pulumi.Providers(p[0]))
		if err != nil {
			return err
		}
		for name, out := range map[string]pulumi.Output{
			"originVerifySecret": c.OriginVerifySecret, "clusterName": c.ClusterName,
			"apiServiceName": c.APIServiceName, "workerServiceName": c.WorkerServiceName,
			"webhookWorkerServiceName": c.WebhookWorkerServiceName, "beatServiceName": c.BeatServiceName,
			"loadBalancerArn": c.LoadBalancerArn, "loadBalancerArnSuffix": c.LoadBalancerArnSuffix,
			"loadBalancerDnsName": c.LoadBalancerDNSName, "loadBalancerZoneId": c.LoadBalancerZoneID,
			"targetGroupArnSuffixes": c.TargetGroupArnSuffixes, "httpsListenerArn": c.HTTPSListenerArn,
			"httpListenerArn": c.HTTPListenerArn, "testListenerArn": c.TestListenerArn,
			"defaultQueueUrl": c.DefaultQueue.URL, "webhookDlqArn": c.WebhookQueue.DLQArn,
			"repositoryUrl": c.RepositoryURL, "migrationTaskDefinitionArn": c.MigrationTaskDefinitionArn,
			"codeDeployDeploymentGroup": c.CodeDeployDeploymentGroup,
		} {
			ctx.Export(name, out)
		}
		ctx.Export("release", c.Release)
		ctx.Export("queueNames", pulumi.ToStringArray([]string{c.DefaultQueue.Name, c.DefaultQueue.DLQName,
			c.WebhookQueue.Name, c.WebhookQueue.DLQName}))
		return nil
	}, region), harness.ComponentStack(), opts...)
	return inv, c, err
}

func run(t *testing.T, a compute.ComputeArgs) *harness.Inventory {
	t.Helper()
	inv, _, err := deploy(a)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// container is the part of a container definition the tests read.
type container struct {
	Name                   string   `json:"name"`
	Image                  string   `json:"image"`
	Command                []string `json:"command"`
	User                   string   `json:"user"`
	Privileged             bool     `json:"privileged"`
	ReadonlyRootFilesystem bool     `json:"readonlyRootFilesystem"`
	PortMappings           []struct {
		ContainerPort int `json:"containerPort"`
	} `json:"portMappings"`
	Environment []struct{ Name, Value string } `json:"environment"`
	Secrets     []struct {
		Name      string `json:"name"`
		ValueFrom string `json:"valueFrom"`
	} `json:"secrets"`
	MountPoints []struct {
		SourceVolume  string `json:"sourceVolume"`
		ContainerPath string `json:"containerPath"`
	} `json:"mountPoints"`
	LinuxParameters struct {
		Capabilities struct {
			Drop []string `json:"drop"`
		} `json:"capabilities"`
		Tmpfs []struct {
			ContainerPath string   `json:"containerPath"`
			Size          int      `json:"size"`
			MountOptions  []string `json:"mountOptions"`
		} `json:"tmpfs"`
	} `json:"linuxParameters"`
	LogConfiguration struct {
		LogDriver string            `json:"logDriver"`
		Options   map[string]string `json:"options"`
	} `json:"logConfiguration"`
}

// containers returns the containers of the task definition of a workload.
func containers(t *testing.T, inv *harness.Inventory, workload string) []container {
	t.Helper()
	td := inv.Named("aws:ecs/taskDefinition:TaskDefinition", "compute-"+workload)
	if td == nil {
		t.Fatalf("no task definition for %s", workload)
	}
	var cs []container
	if err := td.JSON("containerDefinitions", &cs); err != nil {
		t.Fatal(err)
	}
	return cs
}

// policyDocument is an IAM policy document as the tests read it.
type policyDocument struct {
	Statement []struct {
		Sid       string
		Effect    string
		Action    []string
		Resource  []string
		Condition map[string]map[string]any
	}
}

func policy(t *testing.T, r *harness.Resource) policyDocument {
	t.Helper()
	var doc policyDocument
	if err := r.JSON("policy", &doc); err != nil {
		t.Fatalf("%s: %v", r.Name, err)
	}
	return doc
}

// shapes are both stacks' shapes by name.
func shapes(t *testing.T) map[string]compute.ComputeArgs {
	return map[string]compute.ComputeArgs{"production": production(t), "staging": staging(t)}
}
