package harness

import "fmt"

// Computed outputs of the search tier's types (OpenSearch Service, its log policy and
// service-linked role), in the shapes AWS returns them.
func init() {
	register("aws:opensearch/domain:Domain", func(r *Resource, id string, set func(string, any)) (string, string) {
		name := r.String("domainName")
		if name == "" {
			name = id
		}
		host := fmt.Sprintf("%s-%s.%s.es.amazonaws.com", name, hexHash(r.URN+"endpoint", 26), r.Region)
		if r.Has("vpcOptions") {
			host = "vpc-" + host
		}
		set("domainName", name)
		set("domainId", AccountID+"/"+name)
		set("endpoint", host)
		set("dashboardEndpoint", host+"/_dashboards")
		// The ID pulumi-aws gives a domain is its ARN.
		arn := fmt.Sprintf("arn:%s:es:%s:%s:domain/%s", Partition, r.Region, AccountID, name)
		return arn, arn
	})
	register("aws:cloudwatch/logResourcePolicy:LogResourcePolicy", func(r *Resource, _ string, _ func(string, any)) (string, string) {
		return r.String("policyName"), ""
	})
	register("aws:iam/serviceLinkedRole:ServiceLinkedRole", func(r *Resource, _ string, set func(string, any)) (string, string) {
		service := r.String("awsServiceName")
		name := map[string]string{"opensearchservice.amazonaws.com": "AWSServiceRoleForAmazonOpenSearchService"}[service]
		set("name", name)
		set("path", "/aws-service-role/"+service+"/")
		arn := fmt.Sprintf("arn:%s:iam::%s:role/aws-service-role/%s/%s", Partition, AccountID, service, name)
		return arn, arn
	})
}
