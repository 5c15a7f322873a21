package network

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// interfaceServices are the services the Fargate tasks call at start-up and while running:
// pulling images (ECR API and Docker registry), shipping logs, and reading secrets and
// parameters.
var interfaceServices = []string{"ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm"}

// newEndpoints creates the S3 gateway endpoint on the private route tables (image layers and
// media traffic stay off the NAT gateways) and, when asked, interface endpoints in the
// private subnets with private DNS.
func newEndpoints(ctx *pulumi.Context, name string, vpc *ec2.Vpc, a *NetworkArgs, s *subnets, group pulumi.StringOutput, parent pulumi.ResourceOrInvokeOption) error {
	region, err := aws.GetRegion(ctx, nil, parent)
	if err != nil {
		return err
	}
	routeTables := make(pulumi.StringArray, len(s.privateRoutes))
	for i, rt := range s.privateRoutes {
		routeTables[i] = rt.ID()
	}
	if _, err := ec2.NewVpcEndpoint(ctx, name+"-s3", &ec2.VpcEndpointArgs{
		VpcId:           vpc.ID(),
		ServiceName:     pulumi.Sprintf("com.amazonaws.%s.s3", region.Name),
		VpcEndpointType: pulumi.String("Gateway"),
		RouteTableIds:   routeTables,
	}, parent); err != nil {
		return err
	}
	if !a.InterfaceEndpoints {
		return nil
	}
	subnetIDs := make(pulumi.StringArray, len(s.private))
	for i, sn := range s.private {
		subnetIDs[i] = sn.ID()
	}
	for _, service := range interfaceServices {
		if _, err := ec2.NewVpcEndpoint(ctx, fmt.Sprintf("%s-%s", name, strings.ReplaceAll(service, ".", "-")), &ec2.VpcEndpointArgs{
			VpcId:             vpc.ID(),
			ServiceName:       pulumi.Sprintf("com.amazonaws.%s.%s", region.Name, service),
			VpcEndpointType:   pulumi.String("Interface"),
			SubnetIds:         subnetIDs,
			SecurityGroupIds:  pulumi.StringArray{group},
			PrivateDnsEnabled: pulumi.Bool(true),
		}, parent); err != nil {
			return err
		}
	}
	return nil
}
