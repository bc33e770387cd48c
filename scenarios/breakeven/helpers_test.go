package breakeven_test

import (
	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/scenarios/scenario"
)

// registry is execsim's own platforms.
var registry = platforms.Default()

// parse compiles scenario text with registry.
func parse(src string) (*scenario.Plan, error) {
	return scenario.Parse([]byte(src), nil, registry)
}
