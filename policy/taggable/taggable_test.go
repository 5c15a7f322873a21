package taggable_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/saleor-platform/infra/policy/taggable"
)

func TestKnownTypes(t *testing.T) {
	for token, want := range map[string]bool{
		"aws:rds/instance:Instance":                                 true,
		"aws:s3/bucketV2:BucketV2":                                  true,
		"aws:lb/loadBalancer:LoadBalancer":                          true,
		"aws:alb/loadBalancer:LoadBalancer":                         true,
		"aws:ec2/securityGroupRule:SecurityGroupRule":               false, // no tags
		"aws:s3/bucketPolicy:BucketPolicy":                          false,
		"aws:autoscaling/group:Group":                               false, // list-typed tags, no default tags
		"awsx:ec2:Vpc":                                              false, // a component, not a pulumi-aws resource
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": true,
	} {
		if got := taggable.IsTaggable(token); got != want {
			t.Errorf("IsTaggable(%s) = %v, want %v", token, got, want)
		}
	}
}

// TestGeneratedListIsCurrent regenerates the list from the SDK the program's go.mod pins and
// compares.
func TestGeneratedListIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("scans the pulumi-aws SDK source")
	}
	if _, err := os.Stat(filepath.Join("..", "..", "go.mod")); err != nil {
		t.Skip("the pack is outside the repository: no program go.mod pins the SDK")
	}
	fresh := filepath.Join(t.TempDir(), "zz_taggable.go")
	if out, err := exec.Command("go", "run", "./gen", "-o", fresh).CombinedOutput(); err != nil {
		t.Fatalf("go run ./gen: %v\n%s", err, out)
	}
	want, err := os.ReadFile(fresh)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("zz_taggable.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatal("zz_taggable.go is stale: run go -C policy generate ./taggable from the repository root")
	}
}
