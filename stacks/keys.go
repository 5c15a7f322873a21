package stacks

// KeyDoc documents a configuration key that Pulumi.yaml does not declare.
type KeyDoc struct {
	// Key is the full key, e.g. "saleor:sizing".
	Key string
	// Type is the value's type as Pulumi.yaml would name it: string, integer, boolean,
	// array or object.
	Type string
	// Default says what an unset key means.
	Default string
	// Description says what the key does.
	Description string
	// Secret says the value must be set with `pulumi config set --secret`.
	Secret bool
}

// OptionalKeys documents the keys that Pulumi.yaml does not declare. The Pulumi CLI treats
// every key Pulumi.yaml declares without a default as required, and a default there is one
// static value; these keys are optional and their defaults follow from other keys (mostly
// saleor:environment), so the program alone reads and checks them. Pulumi.yaml declares the
// rest: the required keys and those with one static default.
var OptionalKeys = []KeyDoc{
	{Key: "saleor:drCompute", Type: "string", Default: "pilot-light in production with a DR region, off elsewhere",
		Description: "What a primary's DR region runs of the application: off (data copies only), pilot-light (the whole runtime at zero tasks: failing over is a scale-up) or warm (running at the scaling minimum)."},
	{Key: "saleor:postgresVersion", Type: "string", Default: "17 on a primary; a regional stack runs its primary's",
		Description: "PostgreSQL major version: 16 or 17 (RDS picks and upgrades the minor). Set on a primary only."},
	{Key: "saleor:costCenter", Type: "string", Default: "a demo stack's name (demo-<client>); required elsewhere",
		Description: "CostCenter tag value carried by every resource."},
	{Key: "saleor:monthlyBudgetUsd", Type: "integer", Default: "demo 1500; required elsewhere",
		Description: "Monthly AWS budget of the stack in US dollars; notifies at 80% actual and 100% forecast."},
	{Key: "saleor:costAssumptions", Type: "object", Default: "the environment's usage assumptions (internal/usage)",
		Description: "Overrides of the cost estimate's usage assumptions (requests, data out, log volume, storage growth), e.g. {requestsMillionPerMonth: 400, mediaGb: 1000}; `go run ./cmd/plan` prints the estimate. Deploys nothing."},
	{Key: "saleor:domain", Type: "string", Default: "required on a primary; a regional stack takes its primary's",
		Description: "Storefront apex domain, e.g. example.com."},
	{Key: "saleor:storefront", Type: "object", Default: "required unless API-only",
		Description: "Storefront hosting: {hosting: external, origin: <host>} (e.g. Vercel) or {hosting: amplify, repository: <https Git URL>, branch: <branch>}."},
	{Key: "saleor:primaryStack", Type: "string", Default: "required on a regional stack; none on a primary",
		Description: "The environment's primary stack a regional stack attaches to (a Pulumi stack reference): <stack>, or <organisation>/<project>/<stack>, e.g. prod-eu."},
	{Key: "saleor:sizing", Type: "integer", Default: "production 100, staging 75, qa 50, development 50, demo 25",
		Description: "Percent of production size: 25, 50, 75 or 100, snapped to sizes AWS sells."},
	{Key: "saleor:ha", Type: "string", Default: "multi-az in production, single-az elsewhere",
		Description: "Availability level: multi-az or single-az. Production must be multi-az."},
	{Key: "saleor:secondaryRegion", Type: "string", Default: "none: no DR copies",
		Description: "Disaster-recovery region. On a primary: the database replica, replicated buckets, backup copies and the DR runtime (saleor:drCompute); required in production. On a regional stack: its own replica of the writer and a standby runtime its clients fail over to (one of the primary's saleor:replicaRegions, not the primary's region)."},
	{Key: "saleor:availabilityZones", Type: "integer", Default: "3 in production, 2 elsewhere",
		Description: "Number of availability zones the VPC spans, 2 to the region's count. Production needs 3."},
	{Key: "saleor:dbReplicaCount", Type: "integer", Default: "1 in production, 0 elsewhere",
		Description: "In-region read replicas, 0 to 5."},
	{Key: "saleor:backupRetentionDays", Type: "integer", Default: "production 30, staging 14, others 7 (also the minimum)",
		Description: "Days of daily backups and point-in-time recovery; at most 35."},
	{Key: "saleor:backupVaultLock", Type: "string", Default: "governance in production, none elsewhere",
		Description: "Backup vault lock: none, governance or compliance (irreversible after 3 days; production only)."},
	{Key: "saleor:databaseRestore", Type: "object", Default: "none: no restored instance",
		Description: "Restore the writer's backups into a new instance, <prefix>-postgres-restored, beside the writer (which is untouched): {pointInTime: <RFC 3339 time with zone, e.g. 2025-03-01T09:55:00Z>} or {snapshot: <RDS DB snapshot ARN of aws:region, e.g. an AWS Backup recovery point>}. Primary only; see docs/recovery.md."},
	{Key: "saleor:databaseSource", Type: "object", Default: "none: the writer starts empty",
		Description: "Make the writer from an RDS DB snapshot of aws:region (a rebuild from the DR backup copy): {snapshot: <ARN>, kmsKeyArn: <the key the snapshot is encrypted with; default the stack's database key>}. On an existing stack a change replaces the writer, which protect refuses in production. Primary only."},
	{Key: "saleor:imageRepository", Type: "string", Default: "the stack's own ECR repository",
		Description: "Saleor image repository without tag or digest. Not with saleor:image.build."},
	{Key: "saleor:imageTag", Type: "string", Default: "none; one of imageTag or imageDigest is required unless saleor:image.build",
		Description: "Saleor image tag to run (a release, never latest)."},
	{Key: "saleor:imageDigest", Type: "string", Default: "none; one of imageTag or imageDigest is required unless saleor:image.build",
		Description: "Saleor image digest to run, sha256:<64 hex>."},
	{Key: "saleor:apiDeployment", Type: "string", Default: "blue-green in production, rolling elsewhere",
		Description: "How new API versions roll out: blue-green (CodeDeploy, two target groups, test listener on 8443) or rolling (ECS, circuit breaker with rollback)."},
	{Key: "saleor:workersOnSpot", Type: "boolean", Default: "true",
		Description: "Run Celery and webhook worker tasks beyond each service's floor on Fargate Spot (60-80% cheaper; a reclaimed task's unacknowledged messages return to its queue after the visibility timeout). The API and beat never run on Spot."},
	{Key: "saleor:taskSizes", Type: "object", Default: "the sizing's API and worker sizes; webhooks and beat as the workers",
		Description: "Per-service task sizes overriding saleor:sizing's: {api, worker, webhooks, beat}: {cpu: CPU units (1024 = 1 vCPU), memory: MiB}, each snapped to a pair Fargate sells by the sizing rule. The migration task runs at the worker size."},
	{Key: "saleor:allowedClientHosts", Type: "array", Default: "the domain, www and the regional domains",
		Description: "Browser origins Saleor serves (ALLOWED_CLIENT_HOSTS)."},
	{Key: "saleor:hostedZoneId", Type: "string", Default: "none: the stack creates the zone",
		Description: "Adopt this Route 53 hosted zone for the domain instead of creating one; it is taken as delegated."},
	{Key: "saleor:amplifyAccessToken", Type: "string", Secret: true, Default: "none; required when a site is hosted on Amplify",
		Description: "Git access token Amplify uses to connect the repositories. Set with pulumi config set --secret."},
	{Key: "saleor:alerting", Type: "object", Default: "outside production {timeZone: Europe/Amsterdam, hours: 08:00-18:00, days: MON-FRI}; production alerts at all hours",
		Description: "When a non-production stack's alarms notify: {timeZone: <IANA time zone>, hours: <HH:MM-HH:MM>, days: <cron days such as MON-FRI>}, each field defaulting as shown; EventBridge Scheduler enables the alarms' actions when the hours start and disables them when they end. Not allowed in production, whose alarms always notify."},
	{Key: "saleor:slack", Type: "object", Default: "none: alerts do not go to Slack",
		Description: "AWS Chatbot Slack route for every alert topic: {workspaceId: T..., channelId: C...}; the workspace is authorised once in the Chatbot console."},
	{Key: "saleor:delivery", Type: "object", Default: "this repository, the stack's Pulumi organisation, stacks [prod-*] in production else [<stack>, <stack>-*], the environment's ESC and GitHub environments",
		Description: "On the stack that owns the account's services, who may deliver to the account (README, Delivery): {githubRepository: <owner>/<name>, pulumiOrganization: <Pulumi Cloud organisation; required on a self-managed backend>, stacks: [the project's stacks in the account; * for any characters], escEnvironment: <project>/<name>, githubEnvironments: [GitHub environments that release]}."},
	{Key: "saleor:originShieldRegion", Type: "string", Default: "aws:region",
		Description: "Region of the CloudFront Origin Shield in front of the origins; must host one (e.g. eu-west-2 for a stack in eu-west-3)."},
}
