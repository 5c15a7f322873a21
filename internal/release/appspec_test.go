package release

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/saleor-platform/infra/internal/release/target"
)

// api is a blue/green API as a production stack exports it.
var api = target.API{
	Service: "saleor-prod-eu-api", TaskDefinition: "arn:aws:ecs:eu-central-1:111111111111:task-definition/saleor-prod-eu-api:7",
	Deployment: target.BlueGreen, CodeDeployApplication: "compute-api-1a2b3c4", CodeDeployDeploymentGroup: "saleor-prod-eu-api",
	ContainerName: "api", ContainerPort: 8000,
	TargetGroupArns:  []string{"arn:aws:elasticloadbalancing:eu-central-1:111111111111:targetgroup/blue/1", "arn:aws:elasticloadbalancing:eu-central-1:111111111111:targetgroup/green/2"},
	Network:          target.Network{Subnets: []string{"subnet-a", "subnet-b", "subnet-c"}, SecurityGroups: []string{"sg-api"}},
	CapacityProvider: "FARGATE",
}

const newRevision = "arn:aws:ecs:eu-central-1:111111111111:task-definition/saleor-prod-eu-api:8"

// TestAppSpecIsTheGolden: the AppSpec is testdata/appspec.golden.yaml, reviewed against
// CodeDeploy's AppSpec reference for Amazon ECS (UPDATE_GOLDEN=1 rewrites it).
func TestAppSpecIsTheGolden(t *testing.T) {
	got, err := AppSpec(api, newRevision)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "appspec.golden.yaml")
	if os.Getenv("UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("AppSpec:\n%s\nwant %s:\n%s", got, golden, want)
	}
}

// TestAppSpecDeploysTheNewRevisionWhereTheServiceRuns: read back as CodeDeploy reads it, the
// AppSpec names the new revision, the load balancer's container and port, and the API's
// network (no public IP) and capacity provider, which the service takes from deployments only.
func TestAppSpecDeploysTheNewRevisionWhereTheServiceRuns(t *testing.T) {
	text, err := AppSpec(api, newRevision)
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Version   float64 `yaml:"version"`
		Resources []map[string]struct {
			Type       string `yaml:"Type"`
			Properties struct {
				TaskDefinition   string `yaml:"TaskDefinition"`
				LoadBalancerInfo struct {
					ContainerName string `yaml:"ContainerName"`
					ContainerPort int    `yaml:"ContainerPort"`
				} `yaml:"LoadBalancerInfo"`
				NetworkConfiguration struct {
					AwsvpcConfiguration struct {
						Subnets        []string `yaml:"Subnets"`
						SecurityGroups []string `yaml:"SecurityGroups"`
						AssignPublicIp string   `yaml:"AssignPublicIp"`
					} `yaml:"AwsvpcConfiguration"`
				} `yaml:"NetworkConfiguration"`
				CapacityProviderStrategy []struct {
					CapacityProvider string `yaml:"CapacityProvider"`
					Weight           int    `yaml:"Weight"`
				} `yaml:"CapacityProviderStrategy"`
			} `yaml:"Properties"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal([]byte(text), &spec); err != nil {
		t.Fatal(err)
	}
	if spec.Version != 0 || len(spec.Resources) != 1 {
		t.Fatalf("version %v, %d resources", spec.Version, len(spec.Resources))
	}
	svc, ok := spec.Resources[0]["TargetService"]
	if !ok || svc.Type != "AWS::ECS::Service" {
		t.Fatalf("resources %+v, want one TargetService of type AWS::ECS::Service", spec.Resources)
	}
	p := svc.Properties
	vpc := p.NetworkConfiguration.AwsvpcConfiguration
	if p.TaskDefinition != newRevision || p.LoadBalancerInfo.ContainerName != "api" || p.LoadBalancerInfo.ContainerPort != 8000 ||
		!reflect.DeepEqual(vpc.Subnets, api.Network.Subnets) || !reflect.DeepEqual(vpc.SecurityGroups, []string{"sg-api"}) ||
		vpc.AssignPublicIp != "DISABLED" || len(p.CapacityProviderStrategy) != 1 ||
		p.CapacityProviderStrategy[0].CapacityProvider != "FARGATE" || p.CapacityProviderStrategy[0].Weight != 1 {
		t.Errorf("properties %+v", p)
	}
}
