// Package awsenv tells a component where it runs: the account, partition and region of the
// AWS provider it was given, so no component hard-codes them.
package awsenv

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Environment is where a component runs, as its AWS provider reports it.
type Environment struct {
	Account, Partition, Region string
	// DNSSuffix is the partition's service domain, e.g. "amazonaws.com".
	DNSSuffix string
}

// Lookup asks the provider selected by opts (usually pulumi.Parent(component)) for the
// account, partition and region.
func Lookup(ctx *pulumi.Context, opts ...pulumi.InvokeOption) (Environment, error) {
	identity, err := aws.GetCallerIdentity(ctx, nil, opts...)
	if err != nil {
		return Environment{}, err
	}
	partition, err := aws.GetPartition(ctx, nil, opts...)
	if err != nil {
		return Environment{}, err
	}
	region, err := aws.GetRegion(ctx, nil, opts...)
	if err != nil {
		return Environment{}, err
	}
	return Environment{identity.AccountId, partition.Partition, region.Name, partition.DnsSuffix}, nil
}

// ServiceHost is a regional service's endpoint name, as kms:ViaService sees it:
// "s3.eu-central-1.amazonaws.com".
func (e Environment) ServiceHost(service string) string {
	return fmt.Sprintf("%s.%s.%s", service, e.Region, e.DNSSuffix)
}

// RootARN is the account's root principal.
func (e Environment) RootARN() string {
	return fmt.Sprintf("arn:%s:iam::%s:root", e.Partition, e.Account)
}
