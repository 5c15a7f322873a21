package stacks

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// SearchConfig is saleor:search, the optional OpenSearch domain of the stack's region. Off by
// default: Saleor 3.x searches products with PostgreSQL, so a stock Saleor never calls it.
type SearchConfig struct {
	// Enabled creates the domain (components/search), sized by saleor:sizing and laid out
	// by saleor:ha.
	Enabled bool `json:"enabled"`
	// CreateServiceLinkedRole creates the account's AWSServiceRoleForAmazonOpenSearchService,
	// which OpenSearch Service needs before it places a domain in a VPC: set it on the first
	// stack of an account that enables search, unless the account has the role already.
	CreateServiceLinkedRole bool `json:"createServiceLinkedRole"`
}

func readSearch(s *source, c *Config) {
	s.object("saleor:search", &c.Search)
	if c.Search.CreateServiceLinkedRole && !c.Search.Enabled {
		s.problems.add("saleor:search", "createServiceLinkedRole is true but enabled is not: the role is made with the stack's first domain; set enabled: true, or drop createServiceLinkedRole")
	}
}

// searchDomainName names the stack's search domain "<project>-<stack>-search". OpenSearch
// allows 3 to 28 lower-case letters, digits and hyphens, starting with a letter, unique in
// the account's region: a longer name is cut and keeps 4 hex digits of the full one's hash,
// so two stacks never share it.
func searchDomainName(c *Config) string {
	const maxLen, suffix = 28, "-search"
	name := c.namePrefix()
	if len(name)+len(suffix) > maxLen {
		cut := maxLen - len(suffix) - len("-0000")
		name = strings.TrimRight(name[:cut], "-") + "-" + shortDigest(name)
	}
	return name + suffix
}

// shortDigest is 4 hex digits of s's SHA-256.
func shortDigest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:2])
}
