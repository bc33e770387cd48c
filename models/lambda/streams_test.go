package lambda

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/sim/simtest"
)

// TestFunctionsIndependent is walk3's defect 3: changing only function b's
// traffic must leave function a's cold starts, billed INIT, outcomes and
// latencies byte-identical. Every draw the region makes is exercised for
// both functions: cold starts (random init and application init), a short
// random keep-alive (so whether a request finds a warm environment hangs on
// the draws), random warm selection, and jittered retries of throttles
// under a reserved concurrency of 2.
func TestFunctionsIndependent(t *testing.T) {
	const horizon = 2 * time.Hour
	run := func(rateB float64) ([]string, []string, Usage) {
		cfg := DefaultConfig()
		for _, name := range []string{"a", "b"} {
			f := DefaultFunction(name)
			f.AppInit = dist.MustParse("uniform(0ms,400ms)")
			f.KeepAlive = dist.MustParse("uniform(5s,40s)")
			f.WarmSelection = Random
			f.ReservedConcurrency = 2
			f.Retry = RetryPolicy{Attempts: 4, Base: 100 * time.Millisecond, Max: 2 * time.Second, Jitter: FullJitter}
			cfg.Functions = append(cfg.Functions, f)
		}
		var w workload.Config
		for i, rate := range []float64{0.5, rateB} {
			w.Services = append(w.Services, workload.Service{Name: cfg.Functions[i].Name,
				Arrivals: workload.Arrivals{RatePerSecond: rate},
				IO:       dist.MustParse("lognormal(p50=1s,p99=8s)")})
		}
		logA, logB := &simtest.ServiceLog{Service: 0}, &simtest.ServiceLog{Service: 1}
		res := simulate(t, cfg, workload.NewStream(w, 7, horizon), horizon, simtest.Tee{logA, logB})
		return logA.Lines, logB.Lines, res.r.Usage()[0]
	}
	a1, b1, u1 := run(0.2)
	a2, b2, u2 := run(0.3)
	if slices.Equal(b1, b2) {
		t.Fatal("b's traffic did not change: the test shows nothing")
	}
	// a must draw from every stream: cold starts, warm picks among
	// several idle environments, retries (calls beyond arrivals)
	arrivals := 0
	for _, l := range a1 {
		if strings.Contains(l, " arrive ") {
			arrivals++
		}
	}
	if u1.ColdStarts < 20 || u1.Calls <= int64(arrivals) {
		t.Fatalf("a had %d cold starts and %d calls for %d arrivals: too few for the test to show anything",
			u1.ColdStarts, u1.Calls, arrivals)
	}
	if d := simtest.FirstDiff(a1, a2); d != "" {
		t.Errorf("b's rate moved a's requests (%s, then %s), %s", "b at 0.2/s", "b at 0.3/s", d)
	}
	if u1 != u2 {
		t.Errorf("b's rate moved a's usage:\n  %+v\n  %+v", u1, u2)
	}
}
