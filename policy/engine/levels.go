package engine

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// levelNames are the enforcement level spellings of --policy-pack-config files.
var levelNames = map[policyx.EnforcementLevel]string{
	policyx.EnforcementLevelAdvisory:  "advisory",
	policyx.EnforcementLevelMandatory: "mandatory",
	policyx.EnforcementLevelDisabled:  "disabled",
	policyx.EnforcementLevelRemediate: "remediate",
}

// ParseLevel parses an enforcement level as written in a policy config file.
func ParseLevel(s string) (policyx.EnforcementLevel, error) {
	for level, name := range levelNames {
		if name == s {
			return level, nil
		}
	}
	return 0, fmt.Errorf("%q is not an enforcement level (advisory, mandatory, disabled, remediate)", s)
}

// LevelName spells an enforcement level as a policy config file does.
func LevelName(level policyx.EnforcementLevel) string {
	if name, ok := levelNames[level]; ok {
		return name
	}
	return fmt.Sprintf("level(%d)", int32(level))
}
