package rules

import "github.com/pulumi/pulumi/sdk/v3/go/property"

// iamPolicyTypes hold an IAM policy document in their "policy" input.
var iamPolicyTypes = []string{"aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy"}

// grantsAdmin reports an Allow statement of action "*" on resource "*".
func grantsAdmin(stmt property.Map) bool {
	star := func(key string) bool {
		for _, s := range get(stmt, key).strs() {
			if s == "*" || s == "*:*" {
				return true
			}
		}
		return false
	}
	return get(stmt, "Effect").str() == "Allow" && star("Action") && star("Resource")
}

var iamRules = []resourceRule{
	{
		name:        "iam-no-admin-policy",
		description: "IAM policies do not grant full administrative privileges (Allow * on *) [FSBP IAM.1]",
		level:       mandatory,
		types:       iamPolicyTypes,
		check: onProps(func(p property.Map, r *report) {
			doc, ok := jsonDoc(p, "policy")
			if !ok {
				r.addf("policy is not valid JSON")
				return
			}
			for i, stmt := range get(doc.obj(), "Statement").maps() {
				if grantsAdmin(stmt) {
					r.addf("Statement[%d] allows \"*\" on \"*\"", i)
				}
			}
		}),
	},
	trustRule,
}
