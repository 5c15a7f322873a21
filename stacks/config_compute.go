package stacks

import (
	"regexp"

	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/components/edge"
)

// ComputeConfig is the configuration of the application runtime.
type ComputeConfig struct {
	// Image is saleor:imageRepository plus saleor:imageTag or saleor:imageDigest.
	Image compute.Image
	// Deployment is saleor:apiDeployment, how new API versions roll out.
	Deployment compute.Deployment
	// WorkersOnSpot is saleor:workersOnSpot.
	WorkersOnSpot bool
	// AllowedClientHosts is saleor:allowedClientHosts, the browser origins Saleor serves.
	AllowedClientHosts []string
	// AppSettings is saleor:appSettings: extra non-secret Saleor settings by variable name.
	AppSettings map[string]string
	// AppSecrets is saleor:appSecrets: extra Secrets Manager ARNs by variable name
	// (EMAIL_URL, SENTRY_DSN, ...).
	AppSecrets map[string]string
}

// deploymentNames maps saleor:apiDeployment's values to the compute tier's choices.
var deploymentNames = map[string]compute.Deployment{"blue-green": compute.BlueGreen, "rolling": compute.Rolling}

func readCompute(s *source, c *Config) {
	cc := &c.Compute
	cc.Image = compute.Image{
		Repository: s.text("saleor:imageRepository"),
		Tag:        s.text("saleor:imageTag"),
		Digest:     s.text("saleor:imageDigest"),
	}
	if err := cc.Image.Validate(); err != nil {
		s.problems.add("saleor:imageTag", "%v (saleor:imageTag or saleor:imageDigest)", err)
	}
	defaultDeployment := "rolling"
	if c.Environment.IsProduction() {
		defaultDeployment = "blue-green"
	}
	cc.Deployment = deploymentNames[oneOf(s, "saleor:apiDeployment", []string{"blue-green", "rolling"}, defaultDeployment)]
	cc.WorkersOnSpot = s.boolean("saleor:workersOnSpot", !c.Environment.IsProduction())
	cc.AllowedClientHosts = s.list("saleor:allowedClientHosts", edge.SiteHostnames(c.Domain, c.RegionalDomains))
	s.object("saleor:appSettings", &cc.AppSettings)
	s.object("saleor:appSecrets", &cc.AppSecrets)
	for name, arn := range cc.AppSecrets {
		if !secretARN.MatchString(arn) {
			s.problems.add("saleor:appSecrets", "%s: %q is not a Secrets Manager secret or SSM parameter ARN", name, arn)
		}
	}
}

// secretARN matches the ARNs a task definition's secrets may name.
var secretARN = regexp.MustCompile(`^arn:aws[a-z-]*:(secretsmanager:[a-z0-9-]+:\d{12}:secret:.+|ssm:[a-z0-9-]+:\d{12}:parameter/.+)$`)
