package observability

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"
)

// BusinessArgs adds the business row to the dashboard, from metrics the application
// publishes (see BusinessMetricList).
type BusinessArgs struct {
	// Namespace is the custom CloudWatch namespace the application publishes to. Defaults
	// to "Saleor/Business".
	Namespace string
	// Stack is the value of the Stack dimension on every business metric. Defaults to the
	// Pulumi stack name.
	Stack string
}

// BusinessMetric is a metric the application publishes to the business namespace.
type BusinessMetric struct {
	// Name is the CloudWatch metric name.
	Name string
	// Unit is the CloudWatch unit.
	Unit string
	// Meaning says what one data point counts.
	Meaning string
}

// BusinessMetricList is the contract between the application and the dashboard. The
// application (a Saleor app or webhook consumer, e.g. with the CloudWatch embedded metric
// format) publishes each metric to BusinessArgs.Namespace with two dimension sets:
// [Stack] (the Pulumi stack, e.g. "prod-eu"), which the dashboard graphs, and
// [Stack, Channel] (the Saleor channel slug), which it breaks down by channel. CartValue is
// in the channel's currency, so only per-channel sums are money.
func BusinessMetricList() []BusinessMetric {
	return []BusinessMetric{
		{"SessionsStarted", "Count", "a storefront session started"},
		{"ProductViews", "Count", "a product page viewed"},
		{"CartAdds", "Count", "a line added to a checkout (checkoutLinesAdd)"},
		{"CheckoutsStarted", "Count", "a checkout created (checkoutCreate)"},
		{"OrdersPlaced", "Count", "a checkout completed into an order (checkoutComplete)"},
		{"CartValue", "None", "the gross total of a completed checkout, in the channel's currency"},
	}
}

// userFlow are the business metrics of the storefront funnel, in order.
var userFlow = []string{"SessionsStarted", "ProductViews", "CartAdds", "CheckoutsStarted", "OrdersPlaced"}

// graphSpec is one graph of one metric of every watched thing of some kinds.
type graphSpec struct {
	title                   string
	kinds                   []Kind
	namespace, metric, stat string
}

var infrastructureGraphs = []graphSpec{
	{"Database CPU (%)", []Kind{Databases}, "AWS/RDS", "CPUUtilization", "Average"},
	{"Database freeable memory (bytes)", []Kind{Databases}, "AWS/RDS", "FreeableMemory", "Minimum"},
	{"Database connections", []Kind{Databases}, "AWS/RDS", "DatabaseConnections", "Maximum"},
	{"Cache memory used (%)", []Kind{Caches}, "AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "Maximum"},
	{"Cache hit rate (%)", []Kind{Caches}, "AWS/ElastiCache", "CacheHitRate", "Average"},
	{"Cache connections", []Kind{Caches}, "AWS/ElastiCache", "CurrConnections", "Maximum"},
	{"Service CPU (%)", []Kind{Services}, "AWS/ECS", "CPUUtilization", "Average"},
	{"Service memory (%)", []Kind{Services}, "AWS/ECS", "MemoryUtilization", "Average"},
	{"Running tasks", []Kind{Services}, "ECS/ContainerInsights", "RunningTaskCount", "Average"},
}

var applicationGraphs = []graphSpec{
	{"Requests by service", []Kind{TargetGroups}, "AWS/ApplicationELB", "RequestCount", "Sum"},
	{"5xx responses by service", []Kind{TargetGroups}, "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum"},
	{"Latency p90 by service (s)", []Kind{TargetGroups}, "AWS/ApplicationELB", "TargetResponseTime", "p90"},
	{"Queue depth (messages)", []Kind{WorkQueues, DeadLetterQueues}, "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum"},
	{"CDN requests", []Kind{Distributions}, "AWS/CloudFront", "Requests", "Sum"},
	{"CDN 5xx rate (%)", []Kind{Distributions}, "AWS/CloudFront", "5xxErrorRate", "Average"},
	{"CDN origin latency p90 (ms)", []Kind{Distributions}, "AWS/CloudFront", "OriginLatency", "p90"},
	{"Health checks (1 = healthy)", []Kind{HealthChecks}, "AWS/Route53", "HealthCheckStatus", "Minimum"},
}

const (
	// dashboardPeriod is the graphs' period, in seconds.
	dashboardPeriod = 300
	// maxAlarmsPerWidget is how many alarms an alarm status widget can show.
	maxAlarmsPerWidget = 100
)

// buildDashboard lays out the region's dashboard: its alarms, then infrastructure,
// application and business rows.
func buildDashboard(title string, env awsenv.Environment, targets []target, alarms []Alarm, business *BusinessArgs) *dashboard {
	d := &dashboard{}
	d.section(fmt.Sprintf("# %s in %s\nInfrastructure, application and business metrics of this region. Alarm thresholds and routes are in each alarm's description.", title, env.Region))
	arns := make([]string, len(alarms))
	for i, a := range alarms {
		arns[i] = fmt.Sprintf("arn:%s:cloudwatch:%s:%s:alarm:%s", env.Partition, env.Region, env.Account, a.Name)
	}
	for chunk := range slices.Chunk(arns, maxAlarmsPerWidget) {
		d.place("alarm", gridWidth, 4, alarmProperties{Title: "Alarms", Alarms: chunk})
	}
	graphs := func(specs []graphSpec) {
		for _, g := range specs {
			p := metricProperties{Title: g.title, Region: env.Region, Period: dashboardPeriod, Stat: g.stat}
			for _, t := range targets {
				for _, k := range g.kinds {
					if t.kind == k {
						p.Metrics = append(p.Metrics, metricLines(g.namespace, g.metric, t, lineOptions{})...)
					}
				}
			}
			d.graph(p)
		}
	}
	d.section("## Infrastructure")
	graphs(infrastructureGraphs)
	d.section("## Application")
	d.graph(errorRateGraph(env, targets))
	graphs(applicationGraphs)
	if business != nil {
		d.section(fmt.Sprintf("## Business (%s, Stack=%s)", business.Namespace, business.Stack))
		businessGraphs(d, env, business)
	}
	return d
}

// errorRateGraph shows each load balancer's 5xx rate as the error-rate alarm computes it.
func errorRateGraph(env awsenv.Environment, targets []target) metricProperties {
	p := metricProperties{Title: "Load balancer 5xx rate (%)", Region: env.Region, Period: dashboardPeriod, Stat: "Sum"}
	hidden := false
	for i, t := range targets {
		if t.kind != LoadBalancers {
			continue
		}
		ids := map[string]string{}
		for _, m := range []string{"RequestCount", "HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count"} {
			ids[m] = fmt.Sprintf("m%d%d", i, len(ids))
			p.Metrics = append(p.Metrics, metricLines("AWS/ApplicationELB", m, t, lineOptions{ID: ids[m], Visible: &hidden})...)
		}
		p.Metrics = append(p.Metrics, &line{Options: lineOptions{
			ID:    fmt.Sprintf("e%d", i),
			Label: t.name,
			Expression: fmt.Sprintf("100 * (FILL(%s, 0) + FILL(%s, 0)) / %s",
				ids["HTTPCode_Target_5XX_Count"], ids["HTTPCode_ELB_5XX_Count"], ids["RequestCount"]),
		}})
	}
	return p
}

// businessGraphs adds the user flow, conversion, cart value and per-channel orders.
func businessGraphs(d *dashboard, env awsenv.Environment, b *BusinessArgs) {
	stack := []dim{{Name: "Stack", Value: pulumi.String(b.Stack)}}
	hidden := false
	metric := func(name, id, label string, visible bool) *line {
		l := &line{Namespace: b.Namespace, Name: name, Dims: stack, Options: lineOptions{ID: id, Label: label}}
		if !visible {
			l.Options.Visible = &hidden
		}
		return l
	}
	graph := func(title string, lines ...*line) {
		d.graph(metricProperties{Title: title, Region: env.Region, Period: dashboardPeriod, Stat: "Sum", Metrics: lines})
	}
	var flow []*line
	for i, step := range userFlow {
		flow = append(flow, metric(step, fmt.Sprintf("f%d", i), step, true))
	}
	graph("User flow", flow...)
	graph("Conversion (%)",
		metric("SessionsStarted", "sessions", "", false),
		metric("CheckoutsStarted", "checkouts", "", false),
		metric("OrdersPlaced", "orders", "", false),
		&line{Options: lineOptions{ID: "sessionConversion", Label: "session to order", Expression: "100 * orders / sessions"}},
		&line{Options: lineOptions{ID: "checkoutConversion", Label: "checkout to order", Expression: "100 * orders / checkouts"}},
	)
	search := func(id, metric, stat string) *line {
		return &line{Options: lineOptions{ID: id, Expression: fmt.Sprintf(
			"SEARCH('{%s,Channel,Stack} MetricName=\"%s\" Stack=\"%s\"', '%s', %d)", b.Namespace, metric, b.Stack, stat, dashboardPeriod)}}
	}
	graph("Average cart value by channel", search("cart", "CartValue", "Average"))
	graph("Revenue by channel", search("revenue", "CartValue", "Sum"))
	graph("Orders by channel", search("orders", "OrdersPlaced", "Sum"))
}

// newDashboard creates the region's dashboard, named <NamePrefix>-<region>.
func newDashboard(ctx *pulumi.Context, name, prefix string, env awsenv.Environment, targets []target, alarms []Alarm, business *BusinessArgs, opts ...pulumi.ResourceOption) (*cloudwatch.Dashboard, error) {
	body := buildDashboard(prefix, env, targets, alarms, business).render()
	return cloudwatch.NewDashboard(ctx, name, &cloudwatch.DashboardArgs{
		DashboardName: pulumi.String(prefix + "-" + env.Region),
		DashboardBody: body,
	}, opts...)
}
