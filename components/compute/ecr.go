package compute

import (
	"encoding/json"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Lifecycle of the image repository: release images are kept releaseImageDays, untagged
// ones by count, and the images the runtimes run (tagged LiveTagPrefix by the release) are
// never expired by age.
const (
	// LiveTagPrefix starts the extra tag the release gives an image once a runtime runs it
	// (live-<release tag>). Tags are immutable, so the tag stays; the lifecycle keeps the
	// liveImagesKept most recently pushed live images, the running one and its rollback
	// targets, whatever their age.
	LiveTagPrefix = "live-"
	// liveImagesKept is how many live-tagged images are kept (the current and the previous
	// releases a rollback may return to).
	liveImagesKept = 10
	// untaggedImagesKept is how many untagged images (failed or superseded pushes) are kept.
	untaggedImagesKept = 5
	// releaseImageDays is how long any other image (a release, CI/CD artifact) is kept after
	// its push: the requirements keep CI/CD artifacts 90 days.
	releaseImageDays = 90
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
	TagStatus     string   `json:"tagStatus"`
	TagPrefixList []string `json:"tagPrefixList,omitempty"`
	CountType     string   `json:"countType"`
	CountUnit     string   `json:"countUnit,omitempty"`
	CountNumber   int      `json:"countNumber"`
}

// lifecyclePolicy keeps the liveImagesKept newest live images, the untaggedImagesKept newest
// untagged images, and every other image releaseImageDays after its push. ECR evaluates the
// rules by priority and an image that matches a rule's tag selection is never expired by a
// lower-priority one, so a live image is never expired by age, and the age rule (tagStatus
// any, which ECR requires to come last) applies only to the rest.
func lifecyclePolicy() string {
	expire := map[string]string{"type": "expire"}
	b, _ := json.Marshal(map[string][]lifecycleRule{"rules": {
		{1, "keep the images the runtimes run and their rollback targets",
			lifecycleSelector{TagStatus: "tagged", TagPrefixList: []string{LiveTagPrefix}, CountType: "imageCountMoreThan", CountNumber: liveImagesKept}, expire},
		{2, "keep a few untagged images",
			lifecycleSelector{TagStatus: "untagged", CountType: "imageCountMoreThan", CountNumber: untaggedImagesKept}, expire},
		{3, "keep release images 90 days",
			lifecycleSelector{TagStatus: "any", CountType: "sinceImagePushed", CountUnit: "days", CountNumber: releaseImageDays}, expire},
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
