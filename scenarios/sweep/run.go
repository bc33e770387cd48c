package sweep

import (
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
)

// UnitResult is one finished run of a sweep.
type UnitResult struct {
	Unit    scenario.Unit
	Summary summary.Summary
}

// Run runs the units on up to workers goroutines. Results come back in
// the units' order whatever the number of workers or which finishes first.
// progress, when set, is called after each unit with the count done.
func Run(plan *scenario.Plan, units []scenario.Unit, workers int, progress func(done int)) ([]UnitResult, error) {
	plans := make([]*scenario.Plan, len(units))
	for i, u := range units { // compile every point first: bad points fail before any run
		q, err := plan.PlanFor(u)
		if err != nil {
			return nil, err
		}
		plans[i] = q
	}
	out := make([]UnitResult, len(units))
	err := runner.ForEach(len(units), workers, func(i int) error {
		res, err := runner.Run(plans[i], runner.Options{})
		if err != nil {
			return err
		}
		out[i] = UnitResult{Unit: units[i], Summary: summary.Of(res, false)}
		return nil
	}, progress)
	if err != nil {
		return nil, err
	}
	return out, nil
}
