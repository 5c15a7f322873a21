package harness

import "fmt"

// Computed outputs of the observability tier's types (SNS topics, alarms, dashboards,
// CloudTrail, EventBridge Scheduler, Chatbot), in the formats AWS uses, so tests can follow alarm actions and
// subscriptions back to their topic. A type another tier already registered is left alone.
func init() {
	// A topic's ID is its ARN, arn:<partition>:sns:<region>:<account>:<name>.
	register("aws:sns/topic:Topic", func(r *Resource, id string, _ func(string, any)) (string, string) {
		arn := fmt.Sprintf("arn:%s:sns:%s:%s:%s", Partition, r.Region, AccountID, id)
		return arn, arn
	})
	register("aws:cloudwatch/dashboard:Dashboard", func(r *Resource, _ string, set func(string, any)) (string, string) {
		name := r.String("dashboardName")
		set("dashboardArn", fmt.Sprintf("arn:%s:cloudwatch::%s:dashboard/%s", Partition, AccountID, name))
		return name, ""
	})
	register("aws:cloudtrail/trail:Trail", func(r *Resource, _ string, _ func(string, any)) (string, string) {
		arn := fmt.Sprintf("arn:%s:cloudtrail:%s:%s:trail/%s", Partition, r.Region, AccountID, r.String("name"))
		return arn, arn
	})
	// A schedule's ID is <group>/<name>; schedules without a group are in "default".
	register("aws:scheduler/schedule:Schedule", func(r *Resource, id string, set func(string, any)) (string, string) {
		group := r.String("groupName")
		if group == "" {
			group = "default"
			set("groupName", group)
		}
		return group + "/" + id, fmt.Sprintf("arn:%s:scheduler:%s:%s:schedule/%s/%s", Partition, r.Region, AccountID, group, id)
	})
	register("aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration", func(r *Resource, _ string, set func(string, any)) (string, string) {
		arn := fmt.Sprintf("arn:%s:chatbot::%s:chat-configuration/slack-channel/%s", Partition, AccountID, r.String("configurationName"))
		set("chatConfigurationArn", arn)
		return arn, ""
	})
}
