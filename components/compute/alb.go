package compute

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/validate"
)

// Load balancer settings.
const (
	// sslPolicy accepts TLS 1.3 and TLS 1.2 with forward-secret AES-GCM ciphers only.
	sslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
	// idleTimeoutSeconds closes a connection idle for a minute: GraphQL queries are short, and
	// CloudFront's origin keep-alive (at most 60 s) fits inside it.
	idleTimeoutSeconds = 60
	// desyncMitigation is the strictest mode: the only client is CloudFront, whose requests
	// are RFC 7230 compliant.
	desyncMitigation = "strictest"
	// The API's health check: Saleor answers GET /health/ (with the slash) with 200 before
	// any Django middleware. Every 30 s; 2 successes (1 minute) make a target healthy, 3
	// failures (90 s) unhealthy, each attempt timing out after 5 s.
	healthPath              = "/health/"
	healthIntervalSeconds   = 30
	healthTimeoutSeconds    = 5
	healthyThreshold        = 2
	unhealthyThreshold      = 3
	deregistrationDelaySecs = 30 // uvicorn finishes in-flight requests within the task's stop timeout
	originHeader            = "X-Origin-Verify"
	originSecretLength      = 48
	testListenerPort        = 8443
)

// loadBalancer is the API's internet-facing ALB.
type loadBalancer struct {
	alb *lb.LoadBalancer
	// targetGroups are the API's target groups: blue, and green with BlueGreen.
	targetGroups []*lb.TargetGroup
	// https is the production listener, http the redirect, test the blue/green test listener.
	https, http, test *lb.Listener
	// rules forward to the production target group: requests carrying the origin secret,
	// then health checks.
	rules        []*lb.ListenerRule
	originSecret pulumi.StringOutput
}

// atLeast fails the deployment of the compute component name when ids holds fewer than n
// IDs, reporting field.
func atLeast(name string, n int, field string, ids pulumi.StringArrayInput) pulumi.StringArrayOutput {
	return ids.ToStringArrayOutput().ApplyT(func(v []string) ([]string, error) {
		p := validate.New(computeType, name)
		if len(v) < n {
			p.Add(field, "%d subnets; want at least %d", len(v), n)
		}
		return v, p.Err()
	}).(pulumi.StringArrayOutput)
}

// newLoadBalancer creates the ALB in the public subnets: HTTPS only from CloudFront (its
// security group), a 403 to any request without the origin secret header, and the API's
// target group(s).
func newLoadBalancer(ctx *pulumi.Context, name string, a *ComputeArgs, opts ...pulumi.ResourceOption) (*loadBalancer, error) {
	originSecret, err := originVerifySecret(ctx, name, a, opts...)
	if err != nil {
		return nil, err
	}
	out := &loadBalancer{originSecret: originSecret}
	out.alb, err = lb.NewLoadBalancer(ctx, name, &lb.LoadBalancerArgs{
		LoadBalancerType:         pulumi.String("application"),
		Internal:                 pulumi.Bool(false),
		Subnets:                  atLeast(name, 2, "Network.PublicSubnetIDs", a.Network.PublicSubnetIDs),
		SecurityGroups:           albSecurityGroups(a.Network),
		DropInvalidHeaderFields:  pulumi.Bool(true),
		DesyncMitigationMode:     pulumi.String(desyncMitigation),
		IdleTimeout:              pulumi.Int(idleTimeoutSeconds),
		EnableHttp2:              pulumi.Bool(true),
		EnableDeletionProtection: pulumi.Bool(a.DeletionProtection),
		AccessLogs: &lb.LoadBalancerAccessLogsArgs{
			Bucket:  a.Buckets.LogsName,
			Prefix:  pulumi.String(a.AccessLogPrefix),
			Enabled: pulumi.Bool(true),
		},
		Tags: pulumi.StringMap{"Name": pulumi.String(a.NamePrefix), "Exposure": pulumi.String("internet")},
	}, opts...)
	if err != nil {
		return nil, err
	}
	colours := []string{"blue"}
	if a.APIDeployment == BlueGreen {
		colours = append(colours, "green")
	}
	for _, colour := range colours {
		tg, err := newTargetGroup(ctx, name+"-api-"+colour, a, opts...)
		if err != nil {
			return nil, err
		}
		out.targetGroups = append(out.targetGroups, tg)
	}
	if out.https, err = newHTTPSListener(ctx, name+"-https", 443, out.alb, a, forbidden(), opts...); err != nil {
		return nil, err
	}
	// CloudFront's requests carry the origin secret. Route 53's health checks of the load
	// balancer (edge tier) cannot send it and may fetch only the health path, which Saleor
	// answers before Django, without touching the database or the application.
	conditions := map[string]lb.ListenerRuleConditionArgs{
		"origin-verified": {HttpHeader: &lb.ListenerRuleConditionHttpHeaderArgs{
			HttpHeaderName: pulumi.String(originHeader), Values: pulumi.StringArray{originSecret},
		}},
		"health": {PathPattern: &lb.ListenerRuleConditionPathPatternArgs{Values: pulumi.ToStringArray([]string{healthPath})}},
	}
	// CodeDeploy moves the production rules between the target groups: Pulumi leaves them be.
	ruleOpts := opts
	if a.APIDeployment == BlueGreen {
		ruleOpts = append(ruleOpts, pulumi.IgnoreChanges([]string{"actions"}))
	}
	for priority, rule := range []string{"origin-verified", "health"} {
		condition := conditions[rule]
		r, err := lb.NewListenerRule(ctx, name+"-"+rule, &lb.ListenerRuleArgs{
			ListenerArn: out.https.Arn,
			Priority:    pulumi.Int(priority + 1),
			Conditions:  lb.ListenerRuleConditionArray{&condition},
			Actions: lb.ListenerRuleActionArray{&lb.ListenerRuleActionArgs{
				Type: pulumi.String("forward"), TargetGroupArn: out.targetGroups[0].Arn,
			}},
		}, ruleOpts...)
		if err != nil {
			return nil, err
		}
		out.rules = append(out.rules, r)
	}
	if out.http, err = lb.NewListener(ctx, name+"-http", &lb.ListenerArgs{
		LoadBalancerArn: out.alb.Arn,
		Port:            pulumi.Int(80),
		Protocol:        pulumi.String("HTTP"),
		DefaultActions: lb.ListenerDefaultActionArray{&lb.ListenerDefaultActionArgs{
			Type: pulumi.String("redirect"),
			Redirect: &lb.ListenerDefaultActionRedirectArgs{
				Protocol: pulumi.String("HTTPS"), Port: pulumi.String("443"), StatusCode: pulumi.String("HTTP_301"),
			},
		}},
	}, opts...); err != nil {
		return nil, err
	}
	if a.APIDeployment == BlueGreen {
		// The test listener sends CodeDeploy's test traffic to the replacement task set. Its
		// port is closed to the internet (the ALB's group admits 443 only).
		forwardGreen := lb.ListenerDefaultActionArgs{Type: pulumi.String("forward"), TargetGroupArn: out.targetGroups[1].Arn}
		out.test, err = newHTTPSListener(ctx, name+"-test", testListenerPort, out.alb, a, forwardGreen,
			append(opts, pulumi.IgnoreChanges([]string{"defaultActions"}))...)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// originVerifySecret is the origin secret the load balancer requires: OriginVerifySecret when
// given (every region of an environment shares one, since CloudFront reaches them all through
// one API name), else generated.
func originVerifySecret(ctx *pulumi.Context, name string, a *ComputeArgs, opts ...pulumi.ResourceOption) (pulumi.StringOutput, error) {
	if a.OriginVerifySecret != nil {
		return pulumi.ToSecret(a.OriginVerifySecret).(pulumi.StringOutput), nil
	}
	secret, err := random.NewRandomPassword(ctx, name+"-origin-verify", &random.RandomPasswordArgs{
		Length:  pulumi.Int(originSecretLength),
		Special: pulumi.Bool(false), // ALB header conditions treat * and ? as wildcards
	}, opts...)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	return secret.Result, nil
}

// forbidden is the HTTPS listener's default: 403 for anything that did not come through
// CloudFront with the origin secret.
func forbidden() lb.ListenerDefaultActionArgs {
	return lb.ListenerDefaultActionArgs{
		Type: pulumi.String("fixed-response"),
		FixedResponse: &lb.ListenerDefaultActionFixedResponseArgs{
			ContentType: pulumi.String("text/plain"), StatusCode: pulumi.String("403"), MessageBody: pulumi.String("Forbidden"),
		},
	}
}

func newHTTPSListener(ctx *pulumi.Context, name string, port int, alb *lb.LoadBalancer, a *ComputeArgs,
	defaultAction lb.ListenerDefaultActionArgs, opts ...pulumi.ResourceOption) (*lb.Listener, error) {
	return lb.NewListener(ctx, name, &lb.ListenerArgs{
		LoadBalancerArn:                  alb.Arn,
		Port:                             pulumi.Int(port),
		Protocol:                         pulumi.String("HTTPS"),
		SslPolicy:                        pulumi.String(sslPolicy),
		CertificateArn:                   a.CertificateArn,
		DefaultActions:                   lb.ListenerDefaultActionArray{&defaultAction},
		RoutingHttpResponseServerEnabled: pulumi.Bool(false),
	}, opts...)
}

// newTargetGroup creates one of the API's target groups: the tasks' IPs on port 8000,
// health-checked at /health/, no stickiness, least outstanding requests (GraphQL requests
// vary widely in cost).
func newTargetGroup(ctx *pulumi.Context, name string, a *ComputeArgs, opts ...pulumi.ResourceOption) (*lb.TargetGroup, error) {
	return lb.NewTargetGroup(ctx, name, &lb.TargetGroupArgs{
		VpcId:                      a.Network.VpcID,
		TargetType:                 pulumi.String("ip"),
		Port:                       pulumi.Int(AppPort),
		Protocol:                   pulumi.String("HTTP"),
		ProtocolVersion:            pulumi.String("HTTP1"),
		LoadBalancingAlgorithmType: pulumi.String("least_outstanding_requests"),
		DeregistrationDelay:        pulumi.Int(deregistrationDelaySecs),
		HealthCheck: &lb.TargetGroupHealthCheckArgs{
			Enabled:            pulumi.Bool(true),
			Protocol:           pulumi.String("HTTP"),
			Port:               pulumi.String("traffic-port"),
			Path:               pulumi.String(healthPath),
			Matcher:            pulumi.String("200"),
			Interval:           pulumi.Int(healthIntervalSeconds),
			Timeout:            pulumi.Int(healthTimeoutSeconds),
			HealthyThreshold:   pulumi.Int(healthyThreshold),
			UnhealthyThreshold: pulumi.Int(unhealthyThreshold),
		},
		Stickiness: &lb.TargetGroupStickinessArgs{Type: pulumi.String("lb_cookie"), Enabled: pulumi.Bool(false)},
	}, opts...)
}

// albSecurityGroups are the ALB's groups: CloudFront's, and the health checkers' when given.
func albSecurityGroups(n Network) pulumi.StringArray {
	groups := pulumi.StringArray{n.ALBSecurityGroupID}
	if n.ALBHealthCheckSecurityGroupID != nil {
		groups = append(groups, n.ALBHealthCheckSecurityGroupID)
	}
	return groups
}
