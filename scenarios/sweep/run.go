package sweep

import (
	"context"

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
// progress, when set, is told the work done after each unit, weighted by
// each unit's expected requests. When ctx ends the sweep early, Run
// returns the units that finished, in order, and an error wrapping
// context.Canceled.
func Run(ctx context.Context, plan *scenario.Plan, units []scenario.Unit, workers int, progress runner.Progress) ([]UnitResult, error) {
	plans := make([]*scenario.Plan, len(units))
	for i, u := range units { // compile every point first: bad points fail before any run
		q, err := plan.PlanFor(u)
		if err != nil {
			return nil, err
		}
		plans[i] = q
	}
	return runner.RunAll(ctx, plans, workers, progress, func(i int, res *runner.Result) UnitResult {
		return UnitResult{Unit: units[i], Summary: summary.Of(res, false)}
	})
}
