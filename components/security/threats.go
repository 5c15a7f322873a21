package security

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/guardduty"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/securityhub"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
)

// guardDutyFeatures are the GuardDuty protections the platform uses: S3 data events for the
// buckets, RDS login events for PostgreSQL, and runtime monitoring of the Fargate tasks
// (with the agent managed by GuardDuty).
var guardDutyFeatures = []struct {
	name  string
	agent string
}{
	{name: "S3_DATA_EVENTS"},
	{name: "RDS_LOGIN_EVENTS"},
	{name: "RUNTIME_MONITORING", agent: "ECS_FARGATE_AGENT_MANAGEMENT"},
}

// fsbpStandard is the AWS Foundational Security Best Practices standard, version 1.0.0.
const fsbpStandard = "arn:%s:securityhub:%s::standards/aws-foundational-security-best-practices/v/1.0.0"

// enableThreatDetection turns on GuardDuty with guardDutyFeatures and Security Hub with the
// FSBP standard, consolidated control findings and new controls enabled automatically.
func enableThreatDetection(ctx *pulumi.Context, name string, env awsenv.Environment, parent pulumi.ResourceOrInvokeOption) error {
	detector, err := guardduty.NewDetector(ctx, name+"-guardduty", &guardduty.DetectorArgs{
		Enable:                     pulumi.Bool(true),
		FindingPublishingFrequency: pulumi.String("FIFTEEN_MINUTES"),
	}, parent)
	if err != nil {
		return err
	}
	for _, f := range guardDutyFeatures {
		feature := &guardduty.DetectorFeatureArgs{
			DetectorId: detector.ID(),
			Name:       pulumi.String(f.name),
			Status:     pulumi.String("ENABLED"),
		}
		if f.agent != "" {
			feature.AdditionalConfigurations = guardduty.DetectorFeatureAdditionalConfigurationArray{
				guardduty.DetectorFeatureAdditionalConfigurationArgs{Name: pulumi.String(f.agent), Status: pulumi.String("ENABLED")},
			}
		}
		if _, err := guardduty.NewDetectorFeature(ctx, fmt.Sprintf("%s-guardduty-%s", name, f.name), feature, parent); err != nil {
			return err
		}
	}
	hub, err := securityhub.NewAccount(ctx, name+"-securityhub", &securityhub.AccountArgs{
		EnableDefaultStandards:  pulumi.Bool(false),
		ControlFindingGenerator: pulumi.String("SECURITY_CONTROL"),
		AutoEnableControls:      pulumi.Bool(true),
	}, parent)
	if err != nil {
		return err
	}
	_, err = securityhub.NewStandardsSubscription(ctx, name+"-fsbp", &securityhub.StandardsSubscriptionArgs{
		StandardsArn: pulumi.Sprintf(fsbpStandard, env.Partition, env.Region),
	}, parent, pulumi.DependsOn([]pulumi.Resource{hub}))
	return err
}
