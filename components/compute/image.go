package compute

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
)

// ecrRepositoryURL matches an ECR repository URL: <account>.dkr.ecr.<region>.amazonaws.com/<name>.
var ecrRepositoryURL = regexp.MustCompile(`^([0-9]{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?/(.+)$`)

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

// source resolves the image against the component's own repository, used when
// Image.Repository is empty.
func (i Image) source(own *repository, env awsenv.Environment) imageSource {
	if i.Repository == "" {
		return imageSource{
			reference:     own.url.ApplyT(i.reference).(pulumi.StringOutput),
			repositoryArn: own.arn,
		}
	}
	arn := ""
	if m := ecrRepositoryURL.FindStringSubmatch(i.Repository); m != nil {
		arn = fmt.Sprintf("arn:%s:ecr:%s:%s:repository/%s", env.Partition, m[2], m[1], m[4])
	}
	return imageSource{
		reference:     pulumi.String(i.reference(i.Repository)).ToStringOutput(),
		repositoryArn: pulumi.String(arn).ToStringOutput(),
	}
}
