// Package logging creates the program's CloudWatch log groups. Every log group of every tier
// is made here, so each is KMS-encrypted and kept for its class's retention, set in one place
// per stack.
package logging

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/validate"
)

// Class is a kind of log; it decides how long the log is kept.
type Class string

const (
	// Application logs: the Saleor containers.
	Application Class = "application"
	// Infrastructure logs: VPC flow logs, database and cache log exports.
	Infrastructure Class = "infrastructure"
	// CDN logs: WAF and edge logs.
	CDN Class = "cdn"
	// Audit logs: CloudTrail.
	Audit Class = "audit"
)

// Classes lists every class.
func Classes() []Class { return []Class{Application, Infrastructure, CDN, Audit} }

// RetentionValues are the retention periods CloudWatch Logs accepts, in days.
var RetentionValues = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// Settings is how one region of a stack keeps its logs.
type Settings struct {
	// KMSKeyArn encrypts every log group; its key policy must admit the region's
	// logs.<region>.amazonaws.com service.
	KMSKeyArn pulumi.StringInput
	// RetentionDays is the retention of each class, in days (one of RetentionValues).
	RetentionDays map[Class]int
	// Prefix starts the names of the groups that are free to choose their name, e.g.
	// "/saleor/prod-eu".
	Prefix string
}

// CheckRetention reports, as RetentionDays[<class>] under p, each of classes (every class
// when none is named) without a retention CloudWatch accepts.
func (s Settings) CheckRetention(p *validate.Problems, classes ...Class) {
	if len(classes) == 0 {
		classes = Classes()
	}
	for _, c := range classes {
		if days := s.RetentionDays[c]; !slices.Contains(RetentionValues, days) {
			p.Add(validate.Index("RetentionDays", c), "%d days is not a log retention CloudWatch accepts %v", days, RetentionValues)
		}
	}
}

// Name returns the log group name Prefix/suffix.
func (s Settings) Name(suffix string) string { return s.Prefix + "/" + suffix }

// NewGroup creates the log group groupName of the given class, KMS-encrypted and kept for
// the class's retention.
func (s Settings) NewGroup(ctx *pulumi.Context, name, groupName string, class Class, opts ...pulumi.ResourceOption) (*cloudwatch.LogGroup, error) {
	days, ok := s.RetentionDays[class]
	if !ok {
		return nil, fmt.Errorf("log group %s: no retention set for class %q", groupName, class)
	}
	return cloudwatch.NewLogGroup(ctx, name, &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(groupName),
		KmsKeyId:        s.KMSKeyArn,
		RetentionInDays: pulumi.Int(days),
	}, opts...)
}
