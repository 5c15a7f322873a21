// Package catalog holds the facts about AWS that the program sizes and validates against:
// the commercial regions, the Fargate CPU/memory pairs, the RDS, ElastiCache and OpenSearch
// instance classes, the country codes AWS WAF matches, and the production baseline that the
// sizing percentages scale.
//
// It is plain data and pure functions, so the stack config, the components and the tests
// all read the same tables.
package catalog
