package observability_test

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/iampolicy"
	o "github.com/saleor-platform/infra/components/observability"
	"github.com/saleor-platform/infra/internal/harness"
)

const scheduleType = "aws:scheduler/schedule:Schedule"

var amsterdamOfficeHours = o.BusinessHours{TimeZone: "Europe/Amsterdam", Hours: "08:00-18:00", Days: "MON-FRI"}

// schedule is a schedule's inputs as the tests read them.
type schedule struct {
	r                        *harness.Resource
	expression, zone, action string
	names                    []string
}

// schedulesIn returns the schedules of a region.
func schedulesIn(t *testing.T, inv *harness.Inventory, region string) []schedule {
	t.Helper()
	var out []schedule
	for _, r := range inv.OfType(scheduleType) {
		if r.Region != region {
			continue
		}
		var input struct{ AlarmNames []string }
		if err := r.JSON("target.input", &input); err != nil {
			t.Fatal(err)
		}
		out = append(out, schedule{r, r.String("scheduleExpression"), r.String("scheduleExpressionTimezone"), r.String("target.arn"), input.AlarmNames})
	}
	return out
}

// alarmNamesIn returns the names of a region's alarms.
func alarmNamesIn(inv *harness.Inventory, region string) []string {
	var out []string
	for _, r := range inv.OfType("aws:cloudwatch/metricAlarm:MetricAlarm") {
		if r.Region == region {
			out = append(out, r.String("name"))
		}
	}
	slices.Sort(out)
	return out
}

// checkSwitches checks a region's schedules: one enabling and one disabling every batch of at
// most 100 of the region's alarms, at the start and end of the hours, in the zone, as a role
// that may switch exactly those alarms' actions.
func checkSwitches(t *testing.T, inv *harness.Inventory, region, on, off string) {
	t.Helper()
	alarms := alarmNamesIn(inv, region)
	batches := (len(alarms) + 99) / 100
	named := map[string][]string{}
	schedules := schedulesIn(t, inv, region)
	if len(schedules) != 2*batches {
		t.Fatalf("%s: %d schedules for %d alarms, want %d (on and off per 100)", region, len(schedules), len(alarms), 2*batches)
	}
	for _, s := range schedules {
		want := map[string]string{
			"arn:aws:scheduler:::aws-sdk:cloudwatch:enableAlarmActions":  on,
			"arn:aws:scheduler:::aws-sdk:cloudwatch:disableAlarmActions": off,
		}[s.action]
		if want == "" || s.expression != want || s.zone != "Europe/Amsterdam" || s.r.String("flexibleTimeWindow.mode") != "OFF" {
			t.Errorf("%s: %s calls %s at %s in %q, flexible window %s", region, s.r.Name, s.action, s.expression, s.zone, s.r.String("flexibleTimeWindow.mode"))
		}
		if len(s.names) == 0 || len(s.names) > 100 {
			t.Errorf("%s names %d alarms, want 1 to 100 (CloudWatch's limit per call)", s.r.Name, len(s.names))
		}
		named[s.action] = append(named[s.action], s.names...)
		checkSwitchRole(t, inv, s, region)
	}
	for action, names := range named {
		slices.Sort(names)
		if !slices.Equal(names, alarms) {
			t.Errorf("%s: %s names %v, want every alarm of the region %v", region, action, names, alarms)
		}
	}
}

// checkSwitchRole checks that a schedule runs as a role EventBridge Scheduler of this account
// assumes, which may only enable and disable the actions of the region's alarms.
func checkSwitchRole(t *testing.T, inv *harness.Inventory, s schedule, region string) {
	t.Helper()
	role := inv.ByID(s.r.String("target.roleArn"))
	if role == nil || role.Type != "aws:iam/role:Role" {
		t.Fatalf("%s runs as %q, no role of the stack", s.r.Name, s.r.String("target.roleArn"))
	}
	var trust iampolicy.Document
	if err := role.JSON("assumeRolePolicy", &trust); err != nil {
		t.Fatal(err)
	}
	if st := trust.Statement[0]; len(trust.Statement) != 1 || fmt.Sprint(st.Principal["Service"]) != "[scheduler.amazonaws.com]" ||
		st.Condition["StringEquals"]["aws:SourceAccount"] != harness.AccountID {
		t.Errorf("%s's role trusts %+v, want EventBridge Scheduler of this account", s.r.Name, trust.Statement)
	}
	for _, p := range inv.OfType("aws:iam/rolePolicy:RolePolicy") {
		if p.String("role") != role.ID {
			continue
		}
		var doc struct {
			Statement []struct{ Action, Resource []string }
		}
		if err := p.JSON("policy", &doc); err != nil {
			t.Fatal(err)
		}
		for _, st := range doc.Statement {
			if !slices.Equal(st.Action, []string{"cloudwatch:EnableAlarmActions", "cloudwatch:DisableAlarmActions"}) {
				t.Errorf("%s's role may %v", s.r.Name, st.Action)
			}
			for _, name := range s.names {
				arn := fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:%s", region, harness.AccountID, name)
				if !slices.ContainsFunc(st.Resource, func(pattern string) bool { ok, _ := path.Match(pattern, arn); return ok }) {
					t.Errorf("%s's role may not switch %s", s.r.Name, arn)
				}
			}
			for _, pattern := range st.Resource {
				if !strings.HasPrefix(pattern, fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:saleor-test-", region, harness.AccountID)) {
					t.Errorf("%s's role may switch %s, not one of the stack's alarms in %s", s.r.Name, pattern, region)
				}
			}
		}
	}
}

// TestBusinessHoursSwitchEveryAlarm: with business hours, each instance enables its alarms'
// actions when the hours start and disables them when they end, in the hours' time zone.
func TestBusinessHoursSwitchEveryAlarm(t *testing.T) {
	r, g := regional(), global()
	r.BusinessHours, g.BusinessHours = &amsterdamOfficeHours, &amsterdamOfficeHours
	inv, _ := runBoth(t, r, g)
	for _, region := range []string{"eu-central-1", "us-east-1"} {
		checkSwitches(t, inv, region, "cron(0 8 ? * MON-FRI *)", "cron(0 18 ? * MON-FRI *)")
	}
	for _, a := range inv.OfType("aws:cloudwatch/metricAlarm:MetricAlarm") {
		if !a.Bool("actionsEnabled") {
			t.Errorf("%s is created with its actions disabled; the schedules switch them", a.Name)
		}
	}
}

// TestBusinessHoursBatchEveryHundredAlarms: CloudWatch switches at most 100 alarms a call, so
// an instance with more has a pair of schedules per 100, and a role whose policy still fits
// IAM's limit.
func TestBusinessHoursBatchEveryHundredAlarms(t *testing.T) {
	r := regional()
	r.BusinessHours = &o.BusinessHours{TimeZone: "Europe/Amsterdam", Hours: "07:30-19:45", Days: "MON-THU,SAT"}
	for i := range 60 {
		r.Watch.Services = append(r.Watch.Services, o.Service{
			Name: fmt.Sprintf("extra-service-%02d", i), ClusterName: pulumi.String("saleor-test"), ServiceName: pulumi.Sprintf("extra-%d", i), MinTasks: 1,
		})
	}
	inv, _ := runBoth(t, r, global())
	if n := len(alarmNamesIn(inv, "eu-central-1")); n <= 200 {
		t.Fatalf("%d alarms: the test needs more than 200", n)
	}
	checkSwitches(t, inv, "eu-central-1", "cron(30 7 ? * MON-THU,SAT *)", "cron(45 19 ? * MON-THU,SAT *)")
	for _, p := range inv.OfType("aws:iam/rolePolicy:RolePolicy") {
		if n := len(p.String("policy")); n > 10240 {
			t.Errorf("%s: a role policy of %d characters, IAM allows 10240", p.Name, n)
		}
	}
	if n := len(schedulesIn(t, inv, "us-east-1")); n != 0 {
		t.Errorf("%d schedules for the instance without business hours, want none", n)
	}
}

// TestNoBusinessHoursNoSchedules: without business hours, or without alarms, nothing is
// scheduled.
func TestNoBusinessHoursNoSchedules(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	quiet := o.ObservabilityArgs{NamePrefix: "saleor-test", Alerting: o.AlertingArgs{KMSKeyArn: pulumi.String(messagingKey)}, BusinessHours: &amsterdamOfficeHours}
	empty, err := runOne(quiet, "eu-central-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []*harness.Inventory{inv, empty} {
		if n := len(i.OfType(scheduleType)); n != 0 {
			t.Errorf("%d schedules, want none", n)
		}
	}
	if n := len(empty.OfType("aws:iam/role:Role")); n != 0 {
		t.Errorf("%d roles for an instance without alarms, want none", n)
	}
}

func TestBusinessHoursValidation(t *testing.T) {
	for _, c := range []struct {
		hours o.BusinessHours
		want  []string
	}{
		{o.BusinessHours{TimeZone: "Europe/Amsterdm", Hours: "08:00-18:00", Days: "MON-FRI"}, []string{`BusinessHours.TimeZone: "Europe/Amsterdm" is not an IANA time zone`}},
		{o.BusinessHours{TimeZone: "Local", Hours: "8-18", Days: "MON-FRI"}, []string{`BusinessHours.TimeZone: "Local"`, `BusinessHours.Hours: "8-18" is not a span`}},
		{o.BusinessHours{TimeZone: "UTC", Hours: "18:00-08:00", Days: "FRI-MON"}, []string{`BusinessHours.Hours: "18:00-08:00" ends before it starts`, `BusinessHours.Days: "FRI-MON"`}},
		{o.BusinessHours{TimeZone: "Asia/Tokyo", Hours: "09:00-24:00", Days: "WEEKDAYS"}, []string{"BusinessHours.Hours", "BusinessHours.Days"}},
		{o.BusinessHours{}, []string{"BusinessHours.TimeZone", "BusinessHours.Hours", "BusinessHours.Days"}},
	} {
		args := regional()
		args.BusinessHours = &c.hours
		err := runErr(args, "eu-central-1")
		for _, want := range c.want {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%+v: error %v does not report %s", c.hours, err, want)
			}
		}
	}
	for _, ok := range []o.BusinessHours{
		amsterdamOfficeHours,
		{TimeZone: "America/New_York", Hours: "00:00-23:59", Days: "SUN-SAT"},
		{TimeZone: "UTC", Hours: "09:15-17:30", Days: "MON,WED,FRI"},
	} {
		args := regional()
		args.BusinessHours = &ok
		if err := runErr(args, "eu-central-1"); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
}
