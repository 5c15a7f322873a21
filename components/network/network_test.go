package network_test

import (
	"fmt"
	"net/netip"
	"slices"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/iampolicy"
	"github.com/saleor-platform/infra/components/logging"
	"github.com/saleor-platform/infra/components/network"
	"github.com/saleor-platform/infra/internal/harness"
	"github.com/saleor-platform/infra/internal/harness/harnesstest"
)

const logsKey = "arn:aws:kms:eu-central-1:123456789012:key/logs"

func args(nat network.NatStrategy, endpoints bool) network.NetworkArgs {
	return network.NetworkArgs{
		CIDR:               netip.MustParsePrefix("10.0.0.0/16"),
		AvailabilityZones:  []string{"eu-central-1a", "eu-central-1b", "eu-central-1c"},
		NatGateways:        nat,
		InterfaceEndpoints: endpoints,
		AppPort:            8000,
		DatabasePort:       5432,
		CachePort:          6379,
		Logs: logging.Settings{
			KMSKeyArn:     pulumi.String(logsKey),
			RetentionDays: map[logging.Class]int{logging.Application: 90, logging.Infrastructure: 90, logging.CDN: 90, logging.Audit: 365},
			Prefix:        "/saleor/test",
		},
	}
}

func program(a network.NetworkArgs) pulumi.RunFunc {
	return harness.InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		_, err := network.NewNetwork(ctx, "network", &a, pulumi.Providers(p[0]))
		return err
	}, "eu-central-1")
}

func run(t *testing.T, a network.NetworkArgs) *harness.Inventory {
	t.Helper()
	inv, err := harness.Run(program(a), harness.ComponentStack())
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// TestNatStrategies: one NAT gateway per zone, each private subnet routed to its own zone's;
// a single one shared by all; or none, leaving private subnets without a default route.
func TestNatStrategies(t *testing.T) {
	for _, tt := range []struct {
		nat      network.NatStrategy
		gateways int
	}{{network.NatOnePerAZ, 3}, {network.NatSingle, 1}, {network.NatNone, 0}} {
		inv := run(t, args(tt.nat, false))
		nats := inv.OfType("aws:ec2/natGateway:NatGateway")
		if len(nats) != tt.gateways {
			t.Errorf("%s: %d NAT gateways, want %d", tt.nat, len(nats), tt.gateways)
		}
		for i := range 3 {
			table := harnesstest.Named(t, inv, "aws:ec2/routeTable:RouteTable", fmt.Sprintf("network-private-%d", i))
			var via []string
			for _, r := range inv.OfType("aws:ec2/route:Route") {
				if r.String("routeTableId") == table.ID && r.String("destinationCidrBlock") == "0.0.0.0/0" {
					via = append(via, r.String("natGatewayId"))
				}
			}
			switch {
			case tt.gateways == 0 && len(via) != 0:
				t.Errorf("%s: private subnet %d routes to the internet via %v", tt.nat, i, via)
			case tt.gateways > 0 && len(via) != 1:
				t.Errorf("%s: private subnet %d has %d default routes", tt.nat, i, len(via))
			case tt.nat == network.NatOnePerAZ && via[0] != harnesstest.Named(t, inv, "aws:ec2/natGateway:NatGateway", fmt.Sprintf("network-nat-%d", i)).ID:
				t.Errorf("private subnet %d leaves its zone for NAT: %s", i, via[0])
			}
		}
	}
}

// TestFlowLogsEncryptedAndRoleScoped: all traffic is logged into an encrypted infrastructure
// log group, through a role that may write only there.
func TestFlowLogsEncryptedAndRoleScoped(t *testing.T) {
	inv := run(t, args(network.NatSingle, false))
	group := harnesstest.Named(t, inv, "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs")
	if group.String("kmsKeyId") != logsKey || group.Number("retentionInDays") != 90 {
		t.Errorf("flow log group: key %q, %v days", group.String("kmsKeyId"), group.Number("retentionInDays"))
	}
	flow := harnesstest.Named(t, inv, "aws:ec2/flowLog:FlowLog", "network")
	if flow.String("trafficType") != "ALL" || flow.String("logDestination") != group.Output("arn") {
		t.Errorf("flow log: %s traffic to %s", flow.String("trafficType"), flow.String("logDestination"))
	}
	var doc iampolicy.Document
	if err := harnesstest.Named(t, inv, "aws:iam/rolePolicy:RolePolicy", "network-flow-logs").JSON("policy", &doc); err != nil {
		t.Fatal(err)
	}
	want := []any{group.Output("arn"), group.Output("arn") + ":*"}
	if len(doc.Statement) != 1 || fmt.Sprint(doc.Statement[0].Resource) != fmt.Sprint(want) {
		t.Errorf("flow log role may write to %v, want %v", doc.Statement, want)
	}
}

// TestEndpoints: the S3 gateway endpoint always, on the private route tables; interface
// endpoints with private DNS in the private subnets only when asked.
func TestEndpoints(t *testing.T) {
	for _, interfaces := range []bool{false, true} {
		inv := run(t, args(network.NatOnePerAZ, interfaces))
		var services []string
		for _, e := range inv.OfType("aws:ec2/vpcEndpoint:VpcEndpoint") {
			services = append(services, e.String("serviceName"))
			if e.String("vpcEndpointType") == "Interface" && (!e.Bool("privateDnsEnabled") || len(e.Strings("subnetIds")) != 3) {
				t.Errorf("%s: private DNS %v over %d subnets", e.Name, e.Bool("privateDnsEnabled"), len(e.Strings("subnetIds")))
			}
		}
		want := 1
		if interfaces {
			want = 6
		}
		if len(services) != want || !slices.Contains(services, "com.amazonaws.eu-central-1.s3") {
			t.Errorf("interface endpoints %v: services %v", interfaces, services)
		}
	}
}

func TestValidation(t *testing.T) {
	bad := args("sideways", false)
	bad.CIDR = netip.MustParsePrefix("8.8.0.0/16")
	bad.AvailabilityZones = bad.AvailabilityZones[:1]
	bad.Logs.KMSKeyArn = nil
	harnesstest.Rejected(t, program(bad), "CIDR", "AvailabilityZones", "NatGateways", "Logs.KMSKeyArn")
}

func TestNilArgs(t *testing.T) {
	harnesstest.NilArgs(t, network.NewNetwork, "CIDR", "AvailabilityZones", "AppPort", "DatabasePort", "CachePort", "Logs.KMSKeyArn")
}
