package scenarios

import (
	"sync"
	"sync/atomic"
)

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
	if workers < 1 {
		workers = 1
	}
	plans := make([]*Plan, len(units))
	for i, u := range units { // compile every point first: bad points fail before any run
		q, err := plan.PlanFor(u)
		if err != nil {
			return nil, err
		}
		plans[i] = q
	}
	out := make([]UnitResult, len(units))
	errs := make([]error, len(units))
	var next, done atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range min(workers, len(units)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(units) {
					return
				}
				res, err := Run(plans[i], Options{})
				if err != nil {
					errs[i] = err
				} else {
					out[i] = UnitResult{Unit: units[i], Summary: res.Summary(false)}
				}
				n := done.Add(1)
				if progress != nil {
					mu.Lock()
					progress(int(n))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
