package observability_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	o "github.com/saleor-platform/infra/components/observability"
	"github.com/saleor-platform/infra/internal/harness"
)

type dashboardBody struct {
	Widgets []struct {
		Type                string
		X, Y, Width, Height int
		Properties          struct {
			Title, Region, Markdown, Stat string
			Metrics                       [][]any
			Alarms                        []string
		}
	}
}

func readDashboard(t *testing.T, inv *harness.Inventory, name string) dashboardBody {
	t.Helper()
	d := inv.Named("aws:cloudwatch/dashboard:Dashboard", name)
	if d == nil {
		t.Fatalf("no dashboard %s", name)
	}
	var body dashboardBody
	if err := d.JSON("dashboardBody", &body); err != nil {
		t.Fatal(err)
	}
	return body
}

// graphs returns each metric widget's lines by title, each line rendered as
// "namespace metric dim=value ... label" or "expression".
func (b dashboardBody) graphs() map[string][]string {
	out := map[string][]string{}
	for _, w := range b.Widgets {
		if w.Type != "metric" {
			continue
		}
		for _, m := range w.Properties.Metrics {
			options := m[len(m)-1].(map[string]any)
			if e, ok := options["expression"]; ok {
				out[w.Properties.Title] = append(out[w.Properties.Title], e.(string))
				continue
			}
			parts := []string{m[0].(string), m[1].(string)}
			for i := 2; i+1 < len(m); i += 2 {
				parts = append(parts, fmt.Sprintf("%s=%s", m[i], m[i+1]))
			}
			if label, ok := options["label"]; ok {
				parts = append(parts, label.(string))
			}
			out[w.Properties.Title] = append(out[w.Properties.Title], strings.Join(parts, " "))
		}
	}
	return out
}

func TestDashboardPerRegion(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	dashboards := inv.OfType("aws:cloudwatch/dashboard:Dashboard")
	if len(dashboards) != 2 {
		t.Fatalf("%d dashboards, want one per instance", len(dashboards))
	}
	for name, want := range map[string]string{"observability": "saleor-test-eu-central-1", "observability-global": "saleor-test-us-east-1"} {
		if got := inv.Named("aws:cloudwatch/dashboard:Dashboard", name).String("dashboardName"); got != want {
			t.Errorf("%s dashboard named %q, want %q", name, got, want)
		}
		region := strings.TrimPrefix(want, "saleor-test-")
		for _, w := range readDashboard(t, inv, name).Widgets {
			if w.Type == "metric" && w.Properties.Region != region {
				t.Errorf("%s: widget %q shows region %q", name, w.Properties.Title, w.Properties.Region)
			}
		}
	}
	if output(t, inv, "dashboardName") != "saleor-test-eu-central-1" || output(t, inv, "globalDashboardName") != "saleor-test-us-east-1" {
		t.Errorf("DashboardName outputs %v, %v", output(t, inv, "dashboardName"), output(t, inv, "globalDashboardName"))
	}
}

func TestDashboardShowsInfrastructureApplicationAndBusiness(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	graphs := readDashboard(t, inv, "observability").graphs()
	for title, want := range map[string][]string{
		"Database CPU (%)":     {"AWS/RDS CPUUtilization DBInstanceIdentifier=saleor-test-primary primary", "AWS/RDS CPUUtilization DBInstanceIdentifier=saleor-test-replica-1 replica-1"},
		"Database connections": {"AWS/RDS DatabaseConnections DBInstanceIdentifier=saleor-test-primary primary", "AWS/RDS DatabaseConnections DBInstanceIdentifier=saleor-test-replica-1 replica-1"},
		"Cache hit rate (%)": {
			"AWS/ElastiCache CacheHitRate CacheClusterId=saleor-test-sessions-001 sessions-001",
			"AWS/ElastiCache CacheHitRate CacheClusterId=saleor-test-sessions-002 sessions-002",
			"AWS/ElastiCache CacheHitRate CacheClusterId=saleor-test-graphql-001 graphql",
		},
		"Service memory (%)": {"AWS/ECS MemoryUtilization ClusterName=saleor-test ServiceName=api api", "AWS/ECS MemoryUtilization ClusterName=saleor-test ServiceName=worker worker"},
		"Requests by service": {
			"AWS/ApplicationELB RequestCount LoadBalancer=app/saleor-public/50dc6c495c0c9188 TargetGroup=targetgroup/api/73e2d6bc24d8a067 api",
			"AWS/ApplicationELB RequestCount LoadBalancer=app/saleor-public/50dc6c495c0c9188 TargetGroup=targetgroup/dashboard/1b2c3d4e5f607182 dashboard",
		},
		"Queue depth (messages)": {"AWS/SQS ApproximateNumberOfMessagesVisible QueueName=saleor-test-webhooks-dlq webhooks-dlq", "AWS/SQS ApproximateNumberOfMessagesVisible QueueName=saleor-test-celery celery"},
	} {
		got := graphs[title]
		if !sameElements(got, want) {
			t.Errorf("%s:\n  %s\nwant\n  %s", title, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
	}
	for _, title := range []string{"Latency p90 by service (s)", "5xx responses by service", "Load balancer 5xx rate (%)", "Database freeable memory (bytes)", "Cache connections", "Service CPU (%)"} {
		if len(graphs[title]) == 0 {
			t.Errorf("no %q graph", title)
		}
	}
	var business strings.Builder
	for _, title := range []string{"User flow", "Conversion (%)", "Average cart value by channel", "Revenue by channel", "Orders by channel"} {
		if len(graphs[title]) == 0 {
			t.Errorf("no %q graph", title)
		}
		business.WriteString(strings.Join(graphs[title], "\n"))
	}
	for _, m := range o.BusinessMetricList() {
		if !strings.Contains(business.String(), m.Name) {
			t.Errorf("business metric %s is not graphed", m.Name)
		}
	}
	if !strings.Contains(business.String(), "Saleor/Business OrdersPlaced Stack=test") || !strings.Contains(business.String(), `SEARCH('{Saleor/Business,Channel,Stack} MetricName="OrdersPlaced" Stack="test"', 'Sum', 300)`) {
		t.Errorf("business graphs do not read Saleor/Business for Stack=test:\n%s", business.String())
	}
	edge := readDashboard(t, inv, "observability-global").graphs()
	if len(edge["CDN 5xx rate (%)"]) != 2 || len(edge["Health checks (1 = healthy)"]) != 2 || edge["User flow"] != nil {
		t.Errorf("us-east-1 dashboard graphs %v", edge)
	}
}

func TestDashboardListsTheRegionsAlarms(t *testing.T) {
	inv, d := runBoth(t, regional(), global())
	var listed []string
	for _, w := range readDashboard(t, inv, "observability").Widgets {
		listed = append(listed, w.Properties.Alarms...)
	}
	var want []string
	for _, a := range d.regional.Alarms {
		want = append(want, "arn:aws:cloudwatch:eu-central-1:123456789012:alarm:"+a.Name)
		if inv.ByID(want[len(want)-1]) == nil {
			t.Errorf("dashboard lists %s, which is no alarm's ARN", want[len(want)-1])
		}
	}
	if len(want) == 0 || !sameElements(listed, want) {
		t.Errorf("dashboard lists %d alarms, want the region's %d", len(listed), len(want))
	}
	deps := inv.Named("aws:cloudwatch/dashboard:Dashboard", "observability").Dependencies
	for _, a := range d.regional.Alarms {
		if r := inv.ByID(a.Name); r == nil || !slices.Contains(deps, r.URN) {
			t.Errorf("the dashboard does not wait for alarm %s", a.Name)
		}
	}
}

func TestDashboardWidgetsDoNotOverlap(t *testing.T) {
	inv, _ := runBoth(t, regional(), global())
	b := readDashboard(t, inv, "observability")
	for i, w := range b.Widgets {
		if w.X < 0 || w.X+w.Width > 24 {
			t.Errorf("widget %q spans columns %d-%d", w.Properties.Title, w.X, w.X+w.Width)
		}
		for _, v := range b.Widgets[:i] {
			if w.X < v.X+v.Width && v.X < w.X+w.Width && w.Y < v.Y+v.Height && v.Y < w.Y+w.Height {
				t.Errorf("widgets %q and %q overlap", w.Properties.Title, v.Properties.Title)
			}
		}
	}
}

func sameElements(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
