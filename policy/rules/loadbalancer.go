package rules

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

const (
	loadBalancer       = "aws:lb/loadBalancer:LoadBalancer"
	loadBalancerALB    = "aws:alb/loadBalancer:LoadBalancer" // alias module of lb
	lbListener         = "aws:lb/listener:Listener"
	lbListenerALB      = "aws:alb/listener:Listener"
	tls13PolicyPrefix  = "ELBSecurityPolicy-TLS13-1-2-"
	exposureInternet   = "internet"
	exposureInternal   = "internal"
	defaultExposureTag = "Exposure"
)

var (
	loadBalancers = []string{loadBalancer, loadBalancerALB}
	lbListeners   = []string{lbListener, lbListenerALB}
)

// applicationOnly restricts a check to application load balancers (loadBalancerType not set
// or "application"); an unknown type is decided at update.
func applicationOnly(check func(p property.Map, r *report)) func(in input, r *report) {
	return func(in input, r *report) {
		if t := get(in.props, "loadBalancerType"); t.absent() || t.str() == "application" {
			check(in.props, r)
		}
	}
}

// listenerProtocol is the listener's protocol, HTTP when not set (the ALB default).
func listenerProtocol(p property.Map) value {
	if v := get(p, "protocol"); !v.absent() {
		return v
	}
	return value{property.New("HTTP")}
}

var loadBalancerRules = []resourceRule{
	{
		name:        "alb-drop-invalid-headers",
		description: "Application load balancers drop invalid HTTP header fields [FSBP ELB.4, CKV_AWS_131]",
		level:       mandatory,
		types:       loadBalancers,
		check:       applicationOnly(func(p property.Map, r *report) { r.requireTrue(p, "dropInvalidHeaderFields") }),
	},
	{
		name:        "alb-desync-mitigation",
		description: "Application load balancers use the defensive or strictest desync mitigation mode [FSBP ELB.12, CKV_AWS_328]",
		level:       mandatory,
		types:       loadBalancers,
		check: applicationOnly(func(p property.Map, r *report) {
			r.requireOneOfIfSet(p, []string{"defensive", "strictest"}, "desyncMitigationMode")
		}),
	},
	{
		name:        "lb-access-logs",
		description: "Load balancers write access logs to S3 [FSBP ELB.5, CKV_AWS_91]",
		level:       mandatory,
		types:       loadBalancers,
		check: onProps(func(p property.Map, r *report) {
			r.requireTrue(p, "accessLogs", "enabled")
			r.requireSet(p, "accessLogs", "bucket")
		}),
	},
	{
		name:        "lb-deletion-protection",
		description: "Load balancers have deletion protection enabled [FSBP ELB.6, CKV_AWS_150]",
		level:       mandatory,
		types:       loadBalancers,
		check:       onProps(func(p property.Map, r *report) { r.requireTrue(p, "enableDeletionProtection") }),
	},
	{
		name:        "lb-multi-az",
		description: "Load balancers span at least 2 subnets (AZs) [FSBP ELB.13]",
		level:       mandatory,
		types:       loadBalancers,
		check: onProps(func(p property.Map, r *report) {
			if get(p, "subnetMappings").empty() {
				r.requireCountAtLeast(p, 2, "subnets")
			} else {
				r.requireCountAtLeast(p, 2, "subnetMappings")
			}
		}),
	},
	{
		name: "lb-exposure-as-declared",
		description: "Load balancers declare their intended exposure in a tag (exposureTag: internet or internal) and " +
			"are internal exactly when it says internal [WA SEC05-BP01]",
		level: advisory,
		types: loadBalancers,
		schema: schema(map[string]map[string]any{
			"exposureTag": stringOption("Tag declaring a load balancer's intended exposure. Defaults to Exposure.",
				defaultExposureTag),
		}),
		check: func(in input, r *report) {
			key := in.config.str("exposureTag")
			declared, internal := tagsOf(in).get(key), get(in.props, "internal")
			switch {
			case declared.unknown() || internal.unknown():
			case !declared.oneOf(exposureInternet, exposureInternal):
				r.addf("tag %s must be %q or %q (is %s)", key, exposureInternet, exposureInternal, declared)
			case declared.str() == exposureInternal && !internal.isTrue():
				r.addf("internal must be true: tag %s declares it internal", key)
			case declared.str() == exposureInternet && internal.isTrue():
				r.addf("internal is true but tag %s declares it internet-facing", key)
			}
		},
	},
	{
		name: "lb-listener-tls13-policy",
		description: "HTTPS/TLS listeners use an ELBSecurityPolicy-TLS13-1-2-* policy and a certificate " +
			"[FSBP ELB.17, CKV_AWS_103]",
		level: mandatory,
		types: lbListeners,
		check: onProps(func(p property.Map, r *report) {
			if !listenerProtocol(p).oneOf("HTTPS", "TLS") {
				return
			}
			if policy := get(p, "sslPolicy"); !policy.unknown() && !strings.HasPrefix(policy.str(), tls13PolicyPrefix) {
				r.addf("sslPolicy must start with %q (is %s)", tls13PolicyPrefix, policy)
			}
			r.requireSet(p, "certificateArn")
		}),
	},
	{
		name:        "lb-listener-http-redirects",
		description: "HTTP listeners only redirect to HTTPS [FSBP ELB.1, CKV_AWS_2, CKV2_AWS_20]",
		level:       mandatory,
		types:       lbListeners,
		check: onProps(func(p property.Map, r *report) {
			if !listenerProtocol(p).oneOf("HTTP") {
				return
			}
			actions := get(p, "defaultActions")
			if actions.unknown() {
				return
			}
			for _, a := range actions.maps() {
				switch t := get(a, "type"); {
				case t.unknown():
				case !t.oneOf("redirect"):
					r.addf("defaultActions must only redirect (found type %s)", t)
				default:
					r.requireOneOf(a, []string{"HTTPS"}, "redirect", "protocol")
				}
			}
			if len(actions.items()) == 0 {
				r.addf("defaultActions must redirect to HTTPS")
			}
		}),
	},
}
