package stacks

// FailoverConfig is how a stack stands towards a region failure: whether its cross-region
// replica has been promoted to a writer, and what its disaster-recovery region runs.
type FailoverConfig struct {
	// PromoteReplica is saleor:promoteReplica: the stack's cross-region replica (a regional
	// stack's, or a primary's in its DR region) is promoted to a standalone writer in place,
	// and the application of its region writes to it.
	PromoteReplica bool
	// DRCompute is saleor:drCompute: what a primary's DR region runs of the application.
	DRCompute DRCompute
	// DrainAPI is saleor:drainApi: the stack's region leaves the API name's answers (its
	// latency record goes, its health check stays), as a region whose writer is lost does.
	DrainAPI bool
}

// DRCompute is what a primary's disaster-recovery region runs of the application.
type DRCompute string

const (
	// DROff: the DR region holds the data's copies only; failing over builds the runtime.
	DROff DRCompute = "off"
	// DRPilotLight: the whole runtime exists at zero tasks (load balancer, certificate, task
	// definitions, services, queues, caches); failing over is a scale-up.
	DRPilotLight DRCompute = "pilot-light"
	// DRWarm: the runtime runs at the stack's scaling minimum, without beat; it gets traffic
	// only as the primary region's failover partner, once that region's checks fail (its
	// database is a read replica until promoted).
	DRWarm DRCompute = "warm"
)

// drComputes are the allowed values of saleor:drCompute.
var drComputes = []DRCompute{DROff, DRPilotLight, DRWarm}

// Runs reports whether the DR region has an application runtime.
func (d DRCompute) Runs() bool { return d == DRPilotLight || d == DRWarm }

// StandbyTag marks the resources of a DR runtime that waits to take over, with its
// saleor:drCompute as value: the policy pack lets them run below the multi-AZ minimums.
const StandbyTag = "Standby"

// standbyTags are the DR runtime's extra tags: the Standby tag until a primary's is
// promoted (a regional stack's secondary region always stands by for its clients).
func (c *Config) standbyTags() map[string]string {
	if c.Failover.PromoteReplica && !c.IsRegional() {
		return nil
	}
	return map[string]string{StandbyTag: string(c.Failover.DRCompute)}
}

// readFailover reads saleor:promoteReplica and saleor:drCompute. A stack promotes only a
// replica it has: a regional stack's, or a primary's DR replica; the DR runtime needs a DR
// region, and defaults to pilot-light in production, off elsewhere.
func readFailover(s *source, c *Config) {
	f := &c.Failover
	f.PromoteReplica = s.boolean("saleor:promoteReplica", false)
	f.DrainAPI = s.boolean("saleor:drainApi", false)
	if f.PromoteReplica && !c.IsRegional() && !c.HasDisasterRecovery() {
		s.problems.add("saleor:promoteReplica", "is true, but the stack has no cross-region replica to promote: "+
			"set it on a regional stack, or on a primary with saleor:secondaryRegion")
	}
	def := DROff
	if c.HasDisasterRecovery() && c.Environment.IsProduction() {
		def = DRPilotLight
	}
	f.DRCompute = oneOf(s, "saleor:drCompute", drComputes, def)
	if f.DRCompute.Runs() && !c.HasDisasterRecovery() {
		s.problems.add("saleor:drCompute", "%q needs a disaster-recovery region (saleor:secondaryRegion); allowed here: %q", f.DRCompute, DROff)
	}
}
