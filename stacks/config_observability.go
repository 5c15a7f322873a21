package stacks

import (
	"errors"
	"regexp"
	"slices"

	"github.com/saleor-platform/infra/components/observability"
	"github.com/saleor-platform/infra/components/validate"
)

// ObservabilityConfig is the configuration of alerting and cost control.
type ObservabilityConfig struct {
	// Recipients is saleor:alertRecipients: who each priority's alerts reach.
	Recipients map[observability.Priority]observability.Recipients
	// Slack is saleor:slack; nil when alerts do not go to Slack.
	Slack *SlackConfig
	// MonthlyBudgetUSD is saleor:monthlyBudgetUsd.
	MonthlyBudgetUSD int
	// CostTags is saleor:costAllocationTags, the state of the cost allocation tags.
	CostTags CostTagState
	// BusinessHours is saleor:alerting: the hours in which the alarms notify; nil where they
	// notify at all hours (production).
	BusinessHours *observability.BusinessHours
}

// DefaultBusinessHours are the hours a non-production stack's alarms notify in when
// saleor:alerting does not say.
var DefaultBusinessHours = observability.BusinessHours{TimeZone: "Europe/Amsterdam", Hours: "08:00-18:00", Days: "MON-FRI"}

// alertingConfig is the shape of saleor:alerting; an unset field keeps its default.
type alertingConfig struct {
	TimeZone string `json:"timeZone"`
	Hours    string `json:"hours"`
	Days     string `json:"days"`
}

// alertingFields are saleor:alerting's fields by the BusinessHours field they set.
var alertingFields = map[string]string{"TimeZone": "timeZone", "Hours": "hours", "Days": "days"}

// CostTagState is where the Stack, Environment and CostCenter cost allocation tags stand in
// the paying account. AWS counts a tag in budgets and anomaly monitors only once it is
// active, and activates a tag only after it shows in Billing (up to 24 hours after the first
// resource carries it); a linked account cannot activate tags at all.
type CostTagState string

const (
	// CostTagsPending: not active yet. The budget counts the whole account; no anomaly
	// monitor (it would watch nothing).
	CostTagsPending CostTagState = "pending"
	// CostTagsActivate: this stack activates them (a standalone or management account).
	CostTagsActivate CostTagState = "activate"
	// CostTagsActive: activated elsewhere (another stack, or the management account).
	CostTagsActive CostTagState = "active"
)

// Active reports whether budgets and monitors can filter on the tags.
func (s CostTagState) Active() bool { return s != CostTagsPending }

// SlackConfig is the shape of saleor:slack: the AWS Chatbot Slack workspace (authorised
// once in the Chatbot console) and channel the alerts go to.
type SlackConfig struct {
	WorkspaceID string `json:"workspaceId"`
	ChannelID   string `json:"channelId"`
}

// recipientsConfig is the shape of each priority in saleor:alertRecipients.
type recipientsConfig struct {
	Emails []string `json:"emails"`
	SMS    []string `json:"sms"`
}

var (
	email       = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	e164        = regexp.MustCompile(`^\+[1-9]\d{6,14}$`)
	slackID     = regexp.MustCompile(`^[0-9A-Z]{1,255}$`)
	slackChanID = regexp.MustCompile(`^[A-Za-z0-9]{1,255}$`)
)

func readObservability(s *source, c *Config) {
	o := &c.Observability
	var recipients map[string]recipientsConfig
	s.object("saleor:alertRecipients", &recipients)
	o.Recipients = map[observability.Priority]observability.Recipients{}
	for priority, r := range recipients {
		p := observability.Priority(priority)
		if !slices.Contains(observability.Priorities(), p) {
			s.problems.add("saleor:alertRecipients", "%q is not a priority: %s", priority, quoted(observability.Priorities()))
			continue
		}
		for _, e := range r.Emails {
			if !email.MatchString(e) {
				s.problems.add("saleor:alertRecipients", "%s: %q is not an e-mail address", priority, e)
			}
		}
		for _, n := range r.SMS {
			if !e164.MatchString(n) {
				s.problems.add("saleor:alertRecipients", "%s: %q is not a phone number in E.164 form such as \"+31612345678\"", priority, n)
			}
		}
		o.Recipients[p] = observability.Recipients{Emails: r.Emails, SMS: r.SMS}
	}
	var slack SlackConfig
	if s.object("saleor:slack", &slack) {
		if !slackID.MatchString(slack.WorkspaceID) || !slackChanID.MatchString(slack.ChannelID) {
			s.problems.add("saleor:slack", "workspaceId %q and channelId %q must both be set, as the Slack IDs AWS Chatbot shows", slack.WorkspaceID, slack.ChannelID)
		} else {
			o.Slack = &slack
		}
	}
	critical := o.Recipients[observability.Critical]
	if c.Environment.IsProduction() && len(critical.Emails)+len(critical.SMS) == 0 && o.Slack == nil {
		s.problems.add("saleor:alertRecipients", "production needs a critical recipient (e-mail or SMS) or saleor:slack: a service-down alarm must reach someone")
	}
	s.preset("saleor:costAllocationTags")
	o.CostTags = oneOf(s, "saleor:costAllocationTags", []CostTagState{CostTagsPending, CostTagsActivate, CostTagsActive}, "")
	if o.CostTags == CostTagsActivate && !c.ManageAccountSecurity {
		s.problems.add("saleor:costAllocationTags", "%q is for the stack that owns the account's services (saleor:manageAccountSecurity: true); use %q here", CostTagsActivate, CostTagsActive)
	}
	o.MonthlyBudgetUSD = s.integer("saleor:monthlyBudgetUsd", environmentDefaults[c.Environment].budgetUSD)
	if o.MonthlyBudgetUSD <= 0 {
		s.problems.add("saleor:monthlyBudgetUsd", "is required: the stack's monthly AWS budget in US dollars, a positive whole number")
	}
	o.BusinessHours = readBusinessHours(s, c.Environment)
}

// readBusinessHours reads saleor:alerting: the default hours with the fields it sets, checked
// as the observability component checks them; nil where alarms notify at all hours.
func readBusinessHours(s *source, env Environment) *observability.BusinessHours {
	var a alertingConfig
	set := s.object("saleor:alerting", &a)
	if env.AlertsAtAllHours() {
		if set {
			s.problems.add("saleor:alerting", "%s alarms notify at all hours: remove the key", env)
		}
		return nil
	}
	hours := DefaultBusinessHours
	for _, f := range []struct{ value, into *string }{{&a.TimeZone, &hours.TimeZone}, {&a.Hours, &hours.Hours}, {&a.Days, &hours.Days}} {
		if *f.value != "" {
			*f.into = *f.value
		}
	}
	var p validate.Problems
	hours.Check(&p)
	var invalid *validate.Error
	if errors.As(p.Err(), &invalid) {
		for _, problem := range invalid.Problems {
			s.problems.add("saleor:alerting", "%s: %s", alertingFields[problem.Field], problem.Message)
		}
		return nil
	}
	return &hours
}
