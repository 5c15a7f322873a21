package observability

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones are checked the same on every machine, whatever it has installed

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/scheduler"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/validate"
)

// BusinessHours are the hours in which an instance's alarms notify. EventBridge Scheduler
// enables the alarms' actions when the hours start and disables them when they end, on the
// given days, in the given time zone (daylight saving time included). Outside them an alarm
// still changes state (the dashboard shows it) but notifies no one; one that is still in
// ALARM when the hours start does not notify then either, since CloudWatch acts on state
// changes only. An update that changes an alarm sets its actions enabled again until the next
// end of the hours.
type BusinessHours struct {
	// TimeZone is the IANA time zone of the hours, e.g. "Europe/Amsterdam". Required.
	TimeZone string
	// Hours is when alarms notify, "HH:MM-HH:MM" on the 24-hour clock, the start before the
	// end, e.g. "08:00-18:00". Required.
	Hours string
	// Days are the days of the week, in EventBridge cron's day-of-week syntax: SUN to SAT,
	// ranges and comma-separated lists, e.g. "MON-FRI". Required.
	Days string
}

// MaxAlarmsPerCall is how many alarm names CloudWatch's EnableAlarmActions and
// DisableAlarmActions take in one call; each schedule names at most this many.
const MaxAlarmsPerCall = 100

// maxRolePolicyChars is IAM's limit on a role's inline policies, in characters without
// whitespace.
const maxRolePolicyChars = 10240

var (
	clock    = regexp.MustCompile(`^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])$`)
	weekdays = []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}
)

// Check reports the problems of b, one per field at fault (TimeZone, Hours, Days), on p.
func (b BusinessHours) Check(p *validate.Problems) {
	// LoadLocation also takes "" (UTC) and "Local" (the machine's zone), which are not names.
	if _, err := time.LoadLocation(b.TimeZone); err != nil || b.TimeZone == "" || b.TimeZone == "Local" {
		p.Add("TimeZone", "%q is not an IANA time zone such as \"Europe/Amsterdam\"", b.TimeZone)
	}
	if start, end, ok := b.span(); !ok {
		p.Add("Hours", "%q is not a span \"HH:MM-HH:MM\" on the 24-hour clock, such as \"08:00-18:00\"", b.Hours)
	} else if start >= end {
		p.Add("Hours", "%q ends before it starts: the span must lie within one day", b.Hours)
	}
	if !b.validDays() {
		p.Add("Days", "%q is not a list of days %s or ranges of them in week order, such as \"MON-FRI\"", b.Days, validate.List(weekdays))
	}
}

// span returns the start and end of Hours in minutes after midnight.
func (b BusinessHours) span() (start, end int, ok bool) {
	m := clock.FindStringSubmatch(b.Hours)
	if m == nil {
		return 0, 0, false
	}
	minutes := func(h, m string) int {
		hh, _ := strconv.Atoi(h) // two digits, as clock matched
		mm, _ := strconv.Atoi(m)
		return hh*60 + mm
	}
	return minutes(m[1], m[2]), minutes(m[3], m[4]), true
}

// validDays reports whether Days is a comma-separated list of days or ascending ranges.
func (b BusinessHours) validDays() bool {
	for part := range strings.SplitSeq(b.Days, ",") {
		from, to, isRange := strings.Cut(part, "-")
		i, j := slices.Index(weekdays, from), slices.Index(weekdays, to)
		if i < 0 || isRange && j <= i || !isRange && to != "" {
			return false
		}
	}
	return true
}

// cron is the EventBridge Scheduler expression that fires at minute m after midnight on Days.
func (b BusinessHours) cron(m int) string {
	return fmt.Sprintf("cron(%d %d ? * %s *)", m%60, m/60, b.Days)
}

// alarmActions is one of the two scheduled calls: its name suffix, the CloudWatch action, what
// it does and when (minutes after midnight).
type alarmActions struct {
	id, action, does, when string
	at                     int
}

// newBusinessHours creates the schedules that enable the alarms' actions when the hours start
// and disable them when they end, one pair per MaxAlarmsPerCall alarms, and the role they run
// as, which may do only that, only to these alarms.
func newBusinessHours(ctx *pulumi.Context, name, prefix string, b BusinessHours, env awsenv.Environment, alarms []Alarm, created []pulumi.Resource, opts ...pulumi.ResourceOption) error {
	if len(alarms) == 0 {
		return nil
	}
	role, err := iam.NewRole(ctx, name+"-business-hours", &iam.RoleArgs{
		Description:      pulumi.String("EventBridge Scheduler: alarm actions on in business hours, off outside them"),
		AssumeRolePolicy: pulumi.String(schedulerTrust(env)),
	}, opts...)
	if err != nil {
		return err
	}
	policy, err := iam.NewRolePolicy(ctx, name+"-business-hours", &iam.RolePolicyArgs{
		Role: role.Name, Policy: pulumi.String(alarmActionsPolicy(env, prefix, alarms).String()),
	}, opts...)
	if err != nil {
		return err
	}
	start, end, _ := b.span()
	calls := []alarmActions{
		{"on", "enableAlarmActions", "Enables", "start", start},
		{"off", "disableAlarmActions", "Disables", "end", end},
	}
	names := make([]string, len(alarms))
	for i, a := range alarms {
		names[i] = a.Name
	}
	batch := 0
	for chunk := range slices.Chunk(names, MaxAlarmsPerCall) {
		batch++
		input := alarmNamesInput(chunk)
		for _, c := range calls {
			_, err := scheduler.NewSchedule(ctx, fmt.Sprintf("%s-alarms-%s-%d", name, c.id, batch), &scheduler.ScheduleArgs{
				Description: pulumi.Sprintf("%s the actions of %d alarms at the %s of business hours (%s %s, %s)",
					c.does, len(chunk), c.when, b.Hours, b.Days, b.TimeZone),
				ScheduleExpression:         pulumi.String(b.cron(c.at)),
				ScheduleExpressionTimezone: pulumi.String(b.TimeZone),
				FlexibleTimeWindow:         scheduler.ScheduleFlexibleTimeWindowArgs{Mode: pulumi.String("OFF")},
				Target: scheduler.ScheduleTargetArgs{
					Arn:     pulumi.Sprintf("arn:%s:scheduler:::aws-sdk:cloudwatch:%s", env.Partition, c.action),
					RoleArn: role.Arn,
					Input:   pulumi.String(input),
					// A call that fails is retried for up to an hour, then dropped until the
					// next start or end of the hours.
					RetryPolicy: scheduler.ScheduleTargetRetryPolicyArgs{
						MaximumEventAgeInSeconds: pulumi.Int(3600), MaximumRetryAttempts: pulumi.Int(10),
					},
				},
			}, append(opts, pulumi.DependsOn(append([]pulumi.Resource{policy}, created...)))...)
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// alarmNamesInput is the universal target's input: the EnableAlarmActions and
// DisableAlarmActions request, {"AlarmNames": [...]}.
func alarmNamesInput(names []string) string {
	b, err := json.Marshal(struct{ AlarmNames []string }{names})
	if err != nil {
		panic(err) // strings only: cannot fail
	}
	return string(b)
}

// schedulerTrust lets EventBridge Scheduler assume the role for schedules of this account
// and region's default group.
func schedulerTrust(env awsenv.Environment) string {
	return iampolicy.New(iampolicy.Statement{
		Effect:    "Allow",
		Principal: iampolicy.Service("scheduler.amazonaws.com"),
		Action:    []string{"sts:AssumeRole"},
		Condition: map[string]map[string]any{
			"StringEquals": {"aws:SourceAccount": env.Account},
			"ArnLike":      {"aws:SourceArn": fmt.Sprintf("arn:%s:scheduler:%s:%s:schedule/default/*", env.Partition, env.Region, env.Account)},
		},
	}).String()
}

// alarmActionsPolicy lets the role enable and disable the actions of exactly the alarms, or,
// when their ARNs would not fit IAM's limit on a role's policies, of the stack's alarms of
// their rules (<prefix>-<rule>-*) in this region.
func alarmActionsPolicy(env awsenv.Environment, prefix string, alarms []Alarm) iampolicy.Document {
	arn := func(name string) string {
		return fmt.Sprintf("arn:%s:cloudwatch:%s:%s:alarm:%s", env.Partition, env.Region, env.Account, name)
	}
	actions := []string{"cloudwatch:EnableAlarmActions", "cloudwatch:DisableAlarmActions"}
	var exact, byRule []string
	for _, a := range alarms {
		exact = append(exact, arn(a.Name))
		if pattern := arn(prefix + "-" + a.Rule.ID + "-*"); !slices.Contains(byRule, pattern) {
			byRule = append(byRule, pattern)
		}
	}
	doc := iampolicy.New(iampolicy.Allow("SwitchTheStacksAlarmActions", actions, exact...))
	if len(doc.String()) > maxRolePolicyChars {
		doc = iampolicy.New(iampolicy.Allow("SwitchTheStacksAlarmActions", actions, byRule...))
	}
	return doc
}
