package lambda

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// serviceLog is every recorder call about one service's requests, in order,
// as text (requests by arrival time: IDs count every service's): two
// runs treated that service alike if their logs are equal.
type serviceLog struct {
	simtest.Discard
	service int
	lines   []string
}

func (l *serviceLog) Arrive(now sim.Time, req *models.Request) {
	if req.Service == l.service {
		l.lines = append(l.lines, fmt.Sprintf("%d arrive %v", now, req.Work))
	}
}

func (l *serviceLog) Finish(now sim.Time, req *models.Request, o models.Outcome, lat time.Duration) {
	if req.Service == l.service {
		l.lines = append(l.lines, fmt.Sprintf("%d finish of %d: %v %v cold=%v", now, req.Arrival, o, lat, req.Cold))
	}
}

func (l *serviceLog) ColdStart(now sim.Time, req *models.Request) {
	if req.Service == l.service {
		l.lines = append(l.lines, fmt.Sprintf("%d cold start of %d", now, req.Arrival))
	}
}

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
		logA, logB := &serviceLog{service: 0}, &serviceLog{service: 1}
		res := simulate(t, cfg, workload.NewStream(w, 7, horizon), horizon, simtest.Tee{logA, logB})
		return logA.lines, logB.lines, res.r.Usage()[0]
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
	if i := firstDiff(a1, a2); i >= 0 {
		t.Errorf("b's rate moved a's requests, first at call %d:\n  b at 0.2/s: %s\n  b at 0.3/s: %s", i, lineAt(a1, i), lineAt(a2, i))
	}
	if u1 != u2 {
		t.Errorf("b's rate moved a's usage:\n  %+v\n  %+v", u1, u2)
	}
}

// firstDiff is the first index where x and y differ, or −1.
func firstDiff(x, y []string) int {
	for i := range min(len(x), len(y)) {
		if x[i] != y[i] {
			return i
		}
	}
	if len(x) != len(y) {
		return min(len(x), len(y))
	}
	return -1
}

// lineAt is x[i], or "(none)" past its end.
func lineAt(x []string, i int) string {
	if i < len(x) {
		return x[i]
	}
	return "(none)"
}
