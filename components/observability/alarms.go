package observability

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Alarm is one alarm the component created: a rule of the alert table applied to one
// watched thing.
type Alarm struct {
	// Name is the CloudWatch alarm name, <NamePrefix>-<rule ID>-<thing>.
	Name string
	// Rule is the row of the alert table.
	Rule Rule
	// Thing is the watched thing's Name.
	Thing string
	// Threshold is the threshold for this thing, in the metric's unit (a relative rule's
	// percentage resolved against the thing: bytes of free storage, running tasks). Anomaly
	// alarms have none.
	Threshold float64
}

// planned is an alarm with the thing it watches.
type planned struct {
	Alarm
	on target
}

// planAlarms applies every rule of the table to every watched thing of its kind, in table
// order.
func planAlarms(prefix string, targets []target) []planned {
	var out []planned
	for _, r := range alertTable {
		for _, t := range targets {
			if t.kind != r.Watches {
				continue
			}
			threshold := r.Threshold
			switch {
			case r.Band > 0:
				threshold = 0
			case r.Of != Absolute:
				threshold = r.Threshold / 100 * t.baselines[r.Of]
			}
			out = append(out, planned{Alarm{Name: prefix + "-" + r.ID + "-" + t.name, Rule: r, Thing: t.name, Threshold: threshold}, t})
		}
	}
	return out
}

// newAlarms creates the planned alarms, each notifying its rule's topic on ALARM and on OK.
func newAlarms(ctx *pulumi.Context, name, prefix string, targets []target, topics map[Priority]pulumi.StringOutput, opts ...pulumi.ResourceOption) ([]Alarm, []*cloudwatch.MetricAlarm, error) {
	var alarms []Alarm
	var resources []*cloudwatch.MetricAlarm
	for _, p := range planAlarms(prefix, targets) {
		res, err := cloudwatch.NewMetricAlarm(ctx, name+"-"+p.Rule.ID+"-"+p.Thing, alarmArgs(p, topics[p.Rule.Priority]), opts...)
		if err != nil {
			return nil, nil, err
		}
		alarms, resources = append(alarms, p.Alarm), append(resources, res)
	}
	return alarms, resources, nil
}

// alarmArgs renders one alarm: a plain metric alarm when the rule reads one metric of one
// member, metric math otherwise, and an anomaly-band alarm when the rule has a Band.
func alarmArgs(a planned, topic pulumi.StringInput) *cloudwatch.MetricAlarmArgs {
	r, t := a.Rule, a.on
	actions := pulumi.Array{topic}
	args := &cloudwatch.MetricAlarmArgs{
		Name:               pulumi.String(a.Name),
		AlarmDescription:   pulumi.String(r.Description(t.name)),
		ActionsEnabled:     pulumi.Bool(true),
		AlarmActions:       actions,
		OkActions:          actions,
		ComparisonOperator: pulumi.String(r.Comparison),
		EvaluationPeriods:  pulumi.Int(r.EvaluationPeriods),
		DatapointsToAlarm:  pulumi.Int(r.DatapointsToAlarm),
		TreatMissingData:   pulumi.String(r.TreatMissingData),
	}
	switch {
	case r.Band > 0:
		args.ThresholdMetricId = pulumi.String("band")
		args.MetricQueries = cloudwatch.MetricAlarmMetricQueryArray{
			metricQuery("m1", r.Metrics[0], t.members[0], r.Period, true),
			expressionQuery("band", fmt.Sprintf("ANOMALY_DETECTION_BAND(m1, %g)", r.Band), "expected "+r.Metrics[0].Name),
		}
	case r.Expression != "" || len(t.members) > 1:
		args.Threshold = pulumi.Float64(a.Threshold)
		args.MetricQueries = mathQueries(r, t)
	default:
		m := r.Metrics[0]
		args.Namespace = pulumi.String(m.Namespace)
		args.MetricName = pulumi.String(m.Name)
		args.Dimensions = t.members[0]
		args.Period = pulumi.Int(r.Period)
		args.Threshold = pulumi.Float64(a.Threshold)
		if isPercentile(m.Stat) {
			args.ExtendedStatistic = pulumi.String(m.Stat)
		} else {
			args.Statistic = pulumi.String(m.Stat)
		}
	}
	return args
}

// mathQueries returns the metric math of a rule: its Expression over its metrics, or the
// members of a thing with several combined as the rule's Combine says: the MAX (the worst
// cache node decides; of a blue/green pair of target groups, the live one) or the SUM with a
// missing member counting 0 (a bucket's storage classes).
func mathQueries(r Rule, t target) cloudwatch.MetricAlarmMetricQueryArray {
	var queries cloudwatch.MetricAlarmMetricQueryArray
	expression := r.Expression
	if expression == "" {
		ids := make([]string, len(t.members))
		for i, dims := range t.members {
			ids[i] = fmt.Sprintf("m%d", i+1)
			queries = append(queries, metricQuery(ids[i], r.Metrics[0], dims, r.Period, false))
			if r.Combine == Total {
				ids[i] = "FILL(" + ids[i] + ", 0)"
			}
		}
		function := "MAX"
		if r.Combine == Total {
			function = "SUM"
		}
		expression = function + "([" + strings.Join(ids, ", ") + "])"
	} else {
		for _, m := range r.Metrics {
			queries = append(queries, metricQuery(m.ID, m, t.members[0], r.Period, false))
		}
	}
	return append(queries, expressionQuery("e1", expression, r.ID))
}

func metricQuery(id string, m Metric, dims pulumi.StringMap, period int, returnData bool) cloudwatch.MetricAlarmMetricQueryArgs {
	return cloudwatch.MetricAlarmMetricQueryArgs{
		Id:         pulumi.String(id),
		ReturnData: pulumi.Bool(returnData),
		Metric: cloudwatch.MetricAlarmMetricQueryMetricArgs{
			Namespace:  pulumi.String(m.Namespace),
			MetricName: pulumi.String(m.Name),
			Dimensions: dims,
			Period:     pulumi.Int(period),
			Stat:       pulumi.String(m.Stat),
		},
	}
}

func expressionQuery(id, expression, label string) cloudwatch.MetricAlarmMetricQueryArgs {
	return cloudwatch.MetricAlarmMetricQueryArgs{
		Id:         pulumi.String(id),
		Expression: pulumi.String(expression),
		Label:      pulumi.String(label),
		ReturnData: pulumi.Bool(true),
	}
}

// isPercentile reports a percentile statistic such as p90, which CloudWatch takes as an
// extended statistic.
func isPercentile(stat string) bool { return strings.HasPrefix(stat, "p") }
