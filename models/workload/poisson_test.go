package workload

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/sim"
)

// poisson draws exactly the arrivals piecewise draws for the same constant
// segment, up to and past a horizon, at rates whose gaps are far below and
// far above the cursor's one-second rebase.
func TestPoissonIsPiecewise(t *testing.T) {
	for _, rate := range []float64{0.01, 0.9, 8, 3733.5, 1e6} {
		segs := Arrivals{Process: Poisson, RatePerSecond: rate}.segments()
		fast := newPoisson(segs, Random)
		if fast == nil {
			t.Fatalf("rate %v: no fast path", rate)
		}
		slow := newPiecewise(segs, 0, 0, Random)
		rf, rs := rand.New(rand.NewPCG(1, 2)), rand.New(rand.NewPCG(1, 2))
		horizon := sim.At(time.Duration(20_000 / rate * float64(time.Second)))
		for i := 0; ; i++ {
			a, okA := fast.next(rf, horizon)
			b, okB := slow.next(rs, horizon)
			if a != b || okA != okB {
				t.Fatalf("rate %v, arrival %d: poisson (%v, %v), piecewise (%v, %v)", rate, i, a, okA, b, okB)
			}
			if a >= horizon { // the stream stops here; draw a few more past it
				if i > 30_000 {
					break
				}
			}
		}
	}
}

// Only one constant, open-ended segment at Random spacing takes the fast path.
func TestPoissonOnlyForConstantRates(t *testing.T) {
	spike := Arrivals{Process: Spike, RatePerSecond: 1, SpikeRatePerSecond: 5, At: time.Minute, For: time.Minute}
	for name, tc := range map[string]struct {
		segs    []segment
		spacing Spacing
	}{
		"regular": {Arrivals{Process: Poisson, RatePerSecond: 1}.segments(), Regular},
		"spike":   {spike.segments(), Random},
		"zero":    {[]segment{{start: 0, end: forever}}, Random},
		"sloped":  {[]segment{{start: 0, end: forever, rate0: 1, slope: 1}}, Random},
		"finite":  {[]segment{{start: 0, end: time.Hour, rate0: 1}}, Random},
	} {
		if p := newPoisson(tc.segs, tc.spacing); p != nil {
			t.Errorf("%s: newPoisson took the fast path", name)
		}
	}
}

// A stream of one Poisson service drawn from its generator directly
// (Stream.one) gives the requests of the general path for one source, to
// the last one before the horizon.
func TestOnePoissonServiceIsTheMerge(t *testing.T) {
	cfg := Config{Services: []Service{{Name: "f", Arrivals: Arrivals{Process: Poisson, RatePerSecond: 0.9},
		IO: dist.MustParse("exp(mean=1.991s)")}}}
	fast, slow := NewStream(cfg, 1, 100*time.Hour), NewStream(cfg, 1, 100*time.Hour)
	if fast.one == nil {
		t.Fatal("no fast path for one Poisson service")
	}
	slow.one = nil
	for n := 0; ; n++ {
		a, okA := fast.Next()
		b, okB := slow.Next()
		if a != b || okA != okB {
			t.Fatalf("request %d: %+v, %v directly; %+v, %v by the general path", n, a, okA, b, okB)
		}
		if !okA {
			if n < 300_000 {
				t.Fatalf("only %d requests", n)
			}
			break
		}
	}
}
