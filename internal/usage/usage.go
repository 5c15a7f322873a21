// Package usage holds the usage assumptions of the cost estimate (internal/cost): what a
// month's bill depends on that the program does not declare (requests, data out, log
// volume, storage growth), with defaults per environment and the stack config key that
// overrides them. It is a leaf package so the program can validate the key without
// importing the estimator.
package usage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// Key is the stack config key that overrides the usage assumptions: a JSON
// object with any of Assumptions' fields, e.g. {"requestsMillionPerMonth": 400}.
const Key = "saleor:costAssumptions"

// Assumptions are the usage a bill depends on that the program does not declare. Each stack
// starts from its environment's defaults (Defaults) and Key overrides
// single fields. Traffic applies to the regions where the stack runs tasks (desired count
// above zero); a standby region (pilot light) gets StandbyShare of it.
type Assumptions struct {
	// RequestsMillion is viewer requests per month through CloudFront and its WAF, millions.
	RequestsMillion float64 `json:"requestsMillionPerMonth"`
	// CDNDataOutGB is what CloudFront serves to viewers per month, GB.
	CDNDataOutGB float64 `json:"cdnDataOutGbPerMonth"`
	// OriginShare is the share of viewer requests that miss the cache and reach the origin
	// shield, the regional WAF and the load balancer, 0 to 1.
	OriginShare float64 `json:"originRequestShare"`
	// ALBLCU is the average load balancer capacity units an active region's ALB uses.
	ALBLCU float64 `json:"albAverageLcu"`
	// NATGB is the data through each NAT gateway of an active region per month, GB.
	NATGB float64 `json:"natGbPerGatewayMonth"`
	// EndpointGB is the data through each interface endpoint of an active region per month, GB.
	EndpointGB float64 `json:"endpointGbPerMonth"`
	// AppLogsGB is the application (ECS) log ingestion of an active region per month, GB,
	// split over the task log groups by running vCPUs. The requirements give 100 GB/month
	// for production.
	AppLogsGB float64 `json:"appLogsGbPerMonth"`
	// FlowLogsGB is each VPC's flow-log ingestion per month, GB.
	FlowLogsGB float64 `json:"flowLogsGbPerMonth"`
	// WAFLogsGB is each web ACL's log ingestion per month, GB.
	WAFLogsGB float64 `json:"wafLogsGbPerMonth"`
	// OtherLogsGB is the ingestion of every other log group (database, cache slow log,
	// CloudTrail) per month, GB.
	OtherLogsGB float64 `json:"otherLogsGbPerGroupMonth"`
	// LogCompression is stored (compressed) GB per ingested GB.
	LogCompression float64 `json:"logCompression"`
	// MediaGB and MediaGrowthGB are the media bucket's initial size and monthly growth, GB.
	MediaGB       float64 `json:"mediaGb"`
	MediaGrowthGB float64 `json:"mediaGrowthGbPerMonth"`
	// AssetsGB and AssetsGrowthGB are the static assets bucket's, GB.
	AssetsGB       float64 `json:"assetsGb"`
	AssetsGrowthGB float64 `json:"assetsGrowthGbPerMonth"`
	// BackupsGB and BackupsGrowthGB are the backups bucket's (exports, dumps), GB.
	BackupsGB       float64 `json:"backupsGb"`
	BackupsGrowthGB float64 `json:"backupsGrowthGbPerMonth"`
	// LogsBucketGB is the access logs written to a logs bucket per month, GB.
	LogsBucketGB float64 `json:"logsBucketGbPerMonth"`
	// AuditGB is the audit trail written to the audit bucket per month, GB.
	AuditGB float64 `json:"auditGbPerMonth"`
	// HorizonMonths is the month whose storage the estimate prices: growth accrues until then.
	HorizonMonths int `json:"horizonMonths"`
	// DatabaseUsedShare is the share of a database's allocated storage holding data, 0 to 1.
	DatabaseUsedShare float64 `json:"databaseUsedShare"`
	// DatabaseDailyChange is the share of the data changed per day, which backups and
	// snapshots store incrementally, 0 to 1.
	DatabaseDailyChange float64 `json:"databaseDailyChange"`
	// ConfigItems is the AWS Config configuration items each recorder records per month.
	ConfigItems float64 `json:"configItemsPerRecorderMonth"`
	// SecurityChecks is Security Hub's security checks per region per month.
	SecurityChecks float64 `json:"securityChecksPerRegionMonth"`
	// DNSQueriesMillion is the non-alias queries of each hosted zone per month, millions.
	DNSQueriesMillion float64 `json:"dnsQueriesMillionPerZoneMonth"`
	// ImageGB and ImagesKept size each ECR repository: image size, GB, and images kept.
	ImageGB    float64 `json:"imageGb"`
	ImagesKept float64 `json:"imagesKept"`
	// QueueRequestsMillion is each SQS queue's requests per month (polling included), millions.
	QueueRequestsMillion float64 `json:"queueRequestsMillionPerMonth"`
	// StandbyShare is the share of traffic-driven usage a region running no tasks (a
	// pilot-light standby, data copies only) sees, 0 to 1.
	StandbyShare float64 `json:"standbyShare"`
}

// production are the production defaults; the other environments scale them.
var production = Assumptions{
	RequestsMillion: 150, CDNDataOutGB: 3000, OriginShare: 0.3, ALBLCU: 3,
	NATGB: 100, EndpointGB: 30,
	AppLogsGB: 100, FlowLogsGB: 30, WAFLogsGB: 20, OtherLogsGB: 1, LogCompression: 0.15,
	MediaGB: 200, MediaGrowthGB: 20, AssetsGB: 5, AssetsGrowthGB: 0.5, BackupsGB: 50, BackupsGrowthGB: 10,
	LogsBucketGB: 30, AuditGB: 2, HorizonMonths: 12,
	DatabaseUsedShare: 0.5, DatabaseDailyChange: 0.03,
	ConfigItems: 5000, SecurityChecks: 20000, DNSQueriesMillion: 10,
	ImageGB: 0.6, ImagesKept: 30, QueueRequestsMillion: 5, StandbyShare: 0.02,
}

// environmentScale is each environment's share of production traffic and of its stored data.
var environmentScale = map[string]struct{ traffic, data float64 }{
	"production":  {1, 1},
	"staging":     {0.1, 0.25},
	"qa":          {0.03, 0.1},
	"development": {0.03, 0.1},
	"demo":        {0.01, 0.05},
}

// Defaults returns an environment's defaults: production's, with traffic and
// stored data scaled by the environment's share (staging 10%/25%, qa and development
// 3%/10%, demo 1%/5%).
func Defaults(environment string) (Assumptions, error) {
	s, ok := environmentScale[environment]
	if !ok {
		return Assumptions{}, fmt.Errorf("no cost assumptions for environment %q", environment)
	}
	a := production
	for _, f := range []*float64{&a.RequestsMillion, &a.CDNDataOutGB, &a.ALBLCU, &a.NATGB, &a.EndpointGB, &a.AppLogsGB,
		&a.FlowLogsGB, &a.WAFLogsGB, &a.DNSQueriesMillion, &a.QueueRequestsMillion, &a.LogsBucketGB} {
		*f *= s.traffic
	}
	for _, f := range []*float64{&a.MediaGB, &a.MediaGrowthGB, &a.AssetsGB, &a.AssetsGrowthGB, &a.BackupsGB, &a.BackupsGrowthGB, &a.AuditGB} {
		*f *= s.data
	}
	return a, nil
}

// Parse returns the assumptions of a stack in environment whose Key is raw ("" or "{}":
// unset): the environment's defaults overridden by raw's fields. The errors name each bad
// field; callers prefix the key.
func Parse(environment, raw string) (Assumptions, []error) {
	a, err := Defaults(environment)
	if err != nil {
		return a, []error{err}
	}
	if raw == "" || raw == "{}" {
		return a, nil
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return a, []error{fmt.Errorf("is not an object of %s: %v", strings.Join(fields(), ", "), err)}
	}
	return a, a.validate()
}

// For returns a stack's assumptions from its config map, every problem in one error that
// names Key.
func For(config map[string]string) (Assumptions, error) {
	a, errs := Parse(config["saleor:environment"], config[Key])
	for i, e := range errs {
		errs[i] = fmt.Errorf("%s: %w", Key, e)
	}
	return a, errors.Join(errs...)
}

// validate reports every negative figure, and shares outside 0..1, naming the field.
func (a Assumptions) validate() []error {
	var errs []error
	v := reflect.ValueOf(a)
	for i := range v.NumField() {
		name := strings.Split(v.Type().Field(i).Tag.Get("json"), ",")[0]
		var f float64
		switch x := v.Field(i).Interface().(type) {
		case float64:
			f = x
		case int:
			f = float64(x)
		}
		if f < 0 {
			errs = append(errs, fmt.Errorf("%s: %v is negative", name, f))
		}
		if strings.HasSuffix(name, "Share") && f > 1 {
			errs = append(errs, fmt.Errorf("%s: %v is a share, 0 to 1", name, f))
		}
	}
	if a.HorizonMonths < 1 {
		errs = append(errs, fmt.Errorf("horizonMonths: %d, want at least 1", a.HorizonMonths))
	}
	return errs
}

func fields() []string {
	t := reflect.TypeOf(Assumptions{})
	out := make([]string, t.NumField())
	for i := range t.NumField() {
		out[i] = strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
	}
	return out
}
