package compute

import (
	"encoding/json"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/iampolicy"
)

// Broker queue settings.
const (
	// visibilityTimeoutSeconds hides a received message for 30 minutes (kombu's default):
	// longer than Saleor's longest task and its longest retry countdown (webhooks back off
	// 10 s x 2^5 = 320 s), so a message held for a countdown is not delivered twice.
	visibilityTimeoutSeconds = 1800
	// maxReceiveCount moves a message to the dead-letter queue on its 10th receive. Workers
	// return prefetched messages on every shutdown (deploys, scale-in, Spot reclaims), so
	// a healthy message can be received a few times; 10 leaves room for that and still
	// parks a poison message within hours.
	maxReceiveCount = 10
	// retentionSeconds keeps an unconsumed message 4 days; dlqRetentionSeconds keeps a dead
	// letter 14 days (the maximum) for inspection and redrive.
	retentionSeconds    = 4 * 24 * 3600
	dlqRetentionSeconds = 14 * 24 * 3600
	// receiveWaitSeconds long-polls for up to 20 seconds (the maximum).
	receiveWaitSeconds = 20
	// dataKeyReuseSeconds caches the data key 5 minutes, bounding KMS calls.
	dataKeyReuseSeconds = 300
)

// Queue roles. Saleor sends every task to the default queue except webhook deliveries,
// which go to WEBHOOK_CELERY_QUEUE_NAME (the checkout and order webhook queues default to
// it), so a backlog of webhook targets never delays orders and e-mails.
const (
	defaultQueue = "default"
	webhookQueue = "webhooks"
)

// queue is a broker queue and its dead-letter queue.
type queue struct {
	// role is defaultQueue or webhookQueue; name is the SQS (and Celery) queue name.
	role, name, dlqName string
	url, arn            pulumi.StringOutput
	dlqURL, dlqArn      pulumi.StringOutput
}

// queueName is the SQS (and Celery) name of the queue with a role.
func queueName(a *ComputeArgs, role string) string { return a.NamePrefix + "-" + role }

// newQueues creates the default and webhook queues.
func newQueues(ctx *pulumi.Context, name string, a *ComputeArgs, opts ...pulumi.ResourceOption) (map[string]*queue, error) {
	out := map[string]*queue{}
	for _, role := range []string{defaultQueue, webhookQueue} {
		q, err := newQueue(ctx, name+"-"+role, queueName(a, role), a.Keys.Messaging, opts...)
		if err != nil {
			return nil, err
		}
		q.role = role
		out[role] = q
	}
	return out, nil
}

// newQueue creates a queue with its dead-letter queue, both KMS-encrypted and TLS-only.
func newQueue(ctx *pulumi.Context, name, sqsName string, key pulumi.StringInput, opts ...pulumi.ResourceOption) (*queue, error) {
	dlq, err := sqs.NewQueue(ctx, name+"-dlq", &sqs.QueueArgs{
		Name:                         pulumi.String(sqsName + "-dlq"),
		KmsMasterKeyId:               key,
		KmsDataKeyReusePeriodSeconds: pulumi.Int(dataKeyReuseSeconds),
		MessageRetentionSeconds:      pulumi.Int(dlqRetentionSeconds),
		ReceiveWaitTimeSeconds:       pulumi.Int(receiveWaitSeconds),
		VisibilityTimeoutSeconds:     pulumi.Int(visibilityTimeoutSeconds),
	}, opts...)
	if err != nil {
		return nil, err
	}
	main, err := sqs.NewQueue(ctx, name, &sqs.QueueArgs{
		Name:                         pulumi.String(sqsName),
		KmsMasterKeyId:               key,
		KmsDataKeyReusePeriodSeconds: pulumi.Int(dataKeyReuseSeconds),
		MessageRetentionSeconds:      pulumi.Int(retentionSeconds),
		ReceiveWaitTimeSeconds:       pulumi.Int(receiveWaitSeconds),
		VisibilityTimeoutSeconds:     pulumi.Int(visibilityTimeoutSeconds),
		RedrivePolicy: dlq.Arn.ApplyT(func(arn string) string {
			return mustJSON(map[string]any{"deadLetterTargetArn": arn, "maxReceiveCount": maxReceiveCount})
		}).(pulumi.StringOutput),
	}, opts...)
	if err != nil {
		return nil, err
	}
	// Only the main queue may use the dead-letter queue; set apart to break the cycle.
	if _, err := sqs.NewRedriveAllowPolicy(ctx, name+"-dlq", &sqs.RedriveAllowPolicyArgs{
		QueueUrl: dlq.Url,
		RedriveAllowPolicy: main.Arn.ApplyT(func(arn string) string {
			return mustJSON(map[string]any{"redrivePermission": "byQueue", "sourceQueueArns": []string{arn}})
		}).(pulumi.StringOutput),
	}, opts...); err != nil {
		return nil, err
	}
	for suffix, q := range map[string]*sqs.Queue{"": main, "-dlq": dlq} {
		if _, err := sqs.NewQueuePolicy(ctx, name+suffix+"-tls", &sqs.QueuePolicyArgs{
			QueueUrl: q.Url,
			Policy:   iampolicy.Render(tlsOnly, q.Arn),
		}, opts...); err != nil {
			return nil, err
		}
	}
	return &queue{
		name: sqsName, dlqName: sqsName + "-dlq",
		url: main.Url, arn: main.Arn, dlqURL: dlq.Url, dlqArn: dlq.Arn,
	}, nil
}

// tlsOnly denies every request to the queue values[0] made without TLS.
func tlsOnly(values []string) iampolicy.Document {
	return iampolicy.New(iampolicy.Statement{
		Sid:       "DenyInsecureTransport",
		Effect:    "Deny",
		Principal: iampolicy.AWS("*"),
		Action:    []string{"sqs:*"},
		Resource:  values[0],
		Condition: map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}},
	})
}

// mustJSON renders v, which holds only strings, numbers, maps and slices.
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
