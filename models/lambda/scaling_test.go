package lambda

import (
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/validation"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// AWS Lambda Operator Guide, "on-demand scaling example" (legacy burst,
// before November 2023): burst 3,000, then +500/min, account limit 10,000;
// 10,000 synchronous requests at the same instant, each holding its
// environment 60 s → 3,000 served, 7,000 throttled.
func TestLegacyBurstWorkedExample(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) {
		c.Scaling = Legacy
		c.AccountConcurrency = 10_000
		c.LegacyBurst = 3000
		c.LegacyRefillPerMinute = 500
		f.Timeout = 2 * time.Minute
	})
	res := simulate(t, cfg, burst(10_000, time.Second, 60*time.Second), 5*time.Minute, nil)
	validation.Record(t, validation.Check{ID: "lambda/legacy-burst-example", Case: "10,000 simultaneous requests, burst 3,000",
		Source: "AWS Lambda documentation, burst concurrency worked example", Expected: "3,000 served, 7,000 throttled",
		Measured:  fmt.Sprintf("%d served, %d throttled", res.rec.Count(models.Completed), res.rec.Count(models.Throttled)),
		Tolerance: "exact", Pass: res.rec.Count(models.Completed) == 3000 && res.rec.Count(models.Throttled) == 7000})
	if got := res.rec.Count(models.Completed); got != 3000 {
		t.Errorf("completed = %d; want 3000", got)
	}
	if got := res.rec.Count(models.Throttled); got != 7000 {
		t.Errorf("throttled = %d; want 7000", got)
	}
}

// envWatch checks a bound on the environment count every time it changes.
type envWatch struct {
	simtest.Discard
	t     *testing.T
	start sim.Time
	bound func(elapsed time.Duration) float64
	peak  float64
	fails int
}

func (w *envWatch) Gauge(now sim.Time, g models.Gauge, v float64) {
	if g != models.Environments {
		return
	}
	w.peak = max(w.peak, v)
	if b := w.bound(now.Sub(w.start)); v > b && w.fails < 5 {
		w.fails++
		w.t.Errorf("%v after the step: %v environments; want at most %v", now.Sub(w.start), v, b)
	}
}

// Per-function scaling since November 2023: from zero, a step to 5,000
// concurrent requests (quota 10,000) never has more than 1,000 + 100·t
// environments t seconds after the step (scaling-behavior.html).
func TestPerFunctionBucketBound(t *testing.T) {
	step := 10 * time.Second
	cfg := oneFunction(func(c *Config, f *Function) {
		c.AccountConcurrency = 10_000
		f.Timeout = time.Minute
		f.KeepAlive = dist.Const(time.Hour)
	})
	// 500 req/s of 10-s work offers 5,000 concurrent requests.
	src := newPoisson(0, "10s", 120*time.Second, 5).Step(step, 500) // quiet until the step
	w := &envWatch{t: t, start: sim.At(step), bound: func(e time.Duration) float64 { return 1000 + 100*e.Seconds() }}
	res := simulate(t, cfg, src, 120*time.Second, w)
	validation.Record(t, validation.Check{ID: "lambda/per-function-scaling-bound", Case: "a step to 5,000 concurrent requests from zero",
		Source: "scaling-behavior.html: 1,000 + 100·t environments t s after the step", Expected: "never above the bound",
		Measured: fmt.Sprintf("%d times above it; peak %.0f", w.fails, w.peak), Tolerance: "exact", Pass: w.fails == 0})
	if w.peak < 4500 {
		t.Errorf("peak environments %v; want the function to scale to ~5,000 within two minutes", w.peak)
	}
	if res.rec.Count(models.Throttled) == 0 {
		t.Error("no throttles; the step must outrun the scaling rate")
	}
}

// The bucket never accumulates past its capacity: after a long idle period,
// a burst still gets exactly 1,000 new environments at once.
func TestBucketDoesNotAccumulatePastCapacity(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) {
		c.AccountConcurrency = 10_000
		f.Timeout = time.Minute
	})
	res := simulate(t, cfg, burst(3000, time.Hour, 30*time.Second), time.Hour+2*time.Minute, nil)
	if got := res.rec.Count(models.Completed); got != 1000 {
		t.Errorf("completed = %d; want 1000 (bucket capacity)", got)
	}
}

func TestBucketRefillsContinuously(t *testing.T) {
	b := newBucket(1000, 100)
	if !b.take(0, 1000) || b.take(0, 1) {
		t.Fatal("a full bucket must give exactly 1,000 at once")
	}
	now := sim.At(250 * time.Millisecond)
	n := 0
	for b.take(now, 1) {
		n++
	}
	if n != 25 {
		t.Errorf("after 250 ms: %d tokens; want 25", n)
	}
	if !b.take(sim.At(time.Hour), 1000) || b.take(sim.At(time.Hour), 1) {
		t.Error("after an hour: want exactly 1,000 (no accumulation past capacity)")
	}
}

// The 10 × concurrency RPS cap binds for very short functions.
func TestRPSCap(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) {
		c.AccountConcurrency = 100
		c.Scaling = Unlimited
		noColdStart(f)
	})
	// 3,000 req/s of 1-ms work needs ~3 environments but exceeds 10 × 100 RPS.
	res := simulate(t, cfg, newPoisson(3000, "1ms", 20*time.Second, 1), 20*time.Second, nil)
	frac := float64(res.rec.Count(models.Throttled)) / float64(res.rec.Arrivals())
	// the bucket admits 1,000/s after its initial 1,000 → ≈ 1 − (1000·20+1000)/60000
	if frac < 0.6 || frac > 0.7 {
		t.Errorf("throttled fraction %.3f; want ≈ 0.65 from the 1,000 RPS cap", frac)
	}
}

// The 10 × concurrency RPS cap is a synchronous limit.
func TestRPSCapDoesNotApplyToAsync(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) {
		c.AccountConcurrency = 100
		c.Scaling = Unlimited
		noColdStart(f)
		f.Invocation = Async
	})
	res := simulate(t, cfg, newPoisson(3000, "1ms", 10*time.Second, 1), 20*time.Second, nil)
	if th, fl := res.rec.InFlight(), res.rec.Count(models.Throttled); th != 0 || fl != 0 {
		t.Errorf("%d events still queued, %d dropped; want none (no RPS cap on async)", th, fl)
	}
}
