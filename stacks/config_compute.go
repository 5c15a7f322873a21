package stacks

import (
	"regexp"
	"slices"

	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/components/edge"
)

// ComputeConfig is the configuration of the application runtime.
type ComputeConfig struct {
	// Image is saleor:imageRepository plus saleor:imageTag or saleor:imageDigest, or with
	// saleor:image.build the build of ImageBuildContext.
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
	readImage(s, c)
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

// ImageBuildContext is the build context saleor:image.build builds, relative to the project's
// root: the official Saleor image with the compute tier's settings module.
const ImageBuildContext = "image"

// imageBuildEnvironments are the environments whose stacks may build their image
// (saleor:image.build): elsewhere an image is built once, by the release workflow, and the
// same image is promoted from stack to stack.
var imageBuildEnvironments = []Environment{Development, Demo}

// imageConfig is the shape of saleor:image.
type imageConfig struct {
	// Build builds ImageBuildContext and pushes it to the stack's own repository.
	Build bool `json:"build"`
}

// readImage reads the image the tasks run: saleor:image.build, or saleor:imageRepository
// with saleor:imageTag or saleor:imageDigest.
func readImage(s *source, c *Config) {
	var img imageConfig
	s.object("saleor:image", &img)
	repository, tag, digest := s.text("saleor:imageRepository"), s.text("saleor:imageTag"), s.text("saleor:imageDigest")
	if !img.Build {
		c.Compute.Image = compute.Image{Repository: repository, Tag: tag, Digest: digest}
		if err := c.Compute.Image.Validate(); err != nil {
			s.problems.add("saleor:imageTag", "%v (saleor:imageTag or saleor:imageDigest)", err)
		}
		return
	}
	if !slices.Contains(imageBuildEnvironments, c.Environment) {
		s.problems.add("saleor:image.build", "is allowed only in %s, not in %q: there the release workflow builds the image once "+
			"and the stack runs it by saleor:imageTag or saleor:imageDigest", quoted(imageBuildEnvironments), c.Environment)
	}
	for _, set := range []struct{ key, value string }{
		{"saleor:imageRepository", repository}, {"saleor:imageTag", tag}, {"saleor:imageDigest", digest},
	} {
		if set.value != "" {
			s.problems.add(set.key, "is set with saleor:image.build: the stack runs the image it builds from %s/, by digest; unset one of them",
				ImageBuildContext)
		}
	}
	c.Compute.Image = compute.Image{Build: &compute.ImageBuild{Context: ImageBuildContext}}
}
