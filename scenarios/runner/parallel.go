package runner

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
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
	for _, err := range errs {
		if err != nil && ctx.Err() == nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		// a real failure still wins over the interruption
		for _, e := range errs {
			if e != nil && !isCanceled(e) {
				return e
			}
		}
		return fmt.Errorf("interrupted: %w", err)
	}
	return nil
}

// Progress reports work done out of the total, in expected requests, so
// that a point of ten times the traffic weighs ten times as much in an ETA.
type Progress func(done, total float64)

// Work is the expected work of running a plan: its requests times its
// platforms (at least 1, so that an idle point still counts).
func Work(expectedArrivals float64, platforms int) float64 {
	return max(expectedArrivals, 1) * float64(max(platforms, 1))
}
