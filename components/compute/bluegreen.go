package compute

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/codedeploy"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/awsenv"

	"github.com/saleor-platform/infra/components/iampolicy"
)

// blueTerminationMinutes keeps the replaced task set running after the traffic shift, so a
// rollback within it is instant.
const blueTerminationMinutes = 15

// blueGreen is the API's CodeDeploy wiring.
type blueGreen struct {
	application, deploymentGroup pulumi.StringOutput
}

// newBlueGreen lets CodeDeploy deploy the API: a replacement task set behind the second
// target group, test traffic on the test listener, production traffic shifted by
// a.TrafficShift, rolled back when the deployment fails.
func newBlueGreen(ctx *pulumi.Context, name string, a *ComputeArgs, env awsenv.Environment, alb *loadBalancer,
	cluster *cluster, api *ecs.Service, opts ...pulumi.ResourceOption) (*blueGreen, error) {
	role, err := iam.NewRole(ctx, name+"-codedeploy", &iam.RoleArgs{
		Description:      pulumi.String("CodeDeploy shifts the Saleor API between task sets"),
		AssumeRolePolicy: pulumi.String(iampolicy.AssumeRole("codedeploy.amazonaws.com")),
	}, opts...)
	if err != nil {
		return nil, err
	}
	attachment, err := iam.NewRolePolicyAttachment(ctx, name+"-codedeploy", &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/AWSCodeDeployRoleForECS", env.Partition)),
	}, opts...)
	if err != nil {
		return nil, err
	}
	app, err := codedeploy.NewApplication(ctx, name+"-api", &codedeploy.ApplicationArgs{
		ComputePlatform: pulumi.String("ECS"),
	}, opts...)
	if err != nil {
		return nil, err
	}
	group, err := codedeploy.NewDeploymentGroup(ctx, name+"-api", &codedeploy.DeploymentGroupArgs{
		AppName:              app.Name,
		DeploymentGroupName:  pulumi.String(a.NamePrefix + "-api"),
		ServiceRoleArn:       role.Arn,
		DeploymentConfigName: pulumi.String(a.TrafficShift),
		DeploymentStyle: &codedeploy.DeploymentGroupDeploymentStyleArgs{
			DeploymentOption: pulumi.String("WITH_TRAFFIC_CONTROL"),
			DeploymentType:   pulumi.String("BLUE_GREEN"),
		},
		BlueGreenDeploymentConfig: &codedeploy.DeploymentGroupBlueGreenDeploymentConfigArgs{
			DeploymentReadyOption: &codedeploy.DeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOptionArgs{
				ActionOnTimeout: pulumi.String("CONTINUE_DEPLOYMENT"),
			},
			TerminateBlueInstancesOnDeploymentSuccess: &codedeploy.DeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccessArgs{
				Action:                       pulumi.String("TERMINATE"),
				TerminationWaitTimeInMinutes: pulumi.Int(blueTerminationMinutes),
			},
		},
		AutoRollbackConfiguration: &codedeploy.DeploymentGroupAutoRollbackConfigurationArgs{
			Enabled: pulumi.Bool(true),
			Events:  pulumi.ToStringArray([]string{"DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST"}),
		},
		EcsService: &codedeploy.DeploymentGroupEcsServiceArgs{ClusterName: cluster.Name, ServiceName: api.Name},
		LoadBalancerInfo: &codedeploy.DeploymentGroupLoadBalancerInfoArgs{
			TargetGroupPairInfo: &codedeploy.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoArgs{
				ProdTrafficRoute: &codedeploy.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoProdTrafficRouteArgs{
					ListenerArns: pulumi.StringArray{alb.https.Arn},
				},
				TestTrafficRoute: &codedeploy.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoTestTrafficRouteArgs{
					ListenerArns: pulumi.StringArray{alb.test.Arn},
				},
				TargetGroups: codedeploy.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroupArray{
					&codedeploy.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroupArgs{Name: alb.targetGroups[0].Name},
					&codedeploy.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroupArgs{Name: alb.targetGroups[1].Name},
				},
			},
		},
	}, append(opts, pulumi.DependsOn([]pulumi.Resource{attachment}))...)
	if err != nil {
		return nil, err
	}
	return &blueGreen{application: app.Name, deploymentGroup: group.DeploymentGroupName}, nil
}
