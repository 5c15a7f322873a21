package stacks

import (
	"regexp"
	"slices"

	"github.com/saleor-platform/infra/catalog"
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
	// Tasks are the services' task sizes: saleor:sizing's, overridden by saleor:taskSizes.
	Tasks TaskSizes
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
	cc.WorkersOnSpot = s.boolean("saleor:workersOnSpot", true)
	cc.Tasks = readTaskSizes(s, c.Sizes)
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

// TaskSizes are the services' task sizes.
type TaskSizes struct {
	API, Worker, Webhooks, Beat catalog.FargateSize
}

// taskSize is one service's size in saleor:taskSizes: CPU units and MiB, as ECS counts them.
type taskSize struct {
	CPU    int `json:"cpu"`
	Memory int `json:"memory"`
}

// readTaskSizes returns the sizing's task sizes (webhooks and beat at the worker size)
// with saleor:taskSizes' overrides, each snapped to a pair Fargate sells by the catalog's
// rule.
func readTaskSizes(s *source, sizes catalog.Sizes) TaskSizes {
	out := TaskSizes{API: sizes.APITask, Worker: sizes.WorkerTask, Webhooks: sizes.WorkerTask, Beat: sizes.WorkerTask}
	var in struct {
		API      *taskSize `json:"api"`
		Worker   *taskSize `json:"worker"`
		Webhooks *taskSize `json:"webhooks"`
		Beat     *taskSize `json:"beat"`
	}
	if !s.object("saleor:taskSizes", &in) {
		return out
	}
	for _, o := range []struct {
		service string
		in      *taskSize
		out     *catalog.FargateSize
	}{{"api", in.API, &out.API}, {"worker", in.Worker, &out.Worker}, {"webhooks", in.Webhooks, &out.Webhooks}, {"beat", in.Beat, &out.Beat}} {
		if o.in == nil {
			continue
		}
		if o.in.CPU < 256 || o.in.CPU > 16384 || o.in.Memory < 512 || o.in.Memory > 122880 {
			s.problems.add("saleor:taskSizes", "%s: cpu %d, memory %d; want cpu 256-16384 CPU units and memory 512-122880 MiB", o.service, o.in.CPU, o.in.Memory)
			continue
		}
		size, err := catalog.SnapFargate(o.in.CPU, o.in.Memory)
		if err != nil {
			s.problems.add("saleor:taskSizes", "%s: %v", o.service, err)
			continue
		}
		*o.out = size
	}
	return out
}

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
