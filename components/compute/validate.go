package compute

import (
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/components/validate"
)

var (
	namePrefixPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,39}$`)
	envNamePattern    = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	tagPattern        = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
	digestPattern     = regexp.MustCompile(`^sha256:[a-f0-9]{64}$`)
	repositoryPattern = regexp.MustCompile(`^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._/-][a-z0-9]+)*)+$`)
	// credentialName matches a variable name that names a credential, as the policy pack's
	// ecs-task-no-secrets-in-environment rule does.
	credentialName = regexp.MustCompile(`(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|KEY|DATABASE_URL|CACHE_URL)(_|$)`)
)

func (a ComputeArgs) withDefaults() ComputeArgs {
	if a.Buckets.KMSKeyArn == nil {
		a.Buckets.KMSKeyArn = a.Keys.Storage
	}
	if a.WebhookTask == (catalog.FargateSize{}) {
		a.WebhookTask = a.WorkerTask
	}
	if a.BeatTask == (catalog.FargateSize{}) {
		a.BeatTask = a.WorkerTask
	}
	if a.APICPUTarget == 0 {
		a.APICPUTarget = 60
	}
	if a.QueueScaleOutDepth == 0 {
		a.QueueScaleOutDepth = 1000
	}
	if a.Standby == "" {
		a.Standby = Serving
	}
	if a.APIDeployment == "" {
		a.APIDeployment = Rolling
	}
	if a.TrafficShift == "" {
		a.TrafficShift = "CodeDeployDefault.ECSCanary10Percent5Minutes"
	}
	if a.DjangoSettingsModule == "" {
		a.DjangoSettingsModule = DefaultSettingsModule
	}
	if a.ContainerUser == "" {
		a.ContainerUser = "saleor"
	}
	if a.LogLevel == "" {
		a.LogLevel = "INFO"
	}
	if a.AccessLogPrefix == "" {
		a.AccessLogPrefix = "alb"
	}
	if a.Settings.DefaultFromEmail == "" {
		if u, err := url.Parse(a.Settings.PublicURL); err == nil && u.Hostname() != "" {
			a.Settings.DefaultFromEmail = "noreply@" + u.Hostname()
		}
	}
	return a
}

func (a ComputeArgs) validate(p *validate.Problems) {
	p.Match("NamePrefix", a.NamePrefix, namePrefixPattern, "1-40 lower-case letters, digits or hyphens, starting with a letter")
	p.Match("ParameterPath", a.ParameterPath, validate.ParameterPath, "an SSM path such as /saleor/prod-eu")
	validate.OneOf(p, "HA", a.HA, ha.Levels())
	for _, t := range []struct {
		field string
		size  catalog.FargateSize
		count catalog.TaskCount
	}{{"API", a.APITask, a.APITasks}, {"Worker", a.WorkerTask, a.WorkerTasks}} {
		if !catalog.IsFargateSize(t.size) {
			p.Add(t.field+"Task", "%d CPU / %d MiB is not a size Fargate sells", t.size.CPU, t.size.MemoryMiB)
		}
		if t.count.Min < 1 || t.count.Max < t.count.Min {
			p.Add(t.field+"Tasks", "min %d, max %d; want 1 <= min <= max", t.count.Min, t.count.Max)
		}
	}
	for _, t := range []struct {
		field string
		size  catalog.FargateSize
	}{{"WebhookTask", a.WebhookTask}, {"BeatTask", a.BeatTask}} {
		if !catalog.IsFargateSize(t.size) {
			p.Add(t.field, "%d CPU / %d MiB is not a size Fargate sells", t.size.CPU, t.size.MemoryMiB)
		}
	}
	if a.HA.IsMultiAZ() && a.APITasks.Max < 2 {
		p.Add("APITasks", "max %d; multi-az runs at least 2 API tasks", a.APITasks.Max)
	}
	p.Range("APICPUTarget", a.APICPUTarget, 10, 90, "percent")
	p.AtLeast("QueueScaleOutDepth", a.QueueScaleOutDepth, 1, "messages")
	validate.OneOf(p, "APIDeployment", a.APIDeployment, []Deployment{Rolling, BlueGreen})
	validate.OneOf(p, "Standby", a.Standby, []Standby{Serving, Warm, PilotLight})
	validate.OneOf(p, "TrafficShift", a.TrafficShift, trafficShifts)
	a.Image.check(p.At("Image"))
	validate.OneOf(p, "LogLevel", a.LogLevel, logLevels)
	if strings.HasPrefix(a.AccessLogPrefix, "/") || strings.HasSuffix(a.AccessLogPrefix, "/") || strings.Contains(a.AccessLogPrefix, "AWSLogs") {
		p.Add("AccessLogPrefix", "%q must not start or end with / nor contain AWSLogs", a.AccessLogPrefix)
	}
	a.Settings.validate(p.At("Settings"))
	a.Secrets.validate(p.At("Secrets"))
	a.Logs.CheckRetention(p.At("Logs"))
	for _, name := range sortedKeys(a.Settings.Extra) {
		if _, ok := a.Secrets.Extra[name]; ok {
			p.Add(validate.Index("Secrets.Extra", name), "Settings.Extra and Secrets.Extra both set %s; set it in one only", name)
		}
	}
	for _, in := range []struct {
		field string
		set   bool
	}{
		{"CertificateArn", a.CertificateArn != nil},
		{"Network.VpcID", a.Network.VpcID != nil},
		{"Network.PublicSubnetIDs", a.Network.PublicSubnetIDs != nil},
		{"Network.PrivateSubnetIDs", a.Network.PrivateSubnetIDs != nil},
		{"Network.ALBSecurityGroupID", a.Network.ALBSecurityGroupID != nil},
		{"Network.APISecurityGroupID", a.Network.APISecurityGroupID != nil},
		{"Network.WorkerSecurityGroupID", a.Network.WorkerSecurityGroupID != nil},
		{"Keys.Storage", a.Keys.Storage != nil},
		{"Keys.Secrets", a.Keys.Secrets != nil},
		{"Keys.Messaging", a.Keys.Messaging != nil},
		{"Buckets.MediaName", a.Buckets.MediaName != nil},
		{"Buckets.MediaArn", a.Buckets.MediaArn != nil},
		{"Buckets.AssetsName", a.Buckets.AssetsName != nil},
		{"Buckets.AssetsArn", a.Buckets.AssetsArn != nil},
		{"Buckets.LogsName", a.Buckets.LogsName != nil},
		{"Logs.KMSKeyArn", a.Logs.KMSKeyArn != nil},
	} {
		p.Required(in.field, in.set, "")
	}
	if shared := a.Secrets.Shared; shared != nil {
		p.Required("Secrets.Shared.SecretKey", shared.SecretKey != nil, "")
		p.Required("Secrets.Shared.RSAPrivateKey", shared.RSAPrivateKey != nil, "")
		p.Required("Keys.SharedSecrets", a.Keys.SharedSecrets != nil, "with Secrets.Shared: the key the shared secrets are encrypted with here")
		if len(a.SharedSecretReplicas) > 0 {
			p.Add("SharedSecretReplicas", "the stack that generates the shared secrets replicates them, not one given Secrets.Shared")
		}
	}
	if ids, ok := a.Network.PublicSubnetIDs.(pulumi.StringArray); ok && len(ids) < 2 {
		p.Add("Network.PublicSubnetIDs", "%d subnets; the load balancer needs at least 2 zones", len(ids))
	}
}

// Validate reports, as Image.<field>, an image reference that is not a pinned release.
func (i Image) Validate() error {
	var p validate.Problems
	i.check(p.At("Image"))
	return p.Err()
}

func (i Image) check(p *validate.Problems) {
	if i.Build != nil {
		if i.Repository != "" || i.Tag != "" || i.Digest != "" {
			p.Add("Build", "set either Build or Repository, Tag and Digest: a built image is pushed to the component's own repository and run by digest")
		}
		p.Required("Build.Context", i.Build.Context != "", "the directory holding the Dockerfile")
		return
	}
	switch {
	case i.Tag == "" && i.Digest == "":
		p.Add("", "set Tag or Digest; an image without either is whatever was pushed last")
	case i.Tag != "" && i.Digest != "":
		p.Add("", "set only one of Tag and Digest")
	case strings.EqualFold(i.Tag, "latest"):
		p.Add("Tag", `"latest" is not a release; name a version tag or a digest`)
	case i.Tag != "":
		p.Match("Tag", i.Tag, tagPattern, "a valid image tag")
	default:
		p.Match("Digest", i.Digest, digestPattern, "sha256: followed by 64 lower-case hex digits")
	}
	if i.Repository != "" {
		p.Match("Repository", i.Repository, repositoryPattern, "a repository without tag or digest")
	}
}

func (s Settings) validate(p *validate.Problems) {
	if len(s.AllowedHosts) == 0 || slices.Contains(s.AllowedHosts, "*") {
		p.Add("AllowedHosts", "%v must name the API's host names (and not \"*\")", s.AllowedHosts)
	}
	p.Required("AllowedClientHosts", len(s.AllowedClientHosts) > 0, "Saleor does not start without it when DEBUG is off")
	if u, err := url.Parse(s.PublicURL); err != nil || u.Scheme != "https" || u.Host == "" {
		p.Add("PublicURL", "%q must be an https URL such as https://api.example.com/", s.PublicURL)
	}
	if s.MediaDomain == "" || strings.Contains(s.MediaDomain, "://") || strings.HasSuffix(s.MediaDomain, "/") {
		p.Add("MediaDomain", "%q must be a host name, optionally with a path, without scheme or trailing slash", s.MediaDomain)
	}
	if !strings.Contains(s.DefaultFromEmail, "@") {
		p.Add("DefaultFromEmail", "%q is not an e-mail address", s.DefaultFromEmail)
	}
	for _, name := range sortedKeys(s.Extra) {
		switch field := validate.Index("Extra", name); {
		case !envNamePattern.MatchString(name):
			p.Add(field, "is not an environment variable name")
		case credentialName.MatchString(name):
			p.Add(field, "looks like a credential; pass it through Secrets.Extra")
		case reserved(name):
			p.Add(field, "is set by this component")
		}
	}
}

func (s Secrets) validate(p *validate.Problems) {
	p.Required("DatabaseURL", s.DatabaseURL != nil, "")
	p.Required("DatabaseReplicaURL", s.DatabaseReplicaURL != nil, "")
	p.Required("CacheURL", s.CacheURL != nil, "")
	for _, name := range sortedKeys(s.Extra) {
		switch field := validate.Index("Extra", name); {
		case !envNamePattern.MatchString(name):
			p.Add(field, "is not an environment variable name")
		case reserved(name):
			p.Add(field, "is set by this component")
		case s.Extra[name] == nil:
			p.Add(field, "has no secret ARN")
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
