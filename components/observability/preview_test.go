package observability_test

import (
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

// In preview (a new stack: IDs and ARNs unknown) the whole tier, Slack route included, plans
// cleanly, and what does not depend on AWS's answers is already known.
func TestPreview(t *testing.T) {
	inv, err := runSlack(t, slackArgs(), harness.Preview())
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Preview {
		t.Fatal("not a preview run")
	}
	metricAlarms := inv.OfType("aws:cloudwatch/metricAlarm:MetricAlarm")
	deployed, _ := runBoth(t, regional(), global())
	if len(metricAlarms) == 0 || len(metricAlarms) != len(deployed.OfType("aws:cloudwatch/metricAlarm:MetricAlarm")) {
		t.Errorf("%d alarms in preview, %d deployed", len(metricAlarms), len(deployed.OfType("aws:cloudwatch/metricAlarm:MetricAlarm")))
	}
	for _, a := range metricAlarms {
		if !a.Has("threshold") && a.String("thresholdMetricId") == "" || !a.Bool("actionsEnabled") || !a.Has("alarmActions") {
			t.Errorf("%s: threshold %v, actions enabled %v, alarm actions %v", a.Name, a.Get("threshold"), a.Get("actionsEnabled"), a.Get("alarmActions"))
		}
	}
	trail := inv.OfType("aws:cloudtrail/trail:Trail")
	if len(trail) != 1 || !trail[0].Bool("isMultiRegionTrail") || trail[0].String("kmsKeyId") != auditKey {
		t.Errorf("trail in preview: %v", trail)
	}
	for _, topic := range inv.OfType("aws:sns/topic:Topic") {
		if topic.String("kmsMasterKeyId") == "" {
			t.Errorf("%s has no key in preview", topic.Name)
		}
	}
	if n := len(inv.OfType("aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration")); n != 1 {
		t.Errorf("%d Slack configurations in preview", n)
	}
}
