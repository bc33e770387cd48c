package scenarios

import (
	"github.com/execsim/execsim/scenarios/platforms"
	lambdaplatform "github.com/execsim/execsim/scenarios/platforms/lambda"
	"github.com/execsim/execsim/scenarios/scenario"
)

// testRegistry is execsim's own platforms.
var testRegistry = platforms.Default()

// parse compiles scenario text with testRegistry.
func parse(src string) (*scenario.Plan, error) {
	return scenario.Parse([]byte(src), nil, testRegistry)
}

// lambdaConfig is a plan's compiled lambda: section.
func lambdaConfig(p *scenario.Plan) *lambdaplatform.Config {
	return p.Config(lambdaplatform.Name).(*lambdaplatform.Config)
}
