package harness

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/saleor-platform/infra/catalog"
)

// invokes answers the data-source calls the program makes, per token, from the calling
// provider's region.
var invokes = map[string]func(p providerInfo, args resource.PropertyMap) (resource.PropertyMap, error){
	"aws:index/getCallerIdentity:getCallerIdentity": func(p providerInfo, _ resource.PropertyMap) (resource.PropertyMap, error) {
		return props(map[string]any{
			"id": AccountID, "accountId": AccountID, "userId": "AIDAOFFLINEHARNESS",
			"arn": fmt.Sprintf("arn:%s:iam::%s:user/offline", Partition, AccountID),
		}), nil
	},
	"aws:index/getPartition:getPartition": func(p providerInfo, _ resource.PropertyMap) (resource.PropertyMap, error) {
		return props(map[string]any{"id": Partition, "partition": Partition, "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws"}), nil
	},
	"aws:index/getRegion:getRegion": func(p providerInfo, _ resource.PropertyMap) (resource.PropertyMap, error) {
		return props(map[string]any{"id": p.region, "name": p.region, "endpoint": fmt.Sprintf("ec2.%s.amazonaws.com", p.region)}), nil
	},
	"aws:index/getAvailabilityZones:getAvailabilityZones": func(p providerInfo, _ resource.PropertyMap) (resource.PropertyMap, error) {
		r, ok := catalog.LookupRegion(p.region)
		if !ok {
			return nil, fmt.Errorf("getAvailabilityZones: %q is not a region", p.region)
		}
		var names, ids []any
		for i := range r.AZs {
			names = append(names, fmt.Sprintf("%s%c", r.Code, 'a'+i))
			ids = append(ids, fmt.Sprintf("%s-az%d", r.Code, i+1))
		}
		return props(map[string]any{"id": r.Code, "names": names, "zoneIds": ids, "groupNames": names}), nil
	},
	"aws:ec2/getManagedPrefixList:getManagedPrefixList": func(p providerInfo, args resource.PropertyMap) (resource.PropertyMap, error) {
		name := args["name"].StringValue()
		id := "pl-" + shortHash(name)
		return props(map[string]any{"id": id, "name": name, "addressFamily": "IPv4", "maxEntries": 55,
			"arn": fmt.Sprintf("arn:%s:ec2:%s:aws:prefix-list/%s", Partition, p.region, id)}), nil
	},
}

func props(m map[string]any) resource.PropertyMap { return resource.NewPropertyMapFromMap(m) }
