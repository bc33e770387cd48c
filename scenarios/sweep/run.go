package sweep

import (
	"context"
	"errors"

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
	weights := make([]float64, len(units))
	var total float64
	for i, u := range units { // compile every point first: bad points fail before any run
		q, err := plan.PlanFor(u)
		if err != nil {
			return nil, err
		}
		plans[i] = q
		weights[i] = runner.Work(q.ExpectedArrivals(), len(q.Platforms))
		total += weights[i]
	}
	out := make([]UnitResult, len(units))
	ok := make([]bool, len(units))
	var done float64
	err := runner.Each(ctx, len(units), workers, func(i int) error {
		res, err := runner.Run(plans[i], runner.Options{Context: ctx})
		if err != nil {
			return err
		}
		out[i], ok[i] = UnitResult{Unit: units[i], Summary: summary.Of(res, false)}, true
		return nil
	}, func(i int, err error) {
		done += weights[i]
		if progress != nil {
			progress(done, total)
		}
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		return nil, err
	}
	var finished []UnitResult
	for i := range out {
		if ok[i] {
			finished = append(finished, out[i])
		}
	}
	return finished, err
}
