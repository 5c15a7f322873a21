package rules

import "slices"

// defaultStandbyTag marks the resources of a runtime that waits to take over from another
// region (a disaster-recovery region's, before failover); its value says how it waits.
const defaultStandbyTag = "Standby"

// standbyModes are the values of the standby tag that exempt a resource from the multi-AZ
// minimums: it serves nothing until failover brings it to the stack's HA.
var standbyModes = []string{"pilot-light", "warm"}

// standbySchema is the config of the rules a standby runtime is exempt from.
func standbySchema() map[string]map[string]any {
	return map[string]map[string]any{
		"standbyTag": stringOption("Tag marking a standby runtime's resources, valued pilot-light or warm: they may run "+
			"below the multi-AZ minimums until failover. Defaults to Standby.", defaultStandbyTag),
	}
}

// standingBy reports whether the resource carries the standby tag with a standby mode; an
// unknown tag is decided at update, like every unknown value.
func standingBy(in input) bool {
	v := tagsOf(in).get(in.config.str("standbyTag"))
	return v.unknown() || slices.Contains(standbyModes, v.str())
}
