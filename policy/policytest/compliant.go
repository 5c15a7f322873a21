package policytest

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

// Example documents of the compliant stack.
const (
	tlsOnlyBucketPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny",` +
		`"Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::media","arn:aws:s3:::media/*"],` +
		`"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	leastPrivilegePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject",` +
		`"s3:PutObject"],"Resource":"arn:aws:s3:::media/*"}]}`
	// GitHubTrust admits the repository's pull requests and main branch, with the audience
	// aws-actions/configure-aws-credentials asks for.
	GitHubTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":` +
		`"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},` +
		`"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":` +
		`"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":` +
		`["repo:saleor-platform/infra:pull_request","repo:saleor-platform/infra:ref:refs/heads/main"]}}}]}`
	apiContainers = `[{"name":"api","image":"saleor:3.20","essential":true,"readonlyRootFilesystem":true,` +
		`"privileged":false,"environment":[{"name":"ALLOWED_HOSTS","value":"api.example.com"},` +
		`{"name":"AWS_MEDIA_BUCKET_NAME","value":"media"}],"secrets":[{"name":"DATABASE_URL","valueFrom":"arn:db"},` +
		`{"name":"SECRET_KEY","valueFrom":"arn:key"}],"logConfiguration":{"logDriver":"awslogs",` +
		`"options":{"awslogs-group":"/saleor/api"}}}]`
)

func compliantStack(suffix string) []policyx.AnalyzerResource {
	b := &stackBuilder{suffix: suffix}
	key := b.add("aws:kms/key:Key", "key", true, map[string]any{
		"description": "saleor data", "enableKeyRotation": true, "deletionWindowInDays": 30,
	})
	keyed := func(i int, keys ...string) int {
		for _, k := range keys {
			b.dependsOn(i, k, key)
		}
		return i
	}
	addNetwork(b)
	addData(b, keyed)
	addBuckets(b, keyed)
	addCompute(b, keyed)
	addEdge(b)
	addAudit(b, keyed)
	return b.resources
}

func addNetwork(b *stackBuilder) {
	vpc := b.add("aws:ec2/vpc:Vpc", "vpc", false, map[string]any{"cidrBlock": "10.0.0.0/16"})
	b.dependsOn(b.add("aws:ec2/flowLog:FlowLog", "vpc-flow-log", false, map[string]any{
		"vpcId": Computed, "trafficType": "ALL", "logDestination": Computed,
	}), "vpcId", vpc)
	for _, az := range []string{"a", "b", "c"} {
		public := b.add("aws:ec2/subnet:Subnet", "public-"+az, false, map[string]any{
			"vpcId": Computed, "availabilityZone": Region + az, "mapPublicIpOnLaunch": true,
		})
		b.add("aws:ec2/subnet:Subnet", "private-"+az, false, map[string]any{
			"vpcId": Computed, "availabilityZone": Region + az, "mapPublicIpOnLaunch": false,
		})
		b.dependsOn(b.add("aws:ec2/natGateway:NatGateway", "nat-"+az, false, map[string]any{
			"subnetId": Computed, "allocationId": Computed,
		}), "subnetId", public)
	}
	alb := b.add("aws:ec2/securityGroup:SecurityGroup", "alb-sg", false, map[string]any{
		"vpcId": Computed, "name": "saleor-alb", "description": "ALB: HTTPS from the internet",
		"ingress": []any{map[string]any{
			"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": []string{"0.0.0.0/0"},
			"ipv6CidrBlocks": []string{"::/0"}, "description": "HTTPS",
		}},
	})
	b.dependsOn(b.add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "alb-sg-http", false, map[string]any{
		"securityGroupId": Computed, "ipProtocol": "tcp", "fromPort": 80, "toPort": 80, "cidrIpv4": "0.0.0.0/0",
		"description": "HTTP, redirected to HTTPS",
	}), "securityGroupId", alb)
	app := b.add("aws:ec2/securityGroup:SecurityGroup", "app-sg", false, map[string]any{
		"vpcId": Computed, "description": "API tasks", "ingress": []any{map[string]any{
			"protocol": "tcp", "fromPort": 8000, "toPort": 8000, "securityGroups": []any{Computed},
		}},
	})
	b.dependsOn(b.add("aws:ec2/securityGroupRule:SecurityGroupRule", "app-from-vpc", false, map[string]any{
		"type": "ingress", "securityGroupId": Computed, "protocol": "tcp", "fromPort": 8000, "toPort": 8000,
		"cidrBlocks": []string{"10.0.0.0/16"},
	}), "securityGroupId", app)
}

func addData(b *stackBuilder, keyed func(int, ...string) int) {
	keyed(b.add("aws:rds/instance:Instance", "db", true, map[string]any{
		"engine": "postgres", "instanceClass": "db.m7g.2xlarge", "storageEncrypted": true, "kmsKeyId": Computed,
		"multiAz": true, "deletionProtection": true, "skipFinalSnapshot": false, "finalSnapshotIdentifier": "db-final",
		"backupRetentionPeriod": 30, "publiclyAccessible": false, "autoMinorVersionUpgrade": true,
		"enabledCloudwatchLogsExports": []string{"postgresql", "upgrade"}, "monitoringInterval": 60,
		"copyTagsToSnapshot": true, "performanceInsightsEnabled": true, "performanceInsightsKmsKeyId": Computed,
		"username": "saleor", "password": Secret("generated-password"),
	}), "kmsKeyId", "performanceInsightsKmsKeyId")
	keyed(b.add("aws:rds/instance:Instance", "db-replica", true, map[string]any{
		"replicateSourceDb": Computed, "instanceClass": "db.m7g.xlarge", "kmsKeyId": Computed,
		"deletionProtection": true, "skipFinalSnapshot": true, "publiclyAccessible": false,
		"enabledCloudwatchLogsExports": []string{"postgresql"}, "monitoringInterval": 60,
		"performanceInsightsEnabled": true, "performanceInsightsKmsKeyId": Computed,
	}), "kmsKeyId")
	keyed(b.add("aws:elasticache/replicationGroup:ReplicationGroup", "cache", true, map[string]any{
		"description": "saleor cache", "engine": "valkey", "nodeType": "cache.m7g.large",
		"atRestEncryptionEnabled": true, "kmsKeyId": Computed, "transitEncryptionEnabled": true,
		"transitEncryptionMode": "required", "authToken": Secret("s3cr3t-T0ken-for-cache$"),
		"automaticFailoverEnabled": true, "multiAzEnabled": true, "numCacheClusters": 2,
		"snapshotRetentionLimit": 7, "autoMinorVersionUpgrade": true, "subnetGroupName": "saleor-cache",
	}), "kmsKeyId")
	keyed(b.add("aws:opensearch/domain:Domain", "search", true, map[string]any{
		"domainName": "saleor-search", "engineVersion": "OpenSearch_2.19",
		"clusterConfig": map[string]any{"instanceType": "m7g.large.search", "instanceCount": 3, "zoneAwarenessEnabled": true,
			"dedicatedMasterEnabled": true, "dedicatedMasterCount": 3, "dedicatedMasterType": "m7g.large.search"},
		"encryptAtRest":         map[string]any{"enabled": true, "kmsKeyId": Computed},
		"nodeToNodeEncryption":  map[string]any{"enabled": true},
		"domainEndpointOptions": map[string]any{"enforceHttps": true, "tlsSecurityPolicy": "Policy-Min-TLS-1-2-PFS-2023-10"},
		"advancedSecurityOptions": map[string]any{"enabled": true, "internalUserDatabaseEnabled": false,
			"masterUserOptions": map[string]any{"masterUserArn": Computed}},
		"vpcOptions": map[string]any{"subnetIds": []any{Computed, Computed, Computed}, "securityGroupIds": []any{Computed}},
		"logPublishingOptions": []any{
			map[string]any{"logType": "INDEX_SLOW_LOGS", "enabled": true, "cloudwatchLogGroupArn": Computed},
			map[string]any{"logType": "ES_APPLICATION_LOGS", "enabled": true, "cloudwatchLogGroupArn": Computed},
			map[string]any{"logType": "AUDIT_LOGS", "enabled": true, "cloudwatchLogGroupArn": Computed},
		},
	}), "encryptAtRest")
	keyed(b.add("aws:sqs/queue:Queue", "jobs", false, map[string]any{"kmsMasterKeyId": Computed}), "kmsMasterKeyId")
	keyed(b.add("aws:sns/topic:Topic", "alerts", false, map[string]any{"kmsMasterKeyId": Computed}), "kmsMasterKeyId")
	keyed(b.add("aws:secretsmanager/secret:Secret", "db-secret", true, map[string]any{"kmsKeyId": Computed,
		"replicas": []any{map[string]any{"region": "eu-west-3", "kmsKeyId": "arn:aws:kms:eu-west-3:123456789012:key/secrets-paris"}},
	}), "kmsKeyId")
	// A route of a regional stack's peering with its primary's VPC.
	b.add("aws:ec2/route:Route", "peering-route", false, map[string]any{
		"routeTableId": Computed, "destinationCidrBlock": "10.30.0.0/16", "vpcPeeringConnectionId": Computed,
	})
	b.add("aws:route53/record:Record", "api-record", false, map[string]any{
		"zoneId": Computed, "name": "api.shop.example.com", "type": "A", "setIdentifier": "eu-central-1",
		"latencyRoutingPolicies": []any{map[string]any{"region": "eu-central-1"}},
		"healthCheckId":          Computed,
		"aliases":                []any{map[string]any{"name": Computed, "zoneId": Computed, "evaluateTargetHealth": true}},
	})
	keyed(b.add("aws:backup/vault:Vault", "vault", true, map[string]any{"kmsKeyArn": Computed}), "kmsKeyArn")
}

func addBuckets(b *stackBuilder, keyed func(int, ...string) int) {
	names := map[int]string{}
	bucket := func(name string) int {
		i := b.add("aws:s3/bucketV2:BucketV2", name, true, map[string]any{"bucket": Computed, "bucketPrefix": name})
		names[i] = name
		return i
	}
	// companion adds a resource configuring bucket bk, named <bucket name><suffix>.
	companion := func(bk int, typ, suffix string, props map[string]any) int {
		props["bucket"] = Computed
		i := b.add(typ, names[bk]+suffix, false, props)
		b.dependsOn(i, "bucket", bk)
		return i
	}
	logs, media, replica := bucket("logs"), bucket("media"), bucket("media-replica")
	sse := "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	// The log bucket uses SSE-S3: S3 server access logs and load balancer logs cannot be
	// delivered to an SSE-KMS bucket.
	companion(logs, sse, "-sse", map[string]any{"rules": []any{map[string]any{
		"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "AES256"},
	}}})
	for _, bk := range []int{logs, media, replica} {
		if bk != logs {
			keyed(companion(bk, sse, "-sse", map[string]any{"rules": []any{map[string]any{
				"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "aws:kms", "kmsMasterKeyId": Computed},
				"bucketKeyEnabled":                   true,
			}}}), "rules")
		}
		companion(bk, "aws:s3/bucketVersioningV2:BucketVersioningV2", "-versioning", map[string]any{
			"versioningConfiguration": map[string]any{"status": "Enabled"},
		})
		companion(bk, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "-public-access-block", map[string]any{
			"blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true,
		})
		companion(bk, "aws:s3/bucketPolicy:BucketPolicy", "-policy", map[string]any{"policy": tlsOnlyBucketPolicy})
		companion(bk, "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "-lifecycle",
			map[string]any{"rules": []any{map[string]any{"id": "expire-noncurrent", "status": "Enabled"}}})
	}
	for _, bk := range []int{media, replica} {
		companion(bk, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "-ownership", map[string]any{
			"rule": map[string]any{"objectOwnership": "BucketOwnerEnforced"},
		})
		b.dependsOn(companion(bk, "aws:s3/bucketLoggingV2:BucketLoggingV2", "-logging", map[string]any{
			"targetBucket": Computed, "targetPrefix": "s3/",
		}), "targetBucket", logs)
	}
	// SSE-KMS objects replicate only when asked, each replica encrypted with the rule's key.
	b.dependsOn(keyed(companion(media, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "-replication",
		map[string]any{"role": Computed, "rules": []any{map[string]any{
			"status":                  "Enabled",
			"sourceSelectionCriteria": map[string]any{"sseKmsEncryptedObjects": map[string]any{"status": "Enabled"}},
			"destination": map[string]any{
				"bucket": Computed, "encryptionConfiguration": map[string]any{"replicaKmsKeyId": Computed},
			},
		}}}), "rules"), "rules", replica)
}

func addCompute(b *stackBuilder, keyed func(int, ...string) int) {
	repo := keyed(b.add("aws:ecr/repository:Repository", "api-repo", false, map[string]any{
		"name": "saleor-api", "imageTagMutability": "IMMUTABLE",
		"imageScanningConfiguration": map[string]any{"scanOnPush": true},
		"encryptionConfigurations":   []any{map[string]any{"encryptionType": "KMS", "kmsKey": Computed}},
	}), "encryptionConfigurations")
	b.dependsOn(b.add("aws:ecr/lifecyclePolicy:LifecyclePolicy", "api-repo-lifecycle", false, map[string]any{
		"repository": Computed, "policy": `{"rules":[]}`,
	}), "repository", repo)
	b.add("aws:ecs/taskDefinition:TaskDefinition", "api-task", false, map[string]any{
		"family": "saleor-api", "cpu": "2048", "memory": "4096", "networkMode": "awsvpc",
		"containerDefinitions": apiContainers,
	})
	b.add("aws:ecs/service:Service", "api-service", false, map[string]any{
		"desiredCount": 2, "launchType": "FARGATE", "networkConfiguration": map[string]any{
			"assignPublicIp": false, "subnets": []any{Computed, Computed}, "securityGroups": []any{Computed},
		},
		"loadBalancers": []any{map[string]any{"targetGroupArn": Computed, "containerName": "api", "containerPort": 8000}},
	})
	// A queue consumer serves no traffic: one task, rescheduled in another zone if its zone fails.
	b.add("aws:ecs/service:Service", "worker-service", false, map[string]any{
		"desiredCount": 1, "launchType": "FARGATE", "networkConfiguration": map[string]any{
			"assignPublicIp": false, "subnets": []any{Computed, Computed}, "securityGroups": []any{Computed},
		},
	})
	b.add("aws:cloudwatch/logGroup:LogGroup", "api-logs", false, map[string]any{
		"retentionInDays": 90, "kmsKeyId": Computed,
	})
	b.add("aws:iam/rolePolicy:RolePolicy", "api-task-policy", false, map[string]any{
		"role": Computed, "policy": leastPrivilegePolicy,
	})
	b.add("aws:iam/role:Role", "preview-role", false, map[string]any{
		"name": "saleor-github-preview", "assumeRolePolicy": GitHubTrust, "permissionsBoundary": Computed,
	})
}

func addEdge(b *stackBuilder) {
	lb := b.add("aws:lb/loadBalancer:LoadBalancer", "alb", false, map[string]any{
		"loadBalancerType": "application", "internal": false, "dropInvalidHeaderFields": true,
		"desyncMitigationMode": "defensive", "enableDeletionProtection": true, "subnets": []any{Computed, Computed, Computed},
		"accessLogs": map[string]any{"enabled": true, "bucket": Computed},
	})
	b.resources[lb].Properties = Set(b.resources[lb].Properties, "internet", "tags", "Exposure")
	b.add("aws:lb/listener:Listener", "alb-https", false, map[string]any{
		"loadBalancerArn": Computed, "protocol": "HTTPS", "port": 443,
		"sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06", "certificateArn": Computed,
		"defaultActions": []any{map[string]any{"type": "forward", "targetGroupArn": Computed}},
	})
	b.add("aws:lb/listener:Listener", "alb-http", false, map[string]any{
		"loadBalancerArn": Computed, "protocol": "HTTP", "port": 80,
		"defaultActions": []any{map[string]any{"type": "redirect", "redirect": map[string]any{
			"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301",
		}}},
	})
	b.add("aws:cloudfront/distribution:Distribution", "cdn", false, map[string]any{
		"enabled": true, "webAclId": Computed, "loggingConfig": map[string]any{"bucket": Computed},
		"defaultCacheBehavior": map[string]any{
			"targetOriginId": "api", "viewerProtocolPolicy": "redirect-to-https", "responseHeadersPolicyId": Computed,
		},
		"orderedCacheBehaviors": []any{map[string]any{
			"pathPattern": "/media/*", "targetOriginId": "media", "viewerProtocolPolicy": "https-only",
		}},
		"origins": []any{
			map[string]any{"originId": "api", "domainName": Computed, "customOriginConfig": map[string]any{
				"originProtocolPolicy": "https-only", "originSslProtocols": []string{"TLSv1.2"},
				"httpPort": 80, "httpsPort": 443,
			}},
			map[string]any{"originId": "media", "domainName": Computed, "originAccessControlId": Computed},
		},
		"viewerCertificate": map[string]any{
			"acmCertificateArn": Computed, "sslSupportMethod": "sni-only", "minimumProtocolVersion": "TLSv1.2_2021",
		},
	})
	rule := func(name string, priority int, statement map[string]any) map[string]any {
		r := map[string]any{
			"name": name, "priority": priority, "statement": statement,
			"visibilityConfig": map[string]any{"cloudwatchMetricsEnabled": true, "metricName": name, "sampledRequestsEnabled": true},
		}
		if _, managed := statement["managedRuleGroupStatement"]; managed {
			r["overrideAction"] = map[string]any{"none": map[string]any{}}
		} else {
			r["action"] = map[string]any{"block": map[string]any{}}
		}
		return r
	}
	managed := func(group string) map[string]any {
		return map[string]any{"managedRuleGroupStatement": map[string]any{"name": group, "vendorName": "AWS"}}
	}
	acl := b.add("aws:wafv2/webAcl:WebAcl", "waf", false, map[string]any{
		"scope": "CLOUDFRONT", "defaultAction": map[string]any{"allow": map[string]any{}},
		"visibilityConfig": map[string]any{"cloudwatchMetricsEnabled": true, "metricName": "saleor", "sampledRequestsEnabled": true},
		"rules": []any{
			rule("common", 1, managed("AWSManagedRulesCommonRuleSet")),
			rule("bad-inputs", 2, managed("AWSManagedRulesKnownBadInputsRuleSet")),
			rule("sqli", 3, managed("AWSManagedRulesSQLiRuleSet")),
			rule("ip-reputation", 4, managed("AWSManagedRulesAmazonIpReputationList")),
			rule("rate", 5, map[string]any{"rateBasedStatement": map[string]any{
				"limit": 2000, "aggregateKeyType": "IP", "evaluationWindowSec": 60,
			}}),
		},
	})
	b.dependsOn(b.add("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "waf-logging", false,
		map[string]any{"resourceArn": Computed, "logDestinationConfigs": []any{Computed}}), "resourceArn", acl)
	for _, r := range []string{"alb", "cdn"} {
		i, _ := Find(b.resources, r+b.suffix)
		logs, _ := Find(b.resources, "logs"+b.suffix)
		key := map[string]string{"alb": "accessLogs", "cdn": "loggingConfig"}[r]
		b.dependsOn(i, key, logs)
	}
}

func addAudit(b *stackBuilder, keyed func(int, ...string) int) {
	logs, _ := Find(b.resources, "logs"+b.suffix)
	b.dependsOn(keyed(b.add("aws:cloudtrail/trail:Trail", "trail", false, map[string]any{
		"s3BucketName": Computed, "isMultiRegionTrail": true, "includeGlobalServiceEvents": true,
		"enableLogFileValidation": true, "kmsKeyId": Computed, "cloudWatchLogsGroupArn": Computed,
		"cloudWatchLogsRoleArn": Computed,
	}), "kmsKeyId"), "s3BucketName", logs)
	b.add("aws:cloudwatch/metricAlarm:MetricAlarm", "api-cpu-high", false, map[string]any{
		"comparisonOperator": "GreaterThanThreshold", "threshold": 80, "evaluationPeriods": 3,
		"metricName": "CPUUtilization", "namespace": "AWS/ECS", "alarmActions": []any{Computed},
	})
	b.add("aws:guardduty/detector:Detector", "guardduty", false, map[string]any{"enable": true})
	b.add("aws:securityhub/account:Account", "securityhub", false, map[string]any{})
	b.add("aws:securityhub/standardsSubscription:StandardsSubscription", "fsbp", false, map[string]any{
		"standardsArn": "arn:aws:securityhub:" + Region + "::standards/aws-foundational-security-best-practices/v/1.0.0",
	})
}
