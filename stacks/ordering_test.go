package stacks_test

import (
	"slices"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

// TestLogDeliveriesWaitForTheLogsBucket: each load balancer enables access logs only once the
// policy of its region's logs bucket admits Elastic Load Balancing (the stack's "storage-logs";
// "storage-dr-logs" for a primary's DR runtime), and the distribution (where the stack has
// one) enables standard logging only once the bucket's ownership controls keep the ACLs
// that logging writes through; otherwise AWS refuses them ("Access Denied for bucket", "The
// S3 bucket that you specified for CloudFront logs does not enable ACL access").
func TestLogDeliveriesWaitForTheLogsBucket(t *testing.T) {
	forEachStack(t, func(t *testing.T, inv *harness.Inventory) {
		policy := inv.Named("aws:s3/bucketPolicy:BucketPolicy", "storage-logs")
		ownership := inv.Named("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "storage-logs")
		if policy == nil || ownership == nil {
			t.Fatal("no logs bucket policy or ownership controls")
		}
		deliveries := []logDelivery{{"aws:lb/loadBalancer:LoadBalancer", "accessLogs", policy, stackConfig(t, inv).Region}}
		for _, rt := range runtimesOf(t, inv) {
			if !rt.dr {
				continue
			}
			drPolicy := inv.Named("aws:s3/bucketPolicy:BucketPolicy", "storage-dr-logs")
			if drPolicy == nil {
				t.Fatal("a DR runtime but no DR logs bucket policy")
			}
			deliveries = append(deliveries, logDelivery{"aws:lb/loadBalancer:LoadBalancer", "accessLogs", drPolicy, rt.region})
		}
		if stackConfig(t, inv).ServesStorefront() { // an API-only stack has no distribution
			deliveries = append(deliveries, logDelivery{"aws:cloudfront/distribution:Distribution", "loggingConfig", ownership, ""})
		}
		for _, c := range deliveries {
			users := inv.OfType(c.typ)
			if c.region != "" {
				users = inRegion(inv, c.typ, c.region)
			}
			if len(users) == 0 {
				t.Fatalf("no %s in %s", c.typ, c.region)
			}
			for _, r := range users {
				if !slices.Contains(r.PropertyDependencies[c.property], c.needs.URN) {
					t.Errorf("%s %s: %s does not wait for %s %s (depends on %v)", c.typ, r.Name, c.property, c.needs.Type, c.needs.Name,
						r.PropertyDependencies[c.property])
				}
			}
		}
	})
}

// logDelivery is a resource type whose log delivery (property) must wait for a logs bucket
// companion (needs), in region ("": in every region).
type logDelivery struct {
	typ, property string
	needs         *harness.Resource
	region        string
}
