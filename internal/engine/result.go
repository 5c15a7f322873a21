package engine

import (
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
)

// Result is what an operation reported.
type Result struct {
	// Changes counts the resources by operation (create, same, update, delete, replace...),
	// as the operation's summary reports them; the stack itself counts.
	Changes map[apitype.OpType]int
	// Steps are the engine's steps, one per resource and operation, in the order they began.
	Steps []Step
	// Policy are the policy pack's diagnostics.
	Policy []Diagnostic
	// Outputs are the stack's outputs after an update.
	Outputs auto.OutputMap
	// Messages are the errors and warnings the engine, the program or the providers
	// reported.
	Messages []Message
	// Err is the operation's error (the CLI's exit), also returned by the operation.
	Err error
}

// Step is one resource operation.
type Step struct {
	URN, Type string
	Op        apitype.OpType
	// Keys are the changed inputs (update, replace), ReplaceKeys those forcing a replacement.
	Keys, ReplaceKeys []string
}

// Message is an error or warning the engine reported.
type Message struct {
	// Severity is "error" or "warning".
	Severity string
	// URN is the resource it is about; "" for none.
	URN  string
	Text string
}

func (m Message) String() string { return m.Severity + ": " + m.URN + ": " + m.Text }

// Diagnostic is one policy violation as the engine reported it.
type Diagnostic struct {
	Policy string
	// URN is the resource's URN; "" for a stack policy blaming no resource.
	URN string
	// Level is "advisory", "mandatory" or "remediate".
	Level   string
	Message string
}

// Mandatory returns the mandatory diagnostics.
func (r *Result) Mandatory() []Diagnostic { return r.level("mandatory") }

// Advisory returns the advisory diagnostics.
func (r *Result) Advisory() []Diagnostic { return r.level("advisory") }

func (r *Result) level(level string) []Diagnostic {
	var out []Diagnostic
	for _, d := range r.Policy {
		if d.Level == level {
			out = append(out, d)
		}
	}
	return out
}

// collector gathers an operation's engine events.
type collector struct {
	events  chan events.EngineEvent
	done    chan struct{}
	started chan struct{} // closed at the first event

	mu        sync.Mutex
	collected Result
}

// eventsDrainTimeout bounds how long result waits for the event stream to end after the
// CLI exited; a CLI that fails before it streams (bad config) never ends it, so result waits
// only eventsStartTimeout for a failed operation that streamed nothing.
const (
	eventsDrainTimeout = 10 * time.Second
	eventsStartTimeout = time.Second
)

func newCollector() *collector {
	c := &collector{events: make(chan events.EngineEvent), done: make(chan struct{}), started: make(chan struct{})}
	go func() {
		defer close(c.done)
		first := true
		for e := range c.events {
			if first {
				close(c.started)
				first = false
			}
			c.add(e)
		}
	}()
	return c
}

func (c *collector) add(e events.EngineEvent) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case e.ResourcePreEvent != nil:
		m := e.ResourcePreEvent.Metadata
		c.collected.Steps = append(c.collected.Steps, Step{URN: m.URN, Type: m.Type, Op: m.Op, Keys: m.Diffs, ReplaceKeys: m.Keys})
	case e.PolicyEvent != nil:
		p := e.PolicyEvent
		c.collected.Policy = append(c.collected.Policy, Diagnostic{Policy: p.PolicyName, URN: p.ResourceURN, Level: p.EnforcementLevel, Message: p.Message})
	case e.DiagnosticEvent != nil && (e.DiagnosticEvent.Severity == "error" || e.DiagnosticEvent.Severity == "warning"):
		d := e.DiagnosticEvent
		c.collected.Messages = append(c.collected.Messages, Message{Severity: d.Severity, URN: d.URN, Text: strings.TrimSpace(d.Message)})
	}
}

// result waits for the event stream to end and returns what was collected, with the
// operation's error.
func (c *collector) result(err error) *Result {
	wait := eventsDrainTimeout
	if err != nil && !c.streamed(eventsStartTimeout) {
		wait = 0
	}
	select {
	case <-c.done:
	case <-time.After(wait):
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.collected
	r.Err = err
	return &r
}

// streamed reports whether an event arrives (or the stream ends) within timeout.
func (c *collector) streamed(timeout time.Duration) bool {
	select {
	case <-c.started:
		return true
	case <-c.done:
		return true
	case <-time.After(timeout):
		return false
	}
}
