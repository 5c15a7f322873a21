package compute

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
)

// Variables this component sets (Variables says what reads each).
const (
	envSettingsModule          = "DJANGO_SETTINGS_MODULE"
	envBrokerURL               = "CELERY_BROKER_URL"
	envDefaultQueue            = "CELERY_TASK_DEFAULT_QUEUE"
	envTransportOptions        = "CELERY_BROKER_TRANSPORT_OPTIONS"
	envWebhookQueue            = "WEBHOOK_CELERY_QUEUE_NAME"
	envDatabaseURL             = "DATABASE_URL"
	envDatabaseReplica         = "DATABASE_URL_REPLICA"
	envCacheURL                = "CACHE_URL"
	envSecretKey               = "SECRET_KEY"
	envRSAPrivateKey           = "RSA_PRIVATE_KEY"
	envAllowedHosts            = "ALLOWED_HOSTS"
	envAllowedClients          = "ALLOWED_CLIENT_HOSTS"
	envGraphQLOrigins          = "ALLOWED_GRAPHQL_ORIGINS"
	envPublicURL               = "PUBLIC_URL"
	envDefaultFromEmail        = "DEFAULT_FROM_EMAIL"
	envMediaBucket             = "AWS_MEDIA_BUCKET_NAME"
	envAssetsBucket            = "AWS_STORAGE_BUCKET_NAME"
	envMediaCustomDomain       = "AWS_MEDIA_CUSTOM_DOMAIN"
	envDebug                   = "DEBUG"
	envRegion                  = "AWS_DEFAULT_REGION"
	envPythonDontWriteBytecode = "PYTHONDONTWRITEBYTECODE"
)

// DefaultSettingsModule is the default DjangoSettingsModule: the module image/ adds to
// Saleor's image (image/saleor_aws/settings.py).
const DefaultSettingsModule = "saleor_aws.settings"

// Reader is what reads a variable the tier sets in the containers.
type Reader string

const (
	// StockSaleor is Saleor's own settings module, saleor/settings.py.
	StockSaleor Reader = "saleor"
	// SettingsModule is the image's settings module (DjangoSettingsModule; see the package
	// documentation): what stock Saleor reads only from its Django settings, or not by the
	// name the tier sets.
	SettingsModule Reader = "settings-module"
	// Runtime is Python, Django's settings loader or boto3 and kombu.
	Runtime Reader = "runtime"
)

// Variables are every environment variable the tier sets in the containers, by what reads
// it: one table for the containers, the image's settings module (image/, whose test reads
// SettingsModuleVariables) and the variables Settings.Extra and Secrets.Extra may not set.
var Variables = map[string]Reader{
	envSettingsModule:          Runtime,
	envBrokerURL:               StockSaleor,
	envDefaultQueue:            SettingsModule,
	envTransportOptions:        SettingsModule,
	envWebhookQueue:            StockSaleor,
	envDatabaseURL:             StockSaleor,
	envDatabaseReplica:         SettingsModule, // some Saleor 3.x releases point the replica at DATABASE_URL
	envCacheURL:                StockSaleor,
	envSecretKey:               StockSaleor,
	envRSAPrivateKey:           StockSaleor,
	envAllowedHosts:            StockSaleor,
	envAllowedClients:          StockSaleor,
	envGraphQLOrigins:          StockSaleor,
	envPublicURL:               StockSaleor,
	envDefaultFromEmail:        StockSaleor,
	envMediaBucket:             StockSaleor,
	envAssetsBucket:            StockSaleor,
	envMediaCustomDomain:       StockSaleor,
	envDebug:                   StockSaleor,
	envRegion:                  Runtime,
	envPythonDontWriteBytecode: Runtime,
}

// SettingsModuleVariables returns, sorted, the variables the image's settings module must
// read: those of Variables whose Reader is SettingsModule.
func SettingsModuleVariables() []string {
	var out []string
	for _, name := range sortedKeys(Variables) {
		if Variables[name] == SettingsModule {
			out = append(out, name)
		}
	}
	return out
}

// reserved reports whether the tier sets a variable, which Settings.Extra and Secrets.Extra
// therefore may not.
func reserved(name string) bool {
	_, ok := Variables[name]
	return ok
}

// appConfig is what every container of the tier is configured with.
type appConfig struct {
	// environment holds constants that are neither secret nor per-environment.
	environment map[string]string
	// parameters are the SSM String parameters by variable name, read through secrets.
	parameters map[string]*ssm.Parameter
	// secrets are Secrets Manager secret or SSM SecureString ARNs by variable name.
	secrets map[string]pulumi.StringInput
	// version is a digest of every parameter value: a changed setting changes the task
	// definitions, so ECS rolls the tasks that read it.
	version pulumi.StringOutput
}

// settingValues returns the values of the SSM parameters by variable name.
func settingValues(a *ComputeArgs, env awsenv.Environment, queues map[string]*queue) map[string]pulumi.StringInput {
	s := a.Settings
	values := map[string]pulumi.StringInput{
		envAllowedHosts:      pulumi.String(strings.Join(s.AllowedHosts, ",")),
		envAllowedClients:    pulumi.String(strings.Join(s.AllowedClientHosts, ",")),
		envPublicURL:         pulumi.String(s.PublicURL),
		envDefaultFromEmail:  pulumi.String(s.DefaultFromEmail),
		envMediaCustomDomain: pulumi.String(s.MediaDomain),
		envMediaBucket:       a.Buckets.MediaName,
		envAssetsBucket:      a.Buckets.AssetsName,
		envDefaultQueue:      pulumi.String(queues[defaultQueue].name),
		envWebhookQueue:      pulumi.String(queues[webhookQueue].name),
		envTransportOptions:  transportOptions(env.Region, queues),
	}
	if len(s.AllowedGraphQLOrigins) > 0 {
		values[envGraphQLOrigins] = pulumi.String(strings.Join(s.AllowedGraphQLOrigins, ","))
	}
	for name, value := range s.Extra {
		values[name] = pulumi.String(value)
	}
	return values
}

// transportOptions renders kombu's SQS transport options: the region, and every queue by
// name with its URL, so kombu never lists or creates queues.
func transportOptions(region string, queues map[string]*queue) pulumi.StringOutput {
	names := sortedKeys(queues)
	urls := make([]any, len(names))
	for i, role := range names {
		urls[i] = queues[role].url
	}
	return pulumi.All(urls...).ApplyT(func(resolved []any) string {
		predefined := map[string]map[string]string{}
		for i, role := range names {
			predefined[queues[role].name] = map[string]string{"url": resolved[i].(string)}
		}
		return mustJSON(map[string]any{
			"region":             region,
			"predefined_queues":  predefined,
			"visibility_timeout": visibilityTimeoutSeconds,
			"wait_time_seconds":  receiveWaitSeconds,
		})
	}).(pulumi.StringOutput)
}

// newAppConfig creates the settings parameters under ParameterPath and gathers what the
// containers are configured with.
func newAppConfig(ctx *pulumi.Context, name string, a *ComputeArgs, env awsenv.Environment, values map[string]pulumi.StringInput,
	generated map[string]pulumi.StringInput, opts ...pulumi.ResourceOption) (*appConfig, error) {
	cfg := &appConfig{
		environment: map[string]string{
			envSettingsModule:          a.DjangoSettingsModule,
			envBrokerURL:               "sqs://", // credentials from the task role
			envDebug:                   "False",
			envRegion:                  env.Region, // kombu and boto3 take the region from it
			envPythonDontWriteBytecode: "1",        // the root filesystem is read-only
		},
		parameters: map[string]*ssm.Parameter{},
		secrets: map[string]pulumi.StringInput{
			envDatabaseURL:     a.Secrets.DatabaseURL,
			envDatabaseReplica: a.Secrets.DatabaseReplicaURL,
			envCacheURL:        a.Secrets.CacheURL,
		},
	}
	for variable, arn := range generated {
		cfg.secrets[variable] = arn
	}
	for variable, arn := range a.Secrets.Extra {
		cfg.secrets[variable] = arn
	}
	names := sortedKeys(values)
	all := make([]any, len(names))
	for i, variable := range names {
		p, err := ssm.NewParameter(ctx, fmt.Sprintf("%s-%s", name, strings.ToLower(strings.ReplaceAll(variable, "_", "-"))), &ssm.ParameterArgs{
			Name:          pulumi.String(a.ParameterPath + "/" + variable),
			Description:   pulumi.Sprintf("Saleor %s of %s", variable, a.NamePrefix),
			Type:          pulumi.String("String"),
			Tier:          pulumi.String("Standard"),
			InsecureValue: values[variable],
		}, opts...)
		if err != nil {
			return nil, err
		}
		cfg.parameters[variable] = p
		all[i] = values[variable]
	}
	cfg.version = pulumi.All(all...).ApplyT(func(resolved []any) string {
		h := sha256.New()
		for i, variable := range names {
			fmt.Fprintf(h, "%s=%s\n", variable, resolved[i])
		}
		return hex.EncodeToString(h.Sum(nil))[:16]
	}).(pulumi.StringOutput)
	return cfg, nil
}

// parameterArns returns the ARNs of the settings parameters, in variable order.
func (c *appConfig) parameterArns() []pulumi.StringInput {
	var out []pulumi.StringInput
	for _, variable := range sortedKeys(c.parameters) {
		out = append(out, c.parameters[variable].Arn)
	}
	return out
}

// secretArns returns the secret ARNs, in variable order.
func (c *appConfig) secretArns() []pulumi.StringInput {
	var out []pulumi.StringInput
	for _, variable := range sortedKeys(c.secrets) {
		out = append(out, c.secrets[variable])
	}
	return out
}

// sortedEnvironment returns the constant environment as sorted name/value pairs.
func (c *appConfig) sortedEnvironment() []keyValue {
	var out []keyValue
	for _, n := range sortedKeys(c.environment) {
		out = append(out, keyValue{Name: n, Value: c.environment[n]})
	}
	return out
}
