package compute

import (
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi-tls/sdk/v5/go/tls"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/saleor-platform/infra/components/secretstore"
)

const (
	// secretKeyLength is the length of Django's SECRET_KEY (Django generates 50).
	secretKeyLength = 64
	// rsaKeyBits is the size of the key Saleor signs its JWTs with (RS256).
	rsaKeyBits = 4096
)

// newGeneratedSecrets returns Secrets.Shared when given; otherwise it generates what Saleor
// needs and nobody supplies: Django's SECRET_KEY and
// the RSA_PRIVATE_KEY that signs Saleor's JWTs (Saleor refuses to start without it when DEBUG
// is off). Each is kept in Secrets Manager under the secrets key; the result maps variable
// names to secret ARNs. Replacing either signs every user out, so both are protected with the
// tier's DeletionProtection.
func newGeneratedSecrets(ctx *pulumi.Context, name string, a *ComputeArgs, opts ...pulumi.ResourceOption) (map[string]pulumi.StringInput, error) {
	if shared := a.Secrets.Shared; shared != nil {
		return map[string]pulumi.StringInput{envSecretKey: shared.SecretKey, envRSAPrivateKey: shared.RSAPrivateKey}, nil
	}
	secretKey, err := random.NewRandomPassword(ctx, name+"-secret-key", &random.RandomPasswordArgs{
		Length:          pulumi.Int(secretKeyLength),
		OverrideSpecial: pulumi.String("!#%&*()-_=+[]{}<>:?"),
	}, opts...)
	if err != nil {
		return nil, err
	}
	jwtKey, err := tls.NewPrivateKey(ctx, name+"-jwt-key", &tls.PrivateKeyArgs{
		Algorithm: pulumi.String("RSA"),
		RsaBits:   pulumi.Int(rsaKeyBits),
	}, opts...)
	if err != nil {
		return nil, err
	}
	recoveryDays := 7
	if a.DeletionProtection {
		recoveryDays = 30
	}
	store := func(suffix, what string, value pulumi.StringOutput) (pulumi.StringOutput, error) {
		return secretstore.New(ctx, name+"-"+suffix, secretstore.Args{
			Description:        pulumi.Sprintf("%s of %s", what, a.NamePrefix),
			KMSKeyArn:          a.Keys.Secrets,
			Value:              value,
			RecoveryWindowDays: recoveryDays,
			Replicas:           a.SharedSecretReplicas,
		}, append(opts, pulumi.Protect(a.DeletionProtection))...)
	}
	secretKeyArn, err := store("secret-key", "Django SECRET_KEY", secretKey.Result)
	if err != nil {
		return nil, err
	}
	jwtKeyArn, err := store("jwt-key", "Saleor RSA_PRIVATE_KEY (JWT signing)", jwtKey.PrivateKeyPem)
	if err != nil {
		return nil, err
	}
	return map[string]pulumi.StringInput{envSecretKey: secretKeyArn, envRSAPrivateKey: jwtKeyArn}, nil
}
