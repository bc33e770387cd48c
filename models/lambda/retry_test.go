package lambda

import (
	"testing"
	"time"

	"github.com/execsim/execsim/models"
)

func TestSyncRetriesCountWaitsInLatency(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) {
		f.ReservedConcurrency = 1
		noColdStart(f)
		f.Retry = RetryPolicy{Attempts: 5, Base: time.Second, Max: 10 * time.Second, Jitter: NoJitter}
	})
	// the second request is throttled at 0 and at 1 s, then succeeds at 3 s
	res := simulate(t, cfg, at(2500*time.Millisecond, 0, 0), time.Minute, nil)
	if res.rec.Count(models.Completed) != 2 {
		t.Fatalf("completed %d; want 2", res.rec.Count(models.Completed))
	}
	if got := res.rec.Latency().Max(); got != 5500*time.Millisecond {
		t.Errorf("max latency %v; want 5.5s (1 s + 2 s of backoff, then 2.5 s of work)", got)
	}
}

func TestSyncWithoutRetryThrottlesAtOnce(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) { f.ReservedConcurrency = 1; noColdStart(f) })
	res := simulate(t, cfg, at(time.Second, 0, 0), time.Minute, nil)
	if res.rec.Count(models.Throttled) != 1 {
		t.Errorf("throttled %d; want 1", res.rec.Count(models.Throttled))
	}
}

func TestAsyncRequeuesUntilMaxEventAge(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) {
		f.ReservedConcurrency = 1
		noColdStart(f)
		f.Invocation = Async
		f.Timeout = 15 * time.Minute
		f.MaxEventAge = 10 * time.Minute
	})
	// the first event holds the only environment for 4.5 s; the second is
	// retried at 1, 3, 7 s (waits 1, 2, 4 s) and runs at 7 s
	res := simulate(t, cfg, at(4500*time.Millisecond, 0, 0), time.Minute, nil)
	if got := res.rec.Latency().Max(); got != 7*time.Second+4500*time.Millisecond {
		t.Errorf("max latency %v; want 11.5s", got)
	}
	// an event that can never run is dropped once older than the maximum age
	cfg.Functions[0].ReservedConcurrency = 0
	res = simulate(t, cfg, at(time.Second, 0), time.Hour, nil)
	if res.rec.Count(models.Throttled) != 1 {
		t.Errorf("throttled %d; want 1 (dropped after 10 min of retries)", res.rec.Count(models.Throttled))
	}
}

func TestAsyncTimeoutRetriedTwice(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) { f.Timeout = time.Second; f.Invocation = Async; noColdStart(f) })
	res := simulate(t, cfg, at(2*time.Second, 0), time.Hour, nil)
	if res.rec.Count(models.Failed) != 1 || res.r.Usage()[0].Invocations != 3 {
		t.Errorf("failed %d invocations %d; want 1 and 3 (two retries)", res.rec.Count(models.Failed), res.r.Usage()[0].Invocations)
	}
}
