package lambda

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
)

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
