package stacks_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/release/target"
	"github.com/saleor-platform/infra/stacks"
)

// buildImage is saleor:image.build on, with the image keys it replaces unset.
var buildImage = map[string]string{"saleor:image": `{"build": true}`, "saleor:imageTag": "", "saleor:imageDigest": ""}

// TestImageBuildPlansAnAwsxImageInDevelopmentAndDemo: with saleor:image.build a development
// or demo stack builds image/ with awsx's ecr.Image into its own repository, and every task
// runs the pushed image by digest.
func TestImageBuildPlansAnAwsxImageInDevelopmentAndDemo(t *testing.T) {
	for _, name := range []string{"dev", "demo-acme"} {
		inv, err := runChanged(t, name, buildImage)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		images := inv.OfType("awsx:ecr:Image")
		repos := inv.OfType("aws:ecr/repository:Repository")
		if len(images) != 1 || len(repos) != 1 {
			t.Fatalf("%s: %d image builds, %d repositories; want one of each", name, len(images), len(repos))
		}
		img := images[0]
		if img.String("repositoryUrl") != repos[0].Outputs["repositoryUrl"].StringValue() || img.String("context") != stacks.ImageBuildContext ||
			img.String("platform") != "linux/amd64" {
			t.Errorf("%s: builds %q for %q into %q; want %s/ for linux/amd64 into the stack's repository %s", name,
				img.String("context"), img.String("platform"), img.String("repositoryUrl"), stacks.ImageBuildContext,
				repos[0].Outputs["repositoryUrl"].StringValue())
		}
		uri := img.Outputs["imageUri"].StringValue()
		for _, td := range inv.OfType("aws:ecs/taskDefinition:TaskDefinition") {
			var cs []struct{ Image string }
			if err := td.JSON("containerDefinitions", &cs); err != nil {
				t.Fatal(err)
			}
			if len(cs) != 1 || cs[0].Image != uri {
				t.Errorf("%s: %s runs %+v, want the built %s", name, td.Name, cs, uri)
			}
		}
		if got := release(t, inv).Regions[target.Primary].Image; got != uri {
			t.Errorf("%s: the release output says the tasks run %s, want %s", name, got, uri)
		}
		// The pack passes the stack deployed and in a preview, where the image is not built yet.
		env := string(stackConfig(t, inv).Environment)
		preview, err := runChanged(t, name, buildImage, harness.Preview())
		if err != nil {
			t.Fatalf("%s preview: %v", name, err)
		}
		for mode, run := range map[string]*harness.Inventory{"update": inv, "preview": preview} {
			if m := mandatoryOnly(evaluatePolicy(t, env, run.AnalyzerResources())); len(m) > 0 {
				t.Errorf("%s %s: mandatory policy violations:\n%s", name, mode, policyReport(m))
			}
		}
	}
	if inv := runStack(t, "dev"); len(inv.OfType("awsx:ecr:Image")) != 0 {
		t.Error("dev builds an image without saleor:image.build")
	}
}

// TestImageBuildIsRefusedOutsideDevelopmentAndDemo: production (and staging, qa) refuse
// saleor:image.build before anything is registered, naming the key and the environments
// that allow it; a tag set beside it is refused too.
func TestImageBuildIsRefusedOutsideDevelopmentAndDemo(t *testing.T) {
	for _, name := range []string{"prod-eu", "staging", "qa"} {
		inv, err := runChanged(t, name, buildImage)
		if err == nil {
			t.Fatalf("%s: saleor:image.build accepted", name)
		}
		if !strings.Contains(err.Error(), `saleor:image.build: is allowed only in "development" or "demo"`) {
			t.Errorf("%s: %v", name, err)
		}
		if inv != nil && len(inv.OfType("aws:ecr/repository:Repository")) > 0 {
			t.Errorf("%s: resources registered before the configuration was refused", name)
		}
	}
	_, err := runChanged(t, "dev", map[string]string{"saleor:image": `{"build": true}`})
	if err == nil || !strings.Contains(err.Error(), "saleor:imageTag: is set with saleor:image.build") {
		t.Errorf("dev with saleor:image.build and saleor:imageTag: %v", err)
	}
}

// release returns the stack's release output.
func release(t *testing.T, inv *harness.Inventory) target.Outputs {
	t.Helper()
	out, ok := inv.Outputs[target.OutputName]
	if !ok || !out.Known || out.Secret {
		t.Fatalf("stack %s: release output %+v; want a known, plain output", inv.Stack.Name, out)
	}
	v, ok := out.Value.(target.Outputs)
	if !ok {
		t.Fatalf("stack %s: release output is a %T, want a target.Outputs", inv.Stack.Name, out.Value)
	}
	return v
}

// TestReleaseOutputNamesEveryRuntime: the release output names each application runtime of
// the stack by region role, as the compute tier built it there: the stack's own (serving,
// blue/green in production) and its DR or secondary region's (standing by), and the public
// GraphQL endpoint on the environment's domain.
func TestReleaseOutputNamesEveryRuntime(t *testing.T) {
	tests := []struct {
		stack, region, drRegion, deployment, graphQL string
	}{
		{"staging", "eu-central-1", "", target.Rolling, "https://staging.shop.example.com/graphql/"},
		{"prod-eu", "eu-central-1", "eu-west-1", target.BlueGreen, "https://shop.example.com/graphql/"},
		{"prod-na", "us-east-1", "us-east-2", target.BlueGreen, "https://shop.example.com/graphql/"},
	}
	for _, tt := range tests {
		inv := runStack(t, tt.stack)
		out := release(t, inv)
		if out.GraphQLURL != tt.graphQL {
			t.Errorf("%s: GraphQL at %s, want %s", tt.stack, out.GraphQLURL, tt.graphQL)
		}
		want := map[string]string{target.Primary: tt.region}
		if tt.drRegion != "" {
			want[target.DR] = tt.drRegion
		}
		for role, region := range want {
			rt, ok := out.Regions[role]
			if !ok {
				t.Errorf("%s: no %s runtime", tt.stack, role)
				continue
			}
			cluster := clusterIn(t, inv, region)
			primary := role == target.Primary
			if rt.Region != region || rt.Cluster != cluster || rt.Serving != primary {
				t.Errorf("%s %s: region %s, cluster %s, serving %v; want %s, %s, %v", tt.stack, role, rt.Region, rt.Cluster,
					rt.Serving, region, cluster, primary)
			}
			deployment := target.Rolling // a standby needs no canary
			if primary {
				deployment = tt.deployment
			}
			if rt.API.Deployment != deployment || (deployment == target.BlueGreen) != (rt.API.CodeDeployDeploymentGroup != "") {
				t.Errorf("%s %s: API deploys %s with CodeDeploy group %q, want %s", tt.stack, role, rt.API.Deployment,
					rt.API.CodeDeployDeploymentGroup, deployment)
			}
			if !strings.Contains(rt.Repository, ".dkr.ecr."+region+".") || !strings.HasPrefix(rt.MigrationTaskDefinition, "arn:aws:ecs:"+region+":") {
				t.Errorf("%s %s: repository %s, migration %s; want both in %s", tt.stack, role, rt.Repository, rt.MigrationTaskDefinition, region)
			}
			workloads := []string{}
			for _, s := range rt.Services {
				workloads = append(workloads, s.Workload)
			}
			if !slices.Equal(workloads, []string{"worker", "webhooks", "beat"}) || len(rt.TaskNetwork.Subnets) == 0 {
				t.Errorf("%s %s: services %v, task subnets %v", tt.stack, role, workloads, rt.TaskNetwork.Subnets)
			}
		}
		if len(out.Regions) != len(want) {
			t.Errorf("%s: runtimes %v, want %v", tt.stack, reflect.ValueOf(out.Regions).MapKeys(), want)
		}
	}
}

// clusterIn returns the name of the stack's ECS cluster in region.
func clusterIn(t *testing.T, inv *harness.Inventory, region string) string {
	t.Helper()
	for _, c := range inv.OfType("aws:ecs/cluster:Cluster") {
		if c.Region == region {
			return c.Outputs["name"].StringValue()
		}
	}
	t.Fatalf("stack %s: no cluster in %s", inv.Stack.Name, region)
	return ""
}
