package scenarios

// UnitResult is one finished run of a sweep.
type UnitResult struct {
	Unit    Unit
	Summary Summary
}

// RunUnits runs the units on up to workers goroutines. Results come back in
// the units' order whatever the number of workers or which finishes first,
// so everything written from them is byte-identical for any --workers.
// progress, when set, is called after each unit with the count done.
func RunUnits(plan *Plan, units []Unit, workers int, progress func(done int)) ([]UnitResult, error) {
	plans := make([]*Plan, len(units))
	for i, u := range units { // compile every point first: bad points fail before any run
		q, err := plan.PlanFor(u)
		if err != nil {
			return nil, err
		}
		plans[i] = q
	}
	out := make([]UnitResult, len(units))
	err := forEach(len(units), workers, func(i int) error {
		res, err := Run(plans[i], Options{})
		if err != nil {
			return err
		}
		out[i] = UnitResult{Unit: units[i], Summary: res.Summary(false)}
		return nil
	}, progress)
	if err != nil {
		return nil, err
	}
	return out, nil
}
