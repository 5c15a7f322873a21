package compute

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/secretstore"
)

// Standby is how a runtime that serves no traffic yet waits to take over.
type Standby string

const (
	// Serving runs every service at its scaling minimum, and the one beat.
	Serving Standby = "serving"
	// Warm runs every service at its scaling minimum but beat, which stays at zero: the
	// serving region's beat sends the periodic tasks, and two would send each twice.
	Warm Standby = "warm"
	// PilotLight keeps every service at zero tasks with a scaling floor of zero: failing over
	// is raising the floor, in minutes, since everything else exists.
	PilotLight Standby = "pilot-light"
)

// Deployment is how new API task definitions reach production traffic.
type Deployment string

const (
	// Rolling replaces API tasks in place (ECS deployment controller) with the deployment
	// circuit breaker rolling back a deployment whose tasks do not become healthy.
	Rolling Deployment = "rolling"
	// BlueGreen starts a full replacement task set behind a second target group and shifts
	// traffic with CodeDeploy, rolling back on a failed deployment.
	BlueGreen Deployment = "blue-green"
)

// trafficShifts are CodeDeploy's predefined ECS deployment configurations.
var trafficShifts = []string{
	"CodeDeployDefault.ECSAllAtOnce",
	"CodeDeployDefault.ECSCanary10Percent5Minutes",
	"CodeDeployDefault.ECSCanary10Percent15Minutes",
	"CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
	"CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
}

// logLevels are the Celery log levels a stack may choose.
var logLevels = []string{"DEBUG", "INFO", "WARNING", "ERROR"}

// Image is the Saleor image every task runs.
type Image struct {
	// Repository is the image's repository without tag or digest, e.g.
	// "<account>.dkr.ecr.<region>.amazonaws.com/saleor-prod-eu/saleor". Defaults to
	// the component's own ECR repository.
	Repository string
	// Tag is the image tag, e.g. "3.20.4"; never "latest". Set exactly one of Tag and Digest.
	Tag string
	// Digest pins the image by content, "sha256:" and 64 hex digits.
	Digest string
	// Build, when set, builds the image from a Docker build context (awsx's ecr.Image, which
	// needs a Docker daemon where `pulumi up` runs) and pushes it to the component's own
	// repository; the tasks run it by digest. Set none of Repository, Tag and Digest with it.
	// Defaults to nil: the tasks run an image pushed beforehand.
	Build *ImageBuild
}

// ImageBuild is a Docker build of the Saleor image, for linux/amd64 (the tasks' X86_64).
type ImageBuild struct {
	// Context is the build context, the directory holding the Dockerfile: absolute, or
	// relative to the project's root (where Pulumi.yaml is, and the program runs), e.g.
	// "image". Required.
	Context string
}

// Network is where the tier runs; every field comes from the network tier and is required.
type Network struct {
	// VpcID holds the target groups.
	VpcID pulumi.StringInput
	// PublicSubnetIDs hold the load balancer: at least 2, in different zones.
	PublicSubnetIDs pulumi.StringArrayInput
	// PrivateSubnetIDs hold every task; tasks get no public IP.
	PrivateSubnetIDs pulumi.StringArrayInput
	// ALBSecurityGroupID admits HTTPS from CloudFront's origin-facing servers only.
	ALBSecurityGroupID pulumi.StringInput
	// ALBHealthCheckSecurityGroupID, when set, is attached to the ALB too: it admits the Route
	// 53 health checkers, which probe /health/ without the origin header. Defaults to nil.
	ALBHealthCheckSecurityGroupID pulumi.StringInput
	// APISecurityGroupID is the API tasks' group (app port from the ALB).
	APISecurityGroupID pulumi.StringInput
	// WorkerSecurityGroupID is the group of workers, beat and the migration task (no inbound).
	WorkerSecurityGroupID pulumi.StringInput
}

// Keys are the security tier's KMS key ARNs; all are required.
type Keys struct {
	// Storage encrypts the ECR repository and, unless Buckets.KMSKeyArn says otherwise, the
	// buckets the tasks read and write media through.
	Storage pulumi.StringInput
	// Secrets encrypts the Secrets Manager secrets the tasks read and the SECRET_KEY secret.
	Secrets pulumi.StringInput
	// Messaging encrypts the SQS queues.
	Messaging pulumi.StringInput
	// SharedSecrets, when Secrets.Shared is set, is the key those secrets' replicas are
	// encrypted with in this region (the primary stack's); the tasks may decrypt with it too.
	// Defaults to nil.
	SharedSecrets pulumi.StringInput
}

// Buckets are the storage tier's buckets; all are required.
type Buckets struct {
	// MediaName and MediaArn are the media bucket (AWS_MEDIA_BUCKET_NAME, read/write).
	MediaName, MediaArn pulumi.StringInput
	// AssetsName and AssetsArn are the static assets bucket (AWS_STORAGE_BUCKET_NAME,
	// read/write).
	AssetsName, AssetsArn pulumi.StringInput
	// LogsName is the region's logs bucket (SSE-S3), which receives the ALB's access logs.
	LogsName pulumi.StringInput
	// KMSKeyArn is the key the media and assets buckets are encrypted with, in their region.
	// Defaults to Keys.Storage; a regional stack writes to its primary's buckets and names
	// the primary's storage key.
	KMSKeyArn pulumi.StringInput
}

// Secrets are the Secrets Manager (or SSM SecureString) ARNs the tasks read through the
// task definitions' secrets, never their environment.
type Secrets struct {
	// DatabaseURL, DatabaseReplicaURL and CacheURL hold DATABASE_URL, DATABASE_URL_REPLICA
	// and CACHE_URL (database and cache tiers). Required.
	DatabaseURL, DatabaseReplicaURL, CacheURL pulumi.StringInput
	// Extra maps further variables to secret ARNs, e.g. EMAIL_URL, SENTRY_DSN. Defaults to
	// none.
	Extra map[string]pulumi.StringInput
	// Shared are SECRET_KEY and RSA_PRIVATE_KEY when another stack generated them (a regional
	// stack reads its primary's replicas, so a JWT signed in one region validates in every
	// other). Defaults to nil: the component generates them (SharedSecretArns), replicated
	// to SharedSecretReplicas.
	Shared *SharedSecrets
}

// SharedSecrets are the secrets every region of an environment must share.
type SharedSecrets struct {
	// SecretKey and RSAPrivateKey are the ARNs of SECRET_KEY and RSA_PRIVATE_KEY. Required.
	SecretKey, RSAPrivateKey pulumi.StringInput
}

// Settings are Saleor's non-secret settings; they become SSM String parameters under
// ParameterPath, read by the tasks at start.
type Settings struct {
	// AllowedHosts is ALLOWED_HOSTS, the host names requests reach Saleor by. Required.
	// CloudFront sends its API origin's name (edge.APIHostname, "api.<domain>") as Host.
	AllowedHosts []string
	// AllowedClientHosts is ALLOWED_CLIENT_HOSTS, the storefront and dashboard host names
	// Saleor may redirect to. Required: Saleor refuses to start without it when DEBUG is off.
	AllowedClientHosts []string
	// AllowedGraphQLOrigins is ALLOWED_GRAPHQL_ORIGINS (CORS). Defaults to unset: Saleor's
	// default "*" applies.
	AllowedGraphQLOrigins []string
	// PublicURL is PUBLIC_URL, the API's public https URL, e.g. "https://api.example.com/".
	// Required.
	PublicURL string
	// MediaDomain is AWS_MEDIA_CUSTOM_DOMAIN: where media URLs point, a host name optionally
	// followed by a path, e.g. "shop.example.com/media" when CloudFront serves the media
	// bucket under /media/ (django-storages builds https://<MediaDomain>/<key>).
	// Required.
	MediaDomain string
	// DefaultFromEmail is DEFAULT_FROM_EMAIL. Defaults to noreply@ the PublicURL's host.
	DefaultFromEmail string
	// Extra holds further non-secret settings by variable name, e.g. DEFAULT_COUNTRY.
	// Defaults to none; names that look like credentials are rejected (use Secrets.Extra).
	Extra map[string]string
}

// ComputeArgs configures a Compute.
type ComputeArgs struct {
	// NamePrefix names what must be unique per account and region: the cluster, task
	// families, queues ("<prefix>-default", "<prefix>-webhooks"), the ECR repository
	// ("<prefix>/saleor"). E.g. "saleor-prod-eu". Required: lower case, digits and hyphens,
	// at most 40 characters.
	NamePrefix string
	// ParameterPath is the SSM path of the settings, e.g. "/saleor/prod-eu". Required.
	ParameterPath string
	// HA is the availability level; MultiAZ runs at least 2 API tasks. Required.
	HA ha.Level
	// DeletionProtection protects the ECR repository and the SECRET_KEY secret (protect,
	// 30-day recovery window) and turns on the ALB's deletion protection. Defaults to false.
	DeletionProtection bool

	// APITask and WorkerTask are the task sizes (catalog.Sizes.APITask, .WorkerTask); the
	// worker size serves Celery and webhook workers, beat and migrations. Required, each a
	// pair Fargate sells.
	APITask, WorkerTask catalog.FargateSize
	// WebhookTask and BeatTask are the webhook workers' and beat's task sizes. Zero (the
	// default): WorkerTask. Each set one must be a pair Fargate sells.
	WebhookTask, BeatTask catalog.FargateSize
	// APITasks and WorkerTasks are the task count bounds (catalog.Sizes.APITasks,
	// .WorkerTasks); Min is the desired count at deploy and the scaling floor. Webhook
	// workers use WorkerTasks too. Required: 1 <= Min <= Max.
	APITasks, WorkerTasks catalog.TaskCount
	// APICPUTarget is the API's target average CPU utilisation, in percent. Defaults to 60.
	APICPUTarget int
	// QueueScaleOutDepth is the visible-message count of a worker's queue above which (for 5
	// minutes) its workers scale out. Defaults to 1000.
	QueueScaleOutDepth int
	// WorkersOnSpot runs every Celery and webhook worker task beyond the floor
	// (WorkerTasks.Min, at least 1) on FARGATE_SPOT. Defaults to false. The API and beat
	// always run on FARGATE.
	WorkersOnSpot bool
	// APIDeployment is Rolling or BlueGreen. Defaults to Rolling.
	APIDeployment Deployment
	// Standby is how a runtime that serves no traffic yet waits (a disaster-recovery
	// region's): Serving, Warm or PilotLight. Defaults to Serving.
	Standby Standby
	// BeatElsewhere runs no Celery beat here: another runtime of the environment (its
	// primary's) sends the periodic tasks, which would otherwise run once per region.
	// Defaults to false.
	BeatElsewhere bool
	// TrafficShift is the CodeDeploy deployment configuration of BlueGreen, one of
	// trafficShifts. Defaults to "CodeDeployDefault.ECSCanary10Percent5Minutes".
	TrafficShift string

	// Image is the image every task runs. Required.
	Image Image
	// DjangoSettingsModule is DJANGO_SETTINGS_MODULE; see the package documentation.
	// Defaults to DefaultSettingsModule.
	DjangoSettingsModule string
	// ContainerUser is the (non-root) user the containers run as. Defaults to "saleor", the
	// user Saleor's image creates.
	ContainerUser string
	// LogLevel is the Celery log level. Defaults to "INFO".
	LogLevel string

	// CertificateArn is the regional ACM certificate of the HTTPS listener (edge tier).
	// Required.
	CertificateArn pulumi.StringInput
	// OriginVerifySecret is the X-Origin-Verify value the load balancer requires, when
	// another stack generated it: CloudFront reaches every region's load balancer through one
	// API name, so an environment shares one secret. Defaults to nil: generated here
	// (Compute.OriginVerifySecret).
	OriginVerifySecret pulumi.StringInput
	// AccessLogPrefix is the ALB's access log prefix in the logs bucket. Defaults to "alb".
	AccessLogPrefix string

	// SharedSecretReplicas are regions that keep a copy of the generated SECRET_KEY and
	// RSA_PRIVATE_KEY (the regional stacks' regions). Defaults to none; not with
	// Secrets.Shared.
	SharedSecretReplicas []secretstore.Replica

	Network  Network
	Keys     Keys
	Buckets  Buckets
	Secrets  Secrets
	Settings Settings
	// Logs keeps the containers' logs, as application logs. Required.
	Logs logging.Settings
}
