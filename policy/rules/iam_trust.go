package rules

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// The OIDC issuers whose subjects the trust rule reads, as IAM names them: the provider URL
// without https://, which also prefixes their condition keys.
const (
	githubIssuer = "token.actions.githubusercontent.com"
	pulumiIssuer = "api.pulumi.com/oidc"
)

// Subjects that name one repository or one organisation and project, with no wildcard in
// those parts (what follows them may be a pattern):
//   - GitHub Actions (default subject template): repo:<owner>/<repo>:<context>
//   - Pulumi Deployments: pulumi:deploy:org:<org>:project:<project>:...
//   - Pulumi ESC, default: pulumi:environments:org:<org>:env:<project>/<environment>; a stack
//     that imports an environment sends env:<yaml>, which names none
//   - Pulumi ESC with subjectAttributes: pulumi:environments:pulumi.organization.login:<org>:
//     currentEnvironment.name:<project>/<environment> (or rootEnvironment.name)
var (
	githubSubject = regexp.MustCompile(`^repo:[^/:*?]+/[^/:*?]+:.+$`)
	pulumiSubject = regexp.MustCompile(`^pulumi:(deploy:org:[^:*?]+:project:[^:*?]+:.+` +
		`|environments:org:[^:*?]+:env:[^/:*?]+/.+` +
		`|environments:pulumi\.organization\.login:[^:*?]+:(currentEnvironment|rootEnvironment)\.name:[^/:*?]+/.+)$`)
)

// trustRule: a role that trusts an OIDC identity provider must say which tokens: the
// provider's audience and a subject naming one repository (GitHub) or one organisation and
// project (Pulumi Cloud); for another provider, some subject that is not only a wildcard.
var trustRule = resourceRule{
	name: "iam-oidc-trust-scoped",
	description: "IAM roles that trust an OIDC provider require its aud and a sub naming one GitHub repository " +
		"(repo:<owner>/<repo>:...) or one Pulumi organisation and project, never any [CKV_AWS_358]",
	level: mandatory,
	types: []string{"aws:iam/role:Role"},
	check: onProps(func(p property.Map, r *report) {
		doc, ok := jsonDoc(p, "assumeRolePolicy")
		if !ok {
			r.addf("assumeRolePolicy is not valid JSON")
			return
		}
		show := strconv.Quote
		if get(p, "assumeRolePolicy").v.Secret() {
			show = func(string) string { return "[secret]" }
		}
		for i, stmt := range get(doc.obj(), "Statement").maps() {
			if get(stmt, "Effect").str() != "Allow" || (value{property.New(stmt)}).hasUnknown() {
				continue
			}
			for _, issuer := range oidcIssuers(stmt) {
				checkOIDCTrust(i, issuer, stmt, show, r)
			}
		}
	}),
}

// oidcIssuers returns the OIDC providers a statement's Federated principal names: the part
// of an oidc-provider ARN after "oidc-provider/", or a provider named directly
// (accounts.google.com); SAML providers are not OIDC.
func oidcIssuers(stmt property.Map) []string {
	var out []string
	for _, f := range get(stmt, "Principal", "Federated").strs() {
		switch {
		case strings.Contains(f, ":saml-provider/"):
		case strings.Contains(f, ":oidc-provider/"):
			out = append(out, f[strings.Index(f, ":oidc-provider/")+len(":oidc-provider/"):])
		case f != "":
			out = append(out, f)
		}
	}
	return out
}

// checkOIDCTrust reports a statement trusting issuer without an audience, or for subjects
// that do not name who may assume the role; show prints a subject (never a secret's).
func checkOIDCTrust(i int, issuer string, stmt property.Map, show func(string) string, r *report) {
	aud, sub := constraints(stmt, issuer+":aud"), constraints(stmt, issuer+":sub")
	if !someSpecific(aud, func(v string) bool { return strings.Trim(v, "*?") != "" }) {
		r.addf("Statement[%d] trusts %s without an aud condition (StringEquals %q)", i, issuer, issuer+":aud")
	}
	var specific func(string) bool
	var want string
	switch issuer {
	case githubIssuer:
		specific, want = githubSubject.MatchString, "repo:<owner>/<repo>:..., no wildcard in owner or repo"
	case pulumiIssuer:
		specific, want = pulumiSubject.MatchString, "pulumi:deploy:org:<org>:project:<project>:... or an ESC environment <project>/<env> of <org>"
	default:
		specific, want = func(v string) bool { return strings.Trim(v, "*?") != "" }, "a subject that is not only a wildcard"
	}
	switch {
	case len(sub) == 0:
		r.addf("Statement[%d] trusts any subject of %s: no StringEquals or StringLike condition on %q", i, issuer, issuer+":sub")
	case !someSpecific(sub, specific):
		r.addf("Statement[%d] trusts %s subject %s; want %s", i, issuer, show(unspecific(sub, specific)), want)
	}
}

// constraints returns, for each condition that bounds key to listed values (StringEquals,
// StringLike, their IgnoreCase and ForAnyValue forms), its values. Negated operators,
// ...IfExists and ForAllValues: (true when the key is absent) bound nothing.
func constraints(stmt property.Map, key string) [][]string {
	var out [][]string
	for op, conds := range get(stmt, "Condition").obj().All {
		op = strings.TrimPrefix(op, "ForAnyValue:")
		switch op {
		case "StringEquals", "StringLike", "StringEqualsIgnoreCase":
		default:
			continue
		}
		if !conds.IsMap() {
			continue
		}
		for k, v := range conds.AsMap().All {
			if strings.EqualFold(k, key) {
				out = append(out, value{v}.strs())
			}
		}
	}
	return out
}

// unspecific returns the first value of the conditions that is not specific ("" for a
// condition without values).
func unspecific(conds [][]string, specific func(string) bool) string {
	for _, values := range conds {
		for _, v := range values {
			if !specific(v) {
				return v
			}
		}
	}
	return ""
}

// someSpecific reports whether one of the conditions (all of which must hold) admits only
// specific values: at least one value, each of them specific.
func someSpecific(conds [][]string, specific func(string) bool) bool {
	for _, values := range conds {
		ok := len(values) > 0
		for _, v := range values {
			ok = ok && specific(v)
		}
		if ok {
			return true
		}
	}
	return false
}
