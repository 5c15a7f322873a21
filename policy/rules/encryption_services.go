package rules

import "github.com/pulumi/pulumi/sdk/v3/go/property"

// cmkRule builds the common "this key property names a customer-managed KMS key" rule.
func cmkRule(name, description, typ, keyProperty string) resourceRule {
	return resourceRule{
		name:        name,
		description: description,
		level:       mandatory,
		types:       []string{typ},
		check:       onProps(func(p property.Map, r *report) { r.requireCustomerManagedKey(p, keyProperty) }),
	}
}

var serviceEncryptionRules = []resourceRule{
	cmkRule("sqs-queue-cmk", "SQS queues are encrypted with a customer-managed KMS key [FSBP SQS.1, CKV_AWS_27]",
		"aws:sqs/queue:Queue", "kmsMasterKeyId"),
	cmkRule("sns-topic-cmk", "SNS topics are encrypted with a customer-managed KMS key [FSBP SNS.1, CKV_AWS_26]",
		"aws:sns/topic:Topic", "kmsMasterKeyId"),
	cmkRule("secret-cmk", "Secrets Manager secrets are encrypted with a customer-managed KMS key [CKV_AWS_149]",
		"aws:secretsmanager/secret:Secret", "kmsKeyId"),
	cmkRule("log-group-cmk", "CloudWatch log groups are encrypted with a customer-managed KMS key [CKV_AWS_158]",
		"aws:cloudwatch/logGroup:LogGroup", "kmsKeyId"),
	cmkRule("backup-vault-cmk", "AWS Backup vaults encrypt recovery points with a customer-managed KMS key "+
		"[FSBP Backup.1, CKV_AWS_166]", "aws:backup/vault:Vault", "kmsKeyArn"),
	{
		name:        "ebs-volume-encrypted-cmk",
		description: "EBS volumes (none expected on Fargate) are encrypted with a customer-managed KMS key [FSBP EC2.3, CKV_AWS_3]",
		level:       mandatory,
		types:       []string{"aws:ebs/volume:Volume"},
		check: onProps(func(p property.Map, r *report) {
			r.requireTrue(p, "encrypted")
			r.requireCustomerManagedKey(p, "kmsKeyId")
		}),
	},
}
