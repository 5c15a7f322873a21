package compute

import (
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Scaling shapes.
const (
	// The API tracks its average CPU: out after 60 s, in after 5 minutes.
	apiScaleOutCooldown = 60
	apiScaleInCooldown  = 300
	// Workers scale on their queue's ApproximateNumberOfMessagesVisible (SQS publishes it
	// every minute): out when the 1-minute average is above the threshold in 5 of 5
	// one-minute periods (5 minutes), by 1 task, or 2 when above 5x the threshold, at most
	// every 2 minutes while the alarm lasts; in by 1 task when it has been 0 for 15 of 15
	// periods, at most every 5 minutes, down to the floor.
	queueAlarmPeriod    = 60
	scaleOutPeriods     = 5
	scaleInPeriods      = 15
	scaleOutCooldown    = 120
	scaleInCooldown     = 300
	burstFactor         = 5
	queueDepthMetric    = "ApproximateNumberOfMessagesVisible"
	ecsDesiredCount     = "ecs:service:DesiredCount"
	ecsServiceNamespace = "ecs"
)

// newScalingTarget registers a service's desired count with Application Auto Scaling.
func newScalingTarget(ctx *pulumi.Context, name string, cluster *cluster, svc *ecs.Service, bounds [2]int,
	opts ...pulumi.ResourceOption) (*appautoscaling.Target, error) {
	return appautoscaling.NewTarget(ctx, name, &appautoscaling.TargetArgs{
		ServiceNamespace:  pulumi.String(ecsServiceNamespace),
		ScalableDimension: pulumi.String(ecsDesiredCount),
		ResourceId:        pulumi.Sprintf("service/%s/%s", cluster.Name, svc.Name),
		MinCapacity:       pulumi.Int(bounds[0]),
		MaxCapacity:       pulumi.Int(bounds[1]),
	}, opts...)
}

// newCPUScaling keeps the API's average CPU at a.APICPUTarget percent.
func newCPUScaling(ctx *pulumi.Context, name string, a *ComputeArgs, cluster *cluster, svc *ecs.Service,
	opts ...pulumi.ResourceOption) error {
	target, err := newScalingTarget(ctx, name, cluster, svc, [2]int{apiMinTasks(a), a.APITasks.Max}, opts...)
	if err != nil {
		return err
	}
	_, err = appautoscaling.NewPolicy(ctx, name+"-cpu", &appautoscaling.PolicyArgs{
		Name:              pulumi.Sprintf("%s-api-cpu", a.NamePrefix),
		PolicyType:        pulumi.String("TargetTrackingScaling"),
		ServiceNamespace:  target.ServiceNamespace,
		ScalableDimension: target.ScalableDimension,
		ResourceId:        target.ResourceId,
		TargetTrackingScalingPolicyConfiguration: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs{
			PredefinedMetricSpecification: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs{
				PredefinedMetricType: pulumi.String("ECSServiceAverageCPUUtilization"),
			},
			TargetValue:      pulumi.Float64(float64(a.APICPUTarget)),
			ScaleOutCooldown: pulumi.Int(apiScaleOutCooldown),
			ScaleInCooldown:  pulumi.Int(apiScaleInCooldown),
		},
	}, opts...)
	return err
}

// step is one step adjustment, its bounds relative to the alarm threshold ("" unbounded).
type step struct {
	lower, upper string
	adjustment   int
}

// newQueueScaling scales a worker service on its queue's visible messages.
func newQueueScaling(ctx *pulumi.Context, name string, w workload, a *ComputeArgs, q *queue, cluster *cluster,
	svc *ecs.Service, opts ...pulumi.ResourceOption) error {
	target, err := newScalingTarget(ctx, name, cluster, svc, [2]int{workerMinTasks(a), a.WorkerTasks.Max}, opts...)
	if err != nil {
		return err
	}
	burst := strconv.Itoa((burstFactor - 1) * a.QueueScaleOutDepth)
	out, err := newStepPolicy(ctx, name+"-out", fmt.Sprintf("%s-%s-queue-out", a.NamePrefix, w.name), target, scaleOutCooldown,
		[]step{{lower: "0", upper: burst, adjustment: 1}, {lower: burst, adjustment: 2}}, opts...)
	if err != nil {
		return err
	}
	in, err := newStepPolicy(ctx, name+"-in", fmt.Sprintf("%s-%s-queue-in", a.NamePrefix, w.name), target, scaleInCooldown,
		[]step{{upper: "0", adjustment: -1}}, opts...)
	if err != nil {
		return err
	}
	alarms := []struct {
		suffix, comparison, missing, description string
		threshold, periods                       int
		policy                                   *appautoscaling.Policy
	}{
		{"-backlog", "GreaterThanThreshold", "notBreaching",
			fmt.Sprintf("%s: more than %d visible messages for %d minutes; add %s workers", q.name, a.QueueScaleOutDepth, scaleOutPeriods, w.name),
			a.QueueScaleOutDepth, scaleOutPeriods, out},
		{"-drained", "LessThanOrEqualToThreshold", "breaching",
			fmt.Sprintf("%s: no visible messages for %d minutes; remove a %s worker", q.name, scaleInPeriods, w.name),
			0, scaleInPeriods, in},
	}
	for _, al := range alarms {
		if _, err := cloudwatch.NewMetricAlarm(ctx, name+al.suffix, &cloudwatch.MetricAlarmArgs{
			AlarmDescription:   pulumi.String(al.description),
			Namespace:          pulumi.String("AWS/SQS"),
			MetricName:         pulumi.String(queueDepthMetric),
			Dimensions:         pulumi.StringMap{"QueueName": pulumi.String(q.name)},
			Statistic:          pulumi.String("Average"),
			Period:             pulumi.Int(queueAlarmPeriod),
			EvaluationPeriods:  pulumi.Int(al.periods),
			DatapointsToAlarm:  pulumi.Int(al.periods),
			ComparisonOperator: pulumi.String(al.comparison),
			Threshold:          pulumi.Float64(float64(al.threshold)),
			TreatMissingData:   pulumi.String(al.missing),
			ActionsEnabled:     pulumi.Bool(true),
			AlarmActions:       pulumi.Array{al.policy.Arn},
		}, opts...); err != nil {
			return err
		}
	}
	return nil
}

func newStepPolicy(ctx *pulumi.Context, name, policyName string, target *appautoscaling.Target, cooldown int, steps []step,
	opts ...pulumi.ResourceOption) (*appautoscaling.Policy, error) {
	adjustments := appautoscaling.PolicyStepScalingPolicyConfigurationStepAdjustmentArray{}
	for _, s := range steps {
		adj := &appautoscaling.PolicyStepScalingPolicyConfigurationStepAdjustmentArgs{ScalingAdjustment: pulumi.Int(s.adjustment)}
		if s.lower != "" {
			adj.MetricIntervalLowerBound = pulumi.String(s.lower)
		}
		if s.upper != "" {
			adj.MetricIntervalUpperBound = pulumi.String(s.upper)
		}
		adjustments = append(adjustments, adj)
	}
	return appautoscaling.NewPolicy(ctx, name, &appautoscaling.PolicyArgs{
		Name:              pulumi.String(policyName),
		PolicyType:        pulumi.String("StepScaling"),
		ServiceNamespace:  target.ServiceNamespace,
		ScalableDimension: target.ScalableDimension,
		ResourceId:        target.ResourceId,
		StepScalingPolicyConfiguration: &appautoscaling.PolicyStepScalingPolicyConfigurationArgs{
			AdjustmentType:        pulumi.String("ChangeInCapacity"),
			Cooldown:              pulumi.Int(cooldown),
			MetricAggregationType: pulumi.String("Average"),
			StepAdjustments:       adjustments,
		},
	}, opts...)
}
