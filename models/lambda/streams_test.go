package lambda

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models/streams"
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

// keepAliveOf draws what the keep-alive drew through the region's
// streams.Rand, from the same stream, for a distribution that draws
// straight from the PCG (uniform, constant) and for one that does not
// (exp, lognormal, through viaRand).
func TestKeepAliveOfDrawsAsSample(t *testing.T) {
	for _, spec := range []string{"uniform(5m,7m)", "600s", "exp(mean=6m)", "lognormal(median=5m,sigma=0.5)"} {
		d := dist.MustParse(spec)
		rng := streams.New()
		k := keepAliveOf(d, rng)
		_, direct := k.(viaRand)
		if want := spec == "exp(mean=6m)" || spec == "lognormal(median=5m,sigma=0.5)"; direct != want {
			t.Errorf("%s: through rand.Rand %v; want %v", spec, direct, want)
		}
		a, b := streams.State(1, "keep"), streams.State(1, "keep")
		other := streams.State(2, "other")
		for i := range 5000 {
			got := k.SamplePCG(&a)
			rng.From(&other).Uint64() // another stream drawn in between
			if want := d.Sample(streams.New().From(&b)); got != want {
				t.Fatalf("%s draw %d: %v; want %v", spec, i, got, want)
			}
		}
	}
}
