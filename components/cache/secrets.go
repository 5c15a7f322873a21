package cache

import (
	"net"
	"net/url"
	"strconv"

	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// tokenSpecials are the only punctuation characters ElastiCache accepts in an AUTH token.
const tokenSpecials = "!&#$^<>-"

// newAuthToken generates a role's AUTH token: 64 printable characters (ElastiCache takes
// 16 to 128), letters, digits and tokenSpecials. Its result is secret.
func newAuthToken(ctx *pulumi.Context, name string, opts ...pulumi.ResourceOption) (*random.RandomPassword, error) {
	return random.NewRandomPassword(ctx, name+"-auth-token", &random.RandomPasswordArgs{
		Length:          pulumi.Int(64),
		Special:         pulumi.Bool(true),
		OverrideSpecial: pulumi.String(tokenSpecials),
		MinLower:        pulumi.Int(1),
		MinUpper:        pulumi.Int(1),
		MinNumeric:      pulumi.Int(1),
		MinSpecial:      pulumi.Int(1),
	}, opts...)
}

// connectionURL is a role's URL, rediss://:<token>@<host>:6379/0 with the token
// percent-encoded: TLS, AUTH without a user name, database 0. It is secret.
func connectionURL(token, host pulumi.StringOutput) pulumi.StringOutput {
	return pulumi.ToSecret(pulumi.All(token, host).ApplyT(func(v []any) string {
		u := url.URL{
			Scheme: "rediss",
			User:   url.UserPassword("", v[0].(string)),
			Host:   net.JoinHostPort(v[1].(string), strconv.Itoa(Port)),
			Path:   "/0",
		}
		return u.String()
	})).(pulumi.StringOutput)
}
