package rules

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

const (
	logGroup        = "aws:cloudwatch/logGroup:LogGroup"
	cloudtrailTrail = "aws:cloudtrail/trail:Trail"
	metricAlarm     = "aws:cloudwatch/metricAlarm:MetricAlarm"
)

var loggingRules = []resourceRule{
	{
		name: "log-group-retention",
		description: "CloudWatch log groups keep events at least minRetentionDays days (never expiring counts; " +
			"FSBP's own default minimum is 365) [FSBP CloudWatch.16, CKV_AWS_66]",
		level: mandatory,
		types: []string{logGroup},
		schema: schema(map[string]map[string]any{
			"minRetentionDays": intOption("Minimum retentionInDays. Defaults to 30.", 30, 1),
		}),
		check: func(in input, r *report) {
			days := get(in.props, "retentionInDays")
			if n, ok := days.num(); days.absent() || ok && n == 0 {
				return // never expires
			}
			r.requireAtLeast(in.props, float64(in.config.int("minRetentionDays")), "retentionInDays")
		},
	},
	{
		name: "cloudtrail-multi-region",
		description: "CloudTrail trails are on, cover every region, include global service events and log read " +
			"and write management events (no selector narrows them) [FSBP CloudTrail.1, CKV_AWS_67]",
		level: mandatory,
		types: []string{cloudtrailTrail},
		check: onProps(func(p property.Map, r *report) {
			r.requireTrue(p, "isMultiRegionTrail")
			r.forbidFalse(p, "includeGlobalServiceEvents")
			r.forbidFalse(p, "enableLogging")
			checkManagementEvents(p, r)
		}),
	},
	{
		name:        "cloudtrail-log-file-validation",
		description: "CloudTrail trails validate their log files [FSBP CloudTrail.4, CKV_AWS_36]",
		level:       mandatory,
		types:       []string{cloudtrailTrail},
		check:       onProps(func(p property.Map, r *report) { r.requireTrue(p, "enableLogFileValidation") }),
	},
	{
		name:        "cloudtrail-cmk",
		description: "CloudTrail logs are encrypted with a customer-managed KMS key [FSBP CloudTrail.2, CKV_AWS_35]",
		level:       mandatory,
		types:       []string{cloudtrailTrail},
		check:       onProps(func(p property.Map, r *report) { r.requireCustomerManagedKey(p, "kmsKeyId") }),
	},
	{
		name:        "cloudtrail-cloudwatch-logs",
		description: "CloudTrail trails deliver to CloudWatch Logs [FSBP CloudTrail.5, CKV2_AWS_10]",
		level:       mandatory,
		types:       []string{cloudtrailTrail},
		check: onProps(func(p property.Map, r *report) {
			r.requireSet(p, "cloudWatchLogsGroupArn")
			r.requireSet(p, "cloudWatchLogsRoleArn")
		}),
	},
	{
		name: "metric-alarm-actions",
		description: "CloudWatch metric alarms have actions enabled and at least one alarm action " +
			"[FSBP CloudWatch.15, FSBP CloudWatch.17, CKV_AWS_319]",
		level: mandatory,
		types: []string{metricAlarm},
		check: onProps(func(p property.Map, r *report) {
			r.forbidFalse(p, "actionsEnabled")
			r.requireCountAtLeast(p, 1, "alarmActions")
		}),
	},
}

var loggingStackRules = []stackRule{
	{
		name: "cloudtrail-present",
		description: "The stack declares a CloudTrail trail, unless accountServicesOwners names the stack that does " +
			"for its account (advisory: one stack per account owns it) [FSBP CloudTrail.1]",
		level:  advisory,
		schema: accountServicesSchema(),
		check: func(s *stack, config ruleConfig) []finding {
			if ownedElsewhere(s, config) {
				return nil
			}
			if len(s.ofType(cloudtrailTrail)) == 0 {
				return []finding{{message: "no " + cloudtrailTrail + " is declared"}}
			}
			return nil
		},
	},
}

// checkManagementEvents requires a trail with event selectors to log read and write
// management events: a basic selector with readWriteType All (the default) and management
// events included, or an advanced selector of the Management category without a readOnly
// field. Without selectors CloudTrail logs all management events.
func checkManagementEvents(p property.Map, r *report) {
	basic, advanced := get(p, "eventSelectors"), get(p, "advancedEventSelectors")
	if basic.hasUnknown() || advanced.hasUnknown() || basic.empty() && advanced.empty() {
		return
	}
	for _, s := range basic.maps() {
		if rw := get(s, "readWriteType"); (rw.absent() || rw.oneOf("All")) && !get(s, "includeManagementEvents").isFalse() {
			return
		}
	}
	for _, s := range advanced.maps() {
		management, readOnly := false, false
		for _, f := range get(s, "fieldSelectors").maps() {
			switch get(f, "field").str() {
			case "eventCategory":
				management = slices.Contains(get(f, "equals").strs(), "Management")
			case "readOnly":
				readOnly = true
			}
		}
		if management && !readOnly {
			return
		}
	}
	r.addf("event selectors must log read and write management events (readWriteType All, includeManagementEvents true)")
}
