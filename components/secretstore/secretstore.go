// Package secretstore keeps generated credentials (passwords, tokens, keys, connection URLs)
// in Secrets Manager, so every tier stores them the same way: KMS-encrypted with the secrets
// key and never a plain string in Pulumi's state.
package secretstore

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Args describes one secret.
type Args struct {
	// NamePrefix starts the secret's name; AWS appends a unique suffix, so a replaced secret
	// never collides with one still in its recovery window. Defaults to "": auto-named.
	NamePrefix string
	// Description says what the secret holds.
	Description pulumi.StringInput
	// KMSKeyArn encrypts the secret: the region's secrets key. Required.
	KMSKeyArn pulumi.StringInput
	// Value is the secret's value; it is marked secret whatever its origin.
	Value pulumi.StringInput
	// RecoveryWindowDays is how long a deleted secret can still be restored, 7 to 30 days.
	// Defaults to 30 days.
	RecoveryWindowDays int
	// Replicas are other regions that keep a read-only copy of the secret, each encrypted
	// with a key of its own region; Secrets Manager keeps them in sync. Defaults to none.
	Replicas []Replica
}

// Replica is a region a secret is replicated to and the key that encrypts it there.
type Replica struct {
	// Region is the replica's region. Required.
	Region string
	// KMSKeyArn is the secrets key of that region (Secrets Manager needs a key of the
	// replica's region). Required.
	KMSKeyArn pulumi.StringInput
}

// ReplicaArn returns the ARN a replica of the secret arn has in region: the same ARN with
// the region replaced (Secrets Manager keeps the name and suffix).
func ReplicaArn(arn pulumi.StringInput, region string) pulumi.StringOutput {
	return arn.ToStringOutput().ApplyT(func(a string) (string, error) {
		parts := strings.SplitN(a, ":", 5)
		if len(parts) < 5 || parts[2] != "secretsmanager" {
			return "", fmt.Errorf("%q is not a Secrets Manager secret ARN", a)
		}
		parts[3] = region
		return strings.Join(parts, ":"), nil
	}).(pulumi.StringOutput)
}

// New creates the secret and its current version, and returns the secret's ARN (what task
// definitions name in valueFrom), taken from the version so that whatever reads the ARN
// waits until the secret has its value. Options such as pulumi.Protect apply to the secret.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (pulumi.StringOutput, error) {
	secretArgs := &secretsmanager.SecretArgs{
		Description: args.Description,
		KmsKeyId:    args.KMSKeyArn,
	}
	if args.NamePrefix != "" {
		secretArgs.NamePrefix = pulumi.String(args.NamePrefix)
	}
	if args.RecoveryWindowDays != 0 {
		secretArgs.RecoveryWindowInDays = pulumi.Int(args.RecoveryWindowDays)
	}
	if len(args.Replicas) > 0 {
		var replicas secretsmanager.SecretReplicaArray
		for _, r := range args.Replicas {
			replicas = append(replicas, secretsmanager.SecretReplicaArgs{Region: pulumi.String(r.Region), KmsKeyId: r.KMSKeyArn})
		}
		secretArgs.Replicas = replicas
	}
	secret, err := secretsmanager.NewSecret(ctx, name, secretArgs, opts...)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	version, err := secretsmanager.NewSecretVersion(ctx, name, &secretsmanager.SecretVersionArgs{
		SecretId:     secret.ID(),
		SecretString: pulumi.ToSecret(args.Value).(pulumi.StringOutput),
	}, opts...)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	return version.Arn, nil
}
