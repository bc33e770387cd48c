package runner_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/runner"
)

const three = `name: i
duration: 20m
workload: {arrivals: {ratePerSecond: 20}, work: {io: "exp(mean=100ms)"}}
kubernetes: {}
lambda: {runtime: go}
pool: {servers: 4}
`

// An interrupted run stops every platform at the same simulated time and
// returns what they did, marked partial, with an error that says so.
func TestInterruptStopsEveryPlatformAtOneTime(t *testing.T) {
	plan := platformtest.Plan(t, three, platformtest.Pool{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := runner.Run(plan, runner.Options{Context: ctx, Progress: func(done float64) {
		if done > 0.3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || res == nil || !res.Partial {
		t.Fatalf("Run = %v, %v; want a partial result and context.Canceled", res, err)
	}
	d := res.Plan.Duration
	if d <= 0 || d >= plan.Duration || plan.Duration != 20*time.Minute {
		t.Fatalf("partial duration %v of %v (the plan itself must not change)", d, plan.Duration)
	}
	for _, m := range res.Platforms {
		if time.Duration(m.End) != d {
			t.Errorf("%s stopped at %v; the run at %v", m.Name, time.Duration(m.End), d)
		}
		if err := runner.CheckConservation(m.Name, m.Rec); err != nil {
			t.Error(err)
		}
		if m.Rec.Arrivals() != res.Platforms[0].Rec.Arrivals() {
			t.Errorf("%s saw %d arrivals, %s %d", m.Name, m.Rec.Arrivals(), res.Platforms[0].Name, res.Platforms[0].Rec.Arrivals())
		}
	}
	// a context ended before the start stops after the first stretch
	done, stop := context.WithCancel(context.Background())
	stop()
	res, err = runner.Run(plan, runner.Options{Context: done})
	if !errors.Is(err, context.Canceled) || res.Plan.Duration != plan.Duration/200 {
		t.Errorf("canceled before the start: %v, duration %v", err, res.Plan.Duration)
	}
}

// Each stops starting work when the context ends and says so.
func TestEachStopsStarting(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var ran []int
	err := runner.Each(ctx, 100, 1, func(i int) error {
		if i == 4 {
			cancel()
		}
		return nil
	}, func(i int, err error) { ran = append(ran, i) })
	if !errors.Is(err, context.Canceled) || len(ran) != 5 {
		t.Errorf("Each = %v after %v; want context.Canceled after 0..4", err, ran)
	}
	// a context that ends as the last call finishes interrupts nothing
	ctx, cancel = context.WithCancel(context.Background())
	if err := runner.Each(ctx, 3, 1, func(i int) error {
		if i == 2 {
			cancel()
		}
		return nil
	}, nil); err != nil {
		t.Errorf("every call finished, yet Each = %v", err)
	}
	// a real failure wins over the interruption
	ctx, cancel = context.WithCancel(context.Background())
	err = runner.Each(ctx, 10, 1, func(i int) error {
		cancel()
		return errors.New("boom")
	}, nil)
	if err == nil || err.Error() != "boom" {
		t.Errorf("Each = %v; want boom", err)
	}
}

// blend is a fleet of two services with a placement: the hybrid runs
// after Kubernetes and Lambda.
const blend = `name: i
duration: 20m
services:
  - {name: a, arrivals: {ratePerSecond: 20}, work: {io: "exp(mean=100ms)"}}
  - {name: b, arrivals: {ratePerSecond: 1}, work: {io: "exp(mean=100ms)"}}
kubernetes: {}
lambda: {runtime: go}
placement: {}
`

// The interruption's error says how far the run got of what was asked, in
// words, without repeating "interrupted" or Go's "context canceled" (walk
// report 3); the result keeps the duration asked and the platforms that
// did not run (the blend, which starts after its peers).
func TestInterruptedSaysWhatWasAsked(t *testing.T) {
	plan := platformtest.Plan(t, blend)
	done, stop := context.WithCancel(context.Background())
	stop()
	res, err := runner.Run(plan, runner.Options{Context: done})
	var in *runner.Interrupted
	if !errors.As(err, &in) || !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v; want an *Interrupted wrapping context.Canceled", err)
	}
	if want := "stopped after 6s of the 20m0s asked; what every platform reached is reported, marked partial"; err.Error() != want {
		t.Errorf("error %q; want %q", err, want)
	}
	if !res.Partial || res.Asked != 20*time.Minute || len(res.NotRun) != 1 || res.NotRun[0] != "hybrid" {
		t.Errorf("result partial %t, asked %v, not run %v; want partial, 20m0s, [hybrid]", res.Partial, res.Asked, res.NotRun)
	}
}

// Interrupted while the blend runs, after its peers ran the whole run: the
// blend is left out (not run) rather than reported over a shorter span
// than its peers, whose figures, over the whole run, stay as they are.
// Here the search's one trial is cut; it would have settled on Lambda,
// whose run it reuses, but a search cut short settles nothing.
func TestInterruptedBlendIsLeftOut(t *testing.T) {
	plan := platformtest.Plan(t, blend)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := runner.Run(plan, runner.Options{Context: ctx, Progress: func(f float64) {
		if f > 0.5 { // the peers are done at 2/5 of 5 runs; the blend's trial is running
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || !res.Partial {
		t.Fatalf("Run = %v, partial %t; want interrupted and partial", err, res.Partial)
	}
	if res.Plan.Duration != 20*time.Minute || len(res.NotRun) != 1 || res.NotRun[0] != "hybrid" || res.Platform("hybrid") != nil {
		t.Errorf("duration %v, not run %v; want the whole 20m0s and the hybrid left out", res.Plan.Duration, res.NotRun)
	}
	for _, m := range res.Platforms {
		if time.Duration(m.End) != res.Plan.Duration {
			t.Errorf("%s ended at %v; the run's span is %v", m.Name, time.Duration(m.End), res.Plan.Duration)
		}
	}
	if want := "stopped before hybrid finished; the other platforms ran the whole 20m0s asked and are reported, marked partial"; err.Error() != want {
		t.Errorf("error %q; want %q", err, want)
	}
}

// pinnedBlend's search keeps a mixed blend at once (c pinned off its base,
// Lambda), then simulates two moves to Kubernetes for cost (not kept).
const pinnedBlend = `name: i
duration: 20m
services:
  - {name: a, arrivals: {ratePerSecond: 20}, work: {io: "exp(mean=100ms)"}}
  - {name: b, arrivals: {ratePerSecond: 1}, work: {io: "exp(mean=100ms)"}}
  - {name: c, arrivals: {ratePerSecond: 0.2}, work: {io: "exp(mean=100ms)"}}
  - {name: d, arrivals: {ratePerSecond: 50}, work: {io: "exp(mean=20ms)"}}
kubernetes: {}
lambda: {runtime: go}
placement: {pin: {c: kubernetes}}
`

// Interrupted during the search, after it kept a mixed blend it ran to
// the end: that blend is reported (its run is whole), but marked: the run
// is partial, the error says so, and the placement says how far the
// search got (it was reported as if the search had finished).
func TestInterruptedSearchMarksItsBlend(t *testing.T) {
	plan := platformtest.Plan(t, pinnedBlend)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := runner.Run(plan, runner.Options{Context: ctx, Progress: func(f float64) {
		if f > 0.55 { // peers 2/6, the pins' blend to 3/6: the next trial runs
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || !res.Partial {
		t.Fatalf("Run = %v, partial %t; want interrupted and partial", err, res.Partial)
	}
	h := res.Platform("hybrid")
	if h == nil {
		t.Fatalf("the hybrid is left out; want the kept blend (not run: %v)", res.NotRun)
	}
	pl := h.Usage.(platform.Placer).Placement()
	if pl.Interrupted == nil || pl.Interrupted.Simulations != 1 || pl.Interrupted.Bound != 4 {
		t.Errorf("placement interrupted %+v; want 1 of 4 simulations", pl.Interrupted)
	}
	if want := "stopped during hybrid's search; it is reported on the best blend found so far, marked interrupted, and the other platforms ran the whole 20m0s asked"; err.Error() != want {
		t.Errorf("error %q; want %q", err, want)
	}
}
