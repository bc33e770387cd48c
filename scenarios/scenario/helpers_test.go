package scenario_test

import (
	"github.com/execsim/execsim/scenarios/platforms"
	lambdaplatform "github.com/execsim/execsim/scenarios/platforms/lambda"
	"github.com/execsim/execsim/scenarios/scenario"
)

// registry is execsim's own platforms.
var registry = platforms.Default()

// parse compiles scenario text with registry.
func parse(src string) (*scenario.Plan, error) {
	return scenario.Parse([]byte(src), nil, registry)
}

// lambdaConfig is a plan's compiled lambda: section.
func lambdaConfig(p *scenario.Plan) *lambdaplatform.Config {
	return p.Config(lambdaplatform.Name).(*lambdaplatform.Config)
}
