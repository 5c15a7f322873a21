package stacks_test

import (
	"slices"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

const scheduleType = "aws:scheduler/schedule:Schedule"

// TestNonProductionAlarmsNotifyInBusinessHours: the requirements' "business hours alerts"
// outside production. Every region of a non-production stack with alert-table alarms has a
// schedule enabling their actions at 08:00 and one disabling them at 18:00, Monday to Friday
// in Amsterdam (the default), that between them name every such alarm of the region, at most
// 100 per schedule (CloudWatch's limit per call), and no other alarm (the autoscaling alarms
// must act at any hour). Production has no schedule: its alarms always notify.
func TestNonProductionAlarmsNotifyInBusinessHours(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		schedules := inv.OfType(scheduleType)
		if inv.Stack.Config["saleor:environment"] == "production" {
			if len(schedules) > 0 {
				t.Errorf("%d schedules in production, whose alarms must notify at all hours", len(schedules))
			}
			return
		}
		alertAlarms := map[string][]string{} // by region
		for _, a := range inv.OfType(metricAlarmType) {
			if tier := inv.Tier(a); tier != nil && tier.Type == "saleor:observability:Observability" {
				alertAlarms[a.Region] = append(alertAlarms[a.Region], a.String("name"))
			}
		}
		if len(alertAlarms) == 0 {
			t.Fatal("no alert-table alarms")
		}
		for region, alarms := range alertAlarms {
			named := map[string][]string{}
			for _, s := range schedules {
				if s.Region != region {
					continue
				}
				var input struct{ AlarmNames []string }
				if err := s.JSON("target.input", &input); err != nil {
					t.Fatal(err)
				}
				action := s.String("target.arn")
				want, ok := map[string]string{
					"arn:aws:scheduler:::aws-sdk:cloudwatch:enableAlarmActions":  "cron(0 8 ? * MON-FRI *)",
					"arn:aws:scheduler:::aws-sdk:cloudwatch:disableAlarmActions": "cron(0 18 ? * MON-FRI *)",
				}[action]
				if !ok || s.String("scheduleExpression") != want || s.String("scheduleExpressionTimezone") != "Europe/Amsterdam" {
					t.Errorf("%s in %s calls %s at %s in %q", s.Name, region, action, s.String("scheduleExpression"), s.String("scheduleExpressionTimezone"))
				}
				if n := len(input.AlarmNames); n == 0 || n > 100 {
					t.Errorf("%s names %d alarms, want 1 to 100", s.Name, n)
				}
				named[action] = append(named[action], input.AlarmNames...)
			}
			slices.Sort(alarms)
			if len(named) != 2 {
				t.Errorf("%s: schedules call %d actions, want enable and disable", region, len(named))
			}
			for action, names := range named {
				slices.Sort(names)
				if !slices.Equal(names, alarms) {
					t.Errorf("%s: %s names %v, want the region's alert-table alarms %v", region, action, names, alarms)
				}
			}
		}
		for _, s := range schedules {
			if _, ok := alertAlarms[s.Region]; !ok {
				t.Errorf("schedule %s in %s, a region without alert-table alarms", s.Name, s.Region)
			}
		}
	})
}
