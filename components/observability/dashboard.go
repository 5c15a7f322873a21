package observability

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// dashboard is a CloudWatch dashboard body, marshalled to the dashboardBody JSON.
type dashboard struct {
	Widgets []widget `json:"widgets"`

	// x, y and rowHeight place the next widget.
	x, y, rowHeight int
}

// widget is one dashboard widget: "text", "metric" or "alarm".
type widget struct {
	Type       string `json:"type"`
	X          int    `json:"x"`
	Y          int    `json:"y"`
	Width      int    `json:"width"`
	Height     int    `json:"height"`
	Properties any    `json:"properties"`
}

type textProperties struct {
	Markdown string `json:"markdown"`
}

type alarmProperties struct {
	Title  string   `json:"title"`
	Alarms []string `json:"alarms"`
}

type metricProperties struct {
	Title   string  `json:"title"`
	Region  string  `json:"region"`
	View    string  `json:"view"`
	Stacked bool    `json:"stacked"`
	Period  int     `json:"period"`
	Stat    string  `json:"stat"`
	Metrics []*line `json:"metrics"`
}

// line is one entry of a metric widget: a metric of one dimension set, or an expression
// over other lines.
type line struct {
	Namespace, Name string
	Dims            []dim
	Options         lineOptions
}

// dim is a dimension whose value may be known only at deploy time.
type dim struct {
	Name     string
	Value    pulumi.StringInput
	resolved string
}

type lineOptions struct {
	Expression string `json:"expression,omitempty"`
	ID         string `json:"id,omitempty"`
	Label      string `json:"label,omitempty"`
	Stat       string `json:"stat,omitempty"`
	Visible    *bool  `json:"visible,omitempty"`
}

// MarshalJSON writes CloudWatch's array form: [namespace, name, dim, value, ..., options],
// or [options] for an expression.
func (l *line) MarshalJSON() ([]byte, error) {
	if l.Options.Expression != "" {
		return json.Marshal([]any{l.Options})
	}
	out := []any{l.Namespace, l.Name}
	for _, d := range l.Dims {
		out = append(out, d.Name, d.resolved)
	}
	return json.Marshal(append(out, l.Options))
}

// metricLines returns one line per member of a watched thing, labelled with its name (and
// member number when it has several).
func metricLines(namespace, name string, t target, options lineOptions) []*line {
	var out []*line
	for i, members := range t.members {
		l := &line{Namespace: namespace, Name: name, Options: options}
		l.Options.Label = t.name
		if len(t.members) > 1 {
			l.Options.Label = fmt.Sprintf("%s-%03d", t.name, i+1)
		}
		for _, k := range slices.Sorted(maps.Keys(members)) {
			l.Dims = append(l.Dims, dim{Name: k, Value: members[k]})
		}
		out = append(out, l)
	}
	return out
}

// Dashboard grid: 24 columns; graphs are 8 wide and 6 high, three to a row.
const (
	gridWidth   = 24
	graphWidth  = 8
	graphHeight = 6
)

// place puts a widget at the next free spot of the grid.
func (d *dashboard) place(typ string, width, height int, properties any) {
	if d.x+width > gridWidth {
		d.newRow()
	}
	d.Widgets = append(d.Widgets, widget{Type: typ, X: d.x, Y: d.y, Width: width, Height: height, Properties: properties})
	d.x += width
	d.rowHeight = max(d.rowHeight, height)
}

func (d *dashboard) newRow() {
	d.x, d.y, d.rowHeight = 0, d.y+d.rowHeight, 0
}

// section starts a new row under a heading.
func (d *dashboard) section(markdown string) {
	d.newRow()
	d.place("text", gridWidth, 1, textProperties{Markdown: markdown})
	d.newRow()
}

// graph adds a time-series graph unless it has nothing to show.
func (d *dashboard) graph(p metricProperties) {
	if len(p.Metrics) == 0 {
		return
	}
	if p.View == "" {
		p.View = "timeSeries"
	}
	d.place("metric", graphWidth, graphHeight, p)
}

// render returns the dashboard body once every dimension value is known.
func (d *dashboard) render() pulumi.StringOutput {
	var inputs []any
	d.eachDim(func(x *dim) { inputs = append(inputs, x.Value) })
	return pulumi.All(inputs...).ApplyT(func(values []any) (string, error) {
		i := 0
		d.eachDim(func(x *dim) { x.resolved, i = values[i].(string), i+1 })
		b, err := json.Marshal(d)
		return string(b), err
	}).(pulumi.StringOutput)
}

func (d *dashboard) eachDim(f func(*dim)) {
	for _, w := range d.Widgets {
		if p, ok := w.Properties.(metricProperties); ok {
			for _, l := range p.Metrics {
				for i := range l.Dims {
					f(&l.Dims[i])
				}
			}
		}
	}
}
