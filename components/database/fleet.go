package database

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/logging"
)

// fleetArgs is what a component's instances share, from its Args.
type fleetArgs struct {
	engineVersion string
	subnetIDs     pulumi.StringArrayInput
	securityGroup pulumi.StringInput
	kmsKey        pulumi.StringInput
	logs          logging.Settings
	maxStorageGiB int
	protect       bool
}

// fleet is what the instances of one component share.
type fleet struct {
	fleetArgs
	// subnetGroup, parameterGroup and monitoringRole name the shared resources.
	subnetGroup    pulumi.StringOutput
	parameterGroup pulumi.StringOutput
	monitoringRole pulumi.StringOutput
	parent         pulumi.ResourceOrInvokeOption
	// ready makes instances wait for what RDS checks at create: the monitoring role's
	// policy.
	ready pulumi.ResourceOption
}

// newFleet creates what a component's instances share in its region: the DB subnet group,
// the parameter group and the enhanced monitoring role.
func newFleet(ctx *pulumi.Context, name string, a fleetArgs, parent pulumi.ResourceOrInvokeOption) (*fleet, error) {
	subnets, err := rds.NewSubnetGroup(ctx, name+"-subnets", &rds.SubnetGroupArgs{
		Description: pulumi.String("Isolated data subnets of " + name),
		SubnetIds:   a.subnetIDs,
	}, parent)
	if err != nil {
		return nil, err
	}
	params, err := newParameterGroup(ctx, name, a.engineVersion, parent)
	if err != nil {
		return nil, err
	}
	role, attachment, err := newMonitoringRole(ctx, name, parent)
	if err != nil {
		return nil, err
	}
	return &fleet{
		fleetArgs:      a,
		subnetGroup:    subnets.Name,
		parameterGroup: params.Name,
		monitoringRole: role.Arn,
		parent:         parent,
		ready:          pulumi.DependsOn([]pulumi.Resource{attachment}),
	}, nil
}
