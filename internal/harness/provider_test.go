package harness

import (
	"context"
	"net"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/structpb"
)

// serveProvider serves a ProviderServer on a loopback port and returns n clients, each on its
// own connection as the engine attaches one per provider instance.
func serveProvider(t *testing.T, s *ProviderServer, n int) []pulumirpc.ResourceProviderClient {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	pulumirpc.RegisterResourceProviderServer(srv, s)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	var clients []pulumirpc.ResourceProviderClient
	for range n {
		conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		clients = append(clients, pulumirpc.NewResourceProviderClient(conn))
	}
	return clients
}

// rpcProps marshals a property map as the engine sends it.
func rpcProps(t *testing.T, m resource.PropertyMap) *structpb.Struct {
	t.Helper()
	s, err := marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fromRPC(t *testing.T, s *structpb.Struct) resource.PropertyMap {
	t.Helper()
	m, err := unmarshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const queueURN = "urn:pulumi:test::saleor::saleor:compute:Compute$aws:sqs/queue:Queue::compute-default"

// configure configures a client's provider instance with a region and default tags, as the
// Go SDK sends them (objects as JSON strings).
func configure(t *testing.T, c pulumirpc.ResourceProviderClient, region, owner string) {
	t.Helper()
	args := resource.NewPropertyMapFromMap(map[string]any{
		"region": region, "defaultTags": `{"tags":{"Owner":"` + owner + `"}}`,
	})
	if _, err := c.Configure(context.Background(), &pulumirpc.ConfigureRequest{Args: rpcProps(t, args)}); err != nil {
		t.Fatal(err)
	}
}

// TestProviderServerKeepsEachInstancesConfig: every connection is one provider instance with
// its own region and default tags, used by Check, Create and Invoke on that connection.
func TestProviderServerKeepsEachInstancesConfig(t *testing.T) {
	ctx := context.Background()
	clients := serveProvider(t, NewProviderServer("aws", "6.83.4"), 2)
	regions := []string{"eu-central-1", "us-east-1"}
	for i, c := range clients {
		configure(t, c, regions[i], "team-"+regions[i])
	}
	for i, c := range clients {
		region := regions[i]
		resp, err := c.Invoke(ctx, &pulumirpc.InvokeRequest{Tok: "aws:index/getRegion:getRegion", Args: rpcProps(t, resource.PropertyMap{})})
		if err != nil {
			t.Fatal(err)
		}
		if got := fromRPC(t, resp.GetReturn())["name"].StringValue(); got != region {
			t.Errorf("instance %d: getRegion answered %s, want %s", i, got, region)
		}
		checked, err := c.Check(ctx, &pulumirpc.CheckRequest{Urn: queueURN, News: rpcProps(t, resource.PropertyMap{})})
		if err != nil {
			t.Fatal(err)
		}
		inputs := fromRPC(t, checked.GetInputs())
		if name := inputs["name"]; !name.IsString() || !strings.HasPrefix(name.StringValue(), "compute-default-") {
			t.Errorf("instance %d: Check named the queue %v, want an auto-name from compute-default", i, name)
		}
		if owner := inputs["tagsAll"].ObjectValue()["Owner"]; owner.StringValue() != "team-"+region {
			t.Errorf("instance %d: tagsAll.Owner %v, want the instance's default tag team-%s", i, owner, region)
		}
		created, err := c.Create(ctx, &pulumirpc.CreateRequest{Urn: queueURN, Properties: checked.GetInputs()})
		if err != nil {
			t.Fatal(err)
		}
		arn := fromRPC(t, created.GetProperties())["arn"]
		if created.GetId() == "" || !arn.IsString() || !strings.Contains(arn.StringValue(), ":"+region+":") {
			t.Errorf("instance %d: created ID %q ARN %v, want an ID and an ARN in %s", i, created.GetId(), arn, region)
		}
	}
}

// TestProviderServerPreviewCreateLeavesComputedValuesUnknown: a preview's Create returns the
// inputs, unknowns and secrets kept, and no ID or computed value.
func TestProviderServerPreviewCreateLeavesComputedValuesUnknown(t *testing.T) {
	c := serveProvider(t, NewProviderServer("aws", "6.83.4"), 1)[0]
	configure(t, c, "eu-central-1", "team")
	inputs := resource.PropertyMap{
		"name":   resource.NewProperty("orders"),
		"policy": resource.MakeSecret(resource.NewProperty("{}")),
		"kmsKey": resource.MakeComputed(resource.NewProperty("")),
	}
	resp, err := c.Create(context.Background(), &pulumirpc.CreateRequest{Urn: queueURN, Properties: rpcProps(t, inputs), Preview: true})
	if err != nil {
		t.Fatal(err)
	}
	out := fromRPC(t, resp.GetProperties())
	if resp.GetId() != "" || out.HasValue("arn") || out.HasValue("url") {
		t.Errorf("preview create returned ID %q and computed values %v", resp.GetId(), out)
	}
	if !out["policy"].IsSecret() || !out["kmsKey"].IsComputed() {
		t.Errorf("preview create lost a secret or an unknown: %v", out)
	}
}

// TestProviderServerDiff: Diff lists the changed top-level inputs (an unknown counts, a change
// of secrecy alone does not), asks the ReplacesFunc which force a replacement, and deletes
// first only a resource whose name the program chose.
func TestProviderServerDiff(t *testing.T) {
	replaceOnNameOrFifo := func(_ string, olds, news resource.PropertyMap) []string {
		var keys []string
		for _, k := range []resource.PropertyKey{"fifoQueue", "name"} {
			if !olds[k].DeepEquals(news[k]) {
				keys = append(keys, string(k))
			}
		}
		return keys
	}
	c := serveProvider(t, NewProviderServer("aws", "6.83.4", WithReplaces(replaceOnNameOrFifo)), 1)[0]
	configure(t, c, "eu-central-1", "team")
	checked := func(m map[string]any) resource.PropertyMap {
		resp, err := c.Check(context.Background(), &pulumirpc.CheckRequest{Urn: queueURN, News: rpcProps(t, resource.NewPropertyMapFromMap(m))})
		if err != nil {
			t.Fatal(err)
		}
		return fromRPC(t, resp.GetInputs())
	}
	diff := func(olds, news resource.PropertyMap) *pulumirpc.DiffResponse {
		resp, err := c.Diff(context.Background(), &pulumirpc.DiffRequest{Urn: queueURN, OldInputs: rpcProps(t, olds), News: rpcProps(t, news)})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	auto := checked(map[string]any{"delaySeconds": 0})
	named := checked(map[string]any{"name": "orders-1"})

	withDelay := auto.Copy()
	withDelay["delaySeconds"] = resource.NewProperty(5.0)
	secretDelay := auto.Copy()
	secretDelay["delaySeconds"] = resource.MakeSecret(auto["delaySeconds"])
	unknownDelay := auto.Copy()
	unknownDelay["delaySeconds"] = resource.MakeComputed(resource.NewProperty(""))
	fifo := auto.Copy()
	fifo["fifoQueue"] = resource.NewProperty(true)
	renamed := checked(map[string]any{"name": "orders-2"})

	for _, tc := range []struct {
		name        string
		olds, news  resource.PropertyMap
		diffs       []string
		replaces    []string
		deleteFirst bool
	}{
		{"same inputs", auto, auto.Copy(), nil, nil, false},
		{"secrecy only", auto, secretDelay, nil, nil, false},
		{"changed input", auto, withDelay, []string{"delaySeconds"}, nil, false},
		{"unknown input", auto, unknownDelay, []string{"delaySeconds"}, nil, false},
		{"auto-named, replaced", auto, fifo, []string{"fifoQueue"}, []string{"fifoQueue"}, false},
		{"named by the program, replaced", named, renamed, []string{"name"}, []string{"name"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := diff(tc.olds, tc.news)
			if !slices.Equal(resp.GetDiffs(), tc.diffs) || !slices.Equal(resp.GetReplaces(), tc.replaces) {
				t.Errorf("diffs %v replaces %v, want %v and %v", resp.GetDiffs(), resp.GetReplaces(), tc.diffs, tc.replaces)
			}
			if want := len(tc.diffs) > 0; (resp.GetChanges() == pulumirpc.DiffResponse_DIFF_SOME) != want {
				t.Errorf("changes %v, want some: %v", resp.GetChanges(), want)
			}
			if resp.GetDeleteBeforeReplace() != tc.deleteFirst {
				t.Errorf("deleteBeforeReplace %v, want %v", resp.GetDeleteBeforeReplace(), tc.deleteFirst)
			}
		})
	}
}
