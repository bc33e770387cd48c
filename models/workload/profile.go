package workload

import (
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/execsim/execsim/sim"
)

// forever is the end of an open-ended segment.
const forever = time.Duration(math.MaxInt64)

// segment is a stretch [start, end) on which the rate is linear:
// rate0 + slope×(t−start), with t−start in seconds.
type segment struct {
	start, end time.Duration
	rate0      float64 // req/s at start
	slope      float64 // req/s per second
}

// integral is the expected count on [start, start+x), x in seconds.
func (s segment) integral(x float64) float64 { return x * (s.rate0 + 0.5*s.slope*x) }

// line returns the rate at start and the slope of the line through (t1, r1)
// and (t2, r2), t1 < t2.
func line(t1 time.Duration, r1 float64, t2 time.Duration, r2 float64, start time.Duration) (rate0, slope float64) {
	slope = (r2 - r1) / (t2 - t1).Seconds()
	return r1 + slope*(start-t1).Seconds(), slope
}

// piece returns the i-th of the len(Points)+1 pieces of a Profile's rate
// within one period (without repetition: on [0, ∞)). Piece 0 lies before the
// first point, piece i in [Points[i-1].At, Points[i].At), piece n after the
// last point. Pieces may be empty.
func (a *Arrivals) piece(i int) segment {
	pts := a.Points
	n := len(pts)
	period := a.Repeat.period()
	first, last := pts[0], pts[n-1]
	switch {
	case i == 0:
		s := segment{start: 0, end: first.At, rate0: first.RatePerSecond}
		if period > 0 {
			s.rate0 = last.RatePerSecond
			if a.Interp == Linear {
				s.rate0, s.slope = line(last.At-period, last.RatePerSecond, first.At, first.RatePerSecond, 0)
			}
		}
		return s
	case i == n:
		s := segment{start: last.At, end: forever, rate0: last.RatePerSecond}
		if period > 0 {
			s.end = period
			if a.Interp == Linear {
				s.rate0, s.slope = line(last.At, last.RatePerSecond, first.At+period, first.RatePerSecond, last.At)
			}
		}
		return s
	}
	p, q := pts[i-1], pts[i]
	s := segment{start: p.At, end: q.At, rate0: p.RatePerSecond}
	if a.Interp == Linear && q.At > p.At {
		s.rate0, s.slope = line(p.At, p.RatePerSecond, q.At, q.RatePerSecond, p.At)
	}
	return s
}

// profileSegments returns the non-empty pieces of a Profile in order.
func (a *Arrivals) profileSegments() []segment {
	segs := make([]segment, 0, len(a.Points)+1)
	for i := 0; i <= len(a.Points); i++ {
		if s := a.piece(i); s.end > s.start {
			segs = append(segs, s)
		}
	}
	return segs
}

// profileRate is a Profile's rate at t ≥ 0.
func (a *Arrivals) profileRate(t time.Duration) float64 {
	if len(a.Points) == 0 {
		return 0
	}
	if period := a.Repeat.period(); period > 0 {
		if a.Repeat == Daily && !a.Days.Has(int64(t/period)) {
			return 0
		}
		t %= period
	}
	// Piece i holds t when exactly i points are at or before t.
	i := sort.Search(len(a.Points), func(i int) bool { return a.Points[i].At > t })
	s := a.piece(i)
	return max(0, s.rate0+s.slope*(t-s.start).Seconds())
}

// profileCumulative is a Profile's expected count on [0, t), t ≥ 0.
func (a *Arrivals) profileCumulative(t time.Duration) float64 {
	if len(a.Points) == 0 {
		return 0
	}
	period := a.Repeat.period()
	if period == 0 {
		return a.withinPeriod(t)
	}
	cycles, rest := int64(t/period), t%period
	if a.Repeat == Daily {
		n := float64(a.Days.count(cycles)) * a.withinPeriod(period)
		if a.Days.Has(cycles) {
			n += a.withinPeriod(rest)
		}
		return n
	}
	return float64(cycles)*a.withinPeriod(period) + a.withinPeriod(rest)
}

// withinPeriod is the expected count on [0, u) of the profile's pieces.
func (a *Arrivals) withinPeriod(u time.Duration) float64 {
	n := 0.0
	for i := 0; i <= len(a.Points); i++ {
		s := a.piece(i)
		if s.start >= u {
			break
		}
		if end := min(s.end, u); end > s.start {
			n += s.integral((end - s.start).Seconds())
		}
	}
	return n
}

// rebaseSeconds bounds the float offset of a cursor from its integer base, so
// arrival times keep sub-nanosecond precision however long the run.
const rebaseSeconds = 1.0

// boundarySlack is the error, in expected arrivals, tolerated when deciding
// whether an arrival falls inside a segment or on its end.
const boundarySlack = 1e-7

// piecewise draws arrivals from a piecewise-linear rate by inverting the
// cumulative intensity: the next arrival is where Λ(t) = Λ(prev) + need, with
// need ~ Exp(1) (Random) or 1 (Regular), solved exactly within each segment.
// Segments whose integral is smaller than what is still needed are consumed
// whole, so idle nights and idle days cost O(1) each.
type piecewise struct {
	segs    []segment
	period  time.Duration // 0: segs cover [0, ∞), the last one open-ended
	days    Days          // active days when period is a day
	regular bool
	started bool // for Regular: the first arrival needs 0
	idle    bool // the rate is zero everywhere

	cycle int64    // index of the current period
	i     int      // current segment
	at    sim.Time // the cursor's integer base, inside segment i
	end   sim.Time // absolute end of segment i, sim.Never if open-ended
	rate  float64  // rate at at
	slope float64
	pos   float64 // cursor, in seconds after at
	steps int     // segments entered, for tests of idle skipping
}

func newPiecewise(segs []segment, period time.Duration, days Days, spacing Spacing) *piecewise {
	p := &piecewise{segs: segs, period: period, days: days, regular: spacing == Regular}
	if period > 0 {
		// A repeating rate that is zero over a whole period is zero forever;
		// do not walk it period by period to the horizon.
		total := 0.0
		for _, s := range segs {
			total += s.integral((s.end - s.start).Seconds())
		}
		p.idle = !(total > 0)
	}
	p.skipIdle()
	p.load()
	return p
}

// skipIdle moves cycle to the next active day, if days restrict them.
func (p *piecewise) skipIdle() {
	if p.period != day {
		return
	}
	for !p.days.Has(p.cycle) {
		p.cycle++
	}
}

// load places the cursor at the start of segment i of the current cycle.
func (p *piecewise) load() {
	s := p.segs[p.i]
	base := sim.Time(p.cycle) * sim.Time(p.period)
	p.at = base.Add(s.start)
	p.end = sim.Never
	if s.end != forever {
		p.end = base.Add(s.end)
	}
	p.rate, p.slope, p.pos = s.rate0, s.slope, 0
	p.steps++
}

// nextSegment moves the cursor to the start of the following segment.
func (p *piecewise) nextSegment() {
	p.i++
	if p.i == len(p.segs) {
		p.i = 0
		p.cycle++
		p.skipIdle()
	}
	p.load()
}

func (p *piecewise) next(r *rand.Rand, horizon sim.Time) (sim.Time, bool) {
	if p.idle {
		return sim.Never, false
	}
	need := 1.0
	switch {
	case !p.regular:
		need = r.ExpFloat64()
	case !p.started:
		need, p.started = 0, true
	}
	for p.at < horizon {
		rate := max(0, p.rate+p.slope*p.pos)
		if p.end == sim.Never {
			// Open-ended segments are constant.
			if rate == 0 {
				return sim.Never, false
			}
			return p.move(need / rate)
		}
		rem := p.end.Sub(p.at).Seconds() - p.pos
		if rem > 0 {
			have := rem * (rate + 0.5*p.slope*rem)
			// An arrival that would fall on the segment's end (within
			// rounding) belongs to the next instant the rate is positive:
			// the n-th Regular arrival is the first t with Λ(t) > n.
			if need < have-boundarySlack {
				// Solve rate·x + slope·x²/2 = need in its cancellation-free form.
				x := 0.0
				if need > 0 {
					x = 2 * need / (rate + math.Sqrt(max(0, rate*rate+2*p.slope*need)))
				}
				return p.move(min(x, rem))
			}
			need = max(0, need-have)
		}
		p.nextSegment()
	}
	return sim.Never, false
}

// move advances the cursor by x seconds and returns its time; the rate at
// the cursor's base follows the base when it is rebased.
func (p *piecewise) move(x float64) (sim.Time, bool) {
	t, ok, shifted := moveCursor(&p.at, &p.pos, x)
	if shifted != 0 {
		p.rate += p.slope * shifted
	}
	return t, ok
}

// moveCursor advances a cursor (an integer base at and an offset of pos
// seconds after it) by x seconds and returns its time. When the offset
// grows past rebaseSeconds it rebases the cursor onto whole nanoseconds,
// so that the float offset keeps its precision, and returns how many
// seconds moved into the base (0 if none).
func moveCursor(at *sim.Time, pos *float64, x float64) (t sim.Time, ok bool, shifted float64) {
	*pos += x
	t, ok = offset(*at, *pos)
	if ok && *pos > rebaseSeconds {
		shift := time.Duration(*pos * 1e9)
		*at = at.Add(shift)
		shifted = shift.Seconds()
		*pos = max(0, *pos-shifted)
	}
	return t, ok, shifted
}

// offset is at plus x seconds, rounded to the nanosecond; false if that is
// beyond the representable future.
func offset(at sim.Time, x float64) (sim.Time, bool) {
	ns := math.Round(x * 1e9)
	if !(ns < float64(sim.Never-at)) {
		return sim.Never, false
	}
	return at + sim.Time(ns), true
}
