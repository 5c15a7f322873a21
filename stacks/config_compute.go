package stacks

import (
	"regexp"

	"github.com/saleor-platform/infra/catalog"
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
