package cache

// Role is what one of the three caches holds. Each role is its own replication group, so a
// flood of API cache entries can never evict a session, and each can be sized, flushed and
// failed over alone.
type Role string

const (
	// API is Saleor's Django cache (CACHE_URL): computed GraphQL results, plugin and
	// configuration lookups. Everything in it can be recomputed.
	API Role = "api"
	// Sessions holds user and dashboard sessions. Losing it logs everyone out, so it keeps
	// daily snapshots.
	Sessions Role = "sessions"
	// Content holds rendered CMS content (pages, menus, translations). Everything in it can
	// be recomputed.
	Content Role = "content"
)

// Roles lists the roles, in creation order.
func Roles() []Role { return []Role{API, Sessions, Content} }

// TTL strategy. Entries expire by TTL, not by eviction; eviction is the safety valve when a
// cache is full. The application reads each role's default TTL, in seconds, from the SSM
// String parameter <ParameterPrefix>/cache/<role>/ttl-seconds (Store.TTLParameterArn), so
// the policy lives in one place:
//
//   - sessions: 86400 (24 h, the requirements' session lifetime); sessions are written with
//     it, so every key carries a TTL.
//   - content: 3600 (1 h, the requirements' default for content).
//   - api: 3600 (1 h, the same default).
//
// Eviction (maxmemory-policy), per role:
//
//   - api and content: allkeys-lru. They are caches: when full, the least recently used
//     entry goes, whether or not it has a TTL.
//   - sessions: volatile-lru. Only keys with a TTL may go (every session has one), least
//     recently used first, so a full store logs out its idlest users instead of refusing
//     new logins, as noeviction would (writes fail with OOM errors, so logins fail).
//     Keys written without a TTL are never evicted.
var defaultTTLSeconds = map[Role]int{API: 3600, Sessions: 86400, Content: 3600}

// roleSettings is how a role's replication group differs from the others.
type roleSettings struct {
	description    string
	evictionPolicy string
	// snapshots keeps daily snapshots for SessionSnapshotRetentionDays.
	snapshots bool
}

var settings = map[Role]roleSettings{
	API:      {"Saleor API cache (CACHE_URL)", "allkeys-lru", false},
	Sessions: {"Saleor session store", "volatile-lru", true},
	Content:  {"Saleor CMS content cache", "allkeys-lru", false},
}
