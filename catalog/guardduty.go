package catalog

// guardDutyAgentAccounts are the AWS accounts whose ECR repository aws-guardduty-agent-fargate
// holds, per region, the GuardDuty security agent that Runtime Monitoring adds as a sidecar
// to Fargate tasks ("ECR repository for GuardDuty agent on AWS Fargate (Amazon ECS only)",
// Amazon GuardDuty User Guide). The tasks' execution role pulls it, so it must be allowed to.
var guardDutyAgentAccounts = map[string]string{
	"af-south-1":     "197869348890",
	"ap-east-1":      "258348409381",
	"ap-east-2":      "259886477082",
	"ap-northeast-1": "533107202818",
	"ap-northeast-2": "914738172881",
	"ap-northeast-3": "273192626886",
	"ap-south-1":     "251508486986",
	"ap-south-2":     "950823858135",
	"ap-southeast-1": "174946120834",
	"ap-southeast-2": "005257825471",
	"ap-southeast-3": "510637619217",
	"ap-southeast-4": "251357961535",
	"ap-southeast-5": "156041399949",
	"ap-southeast-7": "054037130133",
	"ca-central-1":   "354763396469",
	"ca-west-1":      "339712888787",
	"eu-central-1":   "323658145986",
	"eu-central-2":   "529164026651",
	"eu-north-1":     "591436053604",
	"eu-south-1":     "266869475730",
	"eu-south-2":     "919611009337",
	"eu-west-1":      "694911143906",
	"eu-west-2":      "892757235363",
	"eu-west-3":      "665651866788",
	"il-central-1":   "870907303882",
	"me-central-1":   "000014521398",
	"me-south-1":     "536382113932",
	"mx-central-1":   "311141559934",
	"sa-east-1":      "758426053663",
	"us-east-1":      "593207742271",
	"us-east-2":      "307168627858",
	"us-west-1":      "684579721401",
	"us-west-2":      "733349766148",
}

// GuardDutyAgentRepository is the name of GuardDuty's Fargate agent repository in the
// account GuardDutyAgentAccount returns.
const GuardDutyAgentRepository = "aws-guardduty-agent-fargate"

// GuardDutyAgentAccount returns the account that hosts GuardDuty's Fargate agent image in
// region.
func GuardDutyAgentAccount(region string) (string, bool) {
	account, ok := guardDutyAgentAccounts[region]
	return account, ok
}
