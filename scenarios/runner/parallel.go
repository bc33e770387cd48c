package runner

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// ForEach calls run(i) for i in [0, n) on up to workers goroutines. Each
// result goes to its own index, so the outcome never depends on which
// goroutine finishes first. progress, when set, is called after each call
// with the count done, never concurrently. The first error by index wins.
func ForEach(n, workers int, run func(i int) error, progress func(done int)) error {
	errs := make([]error, n)
	var next, done atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range max(1, min(workers, n)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				func() {
					defer recoverInto(&errs[i], fmt.Sprintf("run %d", i))
					errs[i] = run(i)
				}()
				d := done.Add(1)
				if progress != nil {
					mu.Lock()
					progress(int(d))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
