package observability_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/components/iampolicy"
	o "github.com/saleor-platform/infra/components/observability"
	"github.com/saleor-platform/infra/internal/harness"
)

func TestTopicPerPriorityEncryptedWithMessagingKey(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	for _, c := range []struct{ component, region, key string }{
		{"observability", "eu-central-1", messagingKey},
		{"observability-global", "us-east-1", globalKey},
	} {
		for _, p := range o.Priorities() {
			topic := inv.Named("aws:sns/topic:Topic", c.component+"-"+string(p))
			if topic == nil {
				t.Errorf("%s has no %s topic", c.component, p)
				continue
			}
			if topic.String("kmsMasterKeyId") != c.key || topic.Region != c.region {
				t.Errorf("%s: key %q in %s, want %q in %s", topic.Name, topic.String("kmsMasterKeyId"), topic.Region, c.key, c.region)
			}
		}
	}
	if n := len(inv.OfType("aws:sns/topic:Topic")); n != 6 {
		t.Errorf("%d topics, want 3 per instance", n)
	}
	for _, p := range o.Priorities() {
		arn, _ := output(t, inv, string(p)+"TopicArn").(string)
		if got := inv.ByID(arn); got == nil || got.Name != "observability-"+string(p) {
			t.Errorf("TopicArns[%s] = %q, not the %s topic", p, arn, p)
		}
	}
}

func TestTopicPolicyAdmitsPublishingServicesOfThisAccount(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	policies := inv.OfType("aws:sns/topicPolicy:TopicPolicy")
	if len(policies) != 6 {
		t.Fatalf("%d topic policies, want one per topic", len(policies))
	}
	for _, p := range policies {
		var doc iampolicy.Document
		if err := p.JSON("policy", &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Statement) != 1 {
			t.Fatalf("%s: %d statements", p.Name, len(doc.Statement))
		}
		s := doc.Statement[0]
		services, _ := s.Principal["Service"].([]any)
		var got []string
		for _, v := range services {
			got = append(got, v.(string))
		}
		slices.Sort(got)
		want := []string{"budgets.amazonaws.com", "cloudwatch.amazonaws.com", "costalerts.amazonaws.com", "events.amazonaws.com"}
		if !slices.Equal(got, want) || s.Effect != "Allow" || !slices.Equal(s.Action, []string{"sns:Publish"}) {
			t.Errorf("%s: %s %v to %v", p.Name, s.Effect, s.Action, got)
		}
		if s.Resource != p.String("arn") || s.Condition["StringEquals"]["aws:SourceAccount"] != harness.AccountID {
			t.Errorf("%s: resource %v (topic %s), condition %v", p.Name, s.Resource, p.String("arn"), s.Condition)
		}
	}
}

func TestSubscriptionsMatchRecipients(t *testing.T) {
	r := regional()
	inv, _ := runBoth(t, r, global())
	var want, got []string
	for _, p := range o.Priorities() {
		for _, e := range recipients[p].Emails {
			want = append(want, "observability-"+string(p)+" email "+e)
		}
		for _, n := range recipients[p].SMS {
			want = append(want, "observability-"+string(p)+" sms "+n)
		}
	}
	for _, s := range inv.OfType("aws:sns/topicSubscription:TopicSubscription") {
		topic := inv.ByID(s.String("topic"))
		if topic == nil {
			t.Errorf("%s subscribes to %q, not a topic of the run", s.Name, s.String("topic"))
			continue
		}
		if topic.Region == "eu-central-1" {
			got = append(got, topic.Name+" "+s.String("protocol")+" "+s.String("endpoint"))
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("subscriptions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	r.Alerting.Recipients = nil
	inv, _ = runBoth(t, r, global())
	for _, s := range inv.OfType("aws:sns/topicSubscription:TopicSubscription") {
		if topic := inv.ByID(s.String("topic")); topic.Region == "eu-central-1" {
			t.Errorf("no recipients, yet %s subscribes %s", topic.Name, s.String("endpoint"))
		}
	}
}
