package workload

import (
	"math/rand/v2"
	"time"

	"github.com/execsim/execsim/sim"
)

// A Bursts process is near idle with rare bursts: RatePerSecond all the
// time, plus BurstRatePerSecond during one burst of length For in every
// interval [k·Every, (k+1)·Every). The burst starts at an offset drawn
// uniformly from [0, Every−For] by a hash of (BurstSeed, k), not from the
// arrival stream, so the schedule, Rate and Expected are exact functions of
// the configuration: every interval holds exactly For of burst, and the
// long-run mean rate is RatePerSecond + BurstRatePerSecond×For/Every.

// burstStart is the start of the k-th interval's burst.
func (a *Arrivals) burstStart(k int64) time.Duration {
	span := uint64(a.Every-a.For) + 1
	return time.Duration(k)*a.Every + time.Duration(mix(a.BurstSeed, uint64(k))%span)
}

// mix is SplitMix64's output function applied to the k-th step from seed:
// a well-spread 64-bit hash of (seed, k).
func mix(seed, k uint64) uint64 {
	z := seed + (k+1)*0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// inBurst reports whether t ≥ 0 falls in a burst.
func (a *Arrivals) inBurst(t time.Duration) bool {
	s := a.burstStart(int64(t / a.Every))
	return t >= s && t-s < a.For
}

// burstTime is the time spent in bursts during [0, t), t ≥ 0.
func (a *Arrivals) burstTime(t time.Duration) time.Duration {
	k := int64(t / a.Every)
	return time.Duration(k)*a.For + min(max(t-a.burstStart(k), 0), a.For)
}

// burstsExpected is a Bursts process's expected count on [from, to),
// 0 ≤ from ≤ to.
func (a *Arrivals) burstsExpected(from, to time.Duration) float64 {
	return a.RatePerSecond*(to-from).Seconds() + a.BurstRatePerSecond*(a.burstTime(to)-a.burstTime(from)).Seconds()
}

// bursts draws a Bursts process's arrivals by inverting its cumulative
// intensity over constant pieces: each interval is the base rate before
// its burst, the burst, and the base rate after it. With a zero base rate
// the idle pieces are skipped whole.
type bursts struct {
	a       *Arrivals
	regular bool
	started bool

	k     int64    // the current interval
	piece int      // 0 before the burst, 1 the burst, 2 after it
	at    sim.Time // the cursor's integer base, inside the piece
	end   sim.Time // the piece's end
	rate  float64
	pos   float64 // cursor, in seconds after at
	steps int     // pieces entered, for tests of idle skipping
}

func newBursts(a Arrivals, spacing Spacing) *bursts {
	b := &bursts{a: &a, regular: spacing == Regular}
	b.load()
	return b
}

// load places the cursor at the start of the current piece.
func (b *bursts) load() {
	a := b.a
	start := b.a.burstStart(b.k)
	from, to, rate := time.Duration(b.k)*a.Every, start, a.RatePerSecond
	switch b.piece {
	case 1:
		from, to, rate = start, start+a.For, a.RatePerSecond+a.BurstRatePerSecond
	case 2:
		from, to = start+a.For, time.Duration(b.k+1)*a.Every
	}
	b.at, b.end, b.rate, b.pos = sim.At(from), sim.At(to), rate, 0
	b.steps++
}

// nextPiece moves the cursor to the start of the following piece.
func (b *bursts) nextPiece() {
	b.piece++
	if b.piece == 3 {
		b.piece = 0
		b.k++
	}
	b.load()
}

func (b *bursts) next(r *rand.Rand, horizon sim.Time) (sim.Time, bool) {
	need := 1.0
	switch {
	case !b.regular:
		need = r.ExpFloat64()
	case !b.started:
		need, b.started = 0, true
	}
	for b.at < horizon {
		if rem := b.end.Sub(b.at).Seconds() - b.pos; rem > 0 && b.rate > 0 {
			have := rem * b.rate
			// As in piecewise: an arrival on the piece's end belongs to the
			// next instant the rate is positive.
			if need < have-boundarySlack {
				return b.move(min(need/b.rate, rem))
			}
			need = max(0, need-have)
		}
		b.nextPiece()
	}
	return sim.Never, false
}

// move advances the cursor by x seconds and returns its time.
func (b *bursts) move(x float64) (sim.Time, bool) {
	t, ok, _ := moveCursor(&b.at, &b.pos, x)
	return t, ok
}
