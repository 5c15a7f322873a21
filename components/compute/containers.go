package compute

import (
	"encoding/json"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
)

// The containers' only writable path is /tmp, an in-memory tmpfs (it counts against the
// task's memory only as far as it is filled): the root filesystem is read-only, and Saleor
// writes only temporary files there (uploads above Django's in-memory limit, Python's
// tempfile); beat keeps its schedule in the database. A Fargate bind mount would not do:
// it is owned by root and the containers do not run as root.
const (
	tmpPath    = "/tmp"
	tmpSizeMiB = 256
)

// tmpOptions make /tmp world-writable with the sticky bit, and refuse executables,
// set-uid files and devices on it.
var tmpOptions = []string{"rw", "noexec", "nosuid", "nodev", "mode=1777"}

// containerDefinition is the part of ECS's ContainerDefinition the tier uses.
type containerDefinition struct {
	Name                   string            `json:"name"`
	Image                  string            `json:"image"`
	Essential              bool              `json:"essential"`
	Command                []string          `json:"command"`
	User                   string            `json:"user"`
	Privileged             bool              `json:"privileged"`
	ReadonlyRootFilesystem bool              `json:"readonlyRootFilesystem"`
	PortMappings           []portMapping     `json:"portMappings"`
	Environment            []keyValue        `json:"environment"`
	Secrets                []secretRef       `json:"secrets"`
	LinuxParameters        linuxParameters   `json:"linuxParameters"`
	LogConfiguration       logConfiguration  `json:"logConfiguration"`
	StopTimeout            int               `json:"stopTimeout"`
	DockerLabels           map[string]string `json:"dockerLabels"`
}

type portMapping struct {
	ContainerPort int    `json:"containerPort"`
	Protocol      string `json:"protocol"`
	Name          string `json:"name"`
	AppProtocol   string `json:"appProtocol"`
}

type keyValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// secretRef is a variable read at task start from Secrets Manager or Parameter Store.
type secretRef struct {
	Name      string `json:"name"`
	ValueFrom string `json:"valueFrom"`
}

type linuxParameters struct {
	InitProcessEnabled bool         `json:"initProcessEnabled"`
	Capabilities       capabilities `json:"capabilities"`
	Tmpfs              []tmpfs      `json:"tmpfs"`
}

type tmpfs struct {
	ContainerPath string   `json:"containerPath"`
	Size          int      `json:"size"`
	MountOptions  []string `json:"mountOptions"`
}

type capabilities struct {
	Drop []string `json:"drop"`
}

type logConfiguration struct {
	LogDriver string            `json:"logDriver"`
	Options   map[string]string `json:"options"`
}

// containerDefinitions renders a workload's single container: non-root, unprivileged,
// without Linux capabilities, read-only root with a tmpfs /tmp, settings and secrets
// through secrets (valueFrom), logs to its group.
func containerDefinitions(w workload, a *ComputeArgs, env awsenv.Environment, image pulumi.StringOutput, logGroup string, cfg *appConfig) pulumi.StringOutput {
	params, secrets := sortedKeys(cfg.parameters), sortedKeys(cfg.secrets)
	inputs := []any{image, cfg.version}
	for _, variable := range params {
		inputs = append(inputs, cfg.parameters[variable].Arn)
	}
	for _, variable := range secrets {
		inputs = append(inputs, cfg.secrets[variable])
	}
	return pulumi.All(inputs...).ApplyT(func(v []any) (string, error) {
		c := containerDefinition{
			Name:                   w.name,
			Image:                  v[0].(string),
			Essential:              true,
			Command:                w.command,
			User:                   a.ContainerUser,
			ReadonlyRootFilesystem: true,
			PortMappings:           []portMapping{},
			Environment:            cfg.sortedEnvironment(),
			LinuxParameters: linuxParameters{
				InitProcessEnabled: true,
				Capabilities:       capabilities{Drop: []string{"ALL"}},
				Tmpfs:              []tmpfs{{ContainerPath: tmpPath, Size: tmpSizeMiB, MountOptions: tmpOptions}},
			},
			LogConfiguration: logConfiguration{LogDriver: "awslogs", Options: map[string]string{
				"awslogs-group":         logGroup,
				"awslogs-region":        env.Region,
				"awslogs-stream-prefix": w.name,
				"mode":                  "non-blocking", // a slow log pipe never stalls requests
				"max-buffer-size":       "25m",
			}},
			StopTimeout:  w.stopTimeout,
			DockerLabels: map[string]string{"org.saleor.settings-version": v[1].(string)},
		}
		if w.port != 0 {
			c.PortMappings = []portMapping{{ContainerPort: w.port, Protocol: "tcp", Name: "http", AppProtocol: "http"}}
		}
		for i, variable := range append(append([]string{}, params...), secrets...) {
			c.Secrets = append(c.Secrets, secretRef{Name: variable, ValueFrom: v[2+i].(string)})
		}
		b, err := json.Marshal([]containerDefinition{c})
		return string(b), err
	}).(pulumi.StringOutput)
}
