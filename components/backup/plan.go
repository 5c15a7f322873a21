package backup

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	// startWindowMinutes is how long after Schedule a job may start (the AWS minimum), so a
	// daily recovery point is at most a day and an hour old.
	startWindowMinutes = 60
	// completionWindowMinutes is how long a started job may run before AWS Backup cancels it.
	completionWindowMinutes = 24 * 60
)

// newPlan creates the plan: a daily rule (copied to the disaster-recovery vault when one is
// given) and a continuous rule that gives point-in-time restore of RDS and S3.
func newPlan(ctx *pulumi.Context, name string, vault *Vault, a *BackupArgs, opts ...pulumi.ResourceOption) (*backup.Plan, error) {
	daily := backup.PlanRuleArgs{
		RuleName:         pulumi.String("daily"),
		TargetVaultName:  vault.Name,
		Schedule:         pulumi.String(a.Schedule),
		StartWindow:      pulumi.Int(startWindowMinutes),
		CompletionWindow: pulumi.Int(completionWindowMinutes),
		Lifecycle:        backup.PlanRuleLifecycleArgs{DeleteAfter: pulumi.Int(a.DailyRetentionDays)},
	}
	if a.CopyToVaultArn != nil {
		daily.CopyActions = backup.PlanRuleCopyActionArray{backup.PlanRuleCopyActionArgs{
			DestinationVaultArn: a.CopyToVaultArn,
			Lifecycle:           backup.PlanRuleCopyActionLifecycleArgs{DeleteAfter: pulumi.Int(a.CopyRetentionDays)},
		}}
	}
	// RDS ships transaction logs to AWS Backup every five minutes: the restore point can be
	// any second up to about five minutes ago, within ContinuousRetentionDays.
	continuous := backup.PlanRuleArgs{
		RuleName:               pulumi.String("continuous"),
		TargetVaultName:        vault.Name,
		Schedule:               pulumi.String(a.Schedule),
		StartWindow:            pulumi.Int(startWindowMinutes),
		CompletionWindow:       pulumi.Int(completionWindowMinutes),
		EnableContinuousBackup: pulumi.Bool(true),
		Lifecycle:              backup.PlanRuleLifecycleArgs{DeleteAfter: pulumi.Int(a.ContinuousRetentionDays)},
	}
	return backup.NewPlan(ctx, name+"-plan", &backup.PlanArgs{
		Rules: backup.PlanRuleArray{daily, continuous},
	}, opts...)
}
