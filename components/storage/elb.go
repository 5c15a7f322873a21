package storage

// LoadBalancerLogPrefix is the prefix load balancers of the region must use for their access
// logs in the logs bucket (the logs bucket's policy admits delivery under it only).
const LoadBalancerLogPrefix = "alb"

// loadBalancerLogService is the principal that delivers load balancer access logs in the
// regions launched since August 2022, and in the older ones alongside their account
// (catalog.LoadBalancerLogAccount).
const loadBalancerLogService = "logdelivery.elasticloadbalancing.amazonaws.com"
