package compute

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	ecrx "github.com/pulumi/pulumi-awsx/sdk/v2/go/awsx/ecr"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
)

// ecrRepositoryURL matches an ECR repository URL: <account>.dkr.ecr.<region>.amazonaws.com/<name>.
var ecrRepositoryURL = regexp.MustCompile(`^([0-9]{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?/(.+)$`)

// buildPlatform is the platform a built image is for: the task definitions' X86_64
// (FARGATE_SPOT runs no ARM64 tasks).
const buildPlatform = "linux/amd64"

// reference returns the image reference, repository:tag or repository@digest.
func (i Image) reference(repository string) string {
	if i.Digest != "" {
		return repository + "@" + i.Digest
	}
	return repository + ":" + i.Tag
}

// imageSource is where the tasks pull the image from: its reference, and the ECR repository
// ARN the execution role may pull from ("" for a registry outside ECR).
type imageSource struct {
	reference     pulumi.StringOutput
	repositoryArn pulumi.StringOutput
}

// newImageSource resolves the image: built and pushed to the component's own repository
// (Image.Build), or pulled from Image.Repository, by default the component's own.
func newImageSource(ctx *pulumi.Context, name string, i Image, own *repository, env awsenv.Environment, opts ...pulumi.ResourceOption) (imageSource, error) {
	switch {
	case i.Build != nil:
		return buildImage(ctx, name, i.Build, own, opts...)
	case i.Repository == "":
		return imageSource{
			reference:     own.url.ApplyT(i.reference).(pulumi.StringOutput),
			repositoryArn: own.arn,
		}, nil
	}
	arn := ""
	if m := ecrRepositoryURL.FindStringSubmatch(i.Repository); m != nil {
		arn = fmt.Sprintf("arn:%s:ecr:%s:%s:repository/%s", env.Partition, m[2], m[1], m[4])
	}
	return imageSource{
		reference:     pulumi.String(i.reference(i.Repository)).ToStringOutput(),
		repositoryArn: pulumi.String(arn).ToStringOutput(),
	}, nil
}

// buildImage builds the build context and pushes it to the component's repository, tagged
// with the digest of the context's files: the repository's tags are immutable, so a changed
// context must push a new tag (awsx's default tag is one per stack), and an unchanged one
// pushes nothing. The tasks run the pushed image by its digest.
func buildImage(ctx *pulumi.Context, name string, b *ImageBuild, own *repository, opts ...pulumi.ResourceOption) (imageSource, error) {
	dir := b.Context
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(ctx.RootDirectory(), dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "Dockerfile")); err != nil {
		return imageSource{}, fmt.Errorf("compute %s: Image.Build.Context %q holds no Dockerfile: %w", name, b.Context, err)
	}
	tag, err := contextTag(dir)
	if err != nil {
		return imageSource{}, fmt.Errorf("compute %s: Image.Build.Context %q: %w", name, b.Context, err)
	}
	img, err := ecrx.NewImage(ctx, name+"-image", &ecrx.ImageArgs{
		RepositoryUrl: own.url,
		Context:       pulumi.String(b.Context),
		Platform:      pulumi.String(buildPlatform),
		ImageTag:      pulumi.String(tag),
	}, opts...)
	if err != nil {
		return imageSource{}, err
	}
	return imageSource{reference: img.ImageUri, repositoryArn: own.arn}, nil
}

// contextTag returns "build-" and the first 16 hex digits of the SHA-256 of the build
// context's files: their paths, relative to dir, and contents, in lexical order.
func contextTag(dir string) (string, error) {
	h := sha256.New()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(content))
		h.Write(content)
		return nil
	})
	if err != nil {
		return "", err
	}
	return "build-" + hex.EncodeToString(h.Sum(nil))[:16], nil
}
