package metrics

import (
	"math"
	"math/bits"
	"slices"
	"time"
)

// Distribution is what a latency summary reads: a Histogram (a run's
// latencies) or a Sketch (one service's in a fleet).
type Distribution interface {
	Count() int64
	Mean() time.Duration
	Max() time.Duration
	Quantile(q float64) time.Duration
}

// SketchAccuracy bounds a Sketch's relative error: every quantile it
// reports is within 0.79 % (1/128) of the exact nearest-rank value.
const SketchAccuracy = 1.0 / 128

// Sketch records latencies in little memory, for the per-service
// statistics of fleets (10,000 services × every platform). Latencies fall
// into HdrHistogram's log-linear buckets: each power of two of nanoseconds
// cut into 64, so a bucket spans at most 1/64 of its lower bound and its
// midpoint is within SketchAccuracy of anything in it; values below 128 ns
// have a bucket each. Bucketing is integer arithmetic, so every
// architecture counts alike (a floating-point logarithm, as DDSketch's own
// index mappings use, can round differently where arm64 fuses a multiply
// and an add). The counts live in a sketchStore: a service's first few
// latencies are kept as bare bucket numbers (2 bytes each), after which
// its buckets are counted in one contiguous array spanning, in whole
// powers of two, the range its latencies have reached, so a service that
// saw ten requests costs about 200 bytes and a busy one 2–4 KB, against
// ~270 KiB for a Histogram (BENCHMARKS.md has the measurements). Recording
// into the array is one index and one increment: a fleet's recorder
// touches a different service's sketch at nearly every completion, so the
// fewer dependent loads a record makes, the fewer cache misses it waits
// on (issue 13). Count, mean, minimum and maximum are exact.
//
// The zero Sketch is empty and ready to use; its store is made at the
// first Record, so services that never complete a request cost only the
// struct. A nil *Sketch reads as empty.
type Sketch struct {
	counts *sketchStore // of positive latencies, by sketchIndex
	zeros  int64        // latencies of 0
	n      int64
	sumNs  float64
	min    time.Duration
	max    time.Duration
}

// sketchSubBits: each power of two is cut into 2^sketchSubBits buckets.
const sketchSubBits = 6

// sketchIndex is the bucket of a latency of ns > 0 nanoseconds: ns itself
// below 2^(sketchSubBits+1); above, the power of two and the next
// sketchSubBits bits below the leading one.
func sketchIndex(ns int64) int {
	e := bits.Len64(uint64(ns)) - 1 // 2^e ≤ ns < 2^(e+1)
	if e <= sketchSubBits {
		return int(ns)
	}
	sub := int(ns>>(e-sketchSubBits)) & (1<<sketchSubBits - 1)
	return (e-sketchSubBits+1)<<sketchSubBits + sub
}

// sketchValue is the middle of bucket i (in nanoseconds, rounded down).
func sketchValue(i int) time.Duration {
	if i < 2<<sketchSubBits {
		return time.Duration(i)
	}
	shift := i>>sketchSubBits - 1 // e − sketchSubBits
	sub := i & (1<<sketchSubBits - 1)
	lower := int64(1<<sketchSubBits+sub) << shift
	return time.Duration(lower + (int64(1)<<shift-1)/2)
}

// Record adds one latency (negative ones count as 0).
func (s *Sketch) Record(d time.Duration) {
	d = max(d, 0)
	if s.n == 0 || d < s.min {
		s.min = d
	}
	s.max = max(s.max, d)
	s.n++
	s.sumNs += float64(d)
	if d == 0 {
		s.zeros++
		return
	}
	if s.counts == nil {
		s.counts = &sketchStore{}
	}
	s.counts.add(sketchIndex(int64(d)), 1)
}

// recordPacked is Record of each latency p >> shift of ps, in their order
// (the recorder's batch of one service, flushServices): the same counts,
// extremes and sum, to the bit, with the sketch's fields and its array's
// bounds held in registers across the run instead of loaded and stored at
// every latency. Each latency must be non-negative.
func (s *Sketch) recordPacked(ps []uint64, shift uint) {
	if len(ps) == 0 {
		return
	}
	n, lo, hi, sum, zeros := s.n, s.min, s.max, s.sumNs, s.zeros
	if n == 0 {
		lo = time.Duration(ps[0] >> shift)
	}
	st := s.counts
	var counts []uint8
	base := 0
	if st != nil {
		counts, base = st.counts, st.base
	}
	for _, p := range ps {
		d := time.Duration(p >> shift)
		lo, hi = min(lo, d), max(hi, d)
		sum += float64(d)
		if d == 0 {
			zeros++
			continue
		}
		i := sketchIndex(int64(d))
		if j := i - base; j >= 0 && j < len(counts) {
			counts[j]++
			if counts[j] == 0 {
				st.carry(j) // counts and base stay as they are
			}
			continue
		}
		if st == nil { // made at the first positive latency, as Record does
			st = &sketchStore{}
			s.counts = st
		}
		st.add(i, 1) // the few, or a wider array
		counts, base = st.counts, st.base
	}
	s.n, s.min, s.max, s.sumNs, s.zeros = n+int64(len(ps)), lo, hi, sum, zeros
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
	// keyAtRank(k) is the first bucket whose cumulative count exceeds k:
	// the one holding the (k+1)-th smallest value.
	v := sketchValue(s.counts.keyAtRank(uint64(r - s.zeros - 1)))
	return min(max(v, s.min), s.max)
}

// sketchRank is the nearest rank ⌈q·n⌉ in [1, n]. q·n is computed in
// floating point, so a product that is mathematically an integer may come
// out a hair above it (0.017 × 3,000 = 51.00000000000001): a relative slack
// of 1e-12 keeps such ranks from moving up by one, and is far below the
// gap to the next integer for any q written with a few digits and any n
// below 10^9.
func sketchRank(q float64, n int64) int64 {
	x := float64(q * float64(n)) // conversions: no fused multiply-add on any architecture
	r := int64(math.Ceil(x - float64(x*1e-12)))
	return min(max(r, 1), n)
}

// Merge adds every latency recorded in o to s, as if s had recorded them
// (a Deployment's latencies from its services'). The counts, extremes and
// buckets are exact; the sum is added in floating point.
func (s *Sketch) Merge(o *Sketch) {
	if o == nil || o.n == 0 {
		return
	}
	if s.n == 0 || o.min < s.min {
		s.min = o.min
	}
	s.max = max(s.max, o.max)
	s.n += o.n
	s.sumNs += o.sumNs
	s.zeros += o.zeros
	if o.counts != nil {
		if s.counts == nil {
			s.counts = &sketchStore{}
		}
		o.counts.each(func(i int, c uint64) { s.counts.add(i, c) })
	}
}

// sketchFew is how many latencies a sketchStore keeps as bare bucket
// numbers before it counts them in an array.
const sketchFew = 32

// sketchStore counts latencies by bucket (sketchIndex). While it has seen
// fewer than sketchFew it keeps each one's bucket number; from then on it
// counts over whole rows of 2^sketchSubBits buckets (a power of two of
// nanoseconds), from the lowest row any latency reached to the highest.
// Bucket base+j's count is counts[j] + high[j]·2^8 + wide[base+j]: one
// byte a bucket on the path every latency takes, where a fleet's recorder
// waits on a cache miss for nearly every service it touches (issue 13), so
// a busy service's counters are a quarter of the lines they took as
// uint32s. The next 16 bits are made only when a bucket first passes 255,
// and wide keeps the rest, in multiples of 2^24, for the few buckets that
// pass 16,777,215.
type sketchStore struct {
	counts []uint8
	high   []uint16 // nil until a count passes 255; then as long as counts
	base   int      // bucket of counts[0], a multiple of a row
	few    []uint16
	wide   map[int]uint64
}

const (
	sketchRow      = 1 << sketchSubBits
	sketchHighBits = 16 // bits of a count in high, above counts' 8
)

// add counts c latencies in bucket i.
func (st *sketchStore) add(i int, c uint64) {
	if j := i - st.base; c == 1 && j >= 0 && j < len(st.counts) {
		st.counts[j]++
		if st.counts[j] == 0 {
			st.carry(j)
		}
		return
	}
	if st.counts == nil && c == 1 && len(st.few) < sketchFew {
		st.few = append(st.few, uint16(i)) // sketchIndex < 2^16 for any int64
		return
	}
	st.slowAdd(i, c)
}

// carry adds 2^8 to the count of counts[j], whose byte has just wrapped.
func (st *sketchStore) carry(j int) {
	if st.high == nil {
		st.high = make([]uint16, len(st.counts))
	}
	st.high[j]++
	if st.high[j] == 0 {
		if st.wide == nil {
			st.wide = make(map[int]uint64)
		}
		st.wide[st.base+j] += 1 << (8 + sketchHighBits)
	}
}

// count is the count of counts[j].
func (st *sketchStore) count(j int) uint64 {
	n := uint64(st.counts[j])
	if st.high != nil {
		n += uint64(st.high[j]) << 8
	}
	if st.wide != nil {
		n += st.wide[st.base+j]
	}
	return n
}

// slowAdd counts c latencies in bucket i when the array does not cover it,
// has not been made yet, or c is not 1 (a merge).
func (st *sketchStore) slowAdd(i int, c uint64) {
	if st.counts == nil {
		few := st.few
		st.few = nil
		st.grow(i)
		for _, f := range few {
			st.grow(int(f))
			st.counts[int(f)-st.base]++ // at most sketchFew: no carry
		}
	}
	st.grow(i)
	j := i - st.base
	n := st.count(j) + c
	const low = 1<<(8+sketchHighBits) - 1
	if n > 0xff && st.high == nil {
		st.high = make([]uint16, len(st.counts))
	}
	if n > low {
		if st.wide == nil {
			st.wide = make(map[int]uint64)
		}
		st.wide[i] = n &^ low
	} else if st.wide != nil {
		delete(st.wide, i)
	}
	st.counts[j] = uint8(n)
	if st.high != nil {
		st.high[j] = uint16(n >> 8)
	}
}

// grow widens the arrays, by whole rows, to cover bucket i.
func (st *sketchStore) grow(i int) {
	lo, hi := st.base, st.base+len(st.counts)
	if st.counts != nil && i >= lo && i < hi {
		return
	}
	row := i &^ (sketchRow - 1)
	if st.counts == nil {
		lo, hi = row, row+sketchRow
	} else {
		lo, hi = min(lo, row), max(hi, row+sketchRow)
	}
	counts := make([]uint8, hi-lo)
	if st.counts != nil {
		copy(counts[st.base-lo:], st.counts)
	}
	if st.high != nil {
		high := make([]uint16, hi-lo)
		copy(high[st.base-lo:], st.high)
		st.high = high
	}
	st.counts, st.base = counts, lo
}

// each calls f with every non-empty bucket and its count, in bucket order.
func (st *sketchStore) each(f func(i int, c uint64)) {
	if st.counts == nil {
		few := slices.Clone(st.few)
		slices.Sort(few)
		for j := 0; j < len(few); {
			k := j
			for k < len(few) && few[k] == few[j] {
				k++
			}
			f(int(few[j]), uint64(k-j))
			j = k
		}
		return
	}
	for j, c := range st.counts {
		if c != 0 || st.high != nil {
			if n := st.count(j); n != 0 {
				f(st.base+j, n)
			}
		}
	}
}

// keyAtRank is the first bucket whose cumulative count exceeds k (the
// bucket of the (k+1)-th smallest latency), or the last non-empty bucket
// when k is at or beyond the count.
func (st *sketchStore) keyAtRank(k uint64) int {
	var cum uint64
	key := 0
	done := false
	st.each(func(i int, c uint64) {
		if done {
			return
		}
		key = i
		cum += c
		done = cum > k
	})
	return key
}
