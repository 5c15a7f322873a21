package database

import (
	"encoding/json"
	"errors"
	"net"
	"net/url"
	"strconv"

	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// passwordSpecials are the punctuation characters of the master password: printable ASCII
// that RDS accepts (it refuses '/', '@', '"', '\” and space). URLs carry it percent-encoded.
const passwordSpecials = "!#$%&*()-_=+[]{}<>:?"

// newMasterPassword generates the master user's password (secret: only its bcrypt hash and
// the secret result are stored in state). RDS takes 8 to 128 characters.
func newMasterPassword(ctx *pulumi.Context, name string, opts ...pulumi.ResourceOption) (*random.RandomPassword, error) {
	return random.NewRandomPassword(ctx, name+"-master-password", &random.RandomPasswordArgs{
		Length:          pulumi.Int(40),
		Special:         pulumi.Bool(true),
		OverrideSpecial: pulumi.String(passwordSpecials),
		MinLower:        pulumi.Int(1),
		MinUpper:        pulumi.Int(1),
		MinNumeric:      pulumi.Int(1),
		MinSpecial:      pulumi.Int(1),
	}, opts...)
}

// connectionURL is the DATABASE_URL of the host: postgres://saleor:<password>@<host>:5432/saleor
// with the password percent-encoded and TLS required. It is secret.
func connectionURL(password, host pulumi.StringOutput) pulumi.StringOutput {
	return pulumi.ToSecret(pulumi.All(password, host).ApplyT(func(v []any) string {
		u := url.URL{
			Scheme:   "postgres",
			User:     url.UserPassword(masterUsername, v[0].(string)),
			Host:     net.JoinHostPort(v[1].(string), strconv.Itoa(Port)),
			Path:     "/" + databaseName,
			RawQuery: "sslmode=require",
		}
		return u.String()
	})).(pulumi.StringOutput)
}

// withHost is url (a DATABASE_URL, secret) with its host replaced by host, port kept. It is
// secret.
func withHost(u pulumi.StringInput, host pulumi.StringOutput) pulumi.StringOutput {
	return pulumi.ToSecret(pulumi.All(u, host).ApplyT(func(v []any) (string, error) {
		parsed, err := url.Parse(v[0].(string))
		if err != nil {
			// url.Parse's error quotes the URL, password included: say only that it failed.
			return "", errors.New("the primary's DATABASE_URL is not a URL")
		}
		parsed.Host = net.JoinHostPort(v[1].(string), parsed.Port())
		return parsed.String(), nil
	})).(pulumi.StringOutput)
}

// masterCredentials is the master secret's JSON in the shape of Secrets Manager's RDS
// secrets, so AWS's rotation functions can take it over. It is secret.
func masterCredentials(password, host, identifier pulumi.StringOutput) pulumi.StringOutput {
	return pulumi.ToSecret(pulumi.All(password, host, identifier).ApplyT(func(v []any) (string, error) {
		b, err := json.Marshal(map[string]any{
			"engine":               engine,
			"host":                 v[1],
			"port":                 Port,
			"username":             masterUsername,
			"password":             v[0],
			"dbname":               databaseName,
			"dbInstanceIdentifier": v[2],
		})
		return string(b), err
	})).(pulumi.StringOutput)
}
