// Package replacement is the one table of the inputs whose change makes the AWS provider
// replace a stateful resource (delete it and create an empty one), and the comparison that
// applies it.
//
// # Sources
//
// pulumi-aws v6.83.x is the Terraform bridge over hashicorp/terraform-provider-aws v5 (its
// last upstream upgrades took it to v5.99 in June 2025); a Pulumi replacement of a bridged
// resource is a Terraform "forces replacement": an attribute with ForceNew: true in the
// resource's schema, or one a CustomizeDiff function marks with ForceNew. Every Rule cites
// the schema file and attribute it was read from.
//
// The exact v5.99/v5.100 tree was out of reach offline (the repository is larger than a
// snapshot may be, and the Go module proxy serves no v5 tag of it), so the schemas were read
// at upstream main 1a5174b137 (2024-04-17, the v5.46.0 development line) and bracketed from
// the other side by upstream main of 2026 (v6) for ElastiCache and KMS, the types whose
// behaviour moved or could have. KMS is identical in both. ElastiCache changed twice, both
// before v5.99, and the table follows the newer behaviour: transit_encryption_enabled
// stopped forcing replacement in v5.47.0 (PR #30403), and engine in v5.73.0 (PR #39745,
// Valkey) except for a change away from Valkey (customizeDiffEngineForceNewOnDowngrade).
// The other types' attributes are as read at v5.46; re-read them when pulumi-aws moves.
// ElastiCache's node_group_configuration, which 2026 main replaces on conditionally, is
// left out: the program declares no shards.
//
// # Unknown values
//
// Terraform marks a ForceNew attribute whose planned value is unknown ("known after
// apply") as forcing replacement, and so does the bridge, so Replaces reports an input
// whose new value is computed. An input left unset is no change where the schema makes it
// Optional+Computed (the provider keeps the value it has) and a removal otherwise.
//
// # Olds
//
// Replaces compares what it is given: a stand-in provider passes the resource's prior
// state, the offline tests the inputs of two runs. An Optional+Computed input the old run
// left unset and the new one sets cannot be compared with a value AWS chose, so it is
// reported as a possible replacement.
package replacement
