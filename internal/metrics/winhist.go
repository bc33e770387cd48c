package metrics

import (
	"math"
	"math/bits"
	"time"
)

// A window's latencies are counted in HdrHistogram's buckets, but not in
// an hdr.Histogram. The recorder used to record each completion twice,
// in the window's Histogram and the run's: two RecordValue calls of ~85
// instructions on two ~270 KiB count arrays (1.7 first-level cache misses
// a completion on the M/M/10 anchor, callgrind), and each window ended in
// three quantile walks from the first bucket and a clear of the whole
// array, however few latencies it held. windowHist counts a completion
// once, in a plain array indexed as HdrHistogram indexes its counts; a
// window's quantiles walk only the buckets between its exact minimum and
// maximum, it clears only those, and the counted latencies' buckets reach
// the run's hdr.Histogram once, when the run ends (flush). Every figure is
// the one Histogram gives for the same latencies
// (TestWindowHistMatchesHistogram, TestRecorderMatchesHistograms).

// HdrHistogram's bucket geometry for NewHistogram's arguments (lowest
// discernible value 1 µs, three significant digits), as its Java original
// and hdrhistogram-go (hdr.go: getBucketIndex, getSubBucketIdx,
// countsIndex, valueFromFlatIndex) compute it: unit resolution up to
// 2·10³ needs 2,048 sub-buckets, so values below 2,048 µs have a bucket
// each, and every doubling above has 1,024 buckets of a power-of-two
// width. TestBucketGeometryIsHdrHistograms checks every index against the
// library.
const (
	subHalfMagnitude = 10 // log2 of half the sub-bucket count
	subHalfCount     = 1 << subHalfMagnitude
	subBucketMask    = 2*subHalfCount - 1
)

// numBuckets is the length of HdrHistogram's counts array for values up
// to histogramMax: only values that micros returns are indexed.
var numBuckets = bucketIndex(micros(histogramMax)) + 1

// bucketIndex is the index in HdrHistogram's counts array of a value of
// us ≥ 0 microseconds. With e the exponent of the doubling that holds us
// (0 below 2,048 µs), the bucket is us >> e, offset by 1,024 buckets for
// each doubling below.
func bucketIndex(us int64) int {
	e := 63 - bits.LeadingZeros64(uint64(us)|subBucketMask) - subHalfMagnitude
	return e<<subHalfMagnitude + int(us>>e)
}

// bucketRange is the lowest value of bucket i and its width, in
// microseconds: the inverse of bucketIndex.
func bucketRange(i int) (lo, size int64) {
	e := max(i>>subHalfMagnitude-1, 0)
	return int64(i-e<<subHalfMagnitude) << e, 1 << e
}

// windowHist holds the latencies of the requests completing in one window,
// and the buckets of the counted ones (models.Request arriving at or after
// the warm-up) until they reach the run's HdrHistogram. A counted latency
// is pending while its window is open; when the window closes its bucket
// is added to closed, and flush hands closed to the run's histogram once,
// at the end of the run: a RecordValues per bucket in use for the run.
// One per bucket in use for each window cost the M/M/10 anchor 37 M more
// instructions (1.7 %, callgrind; ~530,000 a window of ~14,000
// latencies). The window's other latencies (the warm-up's, and pending
// ones settle has taken early) are in other, which only the window reads.
type windowHist struct {
	// pending is 4 bytes a bucket, so that more of the buckets a latency
	// distribution uses densely stay in the first-level cache (1,024 a
	// doubling): on the M/M/10 anchor a completion's increment missed it
	// 47 % of the time against 69 % with 8 bytes (callgrind, −21 % D1
	// misses for the whole run, +0.14 % instructions). No bucket can
	// overflow: settle empties pending at pendingLimit.
	pending []uint32 // by bucketIndex
	other   []int64  // by bucketIndex; nil until needed
	closed  []int64  // by bucketIndex; nil until needed
	// closedFrom and closedTo are the range of buckets closed may hold
	// (closedFrom > closedTo when none).
	closedFrom, closedTo int
	run                  *Histogram // the run's, which the counted latencies go to
	// nPending and nOther are how many latencies each holds; a window
	// without any in other (a run without warm-up) walks pending alone.
	nPending, nOther int64
	// the exact count, sum, minimum and maximum of all the window's
	// latencies, as Histogram keeps them
	n        int64
	sumNs    float64
	min, max time.Duration
}

// pendingLimit is how many latencies pending may hold; a variable so that
// a test can reach it.
var pendingLimit int64 = math.MaxUint32

func newWindowHist(run *Histogram) *windowHist {
	return &windowHist{pending: make([]uint32, numBuckets), run: run,
		closedFrom: numBuckets, closedTo: -1, min: math.MaxInt64}
}

// record adds the latency d of a completed request; counted tells whether
// the run's totals count the request.
func (w *windowHist) record(d time.Duration, counted bool) {
	d = max(d, 0) // as Histogram.Record counts it
	i := bucketIndex(micros(d))
	if counted {
		w.pending[i]++
		w.nPending++
		if w.nPending == pendingLimit {
			w.settle()
		}
	} else {
		if w.other == nil {
			w.other = make([]int64, numBuckets)
		}
		w.other[i]++
		w.nOther++
	}
	w.n++
	w.sumNs += float64(d)
	w.max = max(w.max, d)
	w.min = min(w.min, d)
}

// span is the range of buckets that hold the window's latencies: those of
// its minimum and its maximum (from > to when it is empty).
func (w *windowHist) span() (from, to int) {
	if w.n == 0 {
		return 1, 0
	}
	return bucketIndex(micros(w.min)), bucketIndex(micros(w.max))
}

// quantiles returns the window's qs-quantiles (qs increasing, each in
// (0, 1)) by Histogram.Quantile's rule, in one walk from the bucket of the
// window's minimum. The walk stops at the first bucket whose cumulative
// count reaches the rank HdrHistogram's ValueAtPercentile would seek for
// the percentile Histogram.Quantile passes it (hdrRank), so the bucket is
// the one the library's walk would end in.
func (w *windowHist) quantiles(qs []float64, out []time.Duration) {
	if w.n == 0 {
		clear(out)
		return
	}
	from, to := w.span()
	p := w.pending[from : to+1]
	var o []int64
	if w.nOther > 0 {
		o = w.other[from : to+1]
	}
	i, cum := -1, int64(0)
	for j, q := range qs {
		target := hdrRank(nearestRank(q, w.n), w.n)
		switch {
		case o == nil:
			i, cum = walk(p, i, cum, target)
		case w.nPending == 0:
			for cum < target {
				i++
				cum += o[i]
			}
		default:
			for cum < target {
				i++
				cum += int64(p[i]) + o[i]
			}
		}
		out[j] = w.valueAt(from+i, from, to)
	}
}

// walk returns the first bucket after i at which the cumulative count,
// cum at i, reaches target, and the count there. It passes eight buckets
// at a time while they cannot reach it, as HdrHistogram's own walk does:
// a window's buckets are mostly sparse (~13,000 between the M/M/10
// anchor's shortest and longest latency of a window, for ~14,000
// latencies), and one comparison per eight halves the walk's instructions.
func walk(p []uint32, i int, cum, target int64) (int, int64) {
	for cum < target {
		if i+8 < len(p) {
			b := p[i+1 : i+9 : i+9]
			s := int64(b[0]) + int64(b[1]) + int64(b[2]) + int64(b[3]) +
				int64(b[4]) + int64(b[5]) + int64(b[6]) + int64(b[7])
			if cum+s < target {
				i, cum = i+8, cum+s
				continue
			}
		}
		i++
		cum += int64(p[i])
	}
	return i, cum
}

// hdrRank is the count HdrHistogram's ValueAtPercentile walks to for the
// percentile 100·k/n of n values (its percentileRank: the rank rounded
// half up, within [1, n]); for every k it is k, computed the library's
// way, floating point included, so that no rounding can part the two.
func hdrRank(k, n int64) int64 {
	p := min(100*float64(k)/float64(n), 100)
	rank := (p/100)*float64(n) + 0.5
	switch {
	case !(rank >= 1):
		return 1
	case rank >= float64(n):
		return n
	}
	return int64(rank)
}

// valueAt is Histogram.Quantile's value for a rank that falls in bucket i,
// the window's minimum being in bucket lo and its maximum in bucket hi.
func (w *windowHist) valueAt(i, lo, hi int) time.Duration {
	switch i {
	case lo:
		return w.min
	case hi:
		return w.max
	}
	b, size := bucketRange(i)
	v := time.Duration(b+size/2) * time.Microsecond
	return min(max(v, w.min), w.max)
}

// mean is the exact mean of the window's latencies, as Histogram.Mean.
func (w *windowHist) mean() time.Duration {
	if w.n == 0 {
		return 0
	}
	return time.Duration(math.Round(w.sumNs / float64(w.n)))
}

// close adds the window's pending buckets to closed, and clears the
// buckets the window used, no others.
func (w *windowHist) close() {
	from, to := w.span()
	if w.nPending > 0 {
		c := w.closedFor(from, to)
		for i, n := range w.pending[from : to+1] {
			c[i] += int64(n)
		}
		clear(w.pending[from : to+1])
	}
	if w.nOther > 0 {
		clear(w.other[from : to+1])
	}
	w.nPending, w.nOther = 0, 0
	w.n, w.sumNs, w.max, w.min = 0, 0, 0, math.MaxInt64
}

// closedFor returns closed[from:to+1], closed's range widened to hold it.
func (w *windowHist) closedFor(from, to int) []int64 {
	if w.closed == nil {
		w.closed = make([]int64, numBuckets)
	}
	w.closedFrom, w.closedTo = min(w.closedFrom, from), max(w.closedTo, to)
	return w.closed[from : to+1]
}

// settle adds the pending buckets to closed and keeps them in the window
// as other, for a window that stays open.
func (w *windowHist) settle() {
	if w.nPending == 0 {
		return
	}
	if w.other == nil {
		w.other = make([]int64, numBuckets)
	}
	from, to := w.span()
	p, o, c := w.pending[from:to+1], w.other[from:to+1], w.closedFor(from, to)
	for i, n := range p {
		o[i] += int64(n)
		c[i] += int64(n)
	}
	clear(p)
	w.nOther += w.nPending
	w.nPending = 0
}

// flush hands every counted latency so far to the run's HdrHistogram (its
// buckets: the run's exact figures, count, sum, minimum and maximum, were
// taken as each completed, Histogram.note).
func (w *windowHist) flush() {
	w.settle()
	if w.closedFrom > w.closedTo {
		return
	}
	c := w.closed[w.closedFrom : w.closedTo+1]
	for i, n := range c {
		if n != 0 {
			w.run.addBucket(w.closedFrom+i, n)
		}
	}
	clear(c)
	w.closedFrom, w.closedTo = numBuckets, -1
}
