package lambda

import (
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// Regression tests for defects a review found.

// Warm environments of an unreserved function need room in the shared pool
// too: here B fills the pool while A's environments sit idle, so A's second
// burst must be throttled, not served above the account quota.
func TestWarmReuseRespectsAccountQuota(t *testing.T) {
	c := DefaultConfig()
	c.AccountConcurrency = 300
	a, b := DefaultFunction("a"), DefaultFunction("b")
	a.Timeout, b.Timeout = 2*time.Minute, 2*time.Minute
	a.KeepAlive, b.KeepAlive = dist.Const(time.Hour), dist.Const(time.Hour)
	c.Functions = []Function{a, b}
	l := &list{}
	add := func(n int, at time.Duration, svc int, io time.Duration) {
		for range n {
			l.reqs = append(l.reqs, models.Request{ID: int64(len(l.reqs)), Arrival: sim.At(at), Service: svc, Work: models.Work{IO: io}})
		}
	}
	add(300, time.Second, 0, time.Second)
	add(300, 20*time.Second, 1, time.Minute)
	add(300, 21*time.Second, 0, time.Second)
	res := simulate(t, c, l, 3*time.Minute, nil)
	if peak := res.rec.GaugePeak(models.Concurrency); peak > 300 {
		t.Errorf("peak concurrency %v; the account quota is 300", peak)
	}
	if th := res.rec.Count(models.Throttled); th != 300 {
		t.Errorf("throttled %d; want A's second burst (300) throttled while B holds the pool", th)
	}
}

// Billed INIT is the runtime's and application's init, not the platform
// overhead; a SnapStart restore is not billed as INIT.
func TestInitBillingExcludesOverheadAndSnapStart(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) {
		f.Init = dist.Const(45 * time.Millisecond)
		f.AppInit = dist.Const(5 * time.Millisecond)
		f.PlatformOverhead = dist.Const(200 * time.Millisecond)
	})
	res := simulate(t, cfg, at(10*time.Millisecond, 0), time.Minute, nil)
	if got := res.r.Usage()[0].InitMs; got != 50 {
		t.Errorf("billed INIT %d ms; want 50 (45 init + 5 app, not the 200 ms overhead)", got)
	}
	if got := res.rec.Latency().Max(); got != 260*time.Millisecond {
		t.Errorf("latency %v; want 260ms (the overhead is still waited for)", got)
	}
	cfg = oneFunction(func(c *Config, f *Function) {
		f.Runtime = "java21"
		f.SnapStart = true
	})
	res = simulate(t, cfg, at(10*time.Millisecond, 0), time.Minute, nil)
	if got := res.r.Usage()[0].InitMs; got != 0 {
		t.Errorf("SnapStart billed %d ms of INIT; want 0", got)
	}
}

// INIT is limited to 10 s; past that Lambda runs init again inside the first
// invocation, under the function timeout.
func TestInitLimitTenSeconds(t *testing.T) {
	for _, tc := range []struct {
		timeout  time.Duration
		want     models.Outcome
		wantLate time.Duration
	}{
		{3 * time.Second, models.Failed, 0},
		{time.Minute, models.Completed, 10*time.Second + 30*time.Second + 100*time.Millisecond},
	} {
		cfg := oneFunction(func(c *Config, f *Function) {
			noColdStart(f)
			f.AppInit = dist.Const(30 * time.Second)
			f.Timeout = tc.timeout
		})
		res := simulate(t, cfg, at(100*time.Millisecond, 0), 2*time.Minute, nil)
		if res.rec.Count(tc.want) != 1 {
			t.Errorf("timeout %v: outcome counts completed %d failed %d; want one %v", tc.timeout,
				res.rec.Count(models.Completed), res.rec.Count(models.Failed), tc.want)
		}
		if got := res.r.Usage()[0].InitMs; got != 10_000 {
			t.Errorf("timeout %v: billed INIT %d ms; want the 10,000 ms the INIT phase may take", tc.timeout, got)
		}
		if tc.want == models.Completed && res.rec.Latency().Max() != tc.wantLate {
			t.Errorf("latency %v; want %v (10 s failed init, then init and work in the invocation)", res.rec.Latency().Max(), tc.wantLate)
		}
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

func TestUnreservedFloorAppliesToProvisioned(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) { f.ProvisionedConcurrency = 1000 })
	err := cfg.Validate()
	if err == nil || !strings.Contains(err.Error(), "must leave 100 of the account's 1000 unreserved (at most 900) (got 1000)") {
		t.Errorf("Validate() = %v; want the 100-unreserved floor enforced", err)
	}
}

func TestBillingEdges(t *testing.T) {
	if ceilMs(0) != 1 || ceilMs(time.Nanosecond) != 1 || ceilMs(time.Millisecond) != 1 || ceilMs(1001*time.Microsecond) != 2 {
		t.Error("Lambda bills at least 1 ms, rounded up to whole ms")
	}
	// front-door calls count synchronous client retries
	cfg := oneFunction(func(c *Config, f *Function) {
		f.ReservedConcurrency = 1
		noColdStart(f)
		f.Retry = RetryPolicy{Attempts: 3, Base: time.Second, Max: time.Second, Jitter: NoJitter}
	})
	res := simulate(t, cfg, at(10*time.Second, 0, 0), time.Minute, nil)
	if got := res.r.Usage()[0].Calls; got != 4 {
		t.Errorf("calls %d; want 4 (2 arrivals + 2 retries of the throttled one)", got)
	}
	// custom runtimes and images were billed INIT before 2025-08-01 too
	for _, tc := range []struct {
		runtime string
		pkg     Package
		want    bool
	}{{"go", Zip, true}, {"python3.12", Zip, false}, {"python3.12", Image, true}} {
		f := DefaultFunction("f")
		f.Runtime, f.Package = tc.runtime, tc.pkg
		if got := initAlwaysBilled(&f); got != tc.want {
			t.Errorf("initAlwaysBilled(%s, %s) = %v; want %v", tc.runtime, tc.pkg, got, tc.want)
		}
	}
}
