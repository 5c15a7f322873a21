package release

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/saleor-platform/infra/internal/release/target"
)

// appSpec is CodeDeploy's AppSpec for an Amazon ECS deployment: the service to deploy and,
// besides the task definition and the container the load balancer targets, the inputs a
// CODE_DEPLOY-controlled service takes from its deployments only (compute.CodeDeployOwned).
type appSpec struct {
	Version   appSpecVersion             `yaml:"version"`
	Resources []map[string]appSpecTarget `yaml:"Resources"`
}

// appSpecVersion renders as the number 0.0, the only AppSpec version.
type appSpecVersion struct{}

func (appSpecVersion) MarshalYAML() (any, error) {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: "0.0"}, nil
}

type appSpecTarget struct {
	Type       string            `yaml:"Type"`
	Properties appSpecProperties `yaml:"Properties"`
}

type appSpecProperties struct {
	TaskDefinition           string                    `yaml:"TaskDefinition"`
	LoadBalancerInfo         appSpecLoadBalancer       `yaml:"LoadBalancerInfo"`
	PlatformVersion          string                    `yaml:"PlatformVersion"`
	NetworkConfiguration     appSpecNetwork            `yaml:"NetworkConfiguration"`
	CapacityProviderStrategy []appSpecCapacityProvider `yaml:"CapacityProviderStrategy"`
}

type appSpecLoadBalancer struct {
	ContainerName string `yaml:"ContainerName"`
	ContainerPort int    `yaml:"ContainerPort"`
}

type appSpecNetwork struct {
	AwsvpcConfiguration appSpecAwsvpc `yaml:"AwsvpcConfiguration"`
}

type appSpecAwsvpc struct {
	Subnets        []string `yaml:"Subnets"`
	SecurityGroups []string `yaml:"SecurityGroups"`
	AssignPublicIp string   `yaml:"AssignPublicIp"`
}

type appSpecCapacityProvider struct {
	CapacityProvider string `yaml:"CapacityProvider"`
	Base             int    `yaml:"Base"`
	Weight           int    `yaml:"Weight"`
}

// platformVersion is the Fargate platform the replacement task set runs on.
const platformVersion = "LATEST"

// AppSpec returns the AppSpec YAML that deploys taskDefinition to the API service: the
// container and port the load balancer targets, the API tasks' subnets and security group
// without public IPs, and their capacity provider, all from the stack's outputs.
func AppSpec(api target.API, taskDefinition string) (string, error) {
	spec := appSpec{Resources: []map[string]appSpecTarget{{"TargetService": {
		Type: "AWS::ECS::Service",
		Properties: appSpecProperties{
			TaskDefinition:   taskDefinition,
			LoadBalancerInfo: appSpecLoadBalancer{ContainerName: api.ContainerName, ContainerPort: api.ContainerPort},
			PlatformVersion:  platformVersion,
			NetworkConfiguration: appSpecNetwork{AwsvpcConfiguration: appSpecAwsvpc{
				Subnets: api.Network.Subnets, SecurityGroups: api.Network.SecurityGroups, AssignPublicIp: "DISABLED",
			}},
			CapacityProviderStrategy: []appSpecCapacityProvider{{CapacityProvider: api.CapacityProvider, Weight: 1}},
		},
	}}}}
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(spec); err != nil {
		return "", err
	}
	return b.String(), enc.Close()
}
