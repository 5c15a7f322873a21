package compute

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/ha"
)

var (
	namePrefixPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,39}$`)
	paramPathPattern  = regexp.MustCompile(`^(/[A-Za-z0-9_.-]+)+$`)
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
	if a.APICPUTarget == 0 {
		a.APICPUTarget = 60
	}
	if a.QueueScaleOutDepth == 0 {
		a.QueueScaleOutDepth = 1000
	}
	if a.APIDeployment == "" {
		a.APIDeployment = Rolling
	}
	if a.TrafficShift == "" {
		a.TrafficShift = "CodeDeployDefault.ECSCanary10Percent5Minutes"
	}
	if a.DjangoSettingsModule == "" {
		a.DjangoSettingsModule = "saleor_aws.settings"
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

// validate reports every problem at once, each naming its field.
func (a ComputeArgs) validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	if !namePrefixPattern.MatchString(a.NamePrefix) {
		add("NamePrefix: %q must be 1-40 lower-case letters, digits or hyphens, starting with a letter", a.NamePrefix)
	}
	if !paramPathPattern.MatchString(a.ParameterPath) {
		add("ParameterPath: %q must be an SSM path such as /saleor/prod-eu", a.ParameterPath)
	}
	if !a.HA.Valid() {
		add("HA: %q is not one of %v", a.HA, ha.Levels())
	}
	for _, t := range []struct {
		field string
		size  catalog.FargateSize
		count catalog.TaskCount
	}{{"API", a.APITask, a.APITasks}, {"Worker", a.WorkerTask, a.WorkerTasks}} {
		if !catalog.IsFargateSize(t.size) {
			add("%sTask: %d CPU / %d MiB is not a size Fargate sells", t.field, t.size.CPU, t.size.MemoryMiB)
		}
		if t.count.Min < 1 || t.count.Max < t.count.Min {
			add("%sTasks: min %d, max %d; want 1 <= min <= max", t.field, t.count.Min, t.count.Max)
		}
	}
	if a.HA.IsMultiAZ() && a.APITasks.Max < 2 {
		add("APITasks: max %d; multi-az runs at least 2 API tasks", a.APITasks.Max)
	}
	if a.APICPUTarget < 10 || a.APICPUTarget > 90 {
		add("APICPUTarget: %d%% is not between 10 and 90", a.APICPUTarget)
	}
	if a.QueueScaleOutDepth < 1 {
		add("QueueScaleOutDepth: %d must be positive", a.QueueScaleOutDepth)
	}
	if a.APIDeployment != Rolling && a.APIDeployment != BlueGreen {
		add("APIDeployment: %q is not %q or %q", a.APIDeployment, Rolling, BlueGreen)
	}
	if !slices.Contains(trafficShifts, a.TrafficShift) {
		add("TrafficShift: %q is not one of %v", a.TrafficShift, trafficShifts)
	}
	errs = append(errs, a.Image.Validate())
	if !slices.Contains(logLevels, a.LogLevel) {
		add("LogLevel: %q is not one of %v", a.LogLevel, logLevels)
	}
	if strings.HasPrefix(a.AccessLogPrefix, "/") || strings.HasSuffix(a.AccessLogPrefix, "/") || strings.Contains(a.AccessLogPrefix, "AWSLogs") {
		add("AccessLogPrefix: %q must not start or end with / nor contain AWSLogs", a.AccessLogPrefix)
	}
	errs = append(errs, a.Settings.validate(), a.Secrets.validate())
	if err := a.Logs.Validate(); err != nil {
		add("Logs: %w", err)
	}
	for _, name := range sortedKeys(a.Settings.Extra) {
		if _, ok := a.Secrets.Extra[name]; ok {
			add("Settings.Extra and Secrets.Extra both set %s", name)
		}
	}
	errs = append(errs, required(map[string]pulumi.Input{
		"CertificateArn":                a.CertificateArn,
		"Network.VpcID":                 a.Network.VpcID,
		"Network.PublicSubnetIDs":       a.Network.PublicSubnetIDs,
		"Network.PrivateSubnetIDs":      a.Network.PrivateSubnetIDs,
		"Network.ALBSecurityGroupID":    a.Network.ALBSecurityGroupID,
		"Network.APISecurityGroupID":    a.Network.APISecurityGroupID,
		"Network.WorkerSecurityGroupID": a.Network.WorkerSecurityGroupID,
		"Keys.Storage":                  a.Keys.Storage,
		"Keys.Secrets":                  a.Keys.Secrets,
		"Keys.Messaging":                a.Keys.Messaging,
		"Buckets.MediaName":             a.Buckets.MediaName,
		"Buckets.MediaArn":              a.Buckets.MediaArn,
		"Buckets.AssetsName":            a.Buckets.AssetsName,
		"Buckets.AssetsArn":             a.Buckets.AssetsArn,
		"Buckets.LogsName":              a.Buckets.LogsName,
		"Logs.KMSKeyArn":                a.Logs.KMSKeyArn,
	}))
	if shared := a.Secrets.Shared; shared != nil {
		if shared.SecretKey == nil || shared.RSAPrivateKey == nil {
			add("Secrets.Shared: set both SecretKey and RSAPrivateKey")
		}
		if a.Keys.SharedSecrets == nil {
			add("Keys.SharedSecrets: is required with Secrets.Shared: the key the shared secrets are encrypted with here")
		}
		if len(a.SharedSecretReplicas) > 0 {
			add("SharedSecretReplicas: the stack that generates the shared secrets replicates them, not one given Secrets.Shared")
		}
	}
	if ids, ok := a.Network.PublicSubnetIDs.(pulumi.StringArray); ok && len(ids) < 2 {
		add("Network.PublicSubnetIDs: %d subnets; the load balancer needs at least 2 zones", len(ids))
	}
	return errors.Join(errs...)
}

// Validate reports an image reference that is not a pinned release.
func (i Image) Validate() error {
	var errs []error
	switch {
	case i.Tag == "" && i.Digest == "":
		errs = append(errs, errors.New("Image: set Tag or Digest; an image without either is whatever was pushed last"))
	case i.Tag != "" && i.Digest != "":
		errs = append(errs, errors.New("Image: set only one of Tag and Digest"))
	case strings.EqualFold(i.Tag, "latest"):
		errs = append(errs, errors.New("Image.Tag: \"latest\" is not a release; name a version tag or a digest"))
	case i.Tag != "" && !tagPattern.MatchString(i.Tag):
		errs = append(errs, fmt.Errorf("Image.Tag: %q is not a valid image tag", i.Tag))
	case i.Digest != "" && !digestPattern.MatchString(i.Digest):
		errs = append(errs, fmt.Errorf("Image.Digest: %q is not sha256: followed by 64 lower-case hex digits", i.Digest))
	}
	if i.Repository != "" && !repositoryPattern.MatchString(i.Repository) {
		errs = append(errs, fmt.Errorf("Image.Repository: %q is not a repository without tag or digest", i.Repository))
	}
	return errors.Join(errs...)
}

func (s Settings) validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if len(s.AllowedHosts) == 0 || slices.Contains(s.AllowedHosts, "*") {
		add("Settings.AllowedHosts: %v must name the API's host names (and not \"*\")", s.AllowedHosts)
	}
	if len(s.AllowedClientHosts) == 0 {
		add("Settings.AllowedClientHosts is required: Saleor does not start without it when DEBUG is off")
	}
	if u, err := url.Parse(s.PublicURL); err != nil || u.Scheme != "https" || u.Host == "" {
		add("Settings.PublicURL: %q must be an https URL such as https://api.example.com/", s.PublicURL)
	}
	if s.MediaDomain == "" || strings.Contains(s.MediaDomain, "://") || strings.HasSuffix(s.MediaDomain, "/") {
		add("Settings.MediaDomain: %q must be a host name, optionally with a path, without scheme or trailing slash", s.MediaDomain)
	}
	if !strings.Contains(s.DefaultFromEmail, "@") {
		add("Settings.DefaultFromEmail: %q is not an e-mail address", s.DefaultFromEmail)
	}
	for _, name := range sortedKeys(s.Extra) {
		switch {
		case !envNamePattern.MatchString(name):
			add("Settings.Extra: %q is not an environment variable name", name)
		case credentialName.MatchString(name):
			add("Settings.Extra: %s looks like a credential; pass it through Secrets.Extra", name)
		case reserved[name]:
			add("Settings.Extra: %s is set by this component", name)
		}
	}
	return errors.Join(errs...)
}

func (s Secrets) validate() error {
	errs := []error{required(map[string]pulumi.Input{
		"Secrets.DatabaseURL":        s.DatabaseURL,
		"Secrets.DatabaseReplicaURL": s.DatabaseReplicaURL,
		"Secrets.CacheURL":           s.CacheURL,
	})}
	for _, name := range sortedKeys(s.Extra) {
		switch {
		case !envNamePattern.MatchString(name):
			errs = append(errs, fmt.Errorf("Secrets.Extra: %q is not an environment variable name", name))
		case reserved[name]:
			errs = append(errs, fmt.Errorf("Secrets.Extra: %s is set by this component", name))
		case s.Extra[name] == nil:
			errs = append(errs, fmt.Errorf("Secrets.Extra: %s has no secret ARN", name))
		}
	}
	return errors.Join(errs...)
}

// required reports every field whose input is missing.
func required(inputs map[string]pulumi.Input) error {
	var errs []error
	for _, field := range sortedKeys(inputs) {
		if inputs[field] == nil {
			errs = append(errs, fmt.Errorf("%s is required", field))
		}
	}
	return errors.Join(errs...)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
