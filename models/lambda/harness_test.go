package lambda

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// newPoisson is Poisson arrivals for function 0 with io drawn from a
// distribution spec and no CPU work.
func newPoisson(rate float64, io string, horizon time.Duration, seed uint64) *simtest.Poisson {
	return simtest.NewPoisson(rate, nil, dist.MustParse(io), horizon, seed)
}

// burst is n requests at the same instant, each with the same io.
func burst(n int, at time.Duration, io time.Duration) *simtest.List {
	return new(simtest.List).Add(n, at, 0, models.Work{IO: io})
}

// at builds requests at the given offsets with the given io.
func at(io time.Duration, offsets ...time.Duration) *simtest.List {
	return simtest.At(models.Work{IO: io}, offsets...)
}

// oneFunction is the default region with one function "fn", tweaked.
func oneFunction(tweak func(*Config, *Function)) Config {
	c := DefaultConfig()
	f := DefaultFunction("fn")
	if tweak != nil {
		tweak(&c, &f)
	}
	c.Functions = []Function{f}
	return c
}

// noColdStart makes environments appear instantly.
func noColdStart(f *Function) {
	f.Init = dist.Const(0)
	f.PlatformOverhead = dist.Const(0)
}

type result struct {
	k   *sim.Kernel
	r   *Region
	rec *metrics.Recorder
	end sim.Time
}

// simulate runs cfg against src until horizon (the end of the run), also
// reporting to rec when it is not nil, and checks conservation.
func simulate(t testing.TB, cfg Config, src models.Source, horizon time.Duration, rec models.Recorder) result {
	t.Helper()
	k := sim.New(1)
	mrec := metrics.NewRecorder(time.Minute, len(cfg.Functions))
	var to models.Recorder = mrec
	if rec != nil {
		to = simtest.Tee{mrec, rec}
	}
	r, err := New(k, cfg, to)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	models.Drive(k, src, r, to)
	end := sim.At(horizon)
	k.RunUntil(end)
	mrec.Close(end)
	simtest.CheckConservation(t, mrec)
	return result{k, r, mrec, end}
}
