// Package ha defines the one knob every tier reads to decide how it survives the loss of an
// availability zone.
package ha

// Level is a tier's availability level.
type Level string

const (
	// SingleAZ runs one of each stateful node and one NAT gateway: losing the zone loses the
	// tier until it is restored. For environments that can be down.
	SingleAZ Level = "single-az"
	// MultiAZ runs a standby or replica of every stateful node and a NAT gateway in every
	// zone, and spreads tasks over at least two zones. Required in production.
	MultiAZ Level = "multi-az"
)

// Levels lists the valid levels.
func Levels() []Level { return []Level{SingleAZ, MultiAZ} }

// IsMultiAZ reports whether l asks for a standby in another zone.
func (l Level) IsMultiAZ() bool { return l == MultiAZ }
