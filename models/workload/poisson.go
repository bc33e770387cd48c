package workload

import (
	"math/rand/v2"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/sim"
)

// poisson is a Poisson process of constant rate from the start of the run:
// the arrivals piecewise draws for a single open-ended segment with no
// slope, by the same arithmetic, without the segment walk. piecewise.next
// recomputes the rate at the cursor (rate + 0·pos), tests the segment's
// end and rebases the rate (rate += 0·shifted) on every arrival; for a
// constant rate all three leave the numbers as they were, and the walk
// was about a third of the instructions of a SimFaaS-case arrival
// (callgrind, issue 13).
type poisson struct {
	at   sim.Time // the cursor's integer base (moveCursor)
	pos  float64  // the cursor, in seconds after at
	rate float64  // req/s, > 0
}

// newPoisson returns the generator of segs when they are one constant,
// open-ended segment of positive rate, drawn at Random spacing; nil
// otherwise.
func newPoisson(segs []segment, spacing Spacing) *poisson {
	if spacing != Random || len(segs) != 1 {
		return nil
	}
	s := segs[0]
	if s.end != forever || s.slope != 0 || !(s.rate0 > 0) {
		return nil
	}
	return &poisson{at: sim.At(s.start), rate: s.rate0}
}

// next is piecewise.next on one open-ended constant segment: the need is
// drawn first, then the cursor moves by need/rate (moveCursor's step,
// written out with a cheaper rounding, the same numbers).
func (p *poisson) next(r *rand.Rand, horizon sim.Time) (sim.Time, bool) {
	need := r.ExpFloat64()
	if p.at >= horizon {
		return sim.Never, false
	}
	x := need / p.rate
	y := (p.pos + x) * 1e9
	if !(y >= 0 && y < 1<<52) { // far past any run, or not a number
		t, ok, _ := moveCursor(&p.at, &p.pos, x)
		return t, ok
	}
	p.pos += x
	ns := dist.RoundHalfUp(y) // = math.Round(y): offset's rounding
	if !(float64(ns) < float64(sim.Never-p.at)) {
		return sim.Never, false
	}
	t := p.at + sim.Time(ns)
	if p.pos > rebaseSeconds {
		shift := time.Duration(y) // time.Duration(p.pos * 1e9), as moveCursor
		p.at = p.at.Add(shift)
		rest := p.pos - shift.Seconds()
		if !(rest > 0) {
			rest = max(0, rest)
		}
		p.pos = rest
	}
	return t, true
}
