package compute_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/catalog"
	"github.com/saleor-platform/infra/components/compute"
	"github.com/saleor-platform/infra/components/ha"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

// rejected deploys a and returns the error, failing when nothing but the provider was
// registered before it.
func rejected(t *testing.T, a compute.ComputeArgs) error {
	t.Helper()
	inv, _, err := deploy(a)
	if err == nil {
		t.Fatal("accepted")
	}
	for _, r := range inv.Resources {
		if r.Type != "pulumi:providers:aws" {
			t.Errorf("%s %s registered before validation failed", r.Type, r.Name)
		}
	}
	return err
}

func TestImageTagsAreReleases(t *testing.T) {
	tests := []struct {
		image compute.Image
		want  string
	}{
		{compute.Image{Tag: "latest"}, `Image.Tag: "latest" is not a release`},
		{compute.Image{Tag: "LATEST"}, `Image.Tag: "latest" is not a release`},
		{compute.Image{}, "Image: set Tag or Digest"},
		{compute.Image{Tag: "3.20.4", Digest: "sha256:" + strings.Repeat("0", 64)}, "Image: set only one of Tag and Digest"},
		{compute.Image{Digest: "sha256:123"}, "Image.Digest"},
		{compute.Image{Tag: "-bad"}, "Image.Tag"},
		{compute.Image{Repository: "ghcr.io/saleor/saleor:3.20", Tag: "3.20.4"}, "Image.Repository"},
		{compute.Image{Build: &compute.ImageBuild{Context: "image"}, Tag: "3.20.4"}, "Image.Build: set either Build or Repository"},
		{compute.Image{Build: &compute.ImageBuild{}}, "Image.Build.Context: is required"},
	}
	for _, tt := range tests {
		a := staging(t)
		a.Image = tt.image
		if err := rejected(t, a); !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v does not say %q", tt.image, err, tt.want)
		}
	}
}

func TestEachBadFieldIsNamed(t *testing.T) {
	tests := map[string]func(*compute.ComputeArgs){
		"NamePrefix":               func(a *compute.ComputeArgs) { a.NamePrefix = "Saleor_Prod" },
		"ParameterPath":            func(a *compute.ComputeArgs) { a.ParameterPath = "saleor/test" },
		"HA":                       func(a *compute.ComputeArgs) { a.HA = "triple-az" },
		"APITask":                  func(a *compute.ComputeArgs) { a.APITask = catalog.FargateSize{CPU: 1536, MemoryMiB: 3072} },
		"WorkerTask":               func(a *compute.ComputeArgs) { a.WorkerTask = catalog.FargateSize{CPU: 1024, MemoryMiB: 1024} },
		"APITasks":                 func(a *compute.ComputeArgs) { a.APITasks = catalog.TaskCount{Min: 3, Max: 2} },
		"WorkerTasks":              func(a *compute.ComputeArgs) { a.WorkerTasks = catalog.TaskCount{} },
		"APICPUTarget":             func(a *compute.ComputeArgs) { a.APICPUTarget = 95 },
		"QueueScaleOutDepth":       func(a *compute.ComputeArgs) { a.QueueScaleOutDepth = -1 },
		"APIDeployment":            func(a *compute.ComputeArgs) { a.APIDeployment = "canary" },
		"TrafficShift":             func(a *compute.ComputeArgs) { a.TrafficShift = "AllAtOnce" },
		"LogLevel":                 func(a *compute.ComputeArgs) { a.LogLevel = "TRACE" },
		"AccessLogPrefix":          func(a *compute.ComputeArgs) { a.AccessLogPrefix = "alb/" },
		"CertificateArn":           func(a *compute.ComputeArgs) { a.CertificateArn = nil },
		"Network.PrivateSubnetIDs": func(a *compute.ComputeArgs) { a.Network.PrivateSubnetIDs = nil },
		"Keys.Messaging":           func(a *compute.ComputeArgs) { a.Keys.Messaging = nil },
		"Buckets.LogsName":         func(a *compute.ComputeArgs) { a.Buckets.LogsName = nil },
		"Secrets.DatabaseURL":      func(a *compute.ComputeArgs) { a.Secrets.DatabaseURL = nil },
		"Secrets.Extra": func(a *compute.ComputeArgs) {
			a.Secrets.Extra = map[string]pulumi.StringInput{"DATABASE_URL": pulumi.String("x")}
		},
		"Settings.AllowedHosts":       func(a *compute.ComputeArgs) { a.Settings.AllowedHosts = []string{"*"} },
		"Settings.AllowedClientHosts": func(a *compute.ComputeArgs) { a.Settings.AllowedClientHosts = nil },
		"Settings.PublicURL":          func(a *compute.ComputeArgs) { a.Settings.PublicURL = "http://api.example.com/" },
		"Settings.MediaDomain":        func(a *compute.ComputeArgs) { a.Settings.MediaDomain = "" },
		"Settings.Extra":              func(a *compute.ComputeArgs) { a.Settings.Extra = map[string]string{"STRIPE_API_KEY": "sk_live"} },
		"log retention":               func(a *compute.ComputeArgs) { a.Logs.RetentionDays = nil },
		"both set EMAIL_URL": func(a *compute.ComputeArgs) {
			a.Settings.Extra = map[string]string{"EMAIL_URL": "smtp://mail.example.com:587"}
			a.Secrets.Extra = map[string]pulumi.StringInput{"EMAIL_URL": pulumi.String(emailSecret)}
		},
	}
	for want, breakIt := range tests {
		a := staging(t)
		breakIt(&a)
		if err := rejected(t, a); !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", want, err)
		}
	}
}

func TestMultiAZNeedsRoomForTwoAPITasks(t *testing.T) {
	a := args(t, 100, ha.MultiAZ)
	a.APITasks = catalog.TaskCount{Min: 1, Max: 1}
	if err := rejected(t, a); !strings.Contains(err.Error(), "APITasks") {
		t.Errorf("multi-az with at most 1 API task: %v", err)
	}
}

func TestValidationReportsEveryProblemAtOnce(t *testing.T) {
	a := staging(t)
	a.Image = compute.Image{Tag: "latest"}
	a.APITask = catalog.FargateSize{CPU: 1536, MemoryMiB: 3072}
	a.NamePrefix = ""
	a.Settings.PublicURL = ""
	a.Keys.Storage = nil
	err := rejected(t, a)
	for _, want := range []string{"Image.Tag", "APITask", "NamePrefix", "Settings.PublicURL", "Keys.Storage"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not name %s:\n%v", want, err)
		}
	}
}

func TestNilArgs(t *testing.T) {
	harnesstest.NilArgs(t, compute.NewCompute, "NamePrefix", "ParameterPath", "APITask", "Image", "Settings.PublicURL",
		"Secrets.DatabaseURL", "CertificateArn", "Network.VpcID", "Keys.Storage", "Buckets.MediaName", "Logs.KMSKeyArn")
}
