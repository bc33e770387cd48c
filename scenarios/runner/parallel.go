package runner

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/execsim/execsim/scenarios/scenario"
)

// ForEach calls run(i) for i in [0, n) on up to workers goroutines. Each
// result goes to its own index, so the outcome never depends on which
// goroutine finishes first. progress, when set, is called after each call
// with the count done, never concurrently. The first error by index wins.
func ForEach(n, workers int, run func(i int) error, progress func(done int)) error {
	done := 0
	return Each(context.Background(), n, workers, run, func(int, error) {
		done++
		if progress != nil {
			progress(done)
		}
	})
}

// Each is ForEach that stops starting calls once ctx is done, and tells
// finished(i, err) after each call (never concurrently). When ctx ends the
// work early its error is returned (errors.Is(err, context.Canceled)); the
// calls that finished have their results in place.
func Each(ctx context.Context, n, workers int, run func(i int) error, finished func(i int, err error)) error {
	errs := make([]error, n)
	var next atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range max(1, min(workers, n)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				func() {
					defer recoverInto(&errs[i], fmt.Sprintf("run %d", i))
					errs[i] = run(i)
				}()
				if finished != nil {
					mu.Lock()
					finished(i, errs[i])
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	// interrupted only if something was left undone: a context that ends
	// as the last call finishes interrupts nothing
	interrupted := ctx.Err() != nil && (next.Load() < int64(n) || slices.ContainsFunc(errs, isCanceled))
	for _, err := range errs {
		if err != nil && !interrupted {
			return err
		}
	}
	if interrupted {
		err := ctx.Err()
		// a real failure still wins over the interruption
		for _, e := range errs {
			if e != nil && !isCanceled(e) {
				return e
			}
		}
		// the caller says how far the work got; the cause alone here
		return err
	}
	return nil
}

// Progress reports work done out of the total, in expected requests, so
// that a point of ten times the traffic weighs ten times as much in an ETA.
type Progress func(done, total float64)

// Work is the expected work of running a plan: its requests times its
// runs (at least 1, so that an idle point still counts); pass
// Plan.Runs(), which counts a placement's search.
func Work(expectedArrivals float64, platforms int) float64 {
	return max(expectedArrivals, 1) * float64(max(platforms, 1))
}

// RunAll runs every plan on up to workers goroutines and returns, in the
// plans' order, what keep makes of each result. At most workers
// simulations compute at once (a gate: one per core), those of the plans
// started first before the others, and a plan's platforms read one
// arrival stream (Run): up to workers plans are under way, and the
// platforms of one that wait for a slower peer leave their cores to the
// next. progress, when set, is
// told the work done as the runs advance, each plan weighted by its
// expected requests times its runs (Plan.Runs). When ctx ends the work early, RunAll returns what
// finished, in order, and an error wrapping context.Canceled; any other
// failure returns no results and the first error by index.
func RunAll[T any](ctx context.Context, plans []*scenario.Plan, workers int, progress Progress, keep func(i int, res *Result) T) ([]T, error) {
	weights := make([]float64, len(plans))
	var total float64
	for i, p := range plans {
		weights[i] = Work(p.ExpectedArrivals(), p.Runs())
		total += weights[i]
	}
	// each plan's share done, told as its run advances through simulated
	// time (a plan of a high rate can take minutes) and set to 1 when it
	// ends; runs on several workers report at once, hence the lock
	var mu sync.Mutex
	frac := make([]float64, len(plans))
	advance := func(i int, f float64) {
		if progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		frac[i] = f
		var done float64
		for k, w := range weights {
			done += w * frac[k]
		}
		progress(done, total)
	}
	out := make([]T, len(plans))
	ok := make([]bool, len(plans))
	g := newGate(workers)
	err := Each(ctx, len(plans), workers, func(i int) error {
		opts := Options{Context: ctx, gate: g, prio: int64(i)}
		if progress != nil {
			opts.Progress = func(f float64) { advance(i, f) }
		}
		res, err := Run(plans[i], opts)
		if err == nil {
			out[i], ok[i] = keep(i, res), true
		}
		return err
	}, func(i int, _ error) { advance(i, 1) })
	if err != nil && !isCanceled(err) {
		return nil, err
	}
	var finished []T
	for i := range out {
		if ok[i] {
			finished = append(finished, out[i])
		}
	}
	return finished, err
}
