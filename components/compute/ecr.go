package compute

import (
	"encoding/json"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Lifecycle of the image repository.
const (
	// untaggedImageDays is how long an untagged image (a failed or superseded push) is kept.
	untaggedImageDays = 7
	// keptImages is how many images are kept; older ones expire. A deployed image must be
	// among the last keptImages pushed.
	keptImages = 30
)

// repository is the image repository's wiring.
type repository struct {
	url, arn pulumi.StringOutput
}

// lifecycleRule is one rule of an ECR lifecycle policy.
type lifecycleRule struct {
	RulePriority int               `json:"rulePriority"`
	Description  string            `json:"description"`
	Selection    lifecycleSelector `json:"selection"`
	Action       map[string]string `json:"action"`
}

type lifecycleSelector struct {
	TagStatus   string `json:"tagStatus"`
	CountType   string `json:"countType"`
	CountUnit   string `json:"countUnit,omitempty"`
	CountNumber int    `json:"countNumber"`
}

// lifecyclePolicy expires untagged images after untaggedImageDays and keeps the last
// keptImages images.
func lifecyclePolicy() string {
	expire := map[string]string{"type": "expire"}
	b, _ := json.Marshal(map[string][]lifecycleRule{"rules": {
		{1, "expire untagged images", lifecycleSelector{"untagged", "sinceImagePushed", "days", untaggedImageDays}, expire},
		{2, "keep the most recent images", lifecycleSelector{"any", "imageCountMoreThan", "", keptImages}, expire},
	}})
	return string(b)
}

// newRepository creates the Saleor image repository: immutable tags, scanned on push,
// encrypted with the storage key.
func newRepository(ctx *pulumi.Context, name string, a *ComputeArgs, opts ...pulumi.ResourceOption) (*repository, error) {
	repo, err := ecr.NewRepository(ctx, name+"-saleor", &ecr.RepositoryArgs{
		Name:                       pulumi.String(a.NamePrefix + "/saleor"),
		ImageTagMutability:         pulumi.String("IMMUTABLE"),
		ImageScanningConfiguration: &ecr.RepositoryImageScanningConfigurationArgs{ScanOnPush: pulumi.Bool(true)},
		EncryptionConfigurations: ecr.RepositoryEncryptionConfigurationArray{&ecr.RepositoryEncryptionConfigurationArgs{
			EncryptionType: pulumi.String("KMS"),
			KmsKey:         a.Keys.Storage,
		}},
		ForceDelete: pulumi.Bool(false),
	}, append(opts, pulumi.Protect(a.DeletionProtection))...)
	if err != nil {
		return nil, err
	}
	if _, err := ecr.NewLifecyclePolicy(ctx, name+"-saleor", &ecr.LifecyclePolicyArgs{
		Repository: repo.Name,
		Policy:     pulumi.String(lifecyclePolicy()),
	}, opts...); err != nil {
		return nil, err
	}
	return &repository{url: repo.RepositoryUrl, arn: repo.Arn}, nil
}
