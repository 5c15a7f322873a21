package stacks

import (
	"strings"
	"testing"

	"github.com/saleor-platform/infra/components/observability"
)

// staging makes valid a staging stack, whose alarms notify in business hours.
var staging = map[string]string{"saleor:environment": "staging", "saleor:backupVaultLock": ""}

func with(base map[string]string, key, value string) map[string]string {
	out := map[string]string{key: value}
	for k, v := range base {
		out[k] = v
	}
	return out
}

// TestBusinessHoursDefaultOutsideProduction: production alarms notify at all hours; the
// others in business hours, by default 08:00-18:00 Monday to Friday in Amsterdam, each field
// of saleor:alerting replacing its default.
func TestBusinessHoursDefaultOutsideProduction(t *testing.T) {
	prod, err := parse(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if prod.Observability.BusinessHours != nil {
		t.Errorf("production notifies in business hours %+v, want at all hours", *prod.Observability.BusinessHours)
	}
	for _, c := range []struct {
		alerting string
		want     observability.BusinessHours
	}{
		{"", observability.BusinessHours{TimeZone: "Europe/Amsterdam", Hours: "08:00-18:00", Days: "MON-FRI"}},
		{`{"timeZone": "America/New_York"}`, observability.BusinessHours{TimeZone: "America/New_York", Hours: "08:00-18:00", Days: "MON-FRI"}},
		{`{"hours": "07:30-17:00", "days": "MON-SAT"}`, observability.BusinessHours{TimeZone: "Europe/Amsterdam", Hours: "07:30-17:00", Days: "MON-SAT"}},
	} {
		cfg, err := parse(t, with(staging, "saleor:alerting", c.alerting))
		if err != nil {
			t.Fatalf("%s: %v", c.alerting, err)
		}
		if got := cfg.Observability.BusinessHours; got == nil || *got != c.want {
			t.Errorf("saleor:alerting %s: business hours %+v, want %+v", c.alerting, got, c.want)
		}
	}
}

// TestBadBusinessHoursNameTheKey: a time zone Go's zone database does not know, hours that
// are not a span within a day and days that are not cron day names fail with the key and the
// field; production may not set the key.
func TestBadBusinessHoursNameTheKey(t *testing.T) {
	for _, c := range []struct {
		env      map[string]string
		alerting string
		says     []string
	}{
		{staging, `{"timeZone": "Europe/Amsterdm"}`, []string{`timeZone: "Europe/Amsterdm" is not an IANA time zone`}},
		{staging, `{"timeZone": "Mars/Olympus_Mons", "hours": "18:00-08:00", "days": "weekdays"}`,
			[]string{"timeZone: ", `hours: "18:00-08:00" ends before it starts`, `days: "weekdays" is not a list of days`}},
		{staging, `{"hours": "8-18"}`, []string{`hours: "8-18" is not a span "HH:MM-HH:MM"`}},
		{staging, `{"zone": "UTC"}`, []string{"unknown field"}},
		{nil, `{"timeZone": "Europe/Amsterdam"}`, []string{"production alarms notify at all hours"}},
	} {
		_, err := parse(t, with(c.env, "saleor:alerting", c.alerting))
		problems, ok := err.(ConfigError)
		if !ok {
			t.Errorf("%s: got %v, want a ConfigError", c.alerting, err)
			continue
		}
		for _, says := range c.says {
			found := false
			for _, p := range problems {
				found = found || p.Key == "saleor:alerting" && strings.Contains(p.Message, says)
			}
			if !found {
				t.Errorf("%s: no problem for saleor:alerting saying %q in:\n%v", c.alerting, says, err)
			}
		}
	}
}
