package metrics

import (
	"math"
	"time"

	"github.com/DataDog/sketches-go/ddsketch/mapping"
	"github.com/DataDog/sketches-go/ddsketch/store"
)

// Distribution is what a latency summary reads: a Histogram (a run's
// latencies) or a Sketch (one service's in a fleet).
type Distribution interface {
	Count() int64
	Mean() time.Duration
	Max() time.Duration
	Quantile(q float64) time.Duration
}

// SketchAccuracy is a Sketch's relative accuracy: every quantile it
// reports is within 1 % of the exact nearest-rank value.
const SketchAccuracy = 0.01

// Sketch records latencies in little memory, for the per-service
// statistics of fleets (10,000 services × every platform): a DDSketch
// (Masson, Rim and Lee, VLDB 2019; DataDog's sketches-go) with a
// logarithmic index mapping at SketchAccuracy over a buffered, paginated
// store. The store keeps single hits as bare indexes and opens a page of
// 32 counters only where the latencies are dense, so a service that saw
// ten requests costs about 200 bytes and a busy one a few kilobytes,
// against ~270 KiB for a Histogram (BENCHMARKS.md has the measurements).
// Count, mean, minimum and maximum are exact.
//
// The zero Sketch is empty and ready to use; its store is made at the
// first Record, so services that never complete a request cost only the
// struct. A nil *Sketch reads as empty.
type Sketch struct {
	counts *store.BufferedPaginatedStore // of positive latencies, by sketchMapping index
	zeros  int64                         // latencies of exactly 0
	n      int64
	sumNs  float64
	min    time.Duration
	max    time.Duration
}

// sketchMapping maps a latency in nanoseconds to its bucket; immutable and
// shared by every Sketch.
var sketchMapping = func() mapping.IndexMapping {
	m, err := mapping.NewLogarithmicMapping(SketchAccuracy)
	if err != nil {
		panic("metrics: " + err.Error())
	}
	return m
}()

// Record adds one latency (negative ones count as 0).
func (s *Sketch) Record(d time.Duration) {
	d = max(d, 0)
	if s.n == 0 || d < s.min {
		s.min = d
	}
	s.max = max(s.max, d)
	s.n++
	s.sumNs += float64(d)
	if d == 0 || float64(d) < sketchMapping.MinIndexableValue() {
		s.zeros++
		return
	}
	if s.counts == nil {
		s.counts = store.NewBufferedPaginatedStore()
	}
	s.counts.Add(sketchMapping.Index(float64(d)))
}

// Count is the number of recorded latencies.
func (s *Sketch) Count() int64 {
	if s == nil {
		return 0
	}
	return s.n
}

// Mean is the exact mean of the recorded latencies.
func (s *Sketch) Mean() time.Duration {
	if s == nil || s.n == 0 {
		return 0
	}
	return time.Duration(math.Round(s.sumNs / float64(s.n)))
}

// Min is the exact smallest recorded latency.
func (s *Sketch) Min() time.Duration {
	if s == nil {
		return 0
	}
	return s.min
}

// Max is the exact largest recorded latency.
func (s *Sketch) Max() time.Duration {
	if s == nil {
		return 0
	}
	return s.max
}

// Quantile returns the q-quantile by the nearest rank ⌈q·n⌉ (the smallest
// recorded value with at least q·n values at or below it), within
// SketchAccuracy and clamped to the exact [Min, Max]; the exact maximum for
// q ≥ 1, and 0 when nothing was recorded.
func (s *Sketch) Quantile(q float64) time.Duration {
	if s == nil || s.n == 0 {
		return 0
	}
	if q >= 1 {
		return s.max
	}
	r := sketchRank(q, s.n)
	if r <= s.zeros {
		return s.min
	}
	// KeyAtRank(k) is the first index whose cumulative count exceeds k:
	// with integer counts, the one holding the (k+1)-th smallest value.
	key := s.counts.KeyAtRank(float64(r - s.zeros - 1))
	v := time.Duration(math.Round(sketchMapping.Value(key)))
	return min(max(v, s.min), s.max)
}

// sketchRank is the nearest rank ⌈q·n⌉ in [1, n]. q·n is computed in
// floating point, so a product that is mathematically an integer may come
// out a hair above it (0.017 × 3,000 = 51.00000000000001): a relative slack
// of 1e-12 keeps such ranks from moving up by one, and is far below the
// gap to the next integer for any q written with a few digits and any n
// below 10^9.
func sketchRank(q float64, n int64) int64 {
	x := q * float64(n)
	r := int64(math.Ceil(x - x*1e-12))
	return min(max(r, 1), n)
}
