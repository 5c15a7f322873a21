package compute_test

import (
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

// serviceResourceID is the Application Auto Scaling resource ID of a workload's service.
func serviceResourceID(inv *harness.Inventory, workload string) string {
	return "service/saleor-test/" + inv.Named("aws:ecs/service:Service", "compute-"+workload).Outputs["name"].StringValue()
}

func TestAPIScalesOnCPU(t *testing.T) {
	inv := run(t, production(t))
	p := inv.Named("aws:appautoscaling/policy:Policy", "compute-api-cpu")
	if p.String("resourceId") != serviceResourceID(inv, "api") || p.String("policyType") != "TargetTrackingScaling" ||
		p.String("scalableDimension") != "ecs:service:DesiredCount" {
		t.Fatalf("API policy %s on %s", p.String("policyType"), p.String("resourceId"))
	}
	c := "targetTrackingScalingPolicyConfiguration."
	if p.String(c+"predefinedMetricSpecification.predefinedMetricType") != "ECSServiceAverageCPUUtilization" || p.Number(c+"targetValue") != 60 {
		t.Errorf("API tracks %s at %v, want average CPU at 60%%", p.String(c+"predefinedMetricSpecification.predefinedMetricType"), p.Number(c+"targetValue"))
	}
}

func TestWorkersScaleOnTheirQueue(t *testing.T) {
	for shape, a := range shapes(t) {
		inv := run(t, a)
		for workload, queue := range map[string]string{"worker": "saleor-test-default", "webhooks": "saleor-test-webhooks"} {
			tests := []struct {
				alarm, policy, comparison string
				threshold, periods        float64
				adjustmentSign            float64
			}{
				{"-backlog", "-out", "GreaterThanThreshold", 1000, 5, 1},
				{"-drained", "-in", "LessThanOrEqualToThreshold", 0, 15, -1},
			}
			for _, tt := range tests {
				alarm := inv.Named("aws:cloudwatch/metricAlarm:MetricAlarm", "compute-"+workload+tt.alarm)
				policy := inv.Named("aws:appautoscaling/policy:Policy", "compute-"+workload+tt.policy)
				if alarm.String("namespace") != "AWS/SQS" || alarm.String("metricName") != "ApproximateNumberOfMessagesVisible" ||
					alarm.String("dimensions.QueueName") != queue {
					t.Errorf("%s %s%s watches %s %s of %q, want %s", shape, workload, tt.alarm, alarm.String("namespace"),
						alarm.String("metricName"), alarm.String("dimensions.QueueName"), queue)
				}
				if alarm.String("comparisonOperator") != tt.comparison || alarm.Number("threshold") != tt.threshold ||
					alarm.Number("period") != 60 || alarm.Number("evaluationPeriods") != tt.periods || alarm.Number("datapointsToAlarm") != tt.periods {
					t.Errorf("%s %s%s: %s %v over %v x %vs (%v to alarm)", shape, workload, tt.alarm, alarm.String("comparisonOperator"),
						alarm.Number("threshold"), alarm.Number("evaluationPeriods"), alarm.Number("period"), alarm.Number("datapointsToAlarm"))
				}
				actions := alarm.Strings("alarmActions")
				if len(actions) != 1 || actions[0] != policy.Outputs["arn"].StringValue() {
					t.Errorf("%s %s%s triggers %v, want policy %s", shape, workload, tt.alarm, actions, policy.Name)
				}
				if policy.String("resourceId") != serviceResourceID(inv, workload) || policy.String("policyType") != "StepScaling" {
					t.Errorf("%s %s%s scales %s", shape, workload, tt.policy, policy.String("resourceId"))
				}
				steps := policy.Get("stepScalingPolicyConfiguration.stepAdjustments").ArrayValue()
				for _, s := range steps {
					if adj := s.ObjectValue()["scalingAdjustment"].NumberValue(); adj*tt.adjustmentSign <= 0 {
						t.Errorf("%s %s%s adjusts by %v", shape, workload, tt.policy, adj)
					}
				}
				if len(steps) == 0 {
					t.Errorf("%s %s%s has no steps", shape, workload, tt.policy)
				}
			}
		}
	}
}

func TestBeatIsExactlyOneAndNeverScaled(t *testing.T) {
	for a, args := range shapes(t) {
		inv := run(t, args)
		beat := inv.Named("aws:ecs/service:Service", "compute-beat")
		if beat.Number("desiredCount") != 1 || beat.Number("deploymentMaximumPercent") != 100 || beat.Number("deploymentMinimumHealthyPercent") != 0 {
			t.Errorf("%s beat: desired %v, deployment %v-%v%%; want 1, never two at once", a, beat.Number("desiredCount"),
				beat.Number("deploymentMinimumHealthyPercent"), beat.Number("deploymentMaximumPercent"))
		}
		if len(beat.IgnoreChanges) != 0 {
			t.Errorf("%s beat ignores %v", a, beat.IgnoreChanges)
		}
		id := serviceResourceID(inv, "beat")
		for _, typ := range []string{"aws:appautoscaling/target:Target", "aws:appautoscaling/policy:Policy"} {
			for _, r := range inv.OfType(typ) {
				if r.String("resourceId") == id {
					t.Errorf("%s: %s %s scales beat", a, typ, r.Name)
				}
			}
		}
		if beat.String("capacityProviderStrategies[0].capacityProvider") != "FARGATE" || beat.Has("capacityProviderStrategies[1]") {
			t.Errorf("%s beat runs on %v", a, beat.Get("capacityProviderStrategies"))
		}
	}
}
