package compute_test

import (
	"encoding/json"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

func TestBrokerQueues(t *testing.T) {
	inv := run(t, staging(t))
	for _, role := range []string{"default", "webhooks"} {
		q := inv.Named("aws:sqs/queue:Queue", "compute-"+role)
		dlq := inv.Named("aws:sqs/queue:Queue", "compute-"+role+"-dlq")
		if q.String("name") != "saleor-test-"+role || dlq.String("name") != "saleor-test-"+role+"-dlq" {
			t.Errorf("%s: queues %s and %s, want names from NamePrefix", role, q.String("name"), dlq.String("name"))
		}
		for _, x := range []struct {
			name      string
			r         *harness.Resource
			retention float64
		}{{"queue", q, 4 * 86400}, {"dead-letter queue", dlq, 14 * 86400}} {
			if x.r.String("kmsMasterKeyId") != messagingKey || x.r.Number("visibilityTimeoutSeconds") != 1800 ||
				x.r.Number("receiveWaitTimeSeconds") != 20 || x.r.Number("messageRetentionSeconds") != x.retention {
				t.Errorf("%s %s: key %s, visibility %v, wait %v, retention %v", role, x.name, x.r.String("kmsMasterKeyId"),
					x.r.Number("visibilityTimeoutSeconds"), x.r.Number("receiveWaitTimeSeconds"), x.r.Number("messageRetentionSeconds"))
			}
		}
		var redrive struct {
			DeadLetterTargetArn string
			MaxReceiveCount     int
		}
		if err := q.JSON("redrivePolicy", &redrive); err != nil {
			t.Fatal(err)
		}
		if redrive.DeadLetterTargetArn != dlq.Outputs["arn"].StringValue() || redrive.MaxReceiveCount != 10 {
			t.Errorf("%s redrives %+v", role, redrive)
		}
		var allow struct {
			RedrivePermission string
			SourceQueueArns   []string
		}
		if err := inv.Named("aws:sqs/redriveAllowPolicy:RedriveAllowPolicy", "compute-"+role+"-dlq").JSON("redriveAllowPolicy", &allow); err != nil {
			t.Fatal(err)
		}
		if allow.RedrivePermission != "byQueue" || len(allow.SourceQueueArns) != 1 || allow.SourceQueueArns[0] != q.Outputs["arn"].StringValue() {
			t.Errorf("%s dead-letter queue admits %+v", role, allow)
		}
		for _, name := range []string{"compute-" + role + "-tls", "compute-" + role + "-dlq-tls"} {
			var doc struct {
				Statement []struct {
					Effect    string
					Condition map[string]map[string]string
				}
			}
			if err := inv.Named("aws:sqs/queuePolicy:QueuePolicy", name).JSON("policy", &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Statement[0].Effect != "Deny" || doc.Statement[0].Condition["Bool"]["aws:SecureTransport"] != "false" {
				t.Errorf("%s does not deny plain HTTP: %+v", name, doc)
			}
		}
	}
}

// TestCeleryFindsQueuesWithoutListing: kombu is told every queue's URL and the region, and
// the default queue's name, so it never lists or creates queues.
func TestCeleryFindsQueuesWithoutListing(t *testing.T) {
	inv := run(t, staging(t))
	var options struct {
		Region           string
		PredefinedQueues map[string]struct{ URL string } `json:"predefined_queues"`
	}
	if err := json.Unmarshal([]byte(inv.Named("aws:ssm/parameter:Parameter", "compute-celery-broker-transport-options").String("insecureValue")), &options); err != nil {
		t.Fatal(err)
	}
	if options.Region != region || len(options.PredefinedQueues) != 2 {
		t.Fatalf("transport options %+v", options)
	}
	for _, role := range []string{"default", "webhooks"} {
		q := inv.Named("aws:sqs/queue:Queue", "compute-"+role)
		if options.PredefinedQueues[q.String("name")].URL != q.Outputs["url"].StringValue() {
			t.Errorf("transport options give %s the URL %q", q.String("name"), options.PredefinedQueues[q.String("name")].URL)
		}
	}
	for variable, want := range map[string]string{"celery-task-default-queue": "saleor-test-default", "webhook-celery-queue-name": "saleor-test-webhooks"} {
		if got := inv.Named("aws:ssm/parameter:Parameter", "compute-"+variable).String("insecureValue"); got != want {
			t.Errorf("%s = %q, want %q", variable, got, want)
		}
	}
	env := map[string]string{}
	for _, e := range containers(t, inv, "worker")[0].Environment {
		env[e.Name] = e.Value
	}
	if env["CELERY_BROKER_URL"] != "sqs://" || env["AWS_DEFAULT_REGION"] != region || env["DJANGO_SETTINGS_MODULE"] != "saleor_aws.settings" {
		t.Errorf("worker environment %v", env)
	}
}
