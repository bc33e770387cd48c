package workload

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/execsim/execsim/sim"
)

// sinusoid is a Diurnal rate: mean×(1 + amp×cos(2π(t−peak)/period)).
type sinusoid struct {
	mean, amp    float64
	period, peak time.Duration
	omega        float64 // radians per second
}

func (a Arrivals) sinusoid() sinusoid {
	period := a.Period
	if period == 0 {
		period = day
	}
	return sinusoid{
		mean: a.MeanRatePerSecond, amp: a.Amplitude,
		period: period, peak: a.PeakAt,
		omega: 2 * math.Pi / period.Seconds(),
	}
}

// phase is the angle at t, reduced modulo the period in integer nanoseconds
// so it stays exact however long the run.
func (s sinusoid) phase(t time.Duration) float64 {
	d := (t - s.peak) % s.period
	if d < 0 {
		d += s.period
	}
	return s.omega * d.Seconds()
}

func (s sinusoid) rate(t time.Duration) float64 {
	return max(0, s.mean*(1+s.amp*math.Cos(s.phase(t))))
}

// integral is the expected count on [from, to).
func (s sinusoid) integral(from, to time.Duration) float64 {
	return s.mean*(to-from).Seconds() + s.mean*s.amp/s.omega*(math.Sin(s.phase(to))-math.Sin(s.phase(from)))
}

// thinning draws Diurnal arrivals. With Random spacing it is Lewis–Shedler
// thinning: candidates from a homogeneous Poisson process at the peak rate
// mean×(1+amp), each kept with probability rate(t)/peak. With Regular spacing
// it solves Λ(t) = Λ(prev) + 1 by safeguarded Newton iteration.
type thinning struct {
	s       sinusoid
	regular bool
	started bool
	bound   float64 // the peak rate, an upper bound of the rate

	at    sim.Time // the cursor's integer base
	phase float64  // the phase at at
	pos   float64  // cursor, in seconds after at
}

func newThinning(a Arrivals, spacing Spacing) *thinning {
	s := a.sinusoid()
	return &thinning{s: s, regular: spacing == Regular, bound: s.mean * (1 + s.amp), phase: s.phase(0)}
}

// rateAt is the rate x seconds after at.
func (g *thinning) rateAt(x float64) float64 {
	return max(0, g.s.mean*(1+g.s.amp*math.Cos(g.phase+g.s.omega*x)))
}

// cumAt is an antiderivative of rateAt.
func (g *thinning) cumAt(x float64) float64 {
	return g.s.mean*x + g.s.mean*g.s.amp/g.s.omega*math.Sin(g.phase+g.s.omega*x)
}

func (g *thinning) next(r *rand.Rand, horizon sim.Time) (sim.Time, bool) {
	if !(g.bound > 0) {
		return sim.Never, false
	}
	if g.regular {
		return g.nextRegular(horizon)
	}
	for {
		g.pos += r.ExpFloat64() / g.bound
		t, ok := offset(g.at, g.pos)
		if !ok || t >= horizon {
			return sim.Never, false
		}
		keep := r.Float64()*g.bound < g.rateAt(g.pos)
		g.rebase()
		if keep {
			return t, true
		}
	}
}

func (g *thinning) nextRegular(horizon sim.Time) (sim.Time, bool) {
	need := 1.0
	if !g.started {
		need, g.started = 0, true
	}
	if need > 0 {
		// Λ(x)−Λ(pos) ≥ mean·(x−pos) − 2·mean·amp/ω brackets the root.
		target := g.cumAt(g.pos) + need
		lo, hi := g.pos, g.pos+need/g.s.mean+2*g.s.amp/g.s.omega
		x := g.pos + need/g.s.mean
		for range 100 {
			f := g.cumAt(x) - target
			if f == 0 {
				break
			}
			if f < 0 {
				lo = x
			} else {
				hi = x
			}
			// Newton where it stays inside the bracket, else bisection.
			nx := x - f/g.rateAt(x)
			if !(nx > lo && nx < hi) {
				nx = lo + (hi-lo)/2
			}
			done := math.Abs(nx-x) < 1e-12
			x = nx
			if done {
				break
			}
		}
		g.pos = x
	}
	t, ok := offset(g.at, g.pos)
	if !ok || t >= horizon {
		return sim.Never, false
	}
	g.rebase()
	return t, true
}

// rebase moves the cursor's integer base up to it when the float offset
// grows, recomputing the phase from whole nanoseconds.
func (g *thinning) rebase() {
	if g.pos <= rebaseSeconds {
		return
	}
	shift := time.Duration(g.pos * 1e9)
	g.at = g.at.Add(shift)
	g.pos = max(0, g.pos-shift.Seconds())
	g.phase = g.s.phase(time.Duration(g.at))
}
