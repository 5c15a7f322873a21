package replacement

const (
	keyFile    = "internal/service/kms/key.go"
	secretFile = "internal/service/secretsmanager/secret.go"
	zoneFile   = "internal/service/route53/zone.go"
	queueFile  = "internal/service/sqs/queue.go"
)

// kmsKey: aws_kms_key. Policy, rotation and description change in place.
func kmsKey() []Rule {
	return []Rule{
		forceNew("customKeyStoreId", keyFile, "custom_key_store_id"),
		forceNew("customerMasterKeySpec", keyFile, "customer_master_key_spec"),
		forceNew("keyUsage", keyFile, "key_usage"),
		computed(forceNew("multiRegion", keyFile, "multi_region")),
		forceNew("xksKeyId", keyFile, "xks_key_id"),
	}
}

// secret: aws_secretsmanager_secret. The key and the replicas change in place.
func secret() []Rule {
	return []Rule{
		computed(forceNew("name", secretFile, "name")),
		computed(forceNew("namePrefix", secretFile, "name_prefix")),
	}
}

// zone: aws_route53_zone. A new zone gets new name servers, which the registrar still
// points elsewhere.
func zone() []Rule {
	return []Rule{
		forceNew("delegationSetId", zoneFile, "delegation_set_id"),
		forceNew("name", zoneFile, "name"),
	}
}

// queue: aws_sqs_queue. Encryption, retention and redrive change in place.
func queue() []Rule {
	return []Rule{
		forceNew("fifoQueue", queueFile, "fifo_queue"),
		computed(forceNew("name", queueFile, "name")),
		computed(forceNew("namePrefix", queueFile, "name_prefix")),
	}
}
