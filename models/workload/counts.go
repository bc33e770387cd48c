package workload

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/execsim/execsim/sim"
)

// binned replays per-bin counts (Process Counts): bin i's n arrivals, scaled,
// placed within [i·bin, (i+1)·bin). It keeps O(1) state: uniform offsets are
// drawn already in order, one at a time.
type binned struct {
	counts []int32
	bin    time.Duration
	place  Placement
	scale  float64

	i    int     // current bin; −1 before the first
	m, j int     // arrivals in bin i, and how many were placed
	x    float64 // Uniform: the last offset placed, as a fraction of the bin
}

func newBinned(a Arrivals) *binned {
	return &binned{counts: a.Counts, bin: a.Bin, place: a.Placement, scale: a.Scale, i: -1}
}

func (b *binned) next(r *rand.Rand, horizon sim.Time) (sim.Time, bool) {
	for b.j >= b.m {
		b.i++
		if b.i >= len(b.counts) || sim.Time(b.i)*sim.Time(b.bin) >= horizon {
			b.i, b.m, b.j = len(b.counts), 0, 0
			return sim.Never, false
		}
		b.m, b.j, b.x = scaleCount(int64(b.counts[b.i]), b.scale, r), 0, 0
	}
	start := sim.Time(b.i) * sim.Time(b.bin)
	var off time.Duration
	switch b.place {
	case Uniform:
		// The smallest of k = m−j uniforms on (x, 1) is x + (1−x)·(1−V^(1/k))
		// with V uniform on (0, 1]: the order statistics one by one.
		k := float64(b.m - b.j)
		b.x += (1 - b.x) * -math.Expm1(math.Log(1-r.Float64())/k)
		off = time.Duration(math.Round(b.x * float64(b.bin)))
	case Equidistant:
		off = time.Duration(float64(b.bin) * (float64(b.j) + 0.5) / float64(b.m))
	}
	// Rounding never moves an arrival out of its bin.
	off = min(off, b.bin-1)
	b.j++
	return start.Add(off), true
}

// scaleCount is n scaled by s: ⌊n·s⌋, plus one with probability frac(n·s),
// drawn from r only when the fraction is not zero. Counts beyond an int's
// range saturate.
func scaleCount(n int64, s float64, r *rand.Rand) int {
	if s == 1 {
		return int(n)
	}
	x := float64(n) * s
	if !(x < math.MaxInt32) {
		return math.MaxInt32
	}
	whole := math.Floor(x)
	m := int(whole)
	if frac := x - whole; frac > 0 && r.Float64() < frac {
		m++
	}
	return m
}
